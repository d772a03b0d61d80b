package io.verdis.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.verdis.cluster.Cluster;
import io.verdis.cluster.ClusterFigures;
import io.verdis.server.ServerState;

import java.util.List;

/**
 * The {@code verdis_cluster_*} series: CLUSTER INFO's figures as this node sees them at scrape time.
 * A collector rather than registered gauges, so that a standalone node (no {@link Cluster}, and
 * the cluster is attached only after the meters are bound) exposes none of them at all.
 */
final class ClusterCollector implements MultiCollector {
  private final ServerState server;

  ClusterCollector(ServerState server) {
    this.server = server;
  }

  @Override
  public MetricSnapshots collect() {
    Cluster cluster = server.cluster();
    if (cluster == null) {
      return MetricSnapshots.of();
    }
    ClusterFigures figures = ClusterFigures.of(cluster.view());
    return MetricSnapshots.of(
        gauge("verdis_cluster_known_nodes", "Nodes announced in the cluster (CLUSTER INFO cluster_known_nodes)",
            figures.knownNodes()),
        gauge("verdis_cluster_nodes_up", "Nodes up now, as this node's failure detector sees them", figures.nodesUp()),
        gauge("verdis_cluster_slots_assigned", "Slots with an owner (cluster_slots_assigned)", figures.slotsAssigned()),
        gauge("verdis_cluster_slots_ok", "Slots whose owner is up (cluster_slots_ok)", figures.slotsOk()),
        gauge("verdis_cluster_my_slots", "Slots this node owns", figures.mySlots()),
        gauge("verdis_cluster_migrating_slots", "Slots this node is moving to another node now", figures.migratingSlots()),
        gauge("verdis_cluster_state", "1 while cluster_state is ok (every slot owned by a node that is up), else 0",
            figures.ok() ? 1 : 0),
        gauge("verdis_cluster_epoch", "Epoch of the agreed slot table (cluster_current_epoch)", figures.epoch()),
        new CounterSnapshot(new MetricMetadata("verdis_cluster_forwarded_batches",
            "Batches of commands this node forwarded to the nodes owning their slots"),
            List.of(new CounterDataPointSnapshot(server.forwarding().forwardedBatches(), Labels.EMPTY, null, 0))),
        new CounterSnapshot(new MetricMetadata("verdis_cluster_forwarded_commands",
            "Commands this node forwarded to the nodes owning their slots, answered"),
            List.of(new CounterDataPointSnapshot(server.forwarding().forwardedCommands(), Labels.EMPTY, null, 0))),
        DurationCollector.histogram("verdis_cluster_forward_duration_seconds",
            "From sending a batch of forwarded commands to its last reply", server.forwarding().forwardLatency().snapshot()));
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return new GaugeSnapshot(new MetricMetadata(name, help), List.of(new GaugeDataPointSnapshot(value, Labels.EMPTY, null)));
  }
}
