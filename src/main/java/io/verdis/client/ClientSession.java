package io.verdis.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * What the server knows about one connected client (Redis's {@code client} struct): identity,
 * selected database, protocol, authentication, and what CLIENT LIST shows.
 *
 * <p>Written only by the connection's event loop; other threads (CLIENT LIST, INFO) read it and
 * may see a slightly stale value, which is what Redis's listing promises anyway.
 */
public final class ClientSession {
  private final long id;
  private final String address;
  private final String localAddress;
  private final boolean encrypted;
  private final String protocolName;
  private final long createdMs;
  private final Runnable killer;
  private volatile Watch watch;
  private volatile Unblocker unblocker;
  private volatile boolean postponed;
  private volatile int queuedCommands = -1;
  private volatile boolean monitor;
  private final Promise<Void> gone = Promise.promise();

  /** Ends the blocking command a client waits in (CLIENT UNBLOCK). */
  @FunctionalInterface
  public interface Unblocker {
    /** True if the client was still waiting and is now answered: its timeout reply, or {@code error} when not null. */
    boolean unblock(String error);
  }
  private volatile String name = "";
  private volatile String libName = "";
  private volatile String libVersion = "";
  private volatile int db;
  private volatile int resp = 2;
  private volatile boolean authenticated;
  private volatile long lastInteractionMs;
  private volatile String lastCommand = "NULL";
  private volatile int channels;
  private volatile int patterns;
  private volatile int shardChannels;
  private volatile ClientBuffers buffers = ClientBuffers.NONE;
  private volatile boolean evicted;

  public ClientSession(long id, String address, String localAddress, boolean encrypted, String protocolName,
                       boolean authenticated, long nowMs, Runnable killer) {
    this.id = id;
    this.address = address;
    this.localAddress = localAddress;
    this.encrypted = encrypted;
    this.protocolName = protocolName;
    this.authenticated = authenticated;
    this.createdMs = nowMs;
    this.lastInteractionMs = nowMs;
    this.killer = killer;
  }

  public long id() {
    return id;
  }

  public String address() {
    return address;
  }

  public String localAddress() {
    return localAddress;
  }

  /** Whether the client's connection is TLS. */
  public boolean encrypted() {
    return encrypted;
  }

  /** "resp" or "pizzaria". */
  public String protocolName() {
    return protocolName;
  }

  public long createdMs() {
    return createdMs;
  }

  public String name() {
    return name;
  }

  public void name(String name) {
    this.name = name;
  }

  public String libName() {
    return libName;
  }

  public void libName(String libName) {
    this.libName = libName;
  }

  public String libVersion() {
    return libVersion;
  }

  public void libVersion(String libVersion) {
    this.libVersion = libVersion;
  }

  public int db() {
    return db;
  }

  public void db(int db) {
    this.db = db;
  }

  public int resp() {
    return resp;
  }

  public void resp(int resp) {
    this.resp = resp;
  }

  public boolean authenticated() {
    return authenticated;
  }

  private volatile io.verdis.acl.User user;

  /**
   * The ACL user this client runs as (Redis's c->user): {@code default} until AUTH or HELLO names
   * another; null for the node's own sessions (a forwarded client's, whose node checked it), which
   * may run anything.
   */
  public io.verdis.acl.User user() {
    return user;
  }

  public void user(io.verdis.acl.User user) {
    this.user = user;
  }

  private volatile Runnable channelRecheck = () -> { };

  /**
   * Asks the connection to close itself if it is subscribed to a channel or pattern its user may no
   * longer use (ACL SETUSER took channels away); from any thread, checked on the connection's loop.
   */
  public void recheckChannels() {
    channelRecheck.run();
  }

  public void channelRecheck(Runnable recheck) {
    this.channelRecheck = recheck;
  }

  /** The user's name as CLIENT LIST and ACL LOG show it. */
  public String userName() {
    io.verdis.acl.User current = user;
    return current == null ? "default" : current.name();
  }

  public void authenticated(boolean authenticated) {
    this.authenticated = authenticated;
  }

  public long lastInteractionMs() {
    return lastInteractionMs;
  }

  public String lastCommand() {
    return lastCommand;
  }

  public void interacted(long nowMs, String command) {
    this.lastInteractionMs = nowMs;
    this.lastCommand = command;
  }

  /** Subscription counts (CLIENT LIST sub= psub= ssub=), kept by the connection. */
  public void subscriptions(int channels, int patterns, int shardChannels) {
    this.channels = channels;
    this.patterns = patterns;
    this.shardChannels = shardChannels;
  }

  public int channels() {
    return channels;
  }

  public int patterns() {
    return patterns;
  }

  public int shardChannels() {
    return shardChannels;
  }

  /** Subscribed to anything: Redis's CLIENT_PUBSUB (flag P, client type pubsub). */
  public boolean isPubSub() {
    return channels + patterns + shardChannels > 0;
  }

  /** What the connection holds for this client: CLIENT LIST's qbuf, omem …, and its share of maxmemory-clients. */
  public ClientBuffers buffers() {
    return buffers;
  }

  public void buffers(ClientBuffers buffers) {
    this.buffers = buffers;
  }

  /** Chosen by client eviction and on its way out: not counted, nor chosen, again. */
  public boolean evicted() {
    return evicted;
  }

  void evicted(boolean evicted) {
    this.evicted = evicted;
  }

  /**
   * Closes the connection from any thread (CLIENT KILL, SHUTDOWN); completes once the client left
   * the registry, so CLIENT KILL answers only when CLIENT LIST no longer shows it.
   */
  public Future<Void> kill() {
    killer.run();
    return gone.future();
  }

  /** The connection closed and left the registry. */
  void gone() {
    gone.tryComplete();
  }

  /** The keys this client WATCHes until its next EXEC, DISCARD or UNWATCH, or null. */
  public Watch watch() {
    return watch;
  }

  public void watch(Watch watch) {
    this.watch = watch;
  }

  /** Set while the client waits in a blocking command, else null. */
  public void unblocker(Unblocker unblocker) {
    this.unblocker = unblocker;
  }

  /** CLIENT UNBLOCK: false when the client is not blocked (or was answered meanwhile). */
  public boolean unblock(boolean withError) {
    return unblock(withError ? "UNBLOCKED client unblocked via CLIENT UNBLOCK" : null);
  }

  /** Ends the blocking command with {@code error} (null: as if it timed out); false when not blocked. */
  public boolean unblock(String error) {
    Unblocker current = unblocker;
    return current != null && current.unblock(error);
  }

  /** In a blocking command, or held by CLIENT PAUSE (Redis 7.0 blocks a postponed client: flag b). */
  public boolean isBlocked() {
    return unblocker != null || postponed;
  }

  /** Held by CLIENT PAUSE (or FAILOVER's pause); set by the connection. */
  public void postponed(boolean postponed) {
    this.postponed = postponed;
  }

  /** Commands queued since MULTI, -1 outside a transaction (CLIENT LIST multi=). */
  public int queuedCommands() {
    return queuedCommands;
  }

  public void queuedCommands(int count) {
    this.queuedCommands = count;
  }

  private volatile boolean importing;

  /** Whether this is a cluster node moving slots here: it may write keys of slots not yet owned here. */
  public boolean importing() {
    return importing;
  }

  public void importing(boolean importing) {
    this.importing = importing;
  }


  private volatile boolean forwarded;

  /** Whether this is the session another cluster node keeps here for one of its clients (see ForwardedConnection). */
  public boolean forwarded() {
    return forwarded;
  }

  public void forwarded(boolean forwarded) {
    this.forwarded = forwarded;
  }

  private volatile boolean readOnly;

  /**
   * READONLY (Redis's CLIENT_READONLY): the client accepts reads served by replicas. Verdis has no
   * replicas yet, so it changes no routing; CLIENT LIST shows it as flag r, as Redis does.
   */
  public boolean readOnly() {
    return readOnly;
  }

  public void readOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  private volatile boolean noEvict;

  /**
   * CLIENT NO-EVICT (Redis's CLIENT_NO_EVICT): exempts the connection from client eviction
   * (maxmemory-clients, {@link ClientEviction}); its memory still counts. Flag e in CLIENT LIST.
   */
  public boolean noEvict() {
    return noEvict;
  }

  public void noEvict(boolean noEvict) {
    this.noEvict = noEvict;
  }

  private volatile boolean replica;

  /** A replica fed by this node (Redis's CLIENT_SLAVE): flag S, client type replica, never timed out. */
  public boolean replica() {
    return replica;
  }

  public void replica(boolean replica) {
    this.replica = replica;
  }

  private volatile boolean master;

  /**
   * The link to this node's primary, applying its replication stream (Redis's CLIENT_MASTER):
   * flag M, client type master, never refused READONLY, sees keys the primary has not expired yet.
   */
  public boolean master() {
    return master;
  }

  public void master(boolean master) {
    this.master = master;
  }

  private volatile TrackingMode tracking;
  private volatile boolean trackingRedirectBroken;
  private boolean cachingGiven;
  private volatile java.util.function.Consumer<byte[]> pushOut = frame -> { };

  /** How this client tracks keys (CLIENT TRACKING), or null while tracking is off. */
  public TrackingMode tracking() {
    return tracking;
  }

  /** Set by CLIENT TRACKING on the connection's loop; a new mode forgets a broken redirect, as Redis's enableTracking. */
  public void tracking(TrackingMode tracking) {
    this.tracking = tracking;
    this.trackingRedirectBroken = false;
  }

  /** The client it redirected to went (Redis's CLIENT_TRACKING_BROKEN_REDIR: flag R, broken_redirect). */
  public boolean trackingRedirectBroken() {
    return trackingRedirectBroken;
  }

  public void trackingRedirectBroken(boolean broken) {
    this.trackingRedirectBroken = broken;
  }

  /**
   * CLIENT CACHING YES (OPTIN) or NO (OPTOUT) was given for the next command (Redis's
   * CLIENT_TRACKING_CACHING); the connection's loop only.
   */
  public boolean cachingGiven() {
    return cachingGiven;
  }

  public void cachingGiven(boolean given) {
    this.cachingGiven = given;
  }

  /** Whether the reads of the command being dispatched now are remembered for invalidation. */
  public boolean remembersReads() {
    TrackingMode mode = tracking;
    return mode != null && mode.remembersReads(cachingGiven);
  }

  /** Hands an encoded out-of-band frame (an invalidation) to this client's connection, from any thread. */
  public void pushOut(byte[] frame) {
    pushOut.accept(frame);
  }

  public void pushOut(java.util.function.Consumer<byte[]> sink) {
    this.pushOut = sink;
  }

  /** In MONITOR mode (Redis's CLIENT_MONITOR): flag O in CLIENT LIST. */
  public boolean monitor() {
    return monitor;
  }

  public void monitor(boolean monitor) {
    this.monitor = monitor;
  }
}
