package io.verdis.server;

import java.util.List;

/**
 * LATENCY GRAPH's picture, drawn as Redis's sparkline.c draws it (80 columns, 4 rows, filled
 * with "_o#|", each column labelled with how long ago its sample was taken), so a person who knows
 * Redis's graph reads ours the same way.
 */
final class LatencyGraph {
  private static final int COLUMNS = 80;
  private static final int ROWS = 4;
  private static final char[] FILL = {'_', 'o', '#'};
  /** Redis leaves one empty line between the bars and the labels. */
  private static final int LABEL_MARGIN_TOP = 1;

  private LatencyGraph() {
  }

  static String render(String event, LatencyMonitor.Series series, long nowSeconds) {
    List<LatencyMonitor.Sample> samples = series.samples();
    long min = samples.stream().mapToLong(LatencyMonitor.Sample::latencyMs).min().orElse(0);
    long max = samples.stream().mapToLong(LatencyMonitor.Sample::latencyMs).max().orElse(0);
    StringBuilder graph = new StringBuilder();
    graph.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
        .append(" ms (all time high ").append(series.max()).append(" ms)\n");
    graph.append("-".repeat(COLUMNS)).append('\n');
    String[] labels = new String[samples.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = ago(nowSeconds - samples.get(i).unixSeconds());
    }
    for (int from = 0; from < samples.size(); from += COLUMNS) {
      if (from != 0) {
        graph.append('\n');
      }
      renderRange(graph, samples, labels, from, Math.min(COLUMNS, samples.size() - from), min, max);
    }
    return graph.toString();
  }

  private static void renderRange(StringBuilder graph, List<LatencyMonitor.Sample> samples, String[] labels,
                                  int offset, int length, long min, long max) {
    double range = max - min == 0 ? 1 : max - min;
    int steps = FILL.length * ROWS;
    char[] line = new char[length];
    for (int row = 0; ; row++) {
      boolean more = false;
      java.util.Arrays.fill(line, ' ');
      for (int j = 0; j < length; j++) {
        long relative = samples.get(offset + j).latencyMs() - min;
        int step = (int) ((int) (relative * (double) steps) / range);
        step = Math.max(0, Math.min(step, steps - 1));
        if (row < ROWS) {
          more = true;
          int index = step - (ROWS - row - 1) * FILL.length;
          if (index >= 0 && index < FILL.length) {
            line[j] = FILL[index];
          } else if (index >= FILL.length) {
            line[j] = '|';
          }
        } else if (row - ROWS < LABEL_MARGIN_TOP) {
          more = true;
          break;
        } else {
          String label = labels[offset + j];
          int at = row - ROWS - LABEL_MARGIN_TOP;
          if (at < label.length()) {
            more = true;
            line[j] = label.charAt(at);
          }
        }
      }
      if (!more) {
        return;
      }
      graph.append(line).append('\n');
    }
  }

  private static String ago(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    } else if (seconds < 3600) {
      return seconds / 60 + "m";
    } else if (seconds < 3600 * 24) {
      return seconds / 3600 + "h";
    }
    return seconds / (3600 * 24) + "d";
  }
}
