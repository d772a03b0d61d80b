package io.verdis.web;

import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One scrape of GET /metrics, parsed: each sample line of the Prometheus text exposition as
 * series (name with its labels, exactly as printed) to value.
 */
final class MetricsScrape {
  private final String text;
  private final Map<String, Double> samples = new LinkedHashMap<>();

  private MetricsScrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
  }

  static MetricsScrape of(Vertx vertx, int port) {
    HttpGet get = HttpGet.of(vertx, port, "/metrics");
    assertEquals(200, get.status());
    assertTrue(get.contentType().startsWith("text/plain; version=0.0.4"), get.contentType());
    return new MetricsScrape(get.body());
  }

  /** The value of a series, e.g. {@code verdis_commands_total{command="set"}}; 0 when absent. */
  double value(String series) {
    return samples.getOrDefault(series, 0.0);
  }

  /** The value of a series that must be there. */
  double required(String series) {
    Double value = samples.get(series);
    assertTrue(value != null, "no series " + series + " in:\n" + text);
    return value;
  }

  boolean hasSeriesStartingWith(String prefix) {
    return samples.keySet().stream().anyMatch(series -> series.startsWith(prefix));
  }

  String text() {
    return text;
  }
}
