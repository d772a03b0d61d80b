package io.verdis.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyspaceTotalsTest {
  @Test
  @DisplayName("keys and expires add up per database; avg_ttl is weighted by the keys with a TTL")
  void sums() {
    KeyspaceTotals totals = new KeyspaceTotals();
    String here = "# Keyspace\r\ndb0:keys=10,expires=2,avg_ttl=1000\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n";
    totals.add(here);
    totals.add("# Keyspace\r\ndb0:keys=5,expires=6,avg_ttl=3000\r\n");
    totals.add("# Keyspace\r\n");
    assertEquals("# Keyspace\r\ndb0:keys=15,expires=8,avg_ttl=2500\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n",
        totals.replaceIn(here));
  }

  @Test
  @DisplayName("only the keyspace section of a whole INFO report is replaced, wherever it is")
  void replacesOnlyKeyspace() {
    String report = "# Server\r\nredis_version:7.0.0\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n# Other\r\na:b\r\n";
    KeyspaceTotals totals = new KeyspaceTotals();
    totals.add(report);
    totals.add("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb1:keys=4,expires=0,avg_ttl=0\r\n");
    assertEquals("# Server\r\nredis_version:7.0.0\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\n"
        + "db1:keys=4,expires=0,avg_ttl=0\r\n\r\n# Other\r\na:b\r\n", totals.replaceIn(report));
  }

  @Test
  @DisplayName("an empty keyspace section here is filled with the other nodes' databases")
  void emptyHere() {
    String report = "# Server\r\nx:y\r\n\r\n# Keyspace\r\n";
    KeyspaceTotals totals = new KeyspaceTotals();
    totals.add(report);
    totals.add("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n");
    assertEquals("# Server\r\nx:y\r\n\r\n# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n", totals.replaceIn(report));
  }
}
