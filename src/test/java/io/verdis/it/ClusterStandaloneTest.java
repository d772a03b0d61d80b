package io.verdis.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A standalone node (cluster-enabled no) answers the cluster commands as a Redis without cluster support. */
class ClusterStandaloneTest extends RawSocketTestBase {
  private static final String DISABLED = "-ERR This instance has cluster support disabled\r\n";

  @Test
  @DisplayName("CLUSTER subcommands, READONLY, READWRITE and ASKING answer that cluster support is disabled")
  void clusterCommandsRefused() throws Exception {
    try (RawClient client = client()) {
      for (String[] command : new String[][] {{"CLUSTER", "INFO"}, {"CLUSTER", "SLOTS"}, {"CLUSTER", "SHARDS"},
          {"CLUSTER", "NODES"}, {"CLUSTER", "HELP"}, {"CLUSTER", "COUNTKEYSINSLOT", "1"},
          {"CLUSTER", "GETKEYSINSLOT", "1", "1"}, {"CLUSTER", "ADDSLOTS", "1"}, {"READONLY"}, {"READWRITE"}, {"ASKING"}}) {
        assertEquals(DISABLED, client.call(command), String.join(" ", command));
      }
      assertEquals("-ERR unknown subcommand 'foo'. Try CLUSTER HELP.\r\n", client.call("CLUSTER", "foo"));
      assertEquals("-ERR wrong number of arguments for 'cluster|slots' command\r\n", client.call("CLUSTER", "SLOTS", "x"));
    }
  }

  @Test
  @DisplayName("INFO says cluster_enabled:0 and redis_mode:standalone")
  void infoCluster() throws Exception {
    try (RawClient client = client()) {
      String cluster = client.call("INFO", "cluster");
      assertTrue(cluster.contains("# Cluster\r\ncluster_enabled:0\r\n"), cluster);
      assertTrue(client.call("INFO", "server").contains("\r\nredis_mode:standalone\r\n"));
    }
  }

  @Test
  @DisplayName("COMMAND INFO and DOCS describe the cluster commands as redis-server 7.0 does")
  void commandInfo() throws Exception {
    try (RawClient client = client()) {
      String info = client.call("COMMAND", "INFO", "cluster|getkeysinslot", "asking");
      assertTrue(info.contains("$21\r\ncluster|getkeysinslot\r\n:4\r\n"), info);
      assertTrue(info.contains("$6\r\nasking\r\n:1\r\n"), info);
      String docs = client.call("COMMAND", "DOCS", "cluster|shards");
      assertTrue(docs.contains("Get array of cluster slots to node mappings"), docs);
    }
  }
}
