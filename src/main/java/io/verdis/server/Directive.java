package io.verdis.server;

import static io.verdis.server.Directive.Mutability.IMMUTABLE;
import static io.verdis.server.Directive.Mutability.MUTABLE;
import static io.verdis.server.Directive.Mutability.PROTECTED;
import static io.verdis.server.ValueType.addresses;
import static io.verdis.server.ValueType.integer;
import static io.verdis.server.ValueType.keyspaceEventClasses;
import static io.verdis.server.ValueType.longInteger;
import static io.verdis.server.ValueType.memory;
import static io.verdis.server.ValueType.memoryOrPercent;
import static io.verdis.server.ValueType.oneOf;
import static io.verdis.server.ValueType.outputBufferLimits;
import static io.verdis.server.ValueType.savePoints;
import static io.verdis.server.ValueType.text;
import static io.verdis.server.ValueType.words;
import static io.verdis.server.ValueType.yesNo;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
* Every configuration directive, declared once: name, kind of value, default, and whether CONFIG
* SET may change it. Parsing the config file, the command line and the environment, CONFIG
* GET/SET/REWRITE and the typed getters of {@link Config} all derive from this table.
*
* <p>Names, ranges, defaults and error texts are Redis 7's wherever Redis has the directive.
* Immutable ones are those Redis also fixes at start-up, plus the few that Verdis cannot yet apply
* while running (port, bind, dir, the extra listeners, the shard count).
*/
public enum Directive {

  // Network
  PORT("port", integer(0, 65535), "6379", IMMUTABLE),
  BIND("bind", addresses(), "127.0.0.1 -::1", IMMUTABLE),
  PIZZARIA_PORT("pizzaria-port", integer(0, 65535), "8085", IMMUTABLE),
  HTTP_PORT("http-port", integer(0, 65535), "8080", IMMUTABLE),
  HTTP_BIND("http-bind", addresses(), "", IMMUTABLE),
  PROTECTED_MODE("protected-mode", yesNo(), "yes", MUTABLE),
  TCP_BACKLOG("tcp-backlog", integer(0, Integer.MAX_VALUE), "511", IMMUTABLE),
  TCP_KEEPALIVE("tcp-keepalive", integer(0, Integer.MAX_VALUE), "300", MUTABLE),
  TIMEOUT("timeout", integer(0, Integer.MAX_VALUE), "0", MUTABLE),

  // TLS on the RESP protocol (io.verdis.net.TlsSettings). Redis 7.0's names and defaults; the
  // files are read again on every CONFIG SET that names one, changed or not (see Config#onSet).
  TLS_PORT("tls-port", integer(0, 65535), "0", IMMUTABLE),
  TLS_CERT_FILE("tls-cert-file", text(), "", MUTABLE),
  TLS_KEY_FILE("tls-key-file", text(), "", MUTABLE),
  TLS_KEY_FILE_PASS("tls-key-file-pass", text(), "", MUTABLE),
  TLS_CA_CERT_FILE("tls-ca-cert-file", text(), "", MUTABLE),
  TLS_CA_CERT_DIR("tls-ca-cert-dir", text(), "", MUTABLE),
  TLS_AUTH_CLIENTS("tls-auth-clients", oneOf("no", "yes", "optional"), "yes", MUTABLE),
  TLS_PROTOCOLS("tls-protocols", text(), "", MUTABLE),
  TLS_CIPHERS("tls-ciphers", text(), "", MUTABLE),
  TLS_CIPHERSUITES("tls-ciphersuites", text(), "", MUTABLE),
  TLS_PREFER_SERVER_CIPHERS("tls-prefer-server-ciphers", yesNo(), "no", MUTABLE),
  TLS_SESSION_CACHING("tls-session-caching", yesNo(), "yes", MUTABLE),
  TLS_SESSION_CACHE_SIZE("tls-session-cache-size", integer(0, Integer.MAX_VALUE), "20480", MUTABLE),
  TLS_SESSION_CACHE_TIMEOUT("tls-session-cache-timeout", integer(0, Integer.MAX_VALUE), "300", MUTABLE),
  // The certificate this node presents when it is the client (a replica's link, the cluster bus);
  // empty: tls-cert-file's, as in Redis 7.0.
  TLS_CLIENT_CERT_FILE("tls-client-cert-file", text(), "", MUTABLE),
  TLS_CLIENT_KEY_FILE("tls-client-key-file", text(), "", MUTABLE),
  TLS_CLIENT_KEY_FILE_PASS("tls-client-key-file-pass", text(), "", MUTABLE),
  /** A replica's link to its primary speaks TLS (the next link made, as in Redis). */
  TLS_REPLICATION("tls-replication", yesNo(), "no", MUTABLE),
  /**
   * The clustered event bus between nodes speaks mutual TLS, and nodes announce their tls-port.
   * Fixed at start-up (Redis may switch it live): the event bus is set up once, with Vert.x.
   */
  TLS_CLUSTER("tls-cluster", yesNo(), "no", IMMUTABLE),
  /** Verdis's own: the HTTP port (dashboard, admin API, /ws, /metrics) serves HTTPS only, with the tls-* certificate. */
  HTTP_TLS("http-tls", yesNo(), "no", IMMUTABLE),
  /** Client certificates on HTTPS: browsers seldom have one, so none is asked for unless this says so. */
  HTTP_TLS_AUTH_CLIENTS("http-tls-auth-clients", oneOf("no", "yes", "optional"), "no", MUTABLE),
  /** Verdis's own: the Pizzaria port speaks TLS, with the tls-* certificate and client authentication. */
  PIZZARIA_TLS("pizzaria-tls", yesNo(), "no", IMMUTABLE),

  // General
  DIR("dir", text(Directive::nonEmptyDir), "./data", IMMUTABLE),
  SHARDS("shards", integer(1, Integer.MAX_VALUE), Integer.toString(Runtime.getRuntime().availableProcessors()), IMMUTABLE),
  EVENT_LOOPS("event-loops", integer(0, 1024), "0", IMMUTABLE),
  IO_TRANSPORT("io-transport", oneOf("auto", "io_uring", "epoll", "nio"), "auto", IMMUTABLE),
  DATABASES("databases", integer(1, Integer.MAX_VALUE), "16", IMMUTABLE),
  LOGLEVEL("loglevel", oneOf("debug", "verbose", "notice", "warning", "nothing"), "notice", MUTABLE),
  LOGFILE("logfile", text(), "", IMMUTABLE),
  DAEMONIZE("daemonize", yesNo(), "no", IMMUTABLE),
  IO_THREADS("io-threads", integer(1, 128), "1", IMMUTABLE),
  HZ("hz", integer(1, 500), "10", MUTABLE),

  // Security
  REQUIREPASS("requirepass", text(), "", MUTABLE),
  ACLFILE("aclfile", text(), "", IMMUTABLE),
  /** The ACL user Pizzaria connections run as (its protocol names none); empty: the default user. */
  PIZZARIA_USER("pizzaria-user", text(), "", MUTABLE),
  ACL_PUBSUB_DEFAULT("acl-pubsub-default", oneOf("resetchannels", "allchannels"), "resetchannels", MUTABLE),
  ACLLOG_MAX_LEN("acllog-max-len", integer(0, Integer.MAX_VALUE), "128", MUTABLE),
  ENABLE_PROTECTED_CONFIGS("enable-protected-configs", oneOf("no", "yes", "local"), "no", IMMUTABLE),
  ENABLE_DEBUG_COMMAND("enable-debug-command", oneOf("no", "yes", "local"), "no", IMMUTABLE),
  HTTP_ALLOWED_ORIGINS("http-allowed-origins", words(), "", MUTABLE),
  HTTP_ALLOWED_HOSTS("http-allowed-hosts", words(), "", MUTABLE),
  HTTP_AUTH_PROBES("http-auth-probes", yesNo(), "no", MUTABLE),

  // Limits
  MAXCLIENTS("maxclients", integer(1, Integer.MAX_VALUE), "10000", MUTABLE),
  HTTP_MAXCLIENTS("http-maxclients", integer(1, Integer.MAX_VALUE), "1000", MUTABLE),
  HTTP_HEADER_TIMEOUT("http-header-timeout", integer(0, Integer.MAX_VALUE), "10", MUTABLE),
  HTTP_IDLE_TIMEOUT("http-idle-timeout", integer(0, Integer.MAX_VALUE), "60", IMMUTABLE),
  PROTO_MAX_BULK_LEN("proto-max-bulk-len", memory(1024 * 1024, Long.MAX_VALUE), "512mb", MUTABLE),
  MAXMEMORY("maxmemory", memory(0, Long.MAX_VALUE), "0", MUTABLE),
  MAXMEMORY_POLICY("maxmemory-policy", oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
      "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction", MUTABLE),
  MAXMEMORY_SAMPLES("maxmemory-samples", integer(1, Integer.MAX_VALUE), "5", MUTABLE),
  MAXMEMORY_EVICTION_TENACITY("maxmemory-eviction-tenacity", integer(0, 100), "10", MUTABLE),
  MAXMEMORY_CLIENTS("maxmemory-clients", memoryOrPercent(), "0", MUTABLE),
  LFU_LOG_FACTOR("lfu-log-factor", integer(0, Integer.MAX_VALUE), "10", MUTABLE),
  LFU_DECAY_TIME("lfu-decay-time", integer(0, Integer.MAX_VALUE), "1", MUTABLE),
  TRACKING_TABLE_MAX_KEYS("tracking-table-max-keys", integer(0, Integer.MAX_VALUE), "1000000", MUTABLE),
  CLIENT_OUTPUT_BUFFER_LIMIT("client-output-buffer-limit", outputBufferLimits(),
      "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60", MUTABLE),

  // Persistence
  APPENDONLY("appendonly", yesNo(), "yes", MUTABLE),
  APPENDFSYNC("appendfsync", oneOf("everysec", "always", "no"), "everysec", MUTABLE),
  APPENDFILENAME("appendfilename", text(value -> baseName("appendfilename", value, "filename")), "appendonly.aof", IMMUTABLE),
  APPENDDIRNAME("appenddirname", text(value -> baseName("appenddirname", value, "dirname")), "appendonlydir", IMMUTABLE),
  DBFILENAME("dbfilename", text(Directive::dbFileName), "dump.rdb", PROTECTED),
  SAVE("save", savePoints(), "3600 1 300 100 60 10000", MUTABLE),
  STOP_WRITES_ON_BGSAVE_ERROR("stop-writes-on-bgsave-error", yesNo(), "yes", MUTABLE),
  AOF_LOAD_TRUNCATED("aof-load-truncated", yesNo(), "yes", MUTABLE),
  AOF_USE_RDB_PREAMBLE("aof-use-rdb-preamble", yesNo(), "no", MUTABLE),
  AUTO_AOF_REWRITE_PERCENTAGE("auto-aof-rewrite-percentage", integer(0, Integer.MAX_VALUE), "100", MUTABLE),
  AUTO_AOF_REWRITE_MIN_SIZE("auto-aof-rewrite-min-size", memory(0, Long.MAX_VALUE), "64mb", MUTABLE),

  // Replication (this node as a primary)
  REPL_BACKLOG_SIZE("repl-backlog-size", memory(1, Long.MAX_VALUE), "1mb", MUTABLE),
  REPL_PING_REPLICA_PERIOD("repl-ping-replica-period", integer(1, Integer.MAX_VALUE), "10", MUTABLE),
  REPL_TIMEOUT("repl-timeout", integer(1, Integer.MAX_VALUE), "60", MUTABLE),
  REPL_DISKLESS_SYNC("repl-diskless-sync", yesNo(), "yes", MUTABLE),
  REPL_BACKLOG_TTL("repl-backlog-ttl", longInteger(0, Long.MAX_VALUE), "3600", MUTABLE),
  /** Writes are refused with fewer good replicas than this (0: never), as Redis's min-replicas-to-write. */
  MIN_REPLICAS_TO_WRITE("min-replicas-to-write", integer(0, Integer.MAX_VALUE), "0", MUTABLE),
  /** A replica is good while its last ACK is at most this many seconds old (0 turns the check off too). */
  MIN_REPLICAS_MAX_LAG("min-replicas-max-lag", integer(0, Integer.MAX_VALUE), "10", MUTABLE),

  // Replication (this node as a replica). replicaof changes through REPLICAOF only, as in Redis.
  REPLICAOF("replicaof", words(), "", IMMUTABLE),
  MASTERAUTH("masterauth", text(), "", MUTABLE),
  MASTERUSER("masteruser", text(), "", MUTABLE),
  REPLICA_READ_ONLY("replica-read-only", yesNo(), "yes", MUTABLE),
  REPLICA_SERVE_STALE_DATA("replica-serve-stale-data", yesNo(), "yes", MUTABLE),
  REPLICA_PRIORITY("replica-priority", integer(0, Integer.MAX_VALUE), "100", MUTABLE),
  REPLICA_ANNOUNCED("replica-announced", yesNo(), "yes", MUTABLE),
  REPLICA_ANNOUNCE_IP("replica-announce-ip", text(), "", MUTABLE),
  REPLICA_ANNOUNCE_PORT("replica-announce-port", integer(0, 65535), "0", MUTABLE),

  // Keyspace notifications
  NOTIFY_KEYSPACE_EVENTS("notify-keyspace-events", keyspaceEventClasses(), "", MUTABLE),

  // Slow log
  SLOWLOG_LOG_SLOWER_THAN("slowlog-log-slower-than", longInteger(-1, Long.MAX_VALUE), "10000", MUTABLE),
  SLOWLOG_MAX_LEN("slowlog-max-len", integer(0, Integer.MAX_VALUE), "128", MUTABLE),

  // Latency monitor (milliseconds; 0 is off, as in Redis)
  LATENCY_MONITOR_THRESHOLD("latency-monitor-threshold", longInteger(0, Long.MAX_VALUE), "0", MUTABLE),

  // Cluster (see io.verdis.cluster)
  CLUSTER_ENABLED("cluster-enabled", yesNo(), "no", IMMUTABLE),
  CLUSTER_CONFIG_FILE("cluster-config-file", text(value -> baseName("cluster-config-file", value, "filename")), "nodes.conf", IMMUTABLE),
  CLUSTER_NAME("cluster-name", text(Directive::nonEmptyClusterName), "verdis", IMMUTABLE),
  CLUSTER_PORT("cluster-port", integer(0, 65535), "0", IMMUTABLE),
  CLUSTER_BUS_PORT("cluster-bus-port", integer(0, 65535), "0", IMMUTABLE),
  CLUSTER_DISCOVERY("cluster-discovery", oneOf("tcp", "kubernetes"), "tcp", IMMUTABLE),
  CLUSTER_MEMBERS("cluster-members", words(), "", IMMUTABLE),
  CLUSTER_KUBERNETES_SERVICE("cluster-kubernetes-service", text(), "", IMMUTABLE),
  CLUSTER_HAZELCAST_CONFIG("cluster-hazelcast-config", text(), "", IMMUTABLE),
  CLUSTER_ANNOUNCE_IP("cluster-announce-ip", text(), "", IMMUTABLE),
  CLUSTER_ANNOUNCE_PORT("cluster-announce-port", integer(0, 65535), "0", IMMUTABLE),
  CLUSTER_ANNOUNCE_TLS_PORT("cluster-announce-tls-port", integer(0, 65535), "0", IMMUTABLE),
  CLUSTER_NODE_TIMEOUT("cluster-node-timeout", longInteger(1000, Long.MAX_VALUE), "15000", IMMUTABLE),
  CLUSTER_REQUIRE_FULL_COVERAGE("cluster-require-full-coverage", yesNo(), "yes", MUTABLE),
  CLUSTER_ALLOW_READS_WHEN_DOWN("cluster-allow-reads-when-down", yesNo(), "no", MUTABLE),
  CLUSTER_ROUTING("cluster-routing", oneOf("forward", "redirect"), "forward", MUTABLE),
  CLUSTER_REPLICAS("cluster-replicas", integer(0, 16), "0", MUTABLE),

  // Scripting
  /** How long a script runs before other clients are answered -BUSY (alias lua-time-limit, as in Redis 7). */
  BUSY_REPLY_THRESHOLD("busy-reply-threshold", longInteger(0, Long.MAX_VALUE), "5000", MUTABLE),

  // Encodings: Redis's thresholds between a type's packed and its full representation. The 7.0
  // names; the ziplist names of older releases are aliases (see BY_NAME).
  /** Per quicklist node: negative for a size class (-2 is 8 kB), positive for a count of elements. */
  LIST_MAX_LISTPACK_SIZE("list-max-listpack-size", integer(Integer.MIN_VALUE, Integer.MAX_VALUE), "-2", MUTABLE),
  LIST_COMPRESS_DEPTH("list-compress-depth", integer(0, Integer.MAX_VALUE), "0", MUTABLE),
  HASH_MAX_LISTPACK_ENTRIES("hash-max-listpack-entries", longInteger(0, Long.MAX_VALUE), "512", MUTABLE),
  HASH_MAX_LISTPACK_VALUE("hash-max-listpack-value", memory(0, Long.MAX_VALUE), "64", MUTABLE),
  SET_MAX_INTSET_ENTRIES("set-max-intset-entries", longInteger(0, Long.MAX_VALUE), "512", MUTABLE),
  ZSET_MAX_LISTPACK_ENTRIES("zset-max-listpack-entries", longInteger(0, Long.MAX_VALUE), "128", MUTABLE),
  ZSET_MAX_LISTPACK_VALUE("zset-max-listpack-value", memory(0, Long.MAX_VALUE), "64", MUTABLE),
  STREAM_NODE_MAX_BYTES("stream-node-max-bytes", memory(0, Long.MAX_VALUE), "4096", MUTABLE),
  STREAM_NODE_MAX_ENTRIES("stream-node-max-entries", longInteger(0, Long.MAX_VALUE), "100", MUTABLE),
  HLL_SPARSE_MAX_BYTES("hll-sparse-max-bytes", memory(0, Long.MAX_VALUE), "3000", MUTABLE),

  // Active defragmentation: accepted so that Redis configurations load, but without effect (the
  // JVM's collector compacts the heap; there is no allocator to defragment).
  ACTIVE_DEFRAG_IGNORE_BYTES("active-defrag-ignore-bytes", memory(1, Long.MAX_VALUE), "100mb", MUTABLE),
  ACTIVE_DEFRAG_THRESHOLD_LOWER("active-defrag-threshold-lower", integer(0, 1000), "10", MUTABLE),
  ACTIVE_DEFRAG_THRESHOLD_UPPER("active-defrag-threshold-upper", integer(0, 1000), "100", MUTABLE),
  ACTIVE_DEFRAG_CYCLE_MIN("active-defrag-cycle-min", integer(1, 99), "1", MUTABLE),
  ACTIVE_DEFRAG_CYCLE_MAX("active-defrag-cycle-max", integer(1, 99), "25", MUTABLE),
  ACTIVE_DEFRAG_MAX_SCAN_FIELDS("active-defrag-max-scan-fields", longInteger(1, Long.MAX_VALUE), "1000", MUTABLE),

  // Metrics
  METRICS_VERTX("metrics-vertx", yesNo(), "yes", IMMUTABLE);

  /**
   * Whether CONFIG SET may change a directive, or only a restart can. PROTECTED: only where
   * enable-protected-configs allows it (Redis 7.0's dir and dbfilename: a client able to change
   * them could make the server write its snapshot over any file).
   */
  enum Mutability { MUTABLE, IMMUTABLE, PROTECTED }

  private static final Map<String, Directive> BY_NAME = new HashMap<>();

  /** Redis's older names, which it still accepts and lists in CONFIG GET beside the new ones. */
  private static final Map<Directive, List<String>> ALIASES = new EnumMap<>(Map.ofEntries(
      Map.entry(BUSY_REPLY_THRESHOLD, List.of("lua-time-limit")),
      Map.entry(REPL_PING_REPLICA_PERIOD, List.of("repl-ping-slave-period")),
      Map.entry(MIN_REPLICAS_TO_WRITE, List.of("min-slaves-to-write")),
      Map.entry(MIN_REPLICAS_MAX_LAG, List.of("min-slaves-max-lag")),
      Map.entry(REPLICAOF, List.of("slaveof")),
      Map.entry(REPLICA_READ_ONLY, List.of("slave-read-only")),
      Map.entry(REPLICA_SERVE_STALE_DATA, List.of("slave-serve-stale-data")),
      Map.entry(REPLICA_PRIORITY, List.of("slave-priority")),
      Map.entry(REPLICA_ANNOUNCE_IP, List.of("slave-announce-ip")),
      Map.entry(REPLICA_ANNOUNCE_PORT, List.of("slave-announce-port")),
      Map.entry(LIST_MAX_LISTPACK_SIZE, List.of("list-max-ziplist-size")),
      Map.entry(HASH_MAX_LISTPACK_ENTRIES, List.of("hash-max-ziplist-entries")),
      Map.entry(HASH_MAX_LISTPACK_VALUE, List.of("hash-max-ziplist-value")),
      Map.entry(ZSET_MAX_LISTPACK_ENTRIES, List.of("zset-max-ziplist-entries")),
      Map.entry(ZSET_MAX_LISTPACK_VALUE, List.of("zset-max-ziplist-value"))));

  static {
    for (Directive directive : values()) {
      BY_NAME.put(directive.configName, directive);
      for (String alias : directive.aliases()) {
        BY_NAME.put(alias, directive);
      }
    }
  }

  private final String configName;
  private final ValueType type;
  private final Object defaultValue;
  private final boolean mutable;
  private final boolean protectedConfig;

  Directive(String configName, ValueType type, String defaultText, Mutability mutability) {
    this.configName = configName;
    this.type = type;
    this.mutable = mutability != IMMUTABLE;
    this.protectedConfig = mutability == PROTECTED;
    try {
      this.defaultValue = parse(type, List.of(defaultText));
    } catch (InvalidValueException e) {
      throw new IllegalStateException("bad default for " + configName + ": " + e.reason(), e);
    }
  }

  /** The directive with this name, matched case-insensitively as Redis does. */
  public static Optional<Directive> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The name used in config files and CONFIG GET/SET, e.g. {@code proto-max-bulk-len}. */
  public String configName() {
    return configName;
  }

  /** The older names of this directive (empty for most). */
  public List<String> aliases() {
    return ALIASES.getOrDefault(this, List.of());
  }

  public boolean mutable() {
    return mutable;
  }

  /** CONFIG SET may change it only where enable-protected-configs allows. */
  public boolean protectedConfig() {
    return protectedConfig;
  }

  /** The default, parsed: Integer, Long, Boolean, String or an unmodifiable List. */
  public Object defaultValue() {
    return defaultValue;
  }

  ValueType type() {
    return type;
  }

  /**
  * Parses the arguments given to this directive. A multi-argument directive given a single
  * non-empty argument ({@code --save "60 1"}, CONFIG SET, an environment variable) has it split
  * into arguments first, as Redis does.
  */
  Object parse(List<String> args) throws InvalidValueException {
    return parse(type, args);
  }

  private static Object parse(ValueType type, List<String> args) throws InvalidValueException {
    if (type.multiArg() && args.size() == 1 && !args.get(0).isEmpty()) {
      args = ArgSplitter.split(args.get(0))
          .orElseThrow(() -> new InvalidValueException("Unbalanced quotes in configuration line"));
    }
    return type.parse(args);
  }

  /** The value as CONFIG GET shows it. */
  String render(Object value) {
    return type.render(value);
  }

  /** A config file line setting this directive to {@code value}. */
  String fileLine(Object value) {
    return configName + " " + type.renderForFile(value);
  }

  private static void nonEmptyDir(String value) throws InvalidValueException {
    if (value.isEmpty()) {
      throw new InvalidValueException("dir can't be empty");
    }
  }

  /** Redis's isValidAOFfilename / isValidAOFdirname: a plain name inside {@code dir}. */
  private static void baseName(String directive, String value, String what) throws InvalidValueException {
    if (value.isEmpty()) {
      throw new InvalidValueException(directive + " can't be empty");
    }
    if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
      throw new InvalidValueException(directive + " can't be a path, just a " + what);
    }
  }

  private static void nonEmptyClusterName(String value) throws InvalidValueException {
    if (value.isEmpty()) {
      throw new InvalidValueException("cluster-name can't be empty");
    }
  }

  /** Redis's isValidDBfilename, which (unlike the AOF names) lets it be empty. */
  private static void dbFileName(String value) throws InvalidValueException {
    if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
      throw new InvalidValueException("dbfilename can't be a path, just a filename");
    }
  }
}
