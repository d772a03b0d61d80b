package io.verdis.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The metrics of one node: a Prometheus registry of our own, which Vert.x reports its net
 * server, HTTP server and event-bus metrics into (when {@code metrics-vertx} is on) and which
 * holds Verdis's {@code verdis_*} series and the JVM's. {@code GET /metrics} renders it.
 */
public final class NodeMetrics {
  /** Vert.x keys its metrics backends by name, JVM-wide: each node (tests run several) needs its own. */
  private static final AtomicInteger NODES = new AtomicInteger();
  /**
   * vertx-micrometer-metrics registers its gauges again on every use (its LongGauges), which
   * Micrometer 1.13.9+ reports once as a warning; known and harmless (vert-x3/vertx-micrometer-metrics#259,
   * micrometer-metrics/micrometer#6931), so that one message is dropped. Held here: JUL keeps loggers weakly.
   */
  private static final Logger MICROMETER_LOG = Logger.getLogger(MeterRegistry.class.getName());

  static {
    MICROMETER_LOG.setFilter(record -> record.getMessage() == null
        || !record.getMessage().startsWith("This Gauge has been already registered"));
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String registryName = "verdis-node-" + NODES.incrementAndGet();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private StatsStream stats;

  public NodeMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** Creates the node's Vert.x, reporting into this registry when {@code vertxMetrics}. */
  public Vertx createVertx(VertxOptions options, Transport transport, boolean vertxMetrics) {
    return builder(options, transport, vertxMetrics).build();
  }

  /** A Vert.x instance joined to a cluster through {@code clusterManager} (cluster mode). */
  public Future<Vertx> createClusteredVertx(VertxOptions options, Transport transport, boolean vertxMetrics,
                                            ClusterManager clusterManager) {
    return builder(options, transport, vertxMetrics).withClusterManager(clusterManager).buildClustered();
  }

  private VertxBuilder builder(VertxOptions options, Transport transport, boolean vertxMetrics) {
    VertxBuilder builder = Vertx.builder().withTransport(transport);
    if (vertxMetrics) {
      options.setMetricsOptions(new MicrometerMetricsOptions()
          .setEnabled(true)
          .setRegistryName(registryName)
          .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
      builder.withMetrics(new MicrometerMetricsFactory(registry));
    }
    return builder.with(options);
  }

  /** Registers the {@code verdis_*} series of {@code server}. */
  public void bind(ServerState server) {
    VerdisMeters.register(registry, server);
    registry.getPrometheusRegistry().register(new DurationCollector(server));
    registry.getPrometheusRegistry().register(new ClusterCollector(server));
    registry.getPrometheusRegistry().register(new ReplicationCollector(server));
    stats = new StatsStream(server);
  }

  /**
   * Starts the once-a-second stats stream; once the shards are deployed, since each tick sends
   * them a message (one sent to no consumer yet would be lost and never leave the queue depth).
   */
  public void startStats() {
    stats.start();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The stats JSON of GET /api/stats and channel {@code __verdis__:stats}; null before {@link #bind}. */
  public StatsStream stats() {
    return stats;
  }

  /** The Prometheus text exposition of everything (format 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  /** After Vert.x closed (which released its metrics backend). */
  public void close() {
    if (stats != null) {
      stats.stop();
    }
    gc.close();
    registry.close();
  }
}
