package io.verdis.server;

import io.verdis.command.GlobPattern;
import io.verdis.shard.EvictionSettings;
import io.verdis.shard.LfuSettings;
import io.verdis.types.EncodingLimits;
import io.verdis.types.HashLimits;
import io.verdis.types.ListLimits;
import io.verdis.types.ZsetLimits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.verdis.server.Directive.*;

/**
* The server's settings: loaded at start-up (see {@link #load}), read by every event loop through
* the typed getters, and the source of truth for CONFIG GET, SET and REWRITE.
*
* <p>Reads are lock-free: the values live in an array that is never modified once published, and
* a change publishes a new array through a volatile field, so a reader sees either all of a
* CONFIG SET or none of it. Changes are serialised on this object.
*/
public final class Config {

  private final Path file;
  private final List<String> warnings;
  private final Map<Directive, List<Consumer<Config>>> listeners = new EnumMap<>(Directive.class);
  private final Map<Directive, Apply> appliers = new EnumMap<>(Directive.class);
  private volatile Object[] values;

  /** The {@code user <name> <rules…>} lines of the config file and command line, in order. */
  private final List<List<String>> users;

  Config(Object[] values, Path file, List<String> warnings) {
    this(values, file, warnings, List.of());
  }

  Config(Object[] values, Path file, List<String> warnings, List<List<String>> users) {
    this.values = values.clone();
    this.file = file;
    this.warnings = List.copyOf(warnings);
    this.users = List.copyOf(users);
  }

  /**
   * The ACL users declared with {@code user} lines, as Redis's config takes them (each the name,
   * then its rules); loaded at start-up, and an error beside an {@code aclfile}.
   */
  public List<List<String>> users() {
    return users;
  }

  /** Every directive at its default, with no config file. */
  public static Config defaults() {
    return new Config(ConfigLoader.defaults(), null, List.of());
  }

  /**
  * The configuration for {@code java -jar verdis.jar [configfile] [--name value ...]}, with
  * {@code VERDIS_*} variables of {@code environment} overriding file and command line.
  *
  * @throws ConfigException naming the source, the directive and the value, when any is invalid
  */
  public static Config load(String[] args, Map<String, String> environment) {
    return ConfigLoader.load(args, environment);
  }

  /** {@link #load(String[], Map)} with the process's environment. */
  public static Config load(String... args) {
    return load(args, System.getenv());
  }

  /** The config file the server was started with, if any. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(file);
  }

  /** Things worth logging at start-up that were not errors (unknown VERDIS_ variables). */
  public List<String> warnings() {
    return warnings;
  }

  // ---- Typed getters, one per directive -------------------------------------------------------

  public int port() {
    return (Integer) value(PORT);
  }

  /** Listen addresses; a leading '-' means skip it when unavailable. Empty: every interface. */
  @SuppressWarnings("unchecked")
  public List<String> bind() {
    return (List<String>) value(BIND);
  }

  /** 0 when the Pizzaria listener is disabled. */
  public int pizzariaPort() {
    return (Integer) value(PIZZARIA_PORT);
  }

  /** 0 when the HTTP listener is disabled. */
  public int httpPort() {
    return (Integer) value(HTTP_PORT);
  }

  /** Listen addresses of the HTTP server, as {@link #bind()}; empty means the {@code bind} addresses. */
  @SuppressWarnings("unchecked")
  public List<String> httpBind() {
    return (List<String>) value(HTTP_BIND);
  }

  public boolean protectedMode() {
    return (Boolean) value(PROTECTED_MODE);
  }

  public int tcpBacklog() {
    return (Integer) value(TCP_BACKLOG);
  }

  public int tcpKeepalive() {
    return (Integer) value(TCP_KEEPALIVE);
  }

  /** Seconds a client may stay idle before it is closed; 0 never. */
  public int timeout() {
    return (Integer) value(TIMEOUT);
  }

  public String dir() {
    return (String) value(DIR);
  }

  public int shards() {
    return (Integer) value(SHARDS);
  }

  /** The network transport asked for: auto, io_uring, epoll or nio ({@link IoTransport} picks what runs). */
  public String ioTransport() {
    return (String) value(IO_TRANSPORT);
  }

  /** Event-loop threads shared by the shards and the connections; 0 = {@link #effectiveEventLoops()} decides. */
  public int eventLoops() {
    return (Integer) value(EVENT_LOOPS);
  }

  /**
   * The event loops actually started: as configured, or by default one per processor but one,
   * never more than the shards. The spare core is for the clients, the OS and the GC: measured on
   * two cores with redis-benchmark beside the server, one loop carrying both shards served ~1.3x
   * more than two loops at -P 1, since every command for the other loop's shard paid two thread
   * wake-ups.
   */
  public int effectiveEventLoops() {
    int configured = eventLoops();
    if (configured > 0) {
      return configured;
    }
    return Math.max(1, Math.min(shards(), Runtime.getRuntime().availableProcessors() - 1));
  }

  public int databases() {
    return (Integer) value(DATABASES);
  }

  /** One of debug, verbose, notice, warning, nothing. */
  public String loglevel() {
    return (String) value(LOGLEVEL);
  }

  /** Empty for standard output. */
  public String logfile() {
    return (String) value(LOGFILE);
  }

  public boolean daemonize() {
    return (Boolean) value(DAEMONIZE);
  }

  public int ioThreads() {
    return (Integer) value(IO_THREADS);
  }

  /** Milliseconds a script runs before other clients get -BUSY. */
  public long busyReplyThreshold() {
    return (Long) value(BUSY_REPLY_THRESHOLD);
  }

  /** The most integers a set keeps as an intset (CONFIG SET applies to the next conversion). */
  public long setMaxIntsetEntries() {
    return (Long) value(SET_MAX_INTSET_ENTRIES);
  }

  /** stream-node-max-bytes: the most bytes a stream node packs before a new one starts (0: no limit). */
  public long streamNodeMaxBytes() {
    return (Long) value(STREAM_NODE_MAX_BYTES);
  }

  /** stream-node-max-entries: the most entries a stream node packs (0: no limit). */
  public long streamNodeMaxEntries() {
    return (Long) value(STREAM_NODE_MAX_ENTRIES);
  }

  /** hll-sparse-max-bytes: the longest a sparse HyperLogLog grows (header included) before it turns dense. */
  public long hllSparseMaxBytes() {
    return (Long) value(HLL_SPARSE_MAX_BYTES);
  }

  /** list-max-listpack-size and list-compress-depth, read together for one command. */
  public ListLimits listLimits() {
    Object[] snapshot = values;
    return new ListLimits((Integer) snapshot[LIST_MAX_LISTPACK_SIZE.ordinal()],
        (Integer) snapshot[LIST_COMPRESS_DEPTH.ordinal()]);
  }

  /** Every collection's encoding directives, read together (RESTORE, RDB loading). */
  public EncodingLimits encodingLimits() {
    return new EncodingLimits(listLimits(), hashLimits(), setMaxIntsetEntries(), zsetLimits());
  }

  /** hash-max-listpack-entries and -value, read together for one command. */
  public HashLimits hashLimits() {
    Object[] snapshot = values;
    return new HashLimits((Long) snapshot[HASH_MAX_LISTPACK_ENTRIES.ordinal()],
        (Long) snapshot[HASH_MAX_LISTPACK_VALUE.ordinal()]);
  }

  /** zset-max-listpack-entries and -value, read together for one command. */
  public ZsetLimits zsetLimits() {
    Object[] snapshot = values;
    return new ZsetLimits((Long) snapshot[ZSET_MAX_LISTPACK_ENTRIES.ordinal()],
        (Long) snapshot[ZSET_MAX_LISTPACK_VALUE.ordinal()]);
  }

  public int hz() {
    return (Integer) value(HZ);
  }

  /** Empty when no password is required. */
  /** Who may CONFIG SET the protected directives (dbfilename): enable-protected-configs. */
  public ProtectedAction protectedConfigs() {
    return ProtectedAction.of((String) value(ENABLE_PROTECTED_CONFIGS));
  }

  /** Who may run DEBUG: enable-debug-command. */
  public ProtectedAction debugCommand() {
    return ProtectedAction.of((String) value(ENABLE_DEBUG_COMMAND));
  }

  public String requirepass() {
    return (String) value(REQUIREPASS);
  }

  /**
   * pizzaria-user: the ACL user Pizzaria connections run as and {@code auth <password>} logs in as
   * (Pizzaria's protocol has no user names); empty for the default user.
   */
  public String pizzariaUser() {
    return (String) value(PIZZARIA_USER);
  }

  /** The ACL file users are loaded from and ACL SAVE writes; empty when there is none. */
  public String aclfile() {
    return (String) value(ACLFILE);
  }

  /** acl-pubsub-default: whether new users start with allchannels (else resetchannels, Redis 7's default). */
  public boolean aclAllChannelsByDefault() {
    return "allchannels".equals(value(ACL_PUBSUB_DEFAULT));
  }

  public int acllogMaxLen() {
    return (Integer) value(ACLLOG_MAX_LEN);
  }

  /**
   * Origins (scheme://host[:port], or {@code *} for any) whose pages may open the WebSocket and
   * call the admin API, besides the server's own origin.
   */
  @SuppressWarnings("unchecked")
  public List<String> httpAllowedOrigins() {
    return (List<String>) value(HTTP_ALLOWED_ORIGINS);
  }

  /**
   * Host names (besides localhost and IP addresses) that HTTP requests may carry in their Host
   * header, or {@code *} for any: the guard against DNS rebinding.
   */
  @SuppressWarnings("unchecked")
  public List<String> httpAllowedHosts() {
    return (List<String>) value(HTTP_ALLOWED_HOSTS);
  }

  /** Whether {@code /metrics} and {@code /health/*} also require the password. */
  public boolean httpAuthProbes() {
    return (Boolean) value(HTTP_AUTH_PROBES);
  }

  public int maxclients() {
    return (Integer) value(MAXCLIENTS);
  }

  /** HTTP and WebSocket connections open at once, counted apart from {@link #maxclients()}. */
  public int httpMaxclients() {
    return (Integer) value(HTTP_MAXCLIENTS);
  }

  /** Seconds an HTTP connection has to send a whole request head, from its opening or its last response; 0: no limit. */
  public int httpHeaderTimeout() {
    return (Integer) value(HTTP_HEADER_TIMEOUT);
  }

  /** Seconds an HTTP request or WebSocket may go without any traffic before it is closed; 0: no limit. */
  public int httpIdleTimeout() {
    return (Integer) value(HTTP_IDLE_TIMEOUT);
  }

  public long protoMaxBulkLen() {
    return (Long) value(PROTO_MAX_BULK_LEN);
  }

  /** Keys tracking clients read that the server remembers at most (CLIENT TRACKING); 0 for no limit. */
  public int trackingTableMaxKeys() {
    return (Integer) value(TRACKING_TABLE_MAX_KEYS);
  }

  /** Bytes; 0 for no limit. */
  public long maxmemory() {
    return (Long) value(MAXMEMORY);
  }

  /**
   * Under an LFU maxmemory-policy (allkeys-lfu, volatile-lfu), lfu-log-factor and lfu-decay-time;
   * null under any other, when keys record their last access instead.
   */
  public LfuSettings lfuSettings() {
    Object[] snapshot = values;
    if (!((String) snapshot[MAXMEMORY_POLICY.ordinal()]).endsWith("-lfu")) {
      return null;
    }
    return new LfuSettings((Integer) snapshot[LFU_LOG_FACTOR.ordinal()], (Integer) snapshot[LFU_DECAY_TIME.ordinal()]);
  }

  /** maxmemory and the eviction directives, for one of {@code shards} shards (each keeps its share). */
  public EvictionSettings evictionSettings(int shards) {
    Object[] snapshot = values;
    return EvictionSettings.of((Long) snapshot[MAXMEMORY.ordinal()], shards, (String) snapshot[MAXMEMORY_POLICY.ordinal()],
        (Integer) snapshot[MAXMEMORY_SAMPLES.ordinal()], (Integer) snapshot[MAXMEMORY_EVICTION_TENACITY.ordinal()]);
  }

  public String maxmemoryPolicy() {
    return (String) value(MAXMEMORY_POLICY);
  }

  /** Output limits per client class (normal, replica, pubsub), enforced by {@link io.verdis.pubsub.OutputLimit}. */
  public OutputBufferLimits clientOutputBufferLimit() {
    return (OutputBufferLimits) value(CLIENT_OUTPUT_BUFFER_LIMIT);
  }

  /**
   * What the normal and pubsub clients together may hold before the biggest are evicted
   * (maxmemory-clients), in bytes; 0 for no limit. A percentage applies to maxmemory (none
   * without one) and, as Redis's getClientEvictionLimit, no limit is below 128 KB, so a bad
   * setting cannot cut every client off.
   */
  public long clientEvictionLimit() {
    Object[] snapshot = values;
    long clients = (Long) snapshot[MAXMEMORY_CLIENTS.ordinal()];
    long maxmemory = (Long) snapshot[MAXMEMORY.ordinal()];
    long limit;
    if (clients < 0 && maxmemory > 0) {
      limit = (long) (maxmemory * (-clients / 100.0));
    } else if (clients > 0) {
      limit = clients;
    } else {
      return 0;
    }
    return Math.max(limit, MIN_CLIENT_EVICTION_LIMIT);
  }

  /** Redis's floor under maxmemory-clients. */
  private static final long MIN_CLIENT_EVICTION_LIMIT = 128 * 1024;

  public boolean appendonly() {
    return (Boolean) value(APPENDONLY);
  }

  /** One of always, everysec, no. */
  public String appendfsync() {
    return (String) value(APPENDFSYNC);
  }

  public String appendfilename() {
    return (String) value(APPENDFILENAME);
  }

  public String appenddirname() {
    return (String) value(APPENDDIRNAME);
  }

  public String dbfilename() {
    return (String) value(DBFILENAME);
  }

  /** The {@code save} conditions; empty when snapshots are off. */
  @SuppressWarnings("unchecked")
  public List<SavePoint> savePoints() {
    return (List<SavePoint>) value(SAVE);
  }

  public boolean stopWritesOnBgsaveError() {
    return (Boolean) value(STOP_WRITES_ON_BGSAVE_ERROR);
  }

  /** Whether a last AOF record cut short is dropped at start-up (else loading stops). */
  public boolean aofLoadTruncated() {
    return (Boolean) value(AOF_LOAD_TRUNCATED);
  }

  /** Whether an AOF rewrite writes its base as an RDB file (faster to load) rather than RESP commands. */
  public boolean aofUseRdbPreamble() {
    return (Boolean) value(AOF_USE_RDB_PREAMBLE);
  }

  /** Growth of the AOF over its size after the last rewrite, in percent, that triggers a rewrite; 0 never. */
  public int autoAofRewritePercentage() {
    return (Integer) value(AUTO_AOF_REWRITE_PERCENTAGE);
  }

  /** Bytes below which the AOF is never rewritten automatically. */
  public long autoAofRewriteMinSize() {
    return (Long) value(AUTO_AOF_REWRITE_MIN_SIZE);
  }

  /** Bytes of the replication stream kept for replicas that come back (partial resync). */
  public long replBacklogSize() {
    return (Long) value(REPL_BACKLOG_SIZE);
  }

  /** Seconds between the PINGs the primary sends down the replication stream. */
  public int replPingReplicaPeriod() {
    return (Integer) value(REPL_PING_REPLICA_PERIOD);
  }

  /** Whether a replica that takes an EOF-marked transfer gets its RDB straight from the snapshot, not through a file. */
  public boolean replDisklessSync() {
    return (Boolean) value(REPL_DISKLESS_SYNC);
  }

  /** Seconds without replicas after which the backlog is freed; 0 keeps it for good. */
  public long replBacklogTtl() {
    return (Long) value(REPL_BACKLOG_TTL);
  }

  /** Good replicas (online, acknowledged within min-replicas-max-lag) a write needs; 0: none. */
  public int minReplicasToWrite() {
    return (Integer) value(MIN_REPLICAS_TO_WRITE);
  }

  /** Seconds since its last ACK within which a replica counts as good for min-replicas-to-write. */
  public int minReplicasMaxLag() {
    return (Integer) value(MIN_REPLICAS_MAX_LAG);
  }

  /** Seconds after which a replica that acknowledged nothing is dropped. */
  public int replTimeout() {
    return (Integer) value(REPL_TIMEOUT);
  }

  /** The primary this node replicates ({@code replicaof host port}), or an empty list. */
  @SuppressWarnings("unchecked")
  public List<String> replicaof() {
    return (List<String>) value(REPLICAOF);
  }

  /**
  * REPLICAOF changes {@code replicaof}, which CONFIG SET may not (as in Redis): CONFIG GET and
  * CONFIG REWRITE then show the primary this node follows. Empty for none.
  */
  public synchronized void replicaof(List<String> hostAndPort) {
    Object[] next = values.clone();
    next[REPLICAOF.ordinal()] = List.copyOf(hostAndPort);
    values = next;
  }

  public String masterauth() {
    return (String) value(MASTERAUTH);
  }

  public String masteruser() {
    return (String) value(MASTERUSER);
  }

  /** Writes from clients other than the primary's link are refused while this node is a replica. */
  public boolean replicaReadOnly() {
    return (Boolean) value(REPLICA_READ_ONLY);
  }

  /** Whether a replica whose link is down still answers reads. */
  public boolean replicaServeStaleData() {
    return (Boolean) value(REPLICA_SERVE_STALE_DATA);
  }

  public int replicaPriority() {
    return (Integer) value(REPLICA_PRIORITY);
  }

  public boolean replicaAnnounced() {
    return (Boolean) value(REPLICA_ANNOUNCED);
  }

  public String replicaAnnounceIp() {
    return (String) value(REPLICA_ANNOUNCE_IP);
  }

  public int replicaAnnouncePort() {
    return (Integer) value(REPLICA_ANNOUNCE_PORT);
  }

  /** The event classes and channels of keyspace notifications, as {@link io.verdis.pubsub.NotifyFlags} flags; 0 none. */
  public int notifyKeyspaceEvents() {
    return (Integer) value(NOTIFY_KEYSPACE_EVENTS);
  }

  /** Microseconds; negative disables the slow log, 0 logs every command. */
  public long slowlogLogSlowerThan() {
    return (Long) value(SLOWLOG_LOG_SLOWER_THAN);
  }

  public int slowlogMaxLen() {
    return (Integer) value(SLOWLOG_MAX_LEN);
  }

  /** Milliseconds from which the latency monitor records a spike; 0 turns it off. */
  public long latencyMonitorThreshold() {
    return (Long) value(LATENCY_MONITOR_THRESHOLD);
  }

  /** Whether /metrics also shows Vert.x's own (net server, HTTP server, event bus): fixed when Vert.x starts. */
  public boolean metricsVertx() {
    return (Boolean) value(METRICS_VERTX);
  }

  // ---- TLS (io.verdis.net.TlsSettings turns these into Vert.x options) ---------------------------

  /** The RESP listener speaking TLS; 0 for none. */
  public int tlsPort() {
    return (Integer) value(TLS_PORT);
  }

  public String tlsCertFile() {
    return (String) value(TLS_CERT_FILE);
  }

  public String tlsKeyFile() {
    return (String) value(TLS_KEY_FILE);
  }

  /** The password of an encrypted tls-key-file; empty when it is not encrypted. */
  public String tlsKeyFilePass() {
    return (String) value(TLS_KEY_FILE_PASS);
  }

  public String tlsCaCertFile() {
    return (String) value(TLS_CA_CERT_FILE);
  }

  public String tlsCaCertDir() {
    return (String) value(TLS_CA_CERT_DIR);
  }

  /** no, yes (a client certificate is required) or optional (checked when one is sent). */
  public String tlsAuthClients() {
    return (String) value(TLS_AUTH_CLIENTS);
  }

  /** Space-separated protocol names (TLSv1.2 TLSv1.3); empty for the default. */
  public String tlsProtocols() {
    return (String) value(TLS_PROTOCOLS);
  }

  /** TLSv1.2 cipher suites, colon-separated; empty for the default. */
  public String tlsCiphers() {
    return (String) value(TLS_CIPHERS);
  }

  /** TLSv1.3 cipher suites, colon-separated; empty for the default. */
  public String tlsCiphersuites() {
    return (String) value(TLS_CIPHERSUITES);
  }

  public boolean tlsPreferServerCiphers() {
    return (Boolean) value(TLS_PREFER_SERVER_CIPHERS);
  }

  public boolean tlsSessionCaching() {
    return (Boolean) value(TLS_SESSION_CACHING);
  }

  public int tlsSessionCacheSize() {
    return (Integer) value(TLS_SESSION_CACHE_SIZE);
  }

  /** Seconds. */
  public int tlsSessionCacheTimeout() {
    return (Integer) value(TLS_SESSION_CACHE_TIMEOUT);
  }

  /** The certificate presented as a client (replication, cluster bus): tls-client-cert-file, else tls-cert-file. */
  public String tlsClientCertFile() {
    String own = (String) value(TLS_CLIENT_CERT_FILE);
    return own.isEmpty() ? tlsCertFile() : own;
  }

  /** The key of {@link #tlsClientCertFile()}, with its password below. */
  public String tlsClientKeyFile() {
    return ((String) value(TLS_CLIENT_CERT_FILE)).isEmpty() ? tlsKeyFile() : (String) value(TLS_CLIENT_KEY_FILE);
  }

  public String tlsClientKeyFilePass() {
    return ((String) value(TLS_CLIENT_CERT_FILE)).isEmpty() ? tlsKeyFilePass() : (String) value(TLS_CLIENT_KEY_FILE_PASS);
  }

  public boolean tlsReplication() {
    return (Boolean) value(TLS_REPLICATION);
  }

  public boolean tlsCluster() {
    return (Boolean) value(TLS_CLUSTER);
  }

  public boolean httpTls() {
    return (Boolean) value(HTTP_TLS);
  }

  /** no, yes or optional, as tls-auth-clients, for HTTPS (http-tls). */
  public String httpTlsAuthClients() {
    return (String) value(HTTP_TLS_AUTH_CLIENTS);
  }

  public boolean pizzariaTls() {
    return (Boolean) value(PIZZARIA_TLS);
  }

  // ---- CONFIG GET / SET / REWRITE ---------------------------------------------------------------

  /**
  * CONFIG GET for one pattern: the directives whose names match it (glob, case-insensitive),
  * each with its value as Redis shows it. As in Redis, a name without glob characters is looked
  * up directly and answered under the name as it was asked.
  */
  public List<Map.Entry<String, String>> get(byte[] pattern) {
    return get(List.of(pattern));
  }

  /** {@link #get(byte[])} for a UTF-8 pattern. */
  public List<Map.Entry<String, String>> get(String pattern) {
    return get(pattern.getBytes(StandardCharsets.UTF_8));
  }

  /** CONFIG GET for several patterns (Redis 7): each name once, in table order per pattern. */
  public List<Map.Entry<String, String>> get(List<byte[]> patterns) {
    Object[] snapshot = values;
    // As in Redis, each name is answered once, and an alias is a name of its own: a pattern
    // matching both the new and the old name lists both.
    Set<String> found = new HashSet<>();
    List<Map.Entry<String, String>> replies = new ArrayList<>();
    for (byte[] pattern : patterns) {
      if (!hasGlobCharacters(pattern)) {
        String name = new String(pattern, StandardCharsets.UTF_8);
        Directive.named(name).filter(directive -> found.add(name.toLowerCase(Locale.ROOT)))
            .ifPresent(directive -> replies.add(entry(name, directive, snapshot)));
        continue;
      }
      for (Directive directive : Directive.values()) {
        addMatching(pattern, directive.configName(), directive, snapshot, found, replies);
        for (String alias : directive.aliases()) {
          addMatching(pattern, alias, directive, snapshot, found, replies);
        }
      }
    }
    return replies;
  }

  private static void addMatching(byte[] pattern, String name, Directive directive, Object[] snapshot,
      Set<String> found, List<Map.Entry<String, String>> replies) {
    if (!found.contains(name) && GlobPattern.matches(pattern, name.getBytes(StandardCharsets.US_ASCII), true)) {
      found.add(name);
      replies.add(entry(name, directive, snapshot));
    }
  }

  /**
  * CONFIG SET of one directive.
  *
  * @throws ConfigException whose message is Redis 7's error reply
  */
  public void set(String name, String value) {
    set(List.of(Map.entry(name, value)));
  }

  /**
  * CONFIG SET of several directives at once: all of them change, or (on any error) none.
  * Listeners of the directives whose value changed run afterwards, on the calling thread.
  *
  * @throws ConfigException whose message is Redis 7's error reply: the first unknown,
  *                         immutable or repeated name, else the first value that does not parse
  */
  public void set(List<Map.Entry<String, String>> pairs) {
    set(pairs, false);
  }

  /**
  * As {@link #set(List)} for a client; {@code localClient}: it connects from the machine itself,
  * which enable-protected-configs "local" lets change the protected directives. The stage
  * completes once what the appliers ({@link #onSet}) started has taken effect (a TLS listener
  * holding its new certificate), so that the client's next connection sees the change.
  */
  public CompletionStage<Void> set(List<Map.Entry<String, String>> pairs, boolean localClient) {
    synchronized (this) {
      Directive[] directives = lookUpForSet(pairs, protectedConfigs().allows(localClient));
      Object[] next = values.clone();
      for (int i = 0; i < directives.length; i++) {
        try {
          Object given = directives[i].parse(List.of(pairs.get(i).getValue()));
          next[directives[i].ordinal()] = directives[i].type().update(values[directives[i].ordinal()], given);
        } catch (InvalidValueException e) {
          // Redis names the directive as spelt, lower-cased: an alias under its own name.
          throw setFailed(pairs.get(i).getKey().toLowerCase(Locale.ROOT), e.reason());
        }
      }
      CompletionStage<Void> applied = apply(pairs, directives, next);
      List<Directive> changed = new ArrayList<>();
      for (Directive directive : directives) {
        if (!Objects.equals(values[directive.ordinal()], next[directive.ordinal()])) {
          changed.add(directive);
        }
      }
      values = next;
      notifyListeners(changed);
      return applied;
    }
  }

  /**
  * Calls {@code listener} after each CONFIG SET that changes the named directive, so the
  * server can apply it (a new password, a new slow log length ...). It runs on the thread that
  * called {@link #set}; a listener that owns an event loop should hop onto it.
  */
  public void onChange(String name, Consumer<Config> listener) {
    Directive directive = Directive.named(name)
        .orElseThrow(() -> new IllegalArgumentException("no such directive: " + name));
    synchronized (this) {
      listeners.computeIfAbsent(directive, d -> new CopyOnWriteArrayList<>()).add(listener);
    }
  }

  /**
  * Takes effect before CONFIG SET commits, as Redis's apply functions: it is given the
  * configuration as it would be, and when it fails nothing changes and CONFIG SET answers with
  * its reason. Unlike {@link #onChange}, it runs whenever a CONFIG SET names one of the
  * directives, even with the value it already had: Redis's volatile directives (certificate
  * files) are re-read that way after the files change.
  */
  public void onSet(List<String> names, Apply apply) {
    synchronized (this) {
      for (String name : names) {
        appliers.put(Directive.named(name).orElseThrow(() -> new IllegalArgumentException("no such directive: " + name)),
            apply);
      }
    }
  }

  /** Applies a CONFIG SET to the running server before it is committed (see {@link #onSet}). */
  @FunctionalInterface
  public interface Apply {
    /**
     * @return completes when the change has taken effect everywhere
     * @throws InvalidValueException with the reason CONFIG SET gives when it cannot be applied
     */
    CompletionStage<?> apply(Config candidate) throws InvalidValueException;
  }

  private volatile java.util.function.Supplier<List<String>> userLines;

  /** The {@code user} lines CONFIG REWRITE writes (the ACL users), given by the server once it has them. */
  public void userLines(java.util.function.Supplier<List<String>> lines) {
    this.userLines = lines;
  }

  /**
  * CONFIG REWRITE: writes the running values into the config file the server was started with.
  *
  * @throws ConfigException with Redis's reply when there is no config file or it can't be written
  */
  public synchronized void rewrite() {
    if (file == null) {
      throw new ConfigException("ERR The server is running without a config file");
    }
    try {
      ConfigRewriter.rewrite(file, values, userLines == null ? null : userLines.get());
    } catch (IOException e) {
      throw new ConfigException("ERR Rewriting config file: " + ConfigFileReader.describe(e));
    }
  }

  // ---- Internals --------------------------------------------------------------------------------

  private Object value(Directive directive) {
    return values[directive.ordinal()];
  }

  /** Redis's first pass over CONFIG SET arguments: names are checked before any value is. */
  private Directive[] lookUpForSet(List<Map.Entry<String, String>> pairs, boolean protectedAllowed) {
    Directive[] directives = new Directive[pairs.size()];
    String error = null;
    for (int i = 0; i < pairs.size() && error == null; i++) {
      String name = pairs.get(i).getKey();
      Optional<Directive> directive = Directive.named(name);
      if (directive.isEmpty()) {
        error = "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
      } else if (!directive.get().mutable()) {
        error = setFailedMessage(name, "can't set immutable config");
      } else if (directive.get().protectedConfig() && !protectedAllowed) {
        error = setFailedMessage(name, "can't set protected config");
      } else if (Arrays.asList(directives).subList(0, i).contains(directive.get())) {
        error = setFailedMessage(name, "duplicate parameter");
      }
      directives[i] = directive.orElse(null);
    }
    if (error != null) {
      throw new ConfigException(error);
    }
    return directives;
  }

  /** Runs each applier the pairs name once, in the order first named; the first failure aborts the SET. */
  private CompletionStage<Void> apply(List<Map.Entry<String, String>> pairs, Directive[] directives, Object[] next) {
    Set<Apply> done = new HashSet<>();
    List<CompletableFuture<?>> effects = new ArrayList<>();
    Config candidate = null;
    for (int i = 0; i < directives.length; i++) {
      Apply apply = appliers.get(directives[i]);
      if (apply == null || !done.add(apply)) {
        continue;
      }
      if (candidate == null) {
        candidate = new Config(next, file, warnings);
      }
      try {
        effects.add(apply.apply(candidate).toCompletableFuture());
      } catch (InvalidValueException e) {
        throw setFailed(pairs.get(i).getKey().toLowerCase(Locale.ROOT), e.reason());
      }
    }
    return CompletableFuture.allOf(effects.toArray(new CompletableFuture<?>[0]));
  }

  private void notifyListeners(List<Directive> changed) {
    RuntimeException failure = null;
    for (Directive directive : changed) {
      for (Consumer<Config> listener : listeners.getOrDefault(directive, List.of())) {
        try {
          listener.accept(this);
        } catch (RuntimeException e) {
          // The value is set either way; let the other listeners hear about it too.
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static boolean hasGlobCharacters(byte[] pattern) {
    for (byte b : pattern) {
      if (b == '*' || b == '?' || b == '[') {
        return true;
      }
    }
    return false;
  }

  private static Map.Entry<String, String> entry(String name, Directive directive, Object[] snapshot) {
    return new SimpleImmutableEntry<>(name, directive.render(snapshot[directive.ordinal()]));
  }

  private static ConfigException setFailed(String name, String reason) {
    return new ConfigException(setFailedMessage(name, reason));
  }

  private static String setFailedMessage(String name, String reason) {
    return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
  }

  // ---- Cluster ----------------------------------------------------------------------------------

  public boolean clusterEnabled() {
    return (Boolean) value(CLUSTER_ENABLED);
  }

  /** The node's identity file inside {@code dir} (Redis's nodes.conf). */
  public String clusterConfigFile() {
    return (String) value(CLUSTER_CONFIG_FILE);
  }

  /** Hazelcast's cluster name: nodes with another name never join this cluster. */
  public String clusterName() {
    return (String) value(CLUSTER_NAME);
  }

  /** Hazelcast's member port; 0 means {@code port} + 10000, as Redis's cluster bus. */
  public int clusterPort() {
    int configured = (Integer) value(CLUSTER_PORT);
    return configured != 0 ? configured : Math.min(65535, port() + 10000);
  }

  /** The clustered event bus's port (forwarded commands); 0 means {@code cluster-port} + 1000. */
  public int clusterBusPort() {
    int configured = (Integer) value(CLUSTER_BUS_PORT);
    return configured != 0 ? configured : Math.min(65535, clusterPort() + 1000);
  }

  /** tcp (a members list) or kubernetes (DNS lookup of a headless service). */
  public String clusterDiscovery() {
    return (String) value(CLUSTER_DISCOVERY);
  }

  /** host[:port] of other members, for tcp discovery. */
  @SuppressWarnings("unchecked")
  public List<String> clusterMembers() {
    return (List<String>) value(CLUSTER_MEMBERS);
  }

  public String clusterKubernetesService() {
    return (String) value(CLUSTER_KUBERNETES_SERVICE);
  }

  /** A Hazelcast XML file to start from, or "" for the built-in one (conf/cluster.xml's content). */
  public String clusterHazelcastConfig() {
    return (String) value(CLUSTER_HAZELCAST_CONFIG);
  }

  /** The address other nodes and clients reach this node at; "" means found out at start-up. */
  public String clusterAnnounceIp() {
    return (String) value(CLUSTER_ANNOUNCE_IP);
  }

  /** The plaintext RESP port announced to clients (MOVED, CLUSTER SLOTS); 0 means {@code port}. */
  public int clusterAnnouncePort() {
    int configured = (Integer) value(CLUSTER_ANNOUNCE_PORT);
    return configured != 0 ? configured : port();
  }

  /** The TLS port announced under tls-cluster; 0 means {@code tls-port}. */
  public int clusterAnnounceTlsPort() {
    int configured = (Integer) value(CLUSTER_ANNOUNCE_TLS_PORT);
    return configured != 0 ? configured : tlsPort();
  }

  public long clusterNodeTimeout() {
    return (Long) value(CLUSTER_NODE_TIMEOUT);
  }

  /** How many other nodes keep a copy of each node's slots, ready to take them over. */
  public int clusterReplicas() {
    return (Integer) value(CLUSTER_REPLICAS);
  }

  public boolean clusterRequireFullCoverage() {
    return (Boolean) value(CLUSTER_REQUIRE_FULL_COVERAGE);
  }

  public boolean clusterAllowReadsWhenDown() {
    return (Boolean) value(CLUSTER_ALLOW_READS_WHEN_DOWN);
  }

  /** Whether a command for a slot owned elsewhere is forwarded (true) or answered -MOVED. */
  public boolean clusterForwards() {
    return value(CLUSTER_ROUTING).equals("forward");
  }

}
