package io.verdis.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Hazelcast configuration of this node: conf/cluster.xml (built into the jar) or the file
 * {@code cluster-hazelcast-config} names, with what Verdis's directives decide set over it —
 * cluster name, member port, discovery (a members list, or the DNS name of a Kubernetes headless
 * Service) with multicast always off, the announced address and the failure detector's timeout.
 */
final class HazelcastSetup {
  static final String ID_ATTRIBUTE = "verdis.id";
  /**
   * This process's own random id, as a member attribute: a node restarted with its id is a new
   * incarnation. Not Hazelcast's member UUID, which a member merging back after a split is given anew.
   */
  static final String INCARNATION_ATTRIBUTE = "verdis.incarnation";
  private static final String BUILT_IN = "cluster.xml";

  private HazelcastSetup() {
  }

  static Config build(io.verdis.server.Config config, String host, String nodeId, String incarnation) {
    Config hz = load(config.clusterHazelcastConfig());
    hz.setClusterName(config.clusterName());
    hz.setInstanceName("verdis-" + nodeId.substring(0, 8) + "-" + config.clusterPort());
    hz.getNetworkConfig().setPort(config.clusterPort()).setPortAutoIncrement(false);
    hz.getNetworkConfig().setPublicAddress(host + ":" + config.clusterPort());
    // The member binds and announces the node's own address, not whichever interface it finds first.
    hz.setProperty("hazelcast.local.localAddress", host);
    // ...and listens there only: Hazelcast has no authentication, and a node bound to loopback
    // must not open its member port on every interface.
    hz.setProperty("hazelcast.socket.bind.any", "false");
    long timeoutSeconds = Math.max(2, (config.clusterNodeTimeout() + 999) / 1000);
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(timeoutSeconds));
    hz.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(Math.max(1, timeoutSeconds / 5)));
    hz.getMemberAttributeConfig().setAttribute(ID_ATTRIBUTE, nodeId);
    hz.getMemberAttributeConfig().setAttribute(INCARNATION_ATTRIBUTE, incarnation);

    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (config.clusterDiscovery().equals("kubernetes")) {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", config.clusterKubernetesService())
          .setProperty("service-port", Integer.toString(config.clusterPort()));
    } else {
      join.getKubernetesConfig().setEnabled(false);
      List<String> members = config.clusterMembers();
      join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(host + ":" + config.clusterPort()) : members);
    }
    return hz;
  }

  private static Config load(String file) {
    try {
      if (!file.isEmpty()) {
        return new FileSystemXmlConfig(file);
      }
      try (InputStream in = HazelcastSetup.class.getResourceAsStream(BUILT_IN)) {
        if (in == null) {
          throw new IllegalStateException("the built-in " + BUILT_IN + " is missing from the jar");
        }
        return new XmlConfigBuilder(in).build();
      }
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("cluster-hazelcast-config: no such file " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
