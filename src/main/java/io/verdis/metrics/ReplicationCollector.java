package io.verdis.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.verdis.replication.ReplicaOf;
import io.verdis.replication.Replication;
import io.verdis.replication.Replication.ReplicaView;
import io.verdis.server.ServerState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code verdis_replication_*} series: this node's stream offset and, for each attached replica
 * (labelled {@code ip:port} as INFO's slaveN lines name it), how far behind it is — in bytes of
 * stream not yet acknowledged, and in seconds since its last acknowledgement — read at scrape time,
 * so a replica that detached leaves no stale series behind. On a replica, the state of its link to
 * its primary too.
 */
final class ReplicationCollector implements MultiCollector {
  private final ServerState server;

  ReplicationCollector(ServerState server) {
    this.server = server;
  }

  @Override
  public MetricSnapshots collect() {
    Replication replication = server.replication();
    long produced = replication.offset();
    List<ReplicaView> replicas = replication.replicas();
    List<GaugeDataPointSnapshot> offsets = new ArrayList<>();
    List<GaugeDataPointSnapshot> lagBytes = new ArrayList<>();
    List<GaugeDataPointSnapshot> ackAge = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ReplicaView replica : replicas) {
      String address = replica.ip() + ":" + replica.port();
      if (!seen.add(address + " " + replica.state())) {
        // A replica that reconnected before its old link was dropped shows twice for a moment; two
        // series with the same labels would fail the whole scrape.
        continue;
      }
      Labels labels = Labels.of("replica", address, "state", replica.state());
      offsets.add(new GaugeDataPointSnapshot(replica.offset(), labels, null));
      lagBytes.add(new GaugeDataPointSnapshot(Math.max(0, produced - replica.offset()), labels, null));
      ackAge.add(new GaugeDataPointSnapshot(replica.lagSeconds(), labels, null));
    }
    List<GaugeDataPointSnapshot> linkUp = new ArrayList<>();
    List<GaugeDataPointSnapshot> lastIo = new ArrayList<>();
    ReplicaOf.View primary = replication.replicaOf().view();
    if (primary != null) {
      Labels labels = Labels.of("primary", primary.host() + ":" + primary.port());
      linkUp.add(new GaugeDataPointSnapshot(primary.up() ? 1 : 0, labels, null));
      lastIo.add(new GaugeDataPointSnapshot(primary.up() ? primary.lastIoSecondsAgo() : -1, labels, null));
    }
    return MetricSnapshots.of(
        gauge("verdis_replication_primary_link_up",
            "On a replica: 1 while the link to its primary is up (INFO master_link_status), else 0", linkUp),
        gauge("verdis_replication_primary_last_io_seconds",
            "On a replica: seconds since the primary last sent anything (INFO master_last_io_seconds_ago), -1 while down",
            lastIo),
        gauge("verdis_replication_offset", "Bytes of write stream this node produced (INFO master_repl_offset)",
            List.of(new GaugeDataPointSnapshot(produced, Labels.EMPTY, null))),
        gauge("verdis_replication_connected_replicas", "Replicas attached (INFO connected_slaves)",
            List.of(new GaugeDataPointSnapshot(replicas.size(), Labels.EMPTY, null))),
        gauge("verdis_replication_backlog_bytes", "Stream bytes kept for partial resyncs (INFO repl_backlog_histlen)",
            List.of(new GaugeDataPointSnapshot(replication.backlogHistlen(), Labels.EMPTY, null))),
        gauge("verdis_replication_replica_offset", "Stream offset each replica acknowledged", offsets),
        gauge("verdis_replication_replica_lag_bytes",
            "Stream bytes each replica has not acknowledged yet (this node's offset minus the replica's)", lagBytes),
        gauge("verdis_replication_replica_ack_age_seconds",
            "Seconds since each replica's last acknowledgement (INFO slaveN lag)", ackAge));
  }

  private static GaugeSnapshot gauge(String name, String help, List<GaugeDataPointSnapshot> points) {
    return new GaugeSnapshot(new MetricMetadata(name, help), points);
  }
}
