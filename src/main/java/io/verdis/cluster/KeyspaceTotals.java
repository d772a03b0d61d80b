package io.verdis.cluster;

import java.util.Map;
import java.util.TreeMap;

/**
 * INFO's keyspace section summed over nodes: per database, the keys and the keys with a TTL add
 * up, and avg_ttl is the average of the nodes' averages weighted by their keys with a TTL (what
 * one server holding all those keys would report, had each node's figure been exact; Redis's own
 * is an estimate from samples, and Verdis reports 0).
 */
final class KeyspaceTotals {
  private static final String HEADER = "# Keyspace\r\n";

  private final Map<Integer, Db> byDb = new TreeMap<>();

  /** One database's totals; the TTL sum in a double, as averages times counts can pass a long. */
  private static final class Db {
    long keys;
    long expires;
    double ttlSum;
  }

  /** Adds one node's report (a whole INFO text or only its keyspace section). */
  void add(String report) {
    int start = report.indexOf(HEADER);
    if (start < 0) {
      return;
    }
    int end = sectionEnd(report, start);
    for (String line : report.substring(start + HEADER.length(), end).split("\r\n")) {
      addLine(line);
    }
  }

  /** {@code dbN:keys=K,expires=E,avg_ttl=A}; anything else (a blank line) is skipped. */
  private void addLine(String line) {
    int colon = line.indexOf(':');
    if (!line.startsWith("db") || colon < 0) {
      return;
    }
    int db = Integer.parseInt(line.substring(2, colon));
    long keys = 0;
    long expires = 0;
    long avgTtl = 0;
    for (String field : line.substring(colon + 1).split(",")) {
      int equals = field.indexOf('=');
      long value = Long.parseLong(field.substring(equals + 1));
      switch (field.substring(0, equals)) {
        case "keys" -> keys = value;
        case "expires" -> expires = value;
        case "avg_ttl" -> avgTtl = value;
        default -> {
        }
      }
    }
    Db totals = byDb.computeIfAbsent(db, ignored -> new Db());
    totals.keys += keys;
    totals.expires += expires;
    totals.ttlSum += (double) avgTtl * expires;
  }

  /** {@code report} (this node's INFO text) with its keyspace section replaced by the totals. */
  String replaceIn(String report) {
    int start = report.indexOf(HEADER);
    if (start < 0) {
      return report;
    }
    int end = sectionEnd(report, start);
    return report.substring(0, start) + section() + report.substring(end);
  }

  private String section() {
    StringBuilder text = new StringBuilder(HEADER);
    byDb.forEach((db, totals) -> {
      if (totals.keys > 0) {
        long avgTtl = totals.expires == 0 ? 0 : Math.round(totals.ttlSum / totals.expires);
        text.append("db").append(db).append(":keys=").append(totals.keys).append(",expires=").append(totals.expires)
            .append(",avg_ttl=").append(avgTtl).append("\r\n");
      }
    });
    return text.toString();
  }

  /** Where the section starting at {@code start} ends: at the blank line before the next, or the end. */
  private static int sectionEnd(String report, int start) {
    int blank = report.indexOf("\r\n\r\n", start);
    return blank < 0 ? report.length() : blank + 2;
  }
}
