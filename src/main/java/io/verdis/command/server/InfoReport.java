package io.verdis.command.server;

import io.verdis.client.ClientMemory;

import io.verdis.command.CommandSpec;
import io.verdis.command.CommandStats;
import io.verdis.command.KeyspaceCall;
import io.verdis.persist.LoadProgress;
import io.verdis.persist.Persistence;
import io.verdis.persist.RdbSnapshots;
import io.verdis.persist.aof.AofWriter;
import io.verdis.replication.ReplicaOf;
import io.verdis.replication.Replication;
import io.verdis.script.Functions;
import io.verdis.script.Scripting;
import io.verdis.server.Config;
import io.verdis.server.IoTransport;
import io.verdis.server.MemoryUsage;
import io.verdis.server.ServerState;
import io.verdis.server.ServerStats;
import io.verdis.shard.Database;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The text of INFO (Redis's genRedisInfoString): "# Section" headers, "field:value" lines ending
 * in CRLF, a blank line between sections, Redis's field names. Figures Verdis has no equivalent
 * for (forks, replication, modules) carry the values an idle standalone Redis reports.
 */
final class InfoReport {
  /** Every section, in Redis's order. */
  static final List<String> SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
      "replication", "cpu", "modules", "commandstats", "cluster", "keyspace");
  /** What INFO and INFO default show: all but commandstats (Redis also adds errorstats, which Verdis does not keep). */
  static final Set<String> DEFAULT_SECTIONS = Set.of("server", "clients", "memory", "persistence", "stats",
      "replication", "cpu", "modules", "cluster", "keyspace");

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** The process's CPU split last reported (process-wide, like the figures). */
  private static final AtomicLong USER_NANOS = new AtomicLong();
  private static final AtomicLong SYSTEM_NANOS = new AtomicLong();

  private final KeyspaceCall call;
  private final ServerState server;
  private final Config config;
  private final StringBuilder text = new StringBuilder(4096);

  private InfoReport(KeyspaceCall call) {
    this.call = call;
    this.server = call.server();
    this.config = server.config();
  }

  /** The report of {@code sections} (lower case names), in Redis's section order. */
  static String render(KeyspaceCall call, Set<String> sections) {
    InfoReport report = new InfoReport(call);
    for (String section : SECTIONS) {
      if (sections.contains(section)) {
        report.section(section);
      }
    }
    return report.text.toString();
  }

  private void section(String name) {
    switch (name) {
      case "server" -> server();
      case "clients" -> clients();
      case "memory" -> memory();
      case "persistence" -> persistence();
      case "stats" -> stats();
      case "replication" -> replication();
      case "cpu" -> cpu();
      case "modules" -> header("Modules");
      case "commandstats" -> commandStats();
      case "cluster" -> cluster();
      case "keyspace" -> keyspace();
      default -> throw new IllegalArgumentException(name);
    }
  }

  private void server() {
    Instant instant = Instant.now();
    long now = instant.toEpochMilli();
    long uptime = (now - server.startMs()) / 1000;
    header("Server");
    field("redis_version", ServerState.REDIS_COMPATIBLE_VERSION);
    field("redis_git_sha1", "00000000");
    field("redis_git_dirty", 0);
    field("redis_mode", server.cluster() != null ? "cluster" : "standalone");
    field("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + machine());
    field("arch_bits", System.getProperty("sun.arch.data.model", "64"));
    field("monotonic_clock", "POSIX clock_gettime");
    field("multiplexing_api", IoTransport.multiplexingApi(server.transport()));
    field("process_id", ProcessHandle.current().pid());
    field("process_supervised", "no");
    field("run_id", server.runId());
    // Redis 7.0 shows the TLS port here when there is no plain one.
    field("tcp_port", config.port() != 0 || config.tlsPort() == 0 ? config.port() : config.tlsPort());
    field("server_time_usec", instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000);
    field("uptime_in_seconds", uptime);
    field("uptime_in_days", uptime / 86400);
    field("hz", config.hz());
    field("configured_hz", config.hz());
    field("lru_clock", (now / 1000) & ((1 << 24) - 1));
    field("executable", ProcessHandle.current().info().command().orElse(""));
    field("config_file", config.configFile().map(Object::toString).orElse(""));
    field("io_threads_active", 0);
    field("verdis_version", ServerState.VERSION);
    field("java_version", Runtime.version());
    field("shards", config.shards());
  }

  /** uname's machine name: the JVM says amd64 where Linux says x86_64. */
  private static String machine() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") ? "x86_64" : arch;
  }

  private void clients() {
    header("Clients");
    // Replicas are not clients here, as in Redis (they show in INFO replication).
    field("connected_clients", server.clients().size() - server.replication().replicas().size());
    field("cluster_connections", 0);
    field("maxclients", config.maxclients());
    field("client_recent_max_input_buffer", server.clientBufferPeaks().maxInput());
    field("client_recent_max_output_buffer", server.clientBufferPeaks().maxOutput());
    field("blocked_clients", server.stats().blockedClients.get());
    field("tracking_clients", server.tracking().clientCount());
    // Redis 7.4's count of clients subscribed to anything (flag P).
    field("pubsub_clients", server.stats().pubsubClients.get());
    field("clients_in_timeout_table", 0);
    field("total_blocking_keys", 0);
    field("total_blocking_keys_on_nokey", 0);
    field("websocket_clients", server.stats().webSocketClients.get());
    field("http_clients", server.stats().httpClients.get());
  }

  private void memory() {
    long used = MemoryUsage.usedBytes();
    long rss = MemoryUsage.residentBytes();
    long peak = Math.max(MemoryUsage.peakBytes(), used);
    long maxmemory = config.maxmemory();
    long system = totalSystemMemory();
    header("Memory");
    field("used_memory", used);
    field("used_memory_human", human(used));
    field("used_memory_rss", rss);
    field("used_memory_rss_human", human(rss));
    field("used_memory_peak", peak);
    field("used_memory_peak_human", human(peak));
    field("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0 : used * 100.0 / peak));
    // The keys and values by ValueSize's estimate: what maxmemory is measured against (used_memory
    // is the JVM's, garbage and the server's own objects included).
    long dataset = datasetBytes();
    field("used_memory_dataset", dataset);
    field("used_memory_dataset_human", human(dataset));
    field("total_system_memory", system);
    field("total_system_memory_human", human(system));
    scriptingMemory();
    field("maxmemory", maxmemory);
    field("maxmemory_human", human(maxmemory));
    field("maxmemory_policy", config.maxmemoryPolicy());
    field("mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0 : (double) rss / used));
    // What the clients take (CLIENT LIST tot-mem), replicas apart, as Redis's getMemoryOverheadData.
    field("mem_clients_slaves", ClientMemory.sum(server.clients().unordered(), true));
    field("mem_clients_normal", ClientMemory.sum(server.clients().unordered(), false));
    field("mem_allocator", "jvm");
    field("jvm_heap_used", MemoryUsage.heapUsed());
    field("jvm_heap_used_human", human(MemoryUsage.heapUsed()));
    field("jvm_heap_committed", MemoryUsage.heapCommitted());
    field("jvm_heap_committed_human", human(MemoryUsage.heapCommitted()));
    field("jvm_heap_max", MemoryUsage.heapMax());
    field("jvm_heap_max_human", human(MemoryUsage.heapMax()));
    field("lazyfree_pending_objects", 0);
    field("lazyfreed_objects", 0);
  }

  private long datasetBytes() {
    long bytes = 0;
    for (int i = 0; i < call.databaseCount(); i++) {
      bytes += call.database(i).usedBytes();
    }
    return bytes;
  }

  /**
   * Redis 7.0's scripting fields, in its order. LuaJ's state lives in the JVM heap with
   * everything else, so the "vm" figures are the same estimates as the caches' (Verdis keeps no
   * Lua heap of its own to measure).
   */
  private void scriptingMemory() {
    Scripting scripting = server.scripting();
    Functions functions = scripting.functions();
    long eval = scripting.memory();
    long library = functions.memory();
    field("used_memory_lua", eval);
    field("used_memory_vm_eval", eval);
    field("used_memory_lua_human", human(eval));
    field("used_memory_scripts_eval", eval);
    field("number_of_cached_scripts", scripting.count());
    field("number_of_functions", functions.functionCount());
    field("number_of_libraries", functions.libraries().size());
    field("used_memory_vm_functions", library);
    field("used_memory_vm_total", eval + library);
    field("used_memory_vm_total_human", human(eval + library));
    field("used_memory_functions", library);
    field("used_memory_scripts", eval + library);
    field("used_memory_scripts_human", human(eval + library));
  }

  private static long totalSystemMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }

  private void persistence() {
    Persistence persistence = server.persistence();
    LoadProgress loading = persistence.progress();
    AofWriter aof = persistence.aof();
    RdbSnapshots rdb = persistence.snapshots();
    header("Persistence");
    field("loading", loading.loading() ? 1 : 0);
    field("async_loading", 0);
    field("current_cow_peak", 0);
    field("current_cow_size", 0);
    field("current_cow_size_age", 0);
    field("current_fork_perc", "0.00");
    field("current_save_keys_processed", 0);
    field("current_save_keys_total", 0);
    field("rdb_changes_since_last_save", rdb.changesSinceSave());
    field("rdb_bgsave_in_progress", rdb.inProgress() ? 1 : 0);
    field("rdb_last_save_time", rdb.lastSaveSeconds());
    field("rdb_last_bgsave_status", rdb.lastBgsaveOk() ? "ok" : "err");
    field("rdb_last_bgsave_time_sec", rdb.lastBgsaveSeconds());
    field("rdb_current_bgsave_time_sec", rdb.currentBgsaveSeconds());
    field("rdb_saves", rdb.saves());
    field("rdb_last_cow_size", 0);
    field("rdb_last_load_keys_expired", rdb.keysExpiredOnLoad());
    field("rdb_last_load_keys_loaded", rdb.keysLoaded());
    field("aof_enabled", aof != null ? 1 : 0);
    field("aof_rewrite_in_progress", persistence.rewriteInProgress() ? 1 : 0);
    // A rewrite is never deferred (Redis defers one while a BGSAVE child runs; here both can run).
    field("aof_rewrite_scheduled", 0);
    field("aof_last_rewrite_time_sec", persistence.lastRewriteSeconds());
    field("aof_current_rewrite_time_sec", persistence.currentRewriteSeconds());
    field("aof_last_bgrewrite_status", persistence.lastRewriteOk() ? "ok" : "err");
    field("aof_rewrites", persistence.rewrites());
    field("aof_rewrites_consecutive_failures", persistence.rewriteFailures());
    field("aof_last_write_status", aof == null || aof.writeError() == null ? "ok" : "err");
    field("aof_last_cow_size", 0);
    field("module_fork_in_progress", 0);
    field("module_fork_last_cow_size", 0);
    if (aof != null) {
      field("aof_current_size", aof.currentSize());
      field("aof_base_size", aof.baseSize());
      field("aof_pending_rewrite", 0);
      field("aof_buffer_length", 0);
      field("aof_pending_bio_fsync", 0);
      field("aof_delayed_fsync", aof.delayedFsyncs());
    }
    if (loading.loading()) {
      field("loading_start_time", loading.startSeconds());
      field("loading_total_bytes", loading.totalBytes());
      field("loading_rdb_used_mem", 0);
      field("loading_loaded_bytes", loading.loadedBytes());
      field("loading_loaded_perc", String.format(Locale.ROOT, "%.2f", (double) loading.percent()));
      field("loading_eta_seconds", loading.etaSeconds());
    }
  }

  private void stats() {
    ServerStats stats = server.stats();
    long expired = 0;
    long evicted = 0;
    long hits = 0;
    long misses = 0;
    for (int i = 0; i < call.databaseCount(); i++) {
      Database db = call.database(i);
      expired += db.expiredKeys();
      evicted += db.evictedKeys();
      hits += db.keyspaceHits();
      misses += db.keyspaceMisses();
    }
    header("Stats");
    field("total_connections_received", stats.connectionsReceived.sum());
    field("total_commands_processed", stats.commandsProcessed.sum());
    field("instantaneous_ops_per_sec", (long) stats.opsPerSecond.perSecond());
    field("total_net_input_bytes", stats.netInputBytes.sum());
    field("total_net_output_bytes", stats.netOutputBytes.sum());
    field("total_net_repl_input_bytes", 0);
    field("total_net_repl_output_bytes", 0);
    field("instantaneous_input_kbps", kbps(stats.inputBytesPerSecond.perSecond()));
    field("instantaneous_output_kbps", kbps(stats.outputBytesPerSecond.perSecond()));
    field("instantaneous_input_repl_kbps", "0.00");
    field("instantaneous_output_repl_kbps", "0.00");
    field("rejected_connections", stats.rejectedConnections.sum());
    field("sync_full", 0);
    field("sync_partial_ok", 0);
    field("sync_partial_err", 0);
    field("expired_keys", expired);
    field("expired_stale_perc", "0.00");
    field("expired_time_cap_reached_count", 0);
    field("expire_cycle_cpu_milliseconds", 0);
    field("evicted_keys", evicted);
    field("evicted_clients", stats.evictedClients.sum());
    field("total_eviction_exceeded_time", 0);
    field("current_eviction_exceeded_time", 0);
    field("keyspace_hits", hits);
    field("keyspace_misses", misses);
    field("pubsub_channels", server.pubsub().channelCount(false));
    field("pubsub_patterns", server.pubsub().patternCount());
    field("pubsubshard_channels", server.pubsub().channelCount(true));
    field("latest_fork_usec", 0);
    field("total_forks", 0);
    field("migrate_cached_sockets", 0);
    field("slave_expires_tracked_keys", 0);
    field("active_defrag_hits", 0);
    field("active_defrag_misses", 0);
    field("active_defrag_key_hits", 0);
    field("active_defrag_key_misses", 0);
    field("total_active_defrag_time", 0);
    field("current_active_defrag_time", 0);
    long[] tracked = server.shards().trackedKeysAndItems();
    field("tracking_total_keys", tracked[0]);
    field("tracking_total_items", tracked[1]);
    field("tracking_total_prefixes", server.tracking().prefixCount());
    field("unexpected_error_replies", 0);
    field("total_error_replies", stats.errorReplies.sum());
    field("dump_payload_sanitizations", 0);
    field("total_protocol_errors", stats.protocolErrors.sum());
    // Redis 7.4's counter of clients closed over client-output-buffer-limit (7.0 has none).
    field("client_output_buffer_limit_disconnections", stats.outputBufferLimitDisconnections.sum());
  }

  private static String kbps(double bytesPerSecond) {
    return String.format(Locale.ROOT, "%.2f", bytesPerSecond / 1024);
  }

  /** Redis's fields for a primary (replicationInfo's master half), slaveN lines included. */
  private void replication() {
    Replication replication = server.replication();
    List<Replication.ReplicaView> replicas = replication.replicas();
    header("Replication");
    ReplicaOf.View primary = replication.replicaOf().view();
    if (primary == null) {
      field("role", "master");
    } else {
      replicaFields(primary);
    }
    field("connected_slaves", replicas.size());
    if (replication.countsGoodReplicas()) {
      field("min_slaves_good_slaves", replication.goodReplicas());
    }
    for (int i = 0; i < replicas.size(); i++) {
      Replication.ReplicaView replica = replicas.get(i);
      field("slave" + i, "ip=" + replica.ip() + ",port=" + replica.port() + ",state=" + replica.state()
          + ",offset=" + replica.offset() + ",lag=" + replica.lagSeconds());
    }
    field("master_failover_state", replication.failover().state().infoName);
    field("master_replid", replication.replid());
    field("master_replid2", replication.replid2());
    field("master_repl_offset", replication.offset());
    field("second_repl_offset", replication.secondOffset());
    field("repl_backlog_active", replication.backlogActive() ? 1 : 0);
    field("repl_backlog_size", replication.backlogSize());
    field("repl_backlog_first_byte_offset", replication.backlogFirstByteOffset());
    field("repl_backlog_histlen", replication.backlogHistlen());
  }

  /** Redis's replicationInfo fields of a replica, in its order. */
  private void replicaFields(ReplicaOf.View primary) {
    field("role", "slave");
    field("master_host", primary.host());
    field("master_port", primary.port());
    field("master_link_status", primary.up() ? "up" : "down");
    field("master_last_io_seconds_ago", primary.lastIoSecondsAgo());
    field("master_sync_in_progress", primary.syncInProgress() ? 1 : 0);
    field("slave_read_repl_offset", primary.readOffset());
    field("slave_repl_offset", primary.appliedOffset());
    if (primary.syncInProgress()) {
      long total = primary.syncTotalBytes();
      long read = primary.syncReadBytes();
      field("master_sync_total_bytes", total);
      field("master_sync_read_bytes", read);
      field("master_sync_left_bytes", total - read);
      field("master_sync_perc", String.format(Locale.ROOT, "%.2f", total <= 0 ? 0.0 : read * 100.0 / total));
      field("master_sync_last_io_seconds_ago", primary.syncLastIoSecondsAgo());
    }
    if (!primary.up()) {
      field("master_link_down_since_seconds", primary.downSinceSeconds());
    }
    field("slave_priority", server.config().replicaPriority());
    field("slave_read_only", server.config().replicaReadOnly() ? 1 : 0);
    field("replica_announced", server.config().replicaAnnounced() ? 1 : 0);
  }

  /**
   * The JVM reports the process's total CPU time; live threads' own user and system times give the
   * split (threads that have ended are counted in that proportion). The split moves as threads come
   * and go, so each figure is kept from going backwards: tools take rates of them. "Main thread" is
   * the event loop answering this INFO.
   */
  private void cpu() {
    long userNanos = 0;
    long allNanos = 0;
    if (THREADS.isThreadCpuTimeSupported()) {
      for (long id : THREADS.getAllThreadIds()) {
        long cpu = THREADS.getThreadCpuTime(id);
        long user = THREADS.getThreadUserTime(id);
        if (cpu >= 0 && user >= 0) {
          allNanos += cpu;
          userNanos += user;
        }
      }
    }
    long processNanos = allNanos;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        && os.getProcessCpuTime() > 0) {
      processNanos = os.getProcessCpuTime();
    }
    double userShare = allNanos == 0 ? 1 : (double) userNanos / allNanos;
    long mainCpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    long mainUser = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadUserTime() : 0;
    long user = USER_NANOS.accumulateAndGet((long) (processNanos * userShare), Math::max);
    long sys = SYSTEM_NANOS.accumulateAndGet(processNanos - (long) (processNanos * userShare), Math::max);
    header("CPU");
    field("used_cpu_sys", seconds(sys));
    field("used_cpu_user", seconds(user));
    field("used_cpu_sys_children", seconds(0));
    field("used_cpu_user_children", seconds(0));
    field("used_cpu_sys_main_thread", seconds(mainCpu - mainUser));
    field("used_cpu_user_main_thread", seconds(mainUser));
  }

  private static String seconds(double nanos) {
    return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
  }

  /** Commands with calls, rejections or failures; subcommands as "cmdstat_client|list". */
  private void commandStats() {
    header("Commandstats");
    for (CommandSpec spec : server.commands().all()) {
      commandStats(spec);
    }
  }

  private void commandStats(CommandSpec spec) {
    CommandStats stats = spec.stats();
    long calls = stats.calls();
    if (calls > 0 || stats.rejectedCalls() > 0 || stats.failedCalls() > 0) {
      long micros = stats.micros();
      text.append("cmdstat_").append(spec.fullName()).append(':')
          .append(String.format(Locale.ROOT, "calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d",
              calls, micros, calls == 0 ? 0.0 : (double) micros / calls, stats.rejectedCalls(), stats.failedCalls()))
          .append("\r\n");
    }
    spec.subcommands().values().forEach(this::commandStats);
  }

  private void cluster() {
    header("Cluster");
    field("cluster_enabled", server.cluster() != null ? 1 : 0);
  }

  /** Non-empty databases only; Verdis keeps no TTL average, so avg_ttl is 0. */
  private void keyspace() {
    header("Keyspace");
    for (int i = 0; i < call.databaseCount(); i++) {
      Database db = call.database(i);
      if (db.size() > 0) {
        text.append("db").append(i).append(":keys=").append(db.size())
            .append(",expires=").append(db.expiresCount()).append(",avg_ttl=0\r\n");
      }
    }
  }

  private void header(String title) {
    if (!text.isEmpty()) {
      text.append("\r\n");
    }
    text.append("# ").append(title).append("\r\n");
  }

  private void field(String name, Object value) {
    text.append(name).append(':').append(value).append("\r\n");
  }


  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Redis's bytesToHuman: "1023B", "1.13M", two decimals from K upwards. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    String units = "KMGTPE";
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length() - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f%c", value, units.charAt(unit));
  }
}
