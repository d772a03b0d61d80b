package io.verdis.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import io.verdis.client.ClientSession;
import io.verdis.command.Errors;
import io.verdis.net.CommandEncoder;
import io.verdis.persist.AofChunk;
import io.verdis.persist.DatasetSnapshot;
import io.verdis.persist.ReplicationInfo;
import io.verdis.pubsub.OutputLimit;
import io.verdis.server.Config;
import io.verdis.server.ServerState;
import io.verdis.shard.CrossShardCall;
import io.verdis.shard.ShardStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * This node as a primary: replicas (redis-server, redis-cli --replica, another Verdis) attach
 * with SYNC/PSYNC and get an RDB of the dataset, then the write stream, which is the records
 * the shards hand to the AOF (deterministic already: absolute expiries, expired keys as DEL),
 * with SELECTs as Redis propagates them. The stream also fills the backlog that lets a replica
 * whose link dropped resume with only what it missed (+CONTINUE).
 *
 * <p>Shards only queue their chunks here ({@link #offer}); the stream is built and written on
 * this object's own context, one replica's socket at a time, so a slow replica never slows a
 * shard: its output waits in its socket until client-output-buffer-limit's replica class drops it.
 * The RDB and the stream join as the AOF rewrite's base and new incremental file do: the snapshot
 * is taken with every shard held, at the point of the stream where the replica's part begins.
 */
public final class Replication {
  private static final Logger LOG = Logger.getLogger(Replication.class.getName());
  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GETACK =
      "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = {'\n'};
  static final String NO_ID = "0".repeat(40);

  private final ServerState server;
  private final Config config;
  private final Context context;
  private volatile String replid = randomId();
  /** The history this node continued from before its current one (Redis's replid2), and where ours took over. */
  private volatile String replid2 = NO_ID;
  private volatile long secondOffset = -1;
  /**
   * This node replicates a primary: the stream is the primary's, proxied as it is applied (same
   * replication id, same offsets, as a Redis 7 replica feeds its own replicas), and the shards'
   * records are not turned into a stream of our own.
   */
  private volatile boolean proxying;
  private final ReplicaOf replicaOf;
  private final Failover failover;
  private final Queue<Object> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ReplicationStream stream = new ReplicationStream();
  private final List<ReplicaLink> links = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<Long, ReplicaHandshake> handshakes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, ReplicaLink> linksBySession = new ConcurrentHashMap<>();
  private final AckWaits waits;
  private volatile ReplicationBacklog backlog;
  /** The stream offset INFO and ROLE show, from any thread (the backlog is the context's). */
  private volatile long offset;
  private boolean getAckWanted;
  private long cronTicks;
  private boolean cronStarted;
  /** Since when no replica is attached, while the backlog exists (repl-backlog-ttl counts from there). */
  private long aloneSinceMs;

  public Replication(ServerState server) {
    this.server = server;
    this.config = server.config();
    this.context = server.vertx().getOrCreateContext();
    this.waits = new AckWaits(context, this::ackedAtLeast);
    this.replicaOf = new ReplicaOf(server, this);
    this.failover = new Failover(server, this, context);
  }

  /** This node's role as a replica (REPLICAOF). */
  public ReplicaOf replicaOf() {
    return replicaOf;
  }

  /** FAILOVER of this node as a primary. */
  public Failover failover() {
    return failover;
  }

  /** The replicas attached (any state), for FAILOVER. */
  List<ReplicaLink> links() {
    return links;
  }

  // ---- The stream -------------------------------------------------------------------------------

  /** A chunk of records a shard committed; any thread, in the order the AOF gets them. */
  public void offer(AofChunk chunk) {
    queue.offer(chunk);
    scheduleDrain();
  }

  /** Runs {@code task} on the replication context after every chunk offered before it. */
  private void offerTask(Runnable task) {
    queue.offer(task);
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> {
        drainScheduled.set(false);
        drain();
      });
    }
  }

  /** Builds the stream from what is queued and sends it on; on the replication context. */
  private void drain() {
    Object item;
    while ((item = queue.poll()) != null) {
      if (item instanceof AofChunk chunk) {
        if (backlog != null && !proxying) {
          stream.append(chunk);
        }
      } else {
        flush();
        ((Runnable) item).run();
      }
    }
    // Not while clients are paused, as Redis: a GETACK moves the offset a FAILOVER waits for the
    // replica to reach (the replicas acknowledge every second anyway).
    if (getAckWanted && backlog != null && !server.clientPause().active()) {
      stream.appendRaw(GETACK);
      getAckWanted = false;
    }
    flush();
  }

  /** What the stream gathered goes to the backlog and to every replica. */
  private void flush() {
    if (stream.isEmpty()) {
      return;
    }
    byte[] bytes = stream.take();
    backlog.append(bytes, 0, bytes.length);
    offset = backlog.endOffset();
    long now = System.currentTimeMillis();
    for (ReplicaLink link : links) {
      link.feed(bytes);
      if (link.overOutputLimit(now)) {
        dropOverLimit(link);
      }
    }
  }

  /**
   * A command that goes to the replicas but not to the AOF (PUBLISH, SPUBLISH: subscribers of a
   * replica get the messages, as Redis propagates them); nothing while no backlog exists.
   */
  public void propagate(byte[][] argv) {
    if (backlog == null || proxying) {
      return;
    }
    ByteBuf encoded = Unpooled.buffer(CommandEncoder.sizeOf(argv));
    CommandEncoder.write(encoded, argv);
    byte[] command = new byte[encoded.readableBytes()];
    encoded.readBytes(command);
    offerTask(() -> {
      if (backlog != null) {
        stream.appendRaw(command);
      }
    });
  }

  // ---- Attaching replicas -----------------------------------------------------------------------

  /** REPLCONF listening-port / ip-address / capa, before the replica's PSYNC. */
  public void listeningPort(ClientSession session, int port) {
    handshake(session).listeningPort(port);
  }

  public void announcedIp(ClientSession session, String ip) {
    handshake(session).announcedIp(ip);
  }

  public void capability(ClientSession session, String capability) {
    if (capability.equalsIgnoreCase("psync2")) {
      handshake(session).psync2(true);
    } else if (capability.equalsIgnoreCase("eof")) {
      handshake(session).eof(true);
    }
  }

  private ReplicaHandshake handshake(ClientSession session) {
    return handshakes.computeIfAbsent(session.id(), id -> new ReplicaHandshake());
  }

  /**
   * SYNC ({@code replid} null) or PSYNC: continues from the backlog when the replica's history is
   * ours and what it misses is still there, as Redis's masterTryPartialResynchronization, else a
   * full resynchronization.
   */
  public void sync(ReplicaSocket socket, String requestedId, long requestedOffset) {
    if (proxying && !replicaOf.linkUp()) {
      // Redis's syncCommand: a replica serves replicas only while it is in sync itself.
      socket.write("-NOMASTERLINK Can't SYNC while not connected with my master\r\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    ReplicaHandshake handshake = handshakes.remove(socket.session().id());
    ReplicaLink link = new ReplicaLink(socket, handshake == null ? new ReplicaHandshake() : handshake,
        OutputLimit.replica(config), requestedId != null);
    socket.onClose(() -> context.runOnContext(ignored -> drop(link, "Connection with replica %s lost.")));
    // Behind every chunk queued so far: the backlog must have them before it is looked at.
    offerTask(() -> {
      if (requestedId != null && tryContinue(link, requestedId, requestedOffset)) {
        return;
      }
      fullSync(link, requestedId != null);
    });
  }

  private boolean tryContinue(ReplicaLink link, String requestedId, long requestedOffset) {
    ReplicationBacklog current = backlog;
    String name = describe(link);
    boolean ours = requestedId.equalsIgnoreCase(replid);
    boolean previous = requestedId.equalsIgnoreCase(replid2) && requestedOffset <= secondOffset;
    if (!ours && !previous) {
      if (!requestedId.equals("?")) {
        LOG.info("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '"
            + requestedId + "', my replication IDs are '" + replid + "' and '" + replid2 + "')");
      } else {
        LOG.info("Full resync requested by replica " + name);
      }
      return false;
    }
    if (proxying && !replicaOf.linkUp()) {
      LOG.info("Cannot continue replica " + name + " while my link to my primary is down");
      return false;
    }
    if (current == null || !current.holdsFrom(requestedOffset)) {
      LOG.info("Unable to partial resync with replica " + name + " for lack of backlog (Replica request was: "
          + requestedOffset + ").");
      return false;
    }
    link.state(ReplicaLink.State.ONLINE);
    link.acked(requestedOffset - 1);
    ReplicaSocket socket = link.socket();
    socket.write(("+CONTINUE" + (link.handshake().psync2() ? " " + replid : "") + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    long missing = current.endOffset() - requestedOffset + 1;
    if (missing > 0) {
      socket.write(current.from(requestedOffset));
    }
    attach(link);
    LOG.info("Partial resynchronization request from " + name + " accepted. Sending " + missing
        + " bytes of backlog starting from offset " + requestedOffset + ".");
    return true;
  }

  /**
   * With every shard held: the records before go out to the replicas already attached, the new
   * one starts holding the stream from here, and the snapshot is taken. Then its RDB goes out,
   * straight from the snapshot (diskless) or from a temporary file, and, once sent, what the
   * stream brought meanwhile.
   */
  private void fullSync(ReplicaLink link, boolean psync) {
    String name = describe(link);
    boolean diskless = config.replDisklessSync() && link.handshake().eof();
    LOG.info("Replica " + name + " asks for synchronization; starting BGSAVE for SYNC with target: "
        + (diskless ? "replicas sockets" : "disk"));
    // A replica proxying its primary's stream stops applying it for the moment the snapshot is
    // taken, so the snapshot and the backlog's offset are the same point of the primary's history.
    boolean paused = proxying;
    Future<Void> quiet = paused ? replicaOf.pauseApplying() : Future.succeededFuture();
    quiet.compose(ready -> CrossShardCall.withAllHeld(server, context, stores -> {
      if (!proxying) {
        activate();
        for (ShardStore store : stores) {
          store.recording(true);
        }
      }
      drain();
      stream.forgetSelectedDb();
      attach(link);
      long snapshotOffset = backlog.endOffset();
      if (psync) {
        link.socket().write(("+FULLRESYNC " + replid + " " + snapshotOffset + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
      return DatasetSnapshot.of(stores, server.scripting().functions());
    })).onComplete(taken -> {
      if (paused) {
        replicaOf.resumeApplying();
      }
      if (taken.failed()) {
        drop(link, "Dropping replica %s: no snapshot for it.");
        link.socket().closeNow();
      } else if (diskless) {
        link.state(ReplicaLink.State.SEND_BULK);
        context.executeBlocking(() -> {
          RdbTransfer.stream(taken.result(), link.socket(), () -> links.contains(link));
          return null;
        }, false).onComplete(sent -> context.runOnContext(done -> rdbSent(link, sent.succeeded(), true)));
      } else {
        sendFromDisk(link, taken.result());
      }
    });
  }

  private void sendFromDisk(ReplicaLink link, DatasetSnapshot snapshot) {
    context.executeBlocking(() -> RdbTransfer.write(snapshot, Paths.get(config.dir())), false)
        .onComplete(written -> context.runOnContext(ignored -> {
          if (written.failed()) {
            LOG.warning("Could not write the RDB for replica " + describe(link) + ": " + written.cause().getMessage());
            drop(link, "Dropping replica %s: no RDB to send it.");
            link.socket().closeNow();
          } else if (!links.contains(link)) {
            RdbTransfer.delete(written.result());
          } else {
            link.state(ReplicaLink.State.SEND_BULK);
            RdbTransfer.send(link.socket(), written.result())
                .onComplete(sent -> context.runOnContext(done -> rdbSent(link, sent.succeeded(), false)));
          }
        }));
  }

  private void rdbSent(ReplicaLink link, boolean sent, boolean diskless) {
    if (!sent) {
      drop(link, "Dropping replica %s: sending its RDB failed.");
      link.socket().closeNow();
    } else if (!links.contains(link)) {
      return;
    } else if (diskless) {
      link.onlineOnFirstAck();
      LOG.info("Streamed RDB transfer with replica " + describe(link)
          + " succeeded (socket). Waiting for REPLCONF ACK from replica to enable streaming");
    } else {
      link.online();
      LOG.info("Synchronization with replica " + describe(link) + " succeeded");
    }
  }

  /**
   * The first replica creates the backlog and turns the stream on, as Redis's first SYNC does;
   * its offsets go on from where the stream was.
   */
  private void activate() {
    if (backlog != null) {
      return;
    }
    backlog = new ReplicationBacklog(config.replBacklogSize(), offset);
    server.persistence().feedReplicas(this::offer);
    startCron();
  }

  private void startCron() {
    if (!cronStarted) {
      cronStarted = true;
      config.onChange("repl-backlog-size", changed -> context.runOnContext(ignored -> {
        if (backlog != null) {
          backlog.resize(changed.replBacklogSize());
        }
      }));
      server.vertx().setPeriodic(1000, id -> context.runOnContext(ignored -> cron()));
    }
  }

  /**
   * repl-backlog-ttl passed without replicas: the backlog goes, the shards stop recording for it,
   * and the replication id changes (no replica can continue a history nobody keeps), as Redis's
   * replicationCron does.
   */
  private void deactivate() {
    LOG.info("Replication backlog freed after " + config.replBacklogTtl()
        + " seconds without connected replicas.");
    server.persistence().stopFeedingReplicas();
    backlog = null;
    replid = randomId();
  }

  private void attach(ReplicaLink link) {
    links.add(link);
    linksBySession.put(link.socket().session().id(), link);
  }

  private void drop(ReplicaLink link, String why) {
    if (links.remove(link)) {
      linksBySession.remove(link.socket().session().id());
      LOG.info(String.format(why, describe(link)));
    }
  }

  private void dropOverLimit(ReplicaLink link) {
    OutputLimit.closing(server, describe(link));
    drop(link, "Dropped replica %s over its output buffer limit.");
    link.socket().closeNow();
  }

  private static String describe(ReplicaLink link) {
    return link.ip() + ":" + link.handshake().listeningPort();
  }

  // ---- Once a second ----------------------------------------------------------------------------

  /**
   * Redis's replicationCron, primary side: a PING down the stream every repl-ping-replica-period
   * seconds (the replicas' idea of a live link), a newline to replicas waiting for their RDB (so
   * they do not time out), the soft output limit of replicas nothing was written to, and
   * repl-timeout for replicas that stopped acknowledging.
   */
  private void cron() {
    cronTicks++;
    long ttlMs = config.replBacklogTtl() * 1000;
    if (backlog == null || !links.isEmpty() || proxying) {
      aloneSinceMs = 0;
    } else if (aloneSinceMs == 0) {
      aloneSinceMs = System.currentTimeMillis();
    } else if (ttlMs > 0 && System.currentTimeMillis() - aloneSinceMs > ttlMs) {
      aloneSinceMs = 0;
      deactivate();
    }
    // A replica's replicas get its primary's PINGs, proxied; it sends none of its own.
    // None while a FAILOVER waits for its target's offset to reach ours (Redis skips them during
    // one with a TIMEOUT); a plain CLIENT PAUSE keeps them, so replicas do not time out.
    if (!links.isEmpty() && !proxying && cronTicks % config.replPingReplicaPeriod() == 0
        && failover.state() == Failover.State.NO_FAILOVER) {
      stream.appendRaw(PING);
      flush();
    }
    long now = System.currentTimeMillis();
    long timeoutMs = config.replTimeout() * 1000L;
    for (ReplicaLink link : links) {
      if (link.state() == ReplicaLink.State.WAIT_BGSAVE) {
        link.socket().write(NEWLINE);
      }
      if (link.overOutputLimit(now)) {
        dropOverLimit(link);
      } else if (link.timedOut(now, timeoutMs)) {
        drop(link, "Disconnecting timedout replica (streaming sync): %s");
        link.socket().closeNow();
      }
    }
  }

  // ---- Acknowledgements and WAIT ----------------------------------------------------------------

  /** REPLCONF ACK from a replica's link; any thread. */
  public void ack(ClientSession session, long ackOffset) {
    ReplicaLink link = linksBySession.get(session.id());
    if (link == null) {
      return;
    }
    link.acked(ackOffset);
    if (link.waitsForFirstAck()) {
      context.runOnContext(ignored -> {
        if (link.waitsForFirstAck() && links.contains(link)) {
          link.online();
          LOG.info("Synchronization with replica " + describe(link) + " succeeded");
        }
      });
    }
    if (waits.any()) {
      context.runOnContext(ignored -> waits.answer());
    }
    if (failover.state() == Failover.State.WAIT_FOR_SYNC) {
      context.runOnContext(ignored -> failover.acked());
    }
  }

  /**
   * WAIT: completes with the number of replicas that acknowledged every write made before it, once
   * there are {@code replicas} of them or after {@code timeoutMs} (0: no timeout). The offset to
   * reach is taken behind the chunks already queued, so it covers the client's own writes.
   */
  public Future<Long> await(int replicas, long timeoutMs) {
    Promise<Long> answer = Promise.promise();
    offerTask(() -> getAckWanted |= waits.await(offset, replicas, timeoutMs, answer));
    return answer.future();
  }

  // ---- min-replicas-to-write -----------------------------------------------------------------------

  /**
   * Null when writes may go ahead; else Redis's -NOREPLICAS: min-replicas-to-write and
   * min-replicas-max-lag are both set and fewer replicas than asked are good. Any thread: it reads
   * the links' volatile state at the moment of the write, where Redis reads a count its cron
   * refreshes once a second.
   */
  public String writeRefusal() {
    int wanted = config.minReplicasToWrite();
    // A replica never counts its own replicas for this (Redis checks only while masterhost is NULL).
    if (wanted == 0 || config.minReplicasMaxLag() == 0 || replicaOf.active()) {
      return null;
    }
    return goodReplicas() >= wanted ? null : Errors.NOREPLICAS;
  }

  /** Whether INFO shows min_slaves_good_slaves: only while the check is on, as in Redis. */
  public boolean countsGoodReplicas() {
    return config.minReplicasToWrite() > 0 && config.minReplicasMaxLag() > 0;
  }

  /** Replicas online whose last ACK is at most min-replicas-max-lag seconds old (Redis's good slaves). */
  public int goodReplicas() {
    long now = System.currentTimeMillis();
    long maxLag = config.minReplicasMaxLag();
    int good = 0;
    for (ReplicaLink link : links) {
      if (link.state() == ReplicaLink.State.ONLINE && (now - link.ackTimeMs()) / 1000 <= maxLag) {
        good++;
      }
    }
    return good;
  }

  /** Bytes waiting in the replicas' output (MEMORY STATS clients.slaves). */
  public long replicaOutputBytes() {
    long bytes = 0;
    for (ReplicaLink link : links) {
      bytes += link.pendingBytes();
    }
    return bytes;
  }

  /** Replicas that completed their sync and take the stream now; any thread. */
  public int onlineReplicas() {
    int online = 0;
    for (ReplicaLink link : links) {
      if (link.state() == ReplicaLink.State.ONLINE) {
        online++;
      }
    }
    return online;
  }

  private long ackedAtLeast(long target) {
    long count = 0;
    for (ReplicaLink link : links) {
      if (link.state() == ReplicaLink.State.ONLINE && link.ackOffset() >= target) {
        count++;
      }
    }
    return count;
  }

  // ---- What INFO replication and ROLE show -------------------------------------------------------

  /** One attached replica as INFO and ROLE show it. */
  public record ReplicaView(String ip, int port, String state, long offset, long lagSeconds) {
  }

  public List<ReplicaView> replicas() {
    long now = System.currentTimeMillis();
    List<ReplicaView> views = new ArrayList<>();
    for (ReplicaLink link : links) {
      views.add(new ReplicaView(link.ip(), link.handshake().listeningPort(), link.state().infoName,
          link.ackOffset(), (now - link.ackTimeMs()) / 1000));
    }
    return views;
  }

  public String replid() {
    return replid;
  }

  public String replid2() {
    return replid2;
  }

  /** Where the current history took over from {@link #replid2()}, or -1 (Redis's second_repl_offset). */
  public long secondOffset() {
    return secondOffset;
  }

  // ---- This node as a replica: the primary's history is ours ------------------------------------

  /**
   * Before an RDB snapshot or a load (DEBUG RELOAD, LOADAOF): on a replica, the primary's stream
   * stops applying meanwhile (it waits, never dropped); completes once what was sent has run.
   * Pauses nest: each call is matched by one {@link #resumeStream}, even if the node stopped or
   * started replicating in between.
   */
  public Future<Void> pauseStream() {
    return replicaOf.pauseApplying();
  }

  public void resumeStream() {
    replicaOf.resumeApplying();
  }

  /** What an RDB saved now records of the history (on a replica that has one), or null. */
  public ReplicationInfo savedInfo() {
    return replicaOf.savedInfo();
  }

  /** At start-up, a replica's RDB said where it was: that history is ours until the primary answers. */
  void restoreHistory(String id, long restoredOffset) {
    offerTask(() -> {
      replid = id;
      offset = restoredOffset;
    });
  }

  /** REPLICAOF host port: from now on the stream is the primary's, proxied, not made here. */
  void follow() {
    offerTask(() -> {
      flush();
      proxying = true;
    });
  }

  /**
   * +FULLRESYNC: the primary's replication id and offset become ours, with a fresh backlog from
   * there; our own replicas start over, as they would follow a history we no longer have.
   */
  void adoptHistory(String primaryId, long primaryOffset) {
    offerTask(() -> {
      flush();
      proxying = true;
      dropAll("Disconnecting replica %s: my history was replaced by a full sync with my primary.");
      replid = primaryId;
      replid2 = NO_ID;
      secondOffset = -1;
      backlog = new ReplicationBacklog(config.replBacklogSize(), primaryOffset);
      offset = primaryOffset;
      startCron();
    });
  }

  /**
   * +CONTINUE: the history goes on; under a new replication id (the primary was promoted), the old
   * one becomes replid2 up to here, as Redis's psync2 does, and our replicas reconnect to learn it.
   */
  void continueHistory(String primaryId) {
    offerTask(() -> {
      flush();
      proxying = true;
      if (backlog == null) {
        backlog = new ReplicationBacklog(config.replBacklogSize(), offset);
        startCron();
      }
      if (primaryId != null && !primaryId.equalsIgnoreCase(replid)) {
        shiftHistory(primaryId);
        dropAll("Disconnecting replica %s: my primary's replication id changed.");
      }
    });
  }

  /** Bytes of the primary's stream this node applied: to our backlog and replicas, unchanged. */
  void proxy(byte[] bytes) {
    offerTask(() -> {
      if (proxying && backlog != null) {
        stream.appendRaw(bytes);
      }
    });
  }

  /**
   * REPLICAOF NO ONE: a new history starts here (replid2 is the primary's, so its other replicas
   * continue from us), and the stream is made from our own writes again, from a SELECT on.
   */
  Future<Void> unfollow() {
    Promise<Void> done = Promise.promise();
    offerTask(() -> CrossShardCall.withAllHeld(server, context, stores -> {
      drain();
      proxying = false;
      shiftHistory(randomId());
      stream.forgetSelectedDb();
      if (backlog != null) {
        for (ShardStore store : stores) {
          store.recording(true);
        }
        server.persistence().feedReplicas(this::offer);
      }
      return null;
    }).<Void>mapEmpty().onComplete(done));
    return done.future();
  }

  private void shiftHistory(String newId) {
    replid2 = replid;
    secondOffset = offset + 1;
    replid = newId;
  }

  private void dropAll(String why) {
    for (ReplicaLink link : links) {
      drop(link, why);
      link.socket().closeNow();
    }
  }

  /** master_repl_offset: the bytes of stream produced so far. */
  public long offset() {
    return offset;
  }

  public boolean backlogActive() {
    return backlog != null;
  }

  public long backlogSize() {
    ReplicationBacklog current = backlog;
    return current == null ? config.replBacklogSize() : current.size();
  }

  public long backlogFirstByteOffset() {
    ReplicationBacklog current = backlog;
    return current == null ? 0 : current.firstByteOffset();
  }

  public long backlogHistlen() {
    ReplicationBacklog current = backlog;
    return current == null ? 0 : current.histlen();
  }

  private static String randomId() {
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
