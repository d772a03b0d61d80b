package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.verdis.client.ClientBuffers;
import io.verdis.client.ClientEviction;
import io.verdis.client.ClientInfo;
import io.verdis.client.ClientMemory;
import io.verdis.client.ClientSession;
import io.verdis.client.Monitors;
import io.verdis.client.Watch;
import io.verdis.cluster.ClusterErrors;
import io.verdis.cluster.ClusterFanOut;
import io.verdis.cluster.ClusterRouter;
import io.verdis.cluster.ConnectionLinks;
import io.verdis.cluster.PizzariaFanOut;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandInvoker;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandException;
import io.verdis.command.DeferredReply;
import io.verdis.command.TransactionControl;
import io.verdis.command.Errors;
import io.verdis.persist.Persistence;
import io.verdis.pubsub.OutputLimit;
import io.verdis.pubsub.Publication;
import io.verdis.pubsub.Subscriber;
import io.verdis.pubsub.Subscriptions;
import io.verdis.replication.ReplicaSocket;
import io.verdis.server.ServerState;
import io.verdis.shard.BlockedClient;
import io.verdis.shard.CommandBatch;
import io.verdis.command.RoamingCommand;
import io.verdis.shard.CrossShardCall;
import io.verdis.shard.ShardMessage;
import io.verdis.shard.ShardSet;
import io.verdis.shard.Transaction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection, whatever its protocol: routes each command to the shard that owns its
 * keys, one batch per shard per socket read, and writes the replies back in request order even
 * when shards answer out of order.
 *
 * <p>A command whose keys span shards (or that needs all of them) is a barrier: the commands after
 * it wait until it is done, because they must observe it, and the socket stops being read. Deep
 * pipelines are bounded the same way: past {@link #MAX_INFLIGHT} unanswered commands, or when the
 * client does not read its replies, the socket is paused until the backlog drains. Replies go to
 * the socket a chunk at a time as it takes them ({@link PendingOutput}); past
 * {@link #OUTPUT_PAUSE_BYTES} of replies waiting there, or {@link #DISPATCH_AHEAD} commands not yet
 * answered, the client's next commands wait too, even those of the socket read being parsed. A
 * client that does not read is closed at
 * {@code client-output-buffer-limit} (normal class, or pubsub while subscribed), as in Redis.
 *
 * <p>It is also a pub/sub {@link Subscriber}: published messages are gathered in one buffer per
 * client (large ones are shared by all subscribers, not copied) and written once per event-loop
 * iteration, as Redis writes a client's buffer once per event-loop cycle, so a publisher's
 * pipelined burst reaches each subscriber in few writes. A subscriber that does not read is
 * closed past {@code client-output-buffer-limit}'s pubsub limits.
 */
abstract class ClientConnection implements ClientCall, Subscriber, Monitors.Monitor, ClientBuffers {
  private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());
  static final int MAX_INFLIGHT = 16 * 1024;
  static final int RESUME_BELOW = 1024;
  /**
   * Past this much output waiting for the socket, the client's commands wait (parked in the
   * backlog, the socket paused) until it reads: its replies cannot pile up without bound.
   */
  static final long OUTPUT_PAUSE_BYTES = 4L << 20;
  /**
   * At most this many commands of a client run ahead of their replies being written: the rest of a
   * deep pipeline (even of the same socket read) waits in the backlog until those replies are out
   * and their size is known, so one write of many large requests cannot build all their replies
   * before {@link #OUTPUT_PAUSE_BYTES} is looked at. Far above what pipelining needs to be fast.
   */
  static final int DISPATCH_AHEAD = 1024;
  private static final byte[][] NO_ARGS = new byte[0][];
  /**
   * The commands whose replies are subscription confirmations: Redis 7.0 sends them even under
   * CLIENT REPLY OFF or SKIP, as it sends messages (addReplyPubsub(Un)Subscribed sets CLIENT_PUSHING).
   */
  private static final java.util.Set<String> SUBSCRIPTIONS =
      java.util.Set.of("subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe");
  /** The place of an unparsable request in the backlog: {@link #inputFailure} answers it there. */
  private static final byte[][] INPUT_FAILURE = new byte[0][];
  private static final byte[][] UNWATCH = {"UNWATCH".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
  private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** A queued command's own entry besides its arguments (Redis's multiCmd). */
  private static final long QUEUED_COMMAND_BYTES = 32;
  /** First size of a client's message buffer; it grows with the burst. */
  private static final int PUSH_BUFFER = 1024;
  /**
   * A burst of messages is handed to the socket once it holds this much, not only at the end of
   * the loop iteration: one read of a pipelining publisher can bring megabytes, and a thousand
   * subscribers must not each buffer all of it first.
   */
  private static final int PUSH_FLUSH_BYTES = 64 * 1024;

  protected final ServerState server;
  protected final Transport socket;
  protected final Context context;
  protected final ClientSession session;
  private final ShardSet shards;
  private final ArrayDeque<ReplyGroup> inflight = new ArrayDeque<>();
  private final ArrayDeque<byte[][]> backlog = new ArrayDeque<>();
  /** The arguments waiting in {@link #backlog} (part of CLIENT LIST's argv-mem). */
  private long backlogBytes;
  /** The arguments of the commands queued since MULTI (CLIENT LIST's multi-mem). */
  private long multiBytes;
  /** This client's memory as last reported to client eviction (maxmemory-clients). */
  private long memoryReported;
  /** The socket closed: nothing is held any more, whatever output was still waiting. */
  private boolean gone;
  private final PendingOutput output = new PendingOutput();
  /** Closing after a reply (QUIT, a protocol error, the client's half-close): once the output is written. */
  private boolean closeWhenWritten;
  /** When the current socket read arrived: the interaction time of all its commands. */
  protected long readTimeMs;
  private ReplyGroup current;
  private int inflightCommands;
  private boolean barrier;
  /**
   * The scripts' lane batch this read is still filling: consecutive scripts that need every shard
   * go to the lane together (one hold for all of them); anything else waits behind it.
   */
  private CommandBatch openLane;
  private ReplyGroup openLaneGroup;
  private boolean paused;
  private boolean closed;
  private boolean inputClosed;
  private ReplyGroup closeAfter;
  /** The answer to an unparsable request waiting in the backlog behind the requests before it. */
  private Runnable inputFailure;
  private byte[][] callArgv;
  private RespWriter callReply;
  private boolean deferring;
  /** The commands queued since MULTI, or null outside a transaction. */
  private Transaction queued;
  /** A command was refused while queuing: EXEC answers EXECABORT (Redis's CLIENT_DIRTY_EXEC). */
  private boolean queuingFailed;
  private boolean executing;
  /** The blocking command this client waits in, and its timeout timer. */
  private BlockedClient blocked;
  private long blockTimer = -1;
  /** Cluster mode: this connection's links to other nodes, made on first use. */
  private ConnectionLinks links;
  /** Commands whose slot moved away while they were on their way, not yet sent on: later ones wait. */
  private int reroutesPending;
  /** Cluster mode: the slot table epoch the commands in flight were routed by. */
  private long routedEpoch = -1;
  /** What this client subscribes to; made at its first subscription. */
  private Subscriptions subscriptions;
  /** Subscribed to anything (Redis's CLIENT_PUBSUB): the RESP2 context, the pubsub output limits. */
  private boolean subscribed;
  /** Messages not yet handed to the socket: written at the end of this event-loop iteration. */
  private ByteBuf pushes;
  private boolean pushFlushScheduled;
  private final Runnable flushPushes = this::flushPushes;
  private OutputLimit outputLimit;
  private long outputLimitTimer = -1;
  /** Once this connection is a replica's link (SYNC/PSYNC): its socket for the replication stream. */
  private ReplicaOutput replicaOutput;
  /** A command held by CLIENT PAUSE (or FAILOVER's) waits at the head of the backlog. */
  private boolean postponed;
  private final Runnable pauseLifted = this::pauseLifted;
  /** In MONITOR mode: fed every command run on this node. */
  private boolean monitoring;
  /** CLIENT REPLY OFF: no reply is written until CLIENT REPLY ON. */
  private boolean repliesOff;
  /** {@link #repliesOff} for the threads that feed this monitor: a line fed while it is set is dropped. */
  private volatile boolean linesOff;
  /** CLIENT REPLY SKIP just ran: the command after it goes unanswered (Redis's CLIENT_REPLY_SKIP_NEXT). */
  private boolean skipArmed;
  /** The next command recorded goes unanswered (Redis's CLIENT_REPLY_SKIP). */
  private boolean skipNext;

  ClientConnection(ServerState server, Transport socket, Context context, String protocolName) {
    this.server = server;
    this.socket = socket;
    this.context = context;
    this.shards = server.shards();
    boolean open = server.acl().defaultUserOpen();
    this.session = new ClientSession(server.clients().nextId(), socket.remoteAddress(),
        socket.localAddress(), socket.encrypted(), protocolName, open, System.currentTimeMillis(),
        // CLIENT KILL, timeouts, SHUTDOWN: at once, as Redis, dropping output the client has not
        // read (Vert.x's own close would wait for it, forever for a subscriber that never reads).
        () -> context.runOnContext(ignored -> socket.closeNow()));
    session.user(server.acl().defaultUser());
    session.channelRecheck(() -> context.runOnContext(ignored -> closeIfChannelsDenied()));

    session.buffers(this);
    // Invalidations (CLIENT TRACKING) come from shard threads: written here, as published messages are.
    session.pushOut(frame -> context.runOnContext(ignored -> push(Unpooled.wrappedBuffer(frame))));
  }

  /** Resolves and checks one parsed command, then calls one of the run/submit/reply methods below. */
  abstract void dispatch(byte[][] argv);

  /** Parses the bytes of one socket read, calling {@link #onCommand} per complete request; must not keep {@code bytes}. */
  abstract void consume(ByteBuf bytes);

  void start() {
    socket.messageHandler(this::onRead);
    server.clients().add(session);
    accountMemory();
    server.stats().connectionsReceived.increment();
    socket.closeHandler(this::onClosed);
    socket.writableHandler(this::onWritable);
    socket.inputShutdownHandler(() -> {
      inputClosed = true;
      abandonBlocked();
      closeWhenAnswered();
    });
  }

  /** After the client closed its side: close ours once every request it sent is answered. */
  private void closeWhenAnswered() {
    if (inputClosed && !closed && !barrier && inflight.isEmpty() && backlog.isEmpty()) {
      closed = true;
      closeOnceWritten();
    }
  }

  private void onRead(ByteBuf bytes) {
    try {
      readTimeMs = System.currentTimeMillis();
      server.stats().netInputBytes.add(bytes.readableBytes());
      consume(bytes);
      endOfRead();
      accountInput();
    } catch (RuntimeException bug) {
      dropAfterBug(bug);
    } finally {
      bytes.release();
    }
  }

  /**
   * A bug met while serving this client must not take the event loop's other clients down: log it,
   * drop this connection, keep serving everyone else.
   */
  protected final void dropAfterBug(RuntimeException bug) {
    LOG.log(Level.WARNING, "closing client " + session.address() + " after an internal error", bug);
    closed = true;
    socket.close();
  }

  /** Each complete command, in arrival order. */
  protected final void onCommand(byte[][] argv) {
    if (closed || closeAfter != null || inputFailure != null) {
      return;
    }
    if (barrier && backlog.isEmpty() && joinsOpenLane(argv)) {
      dispatch(argv);
    } else if (barrier || !backlog.isEmpty() || mustWait()) {
      backlog.add(argv);
      backlogBytes += ClientMemory.argvBytes(argv);
      if (!paused && (!barrier || backlog.size() > MAX_INFLIGHT)) {
        paused = true;
        socket.pause();
      }
    } else {
      dispatch(argv);
    }
  }

  /** End of a socket read: send this read's batches, write what is ready, apply backpressure. */
  private void endOfRead() {
    sealCurrent();
    sendOpenLane();
    writeCompleted();
    if (!paused && (inflightCommands > MAX_INFLIGHT || !socket.isWritable())) {
      paused = true;
      socket.pause();
    }
  }

  /**
   * Why the command cannot run now, or null: -LOADING while the dataset loads (except for commands
   * flagged ok-loading), -MISCONF for writes (and PING, as Redis) while persistence is failing,
   * then on a replica -READONLY/-MASTERDOWN (never for the primary's own commands), then
   * -NOREPLICAS for writes while min-replicas-to-write is not met. An EXEC of queued writes
   * is a write (Redis's mstate.cmd_flags).
   */
  protected final String refusal(CommandSpec spec) {
    Persistence persistence = server.persistence();
    if (persistence.loading() && !spec.has(CommandFlag.LOADING)) {
      return Errors.LOADING;
    }
    if (!spec.has(CommandFlag.ALLOW_BUSY)) {
      String busy = server.scripting().busyRefusal();
      if (busy != null) {
        return busy;
      }
    }
    boolean exec = spec.fullName().equals("exec");
    boolean write = spec.has(CommandFlag.WRITE) || (exec && queued != null && queued.writes());
    String refused = write || spec.fullName().equals("ping") ? persistence.writeRefusal() : null;
    if (refused != null || session.master()) {
      return refused; // the primary's own commands are never refused on its replica
    }
    refused = server.replication().replicaOf().refusal(spec);
    if (refused == null && write) {
      refused = server.replication().writeRefusal();
    }
    return refused;
  }

  /**
   * Whether CLIENT PAUSE (or FAILOVER's pause) holds this command, as Redis 7.0's processCommand
   * postpones it right before running or queuing it: under ALL every command, under WRITE the
   * writes, the commands flagged may_replicate (PUBLISH, PFCOUNT, EVAL and FCALL unless the script
   * declares no-writes …) and an EXEC of queued writes. Replicas and the primary's link are never paused. A held command goes back to the
   * head of the backlog and the socket stops being read; it runs, in order, when the pause lifts.
   */
  protected final boolean postponed(CommandSpec spec, byte[][] argv) {
    if (session.replica() || session.master()) {
      return false;
    }
    boolean mayReplicate = spec.has(CommandFlag.WRITE)
        || (spec.has(CommandFlag.MAY_REPLICATE) && !server.scripting().declaresNoWrites(spec.fullName(), argv))
        || (spec.fullName().equals("exec") && queued != null && queued.writes());
    if (!server.clientPause().postpone(mayReplicate, pauseLifted)) {
      return false;
    }
    postponed = true;
    // Counted and flagged as blocked, as Redis 7.0 blocks a postponed client.
    session.postponed(true);
    server.stats().blockedClients.incrementAndGet();
    backlog.addFirst(argv);
    backlogBytes += ClientMemory.argvBytes(argv);
    if (!paused) {
      paused = true;
      socket.pause();
    }
    return true;
  }

  private void endPostponed() {
    if (postponed) {
      postponed = false;
      session.postponed(false);
      server.stats().blockedClients.decrementAndGet();
    }
  }

  /** Any thread: the pause got weaker or ended. */
  private void pauseLifted() {
    context.runOnContext(ignored -> retryPostponed());
  }

  private void retryPostponed() {
    endPostponed();
    if (closed) {
      return;
    }
    try {
      if (!barrier) {
        dispatchBacklog();
      }
      writeCompleted();
    } catch (RuntimeException bug) {
      dropAfterBug(bug);
    }
  }

  /**
   * Whether the client must log in before running commands (Redis's authRequired): it has not,
   * and the default user has a password or is off. Read per command: a requirepass set later
   * does not log out the clients already connected, as in Redis.
   */
  protected final boolean authRequired() {
    return !session.authenticated() && !server.acl().defaultUserOpen();
  }

  /**
   * Whether the client's ACL user may run the call: one volatile read for a user with every right;
   * else the check, and a refusal answered with Redis's -NOPERM and written to the ACL log.
   */
  protected final boolean permitted(CommandSpec spec, byte[][] argv) {
    io.verdis.acl.User user = session.user();
    if (user == null || user.unrestricted()) {
      return true;
    }
    io.verdis.acl.AclDenial denied = user.check(spec, argv);
    if (denied == null) {
      return true;
    }
    spec.stats().recordRejected();
    server.acl().logDenial(denied, queued != null ? io.verdis.acl.AclLog.Context.MULTI
        : io.verdis.acl.AclLog.Context.TOPLEVEL, spec, argv, session);
    reject(spec, argv, denied.error(spec.fullName()));
    return false;
  }

  /**
   * Redis's ACLKillPubsubClientsIfNeeded: a subscriber whose user lost one of its channels or
   * patterns (patterns compared literally) is closed at once.
   */
  private void closeIfChannelsDenied() {
    io.verdis.acl.User user = session.user();
    if (subscriptions == null || user == null || finished()) {
      return;
    }
    boolean denied = false;
    for (Subscriptions.Kind kind : Subscriptions.Kind.values()) {
      for (byte[] name : subscriptions.list(kind)) {
        denied |= kind == Subscriptions.Kind.PATTERN ? !user.mayUsePattern(name) : !user.mayUseChannel(name);
      }
    }
    if (denied) {
      closed = true;
      releasePushes();
      output.clear();
      socket.closeNow();
    }
  }

  /**
   * A command refused before it ran; inside MULTI this also dooms the transaction. A refused EXEC
   * discards the transaction and answers EXECABORT with the reason, as Redis's rejectCommand.
   */
  protected final void reject(CommandSpec spec, byte[][] argv, String message) {
    if (!spec.fullName().equals("exec")) {
      reject(argv, message);
      return;
    }
    if (queued != null) {
      transactionControl.reset();
    }
    replyError(argv, "EXECABORT Transaction discarded because of: " + message);
  }

  /**
   * A keyspace command: to its shard's batch, or as a cross-shard call. A blocking command is a
   * barrier even on one shard: the client's later commands wait until it is answered, as in Redis.
   * In a cluster, the keyless commands that see the whole keyspace (DBSIZE, KEYS, SCAN, ...) are
   * barriers answered by every node ({@link ClusterFanOut}).
   */
  protected final void submit(CommandSpec spec, byte[][] argv, int db) {
    if (server.cluster() != null && submittedInCluster(spec, argv, db)) {
      return;
    }
    if (spec.handler() instanceof RoamingCommand roaming && (openLane != null || !roaming.confined(server, argv))) {
      submitToLane(spec, argv, db);
      return;
    }
    int[] targets = shards.targets(spec.keys(), argv);
    // A script is a barrier even on one shard: it may find it needs every shard and run again in
    // the lane, and the client's later commands on other shards must not run before it.
    if (targets.length == 1 && !spec.has(CommandFlag.BLOCKING) && !(spec.handler() instanceof RoamingCommand)) {
      group().add(targets[0], spec, argv, db, commandProtocol());
      return;
    }
    CommandBatch batch = barrierBatch(spec, argv, db);
    startBarrier();
    send(targets, batch);
  }

  /** The protocol a command is sent to a shard with, and whether its reads are remembered for tracking. */
  private int commandProtocol() {
    return session.remembersReads() ? session.resp() | CommandBatch.REMEMBER_READS : session.resp();
  }

  /**
   * Once a command was dispatched: CLIENT CACHING applied to it, and is spent, unless it was a
   * CLIENT subcommand or is queued in (or opened) a transaction, as Redis's resetClient keeps it.
   */
  protected final void dispatched(CommandSpec spec) {
    if (session.cachingGiven() && queued == null && !(spec.handler() instanceof io.verdis.command.ClientCommand)) {
      session.cachingGiven(false);
    }
  }

  /**
   * A script that may write or touch any key runs with every shard held, in the scripts' lane. It
   * is a barrier for the commands after it, except the scripts right behind it in the same read:
   * they join its batch, so a pipeline of scripts costs one hold, not one each.
   */
  private void submitToLane(CommandSpec spec, byte[][] argv, int db) {
    if (openLane != null) {
      openLaneGroup.record(openLane, openLane.add(spec, argv, db, commandProtocol()));
      return;
    }
    openLane = barrierBatch(spec, argv, db);
    openLaneGroup = current;
    startBarrier();
  }

  /** Sends the lane batch this read filled (at the end of the read, or when the backlog runs dry). */
  private void sendOpenLane() {
    if (openLane != null) {
      CommandBatch lane = openLane;
      openLane = null;
      openLaneGroup = null;
      server.scripting().lane().submit(lane);
    }
  }

  /**
   * Whether this command, arriving while a lane batch is open, can join it: a script that passes
   * every check dispatch makes before submitting (so it cannot answer an error ahead of the batch).
   */
  private boolean joinsOpenLane(byte[][] argv) {
    if (openLane == null || queued != null || server.cluster() != null || authRequired()) {
      return false;
    }
    if (argv == null || argv.length == 0 || argv == INPUT_FAILURE) {
      return false;
    }
    if (mustWait() || server.clientPause().active()) {
      return false;
    }
    CommandSpec spec = server.commands().find(argv[0]);
    io.verdis.acl.User user = session.user();
    return spec != null && spec.handler() instanceof RoamingCommand && spec.arityAccepts(argv.length)
        && (user == null || user.unrestricted())
        && refusal(spec) == null && !(subscribed() && session.resp() == 2);
  }

  /**
   * Cluster mode: refuses the command with Redis Cluster's error, forwards it to the node owning
   * its slot, or runs it on every node (keyless fan-out); false when it runs here as usual.
   */
  private boolean submittedInCluster(CommandSpec spec, byte[][] argv, int db) {
    String remote = clusterRoute(spec, argv);
    if (remote == ROUTE_REFUSED) {
      return true;
    }
    PizzariaFanOut pizzaria = PizzariaFanOut.of(server, spec, session);
    if (pizzaria != null) {
      CommandBatch batch = barrierBatch(spec, argv, db);
      startBarrier();
      pizzaria.run(batch, context, here -> send(shards.targets(here.spec(0).keys(), here.argv(0)), here));
      return true;
    }
    ClusterFanOut fanOut = ClusterFanOut.of(server, spec, argv, session);
    if (fanOut != null) {
      CommandBatch batch = barrierBatch(spec, argv, db);
      startBarrier();
      fanOut.run(batch, context, links(), here -> send(shards.targets(spec.keys(), here.argv(0)), here));
      return true;
    }
    if (remote == null) {
      return false;
    }
    if (spec.has(CommandFlag.BLOCKING)) {
      CommandBatch batch = barrierBatch(spec, argv, db);
      startBarrier();
      links().to(remote).send(batch);
    } else {
      group().addRemote(remote, spec, argv, db, session.resp());
    }
    return true;
  }

  private static final String ROUTE_REFUSED = new String("refused");

  /** Cluster mode: the node to forward to, null to run here, or ROUTE_REFUSED once refused with Redis Cluster's error. */
  private String clusterRoute(CommandSpec spec, byte[][] argv) {
    try {
      return ClusterRouter.route(server.cluster(), server.config(), spec, argv, session);
    } catch (CommandException e) {
      reject(argv, e.getMessage());
      return ROUTE_REFUSED;
    }
  }

  private ConnectionLinks links() {
    if (links == null) {
      links = new ConnectionLinks(server.forwarding(), context, session.protocolName().equals("pizzaria"));
    }
    return links;
  }

  private void send(int[] targets, CommandBatch batch) {
    if (targets.length == 1) {
      shards.send(targets[0], batch);
    } else {
      CrossShardCall.run(server, targets, batch, context);
    }
  }

  /** A group of its own for one command whose reply comes later (barrier, deferred reply, EXEC). */
  private CommandBatch barrierBatch(CommandSpec spec, byte[][] argv, int db) {
    sealCurrent();
    ReplyGroup group = group();
    CommandBatch batch = new CommandBatch(group, context, session);
    batch.add(spec, argv, db, commandProtocol());
    group.addOnly(batch);
    return batch;
  }

  /**
   * Inside MULTI: whether {@code spec} is queued rather than run (all but EXEC, DISCARD, MULTI,
   * WATCH, QUIT and RESET, as Redis's processCommand decides). Queues it and answers QUEUED.
   */
  protected final boolean queueIfInTransaction(CommandSpec spec, byte[][] argv) {
    if (queued == null) {
      return false;
    }
    switch (spec.fullName()) {
      case "exec", "discard", "multi", "quit", "reset" -> {
        return false;
      }
      case "watch" -> {
        replyError(argv, "ERR WATCH inside MULTI is not allowed");
        return true;
      }
      default -> {
        if (shards.outOfMemory() && !session.master()) {
          // Redis refuses anything queued while over maxmemory: the queue itself takes memory.
          reject(argv, io.verdis.command.Errors.OOM);
          return true;
        }
        if (spec.has(CommandFlag.NO_MULTI)) {
          reject(argv, "ERR Command not allowed inside a transaction");
          return true;
        }
        queued.add(spec, argv);
        multiBytes += ClientMemory.argvBytes(argv) + QUEUED_COMMAND_BYTES;
        session.queuedCommands(queued.size());
        replyRaw(argv, QUEUED);
        return true;
      }
    }
  }

  /** A command refused before it ran; inside MULTI this also dooms the transaction. */
  protected final void reject(byte[][] argv, String message) {
    if (queued != null) {
      queuingFailed = true;
    }
    replyError(argv, message);
  }

  /**
   * WATCH registers this client's watch on the keys' shards: the watch must exist before the
   * command goes there, and the command is a barrier, as the commands after it must find the keys
   * registered (an EXEC in the same read holds the watched keys' shards, and an EXEC, DISCARD or
   * UNWATCH there would otherwise drop the watch before the shards had it).
   */
  protected final void submitWatch(CommandSpec spec, byte[][] argv, int db) {
    String remote = server.cluster() == null ? null : clusterRoute(spec, argv);
    if (remote == ROUTE_REFUSED) {
      return;
    }
    if (session.watch() == null) {
      session.watch(new Watch());
    }
    CommandBatch batch = barrierBatch(spec, argv, db);
    startBarrier();
    if (remote != null) {
      session.watch().watchedOn(remote);
      links().to(remote).send(batch);
    } else {
      send(shards.targets(spec.keys(), argv), batch);
    }
  }

  /** A client command, run here and now. */
  protected final void runClient(CommandSpec spec, byte[][] argv) {
    RespWriter reply = group().localReplies();
    reply.protocol(session.resp());
    callArgv = argv;
    callReply = reply;
    CommandInvoker.invoke(spec, this, argv, reply, server, session, System.nanoTime());
    callArgv = null;
    callReply = null;
    if (deferring) {
      deferring = false;
      startBarrier();
    } else {
      current.localReplyWritten(argv, !SUBSCRIPTIONS.contains(spec.fullName()));
    }
  }

  protected final void replyError(byte[][] argv, String message) {
    RespWriter reply = group().localReplies();
    reply.protocol(session.resp());
    reply.error(message);
    current.localReplyWritten(argv);
    server.stats().errorReplies.increment();
  }

  protected final void replyRaw(byte[][] argv, byte[] bytes) {
    group().localReplies().raw(bytes);
    current.localReplyWritten(argv);
  }

  /**
   * Closes at once without a reply: the replies not yet written are dropped and the requests after
   * this one never run (Redis's freeClientAsync on a cross-protocol attack).
   */
  protected final void abortForCrossProtocolAttack() {
    server.crossProtocolAttack().report();
    closed = true;
    releasePushes();
    socket.closeNow();
  }

  /** Redis answers a protocol error, then closes the connection once the answer is written. */
  protected final void failProtocol(String message) {
    server.stats().protocolErrors.increment();
    failInput(() -> replyError(NO_ARGS, message));
  }

  /**
   * A request that cannot be parsed: {@code answer} replies to it, then the connection closes once
   * that is written and no request after it runs. As Redis does, every complete request before it
   * runs and is answered first: while some still wait in the backlog (behind a barrier, or for the
   * client to read), the answer takes its place there, behind them.
   */
  protected final void failInput(Runnable answer) {
    if (closed || closeAfter != null || inputFailure != null) {
      return;
    }
    if (barrier || !backlog.isEmpty()) {
      inputFailure = answer;
      backlog.add(INPUT_FAILURE);
    } else {
      answer.run();
      closeAfterReply();
    }
  }

  @Override
  public final byte[][] argv() {
    return callArgv;
  }

  @Override
  public final RespWriter reply() {
    return callReply;
  }

  @Override
  public final ClientSession session() {
    return session;
  }

  @Override
  public final ServerState server() {
    return server;
  }

  @Override
  public final void closeAfterReply() {
    closeAfter = group();
  }

  @Override
  public final DeferredReply defer() {
    if (executing) {
      throw new CommandException("ERR " + callArgvName() + " cannot be used inside a transaction");
    }
    CommandBatch batch = barrierBatch(null, NO_ARGS, 0);
    deferring = true;
    int protocol = session.resp();
    return writeReply -> context.runOnContext(ignored -> {
      RespWriter reply = batch.replies();
      reply.protocol(protocol);
      writeReply.accept(reply);
      batch.replyWritten(0);
      batch.handle(null);
    });
  }

  @Override
  public final boolean canDefer() {
    return !executing;
  }

  /**
   * CLIENT REPLY: applied to the replies as they are recorded, in request order (Redis applies it
   * when the reply is added). OFF and SKIP answer nothing themselves; ON answers +OK, as Redis.
   */
  @Override
  public final void replyMode(ReplyMode mode) {
    switch (mode) {
      case ON -> {
        repliesOff = false;
        skipArmed = false;
        skipNext = false;
      }
      case OFF -> repliesOff = true;
      case SKIP -> skipArmed = !repliesOff;
    }
    linesOff = repliesOff;
  }

  /**
   * MONITOR (Redis's monitorCommand): refused inside EXEC; ignored, without a reply, by a client
   * that already monitors or is a replica's link; otherwise +OK and every command from then on.
   */
  @Override
  public final void monitor(boolean on) {
    if (!on) {
      if (monitoring) {
        monitoring = false;
        session.monitor(false);
        server.monitors().remove(this);
      }
      return;
    }
    if (executing) {
      throw new CommandException("ERR MONITOR isn't allowed for DENY BLOCKING client");
    }
    if (monitoring || session.replica()) {
      return;
    }
    monitoring = true;
    session.monitor(true);
    server.monitors().add(this);
    callReply.ok();
  }

  /** Whether this client monitors: Redis refuses it the commands that touch the keyspace. */
  protected final boolean monitoring() {
    return monitoring;
  }

  /** Any thread: one command line for this monitor, written as messages are. */
  @Override
  public final void line(byte[] line) {
    // Redis adds the line as a reply when the command runs: CLIENT REPLY OFF then drops it.
    if (linesOff) {
      return;
    }
    context.runOnContext(ignored -> {
      if (monitoring) {
        push(Unpooled.wrappedBuffer(line));
      }
    });
  }

  private String callArgvName() {
    return callArgv == null || callArgv.length == 0 ? "this command" : new String(callArgv[0]).toUpperCase(java.util.Locale.ROOT);
  }

  @Override
  public final TransactionControl transaction() {
    return transactionControl;
  }

  private final TransactionControl transactionControl = new TransactionControl() {
    @Override
    public void multi() {
      if (queued != null) {
        throw new CommandException("ERR MULTI calls can not be nested");
      }
      queued = new Transaction();
      multiBytes = 0;
      queuingFailed = false;
      session.queuedCommands(0);
    }

    @Override
    public void exec() {
      if (queued == null) {
        throw new CommandException("ERR EXEC without MULTI");
      }
      Transaction transaction = queued;
      boolean failed = queuingFailed;
      queued = null;
      multiBytes = 0;
      queuingFailed = false;
      session.queuedCommands(-1);
      if (failed) {
        unwatch();
        throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
      }
      String remote = server.cluster() == null ? null : transactionNode(transaction);
      Watch watch = session.watch();
      session.watch(null);
      CommandBatch batch = barrierBatch(server.commands().get("exec"), callArgv, session.db());
      deferring = true;
      if (remote != null) {
        List<byte[][]> commands = new ArrayList<>(transaction.size());
        for (int i = 0; i < transaction.size(); i++) {
          commands.add(transaction.argv(i));
        }
        links().to(remote).sendTransaction(batch, commands, session.db(), session.resp());
        return;
      }
      transaction.exec(server, watch, batch, context, ClientConnection.this::runQueued);
    }

    @Override
    public void discard() {
      if (queued == null) {
        throw new CommandException("ERR DISCARD without MULTI");
      }
      reset();
    }

    @Override
    public void unwatch() {
      Watch watch = session.watch();
      session.watch(null);
      if (watch != null && watch.remoteNode() != null) {
        links().to(watch.remoteNode()).sendQuietly(UNWATCH);
      }
      if (watch != null) {
        watch.release();
        for (Watch.WatchedKey key : watch.keys()) {
          shards.send(key.shard(), new ShardMessage.Task(store -> store.unwatch(key.db(), key.key(), watch)));
        }
      }
    }

    @Override
    public void reset() {
      queued = null;
      multiBytes = 0;
      queuingFailed = false;
      session.queuedCommands(-1);
      unwatch();
    }
  };

  /**
   * Cluster mode: the node a transaction (its queued commands and watched keys) runs on, null for
   * this one. One whose keys are on several nodes is refused, as a command's keys would be: a
   * transaction is atomic only within one node.
   */
  private String transactionNode(Transaction transaction) {
    Watch watch = session.watch();
    String node = watch == null ? null : watch.remoteNode();
    boolean here = watch != null && node == null && watch.keys().iterator().hasNext();
    boolean spans = watch != null && watch.spansNodes();
    for (int i = 0; i < transaction.size() && !spans; i++) {
      String target;
      try {
        target = ClusterRouter.route(server.cluster(), server.config(), transaction.spec(i), transaction.argv(i), session);
      } catch (CommandException e) {
        transactionControl.unwatch();
        throw e;
      }
      if (target == null) {
        here |= transaction.spec(i).keys().hasKeys();
      } else if (node == null) {
        node = target;
      } else if (!node.equals(target)) {
        spans = true;
      }
    }
    if (spans || (here && node != null)) {
      transactionControl.unwatch();
      throw new CommandException(ClusterErrors.CROSSNODE);
    }
    return node;
  }

  /** A connection command queued in a transaction, run by EXEC (on this event loop); returns the database after it. */
  private int runQueued(CommandSpec spec, byte[][] argv, RespWriter reply) {
    byte[][] savedArgv = callArgv;
    RespWriter savedReply = callReply;
    callArgv = argv;
    callReply = reply;
    executing = true;
    try {
      CommandInvoker.invoke(spec, this, argv, reply, server, session, System.nanoTime());
    } finally {
      executing = false;
      callArgv = savedArgv;
      callReply = savedReply;
    }
    return session.db();
  }

  /** The shard parked this client's blocking command: time it out, and let CLIENT UNBLOCK end it. */
  private void onBlocked(CommandBatch batch) {
    BlockedClient client = batch.blockedClient();
    blocked = client;
    server.stats().blockedClients.incrementAndGet();
    session.unblocker(error -> {
      if (!client.finish()) {
        return false;
      }
      if (error != null) {
        client.fail(error);
      } else {
        client.timeOut();
      }
      return true;
    });
    if (inputClosed || closed) {
      // The client went away (or shut its side) before this command blocked: nothing would ever
      // notice it again, and Redis has freed such a client already.
      abandonBlocked();
      return;
    }
    if (paused && backlog.size() <= MAX_INFLIGHT) {
      // Read on while blocked, so a client that goes away is noticed (and takes nothing); what it
      // sends meanwhile waits behind the blocking command.
      paused = false;
      socket.resume();
    }
    long deadline = client.deadlineMs();
    if (deadline != 0) {
      long delay = Math.max(1, deadline - System.currentTimeMillis());
      blockTimer = context.owner().setTimer(delay, ignored -> {
        blockTimer = -1;
        if (client.finish()) {
          client.timeOut();
        }
      });
    }
  }

  /**
   * The blocked command was answered (or must run again: a BLMOVE woken across shards): forget it
   * on every shard it waited on. Returns true when it was sent again instead.
   */
  private boolean onUnblocked(CommandBatch batch) {
    BlockedClient client = batch.blockedClient();
    stopWaiting(client);
    if (client.retryRequested() && !closed) {
      batch.unpark();
      send(shards.targets(batch.spec(0).keys(), batch.argv(0)), batch);
      return true;
    }
    return false;
  }

  private void stopWaiting(BlockedClient client) {
    if (blocked == client) {
      blocked = null;
      server.stats().blockedClients.decrementAndGet();
      session.unblocker(null);
      if (blockTimer >= 0) {
        context.owner().cancelTimer(blockTimer);
        blockTimer = -1;
      }
    }
    for (int shard = 0; shard < shards.count(); shard++) {
      if (client.waitsIn(shard)) {
        shards.send(shard, new ShardMessage.Task(store -> store.stopAwaiting(client)));
      }
    }
  }

  private ReplyGroup group() {
    if (current == null) {
      current = new ReplyGroup();
      inflight.add(current);
    }
    return current;
  }

  private void sealCurrent() {
    if (current != null) {
      ReplyGroup sealing = current;
      current = null;
      sealing.seal();
    }
  }

  private void startBarrier() {
    current.sealWithoutSending();
    current = null;
    barrier = true;
    if (!paused) {
      paused = true;
      socket.pause();
    }
  }

  private void endBarrier() {
    barrier = false;
    dispatchBacklog();
  }

  /** Whether the next command waits for this client to read (or for the replies ahead of it). */
  private boolean mustWait() {
    return postponed || output.bytes() > OUTPUT_PAUSE_BYTES || inflightCommands >= DISPATCH_AHEAD
        || reroutesPending > 0 || slotTableChanged();
  }

  /**
   * Cluster mode: whether the slot table changed since this client's commands in flight were
   * routed. They are answered first: a command routed by the new table could otherwise overtake,
   * on the slot's new owner, an earlier one still on its way there through the old owner.
   */
  private boolean slotTableChanged() {
    io.verdis.cluster.Cluster cluster = server.cluster();
    if (cluster == null) {
      return false;
    }
    long epoch = cluster.view().table().epoch();
    if (epoch == routedEpoch) {
      return false;
    }
    if (inflightCommands > 0) {
      return true;
    }
    routedEpoch = epoch;
    return false;
  }

  /**
   * Runs the commands that waited, until one is a barrier or the client must read first. Once one
   * closes the connection (QUIT, an unparsable request), the rest never run, as in Redis.
   */
  private void dispatchBacklog() {
    while (!backlog.isEmpty() && (!barrier || joinsOpenLane(backlog.peek())) && !closed && closeAfter == null
        && !mustWait()) {
      byte[][] argv = backlog.poll();
      backlogBytes -= ClientMemory.argvBytes(argv);
      if (argv == INPUT_FAILURE) {
        inputFailure.run();
        closeAfterReply();
      } else {
        dispatch(argv);
      }
    }
    if (closeAfter != null) {
      backlog.clear();
      backlogBytes = 0;
    }
    if (!barrier) {
      sealCurrent();
    }
    sendOpenLane();
  }

  private void writeCompleted() {
    do {
      while (!inflight.isEmpty() && inflight.peek().isComplete()) {
        ReplyGroup group = inflight.poll();
        inflightCommands -= group.count;
        if (closed) {
          continue;
        }
        group.writeReplies();
        if (group == closeAfter) {
          closed = true;
          closeOnceWritten();
        }
      }
    } while (resumeBacklog());
    if (!output.isEmpty() || !socket.isWritable()) {
      // Only output the socket has not taken can be over a limit (Redis counts none of its first 16 KB).
      checkOutputLimit();
      accountMemory();
    } else if (memoryReported >= ClientEviction.REPORT_STEP) {
      accountMemory(); // it was big: report it small again
    }
    maybeResume();
    closeWhenAnswered();
  }

  /** Commands parked while the output was over its bound may run once it is not: whether some did. */
  private boolean resumeBacklog() {
    if (barrier || closed || closeAfter != null || backlog.isEmpty() || mustWait()) {
      return false;
    }
    dispatchBacklog();
    return true;
  }

  private void maybeResume() {
    if (paused && !barrier && !closed && backlog.isEmpty() && inflightCommands < RESUME_BELOW
        && socket.isWritable() && output.bytes() <= OUTPUT_PAUSE_BYTES) {
      paused = false;
      socket.resume();
    }
  }

  /** The socket takes output again: hand it what waits, then let the client's commands run on. */
  private void onWritable() {
    try {
      output.writeTo(socket);
      if (closeWhenWritten) {
        closeOnceWritten();
      } else if (!closed) {
        writeCompleted();
      }
    } catch (RuntimeException bug) {
      dropAfterBug(bug);
    }
  }

  /**
   * Hands {@code bytes} to the socket, after the output still waiting; takes ownership. Small
   * output with nothing waiting goes straight to the socket, as before there was a queue.
   */
  private void emit(ByteBuf bytes, boolean flush) {
    int length = bytes.readableBytes();
    server.stats().netOutputBytes.add(length);
    if (output.isEmpty() && length <= PendingOutput.WRITE_CHUNK && socket.isWritable()) {
      if (flush) {
        socket.write(bytes);
      } else {
        socket.writeWithoutFlush(bytes);
      }
    } else {
      output.add(bytes);
      output.writeTo(socket);
    }
  }

  /**
   * Closed, and not merely closing once its output is written: a client whose last replies wait
   * for it to read (after QUIT, say) is still held to client-output-buffer-limit, as Redis holds
   * a client flagged CLIENT_CLOSE_AFTER_REPLY.
   */
  private boolean finished() {
    return closed && !closeWhenWritten;
  }

  /** Closes once the output waiting for the socket is written (Vert.x's close waits for the socket's own). */
  private void closeOnceWritten() {
    if (output.isEmpty()) {
      closeWhenWritten = false;
      socket.close();
    } else {
      closeWhenWritten = true;
    }
  }

  private void onClosed() {
    closed = true;
    endPostponed();
    backlog.clear();
    backlogBytes = 0;
    output.clear();
    server.clients().remove(session);
    gone = true;
    accountMemory();
    if (session.tracking() != null) {
      server.tracking().stop(session, shards);
    }
    if (monitoring) {
      server.monitors().remove(this);
    }
    transactionControl.reset();
    abandonBlocked();
    if (subscriptions != null) {
      subscriptions.clear();
    }
    releasePushes();
    if (links != null) {
      links.closeAll();
    }
    if (outputLimitTimer >= 0) {
      context.owner().cancelTimer(outputLimitTimer);
      outputLimitTimer = -1;
    }
    if (replicaOutput != null) {
      replicaOutput.closed();
    }
  }

  @Override
  public final ReplicaSocket replicaSocket() {
    if (replicaOutput == null) {
      session.replica(true);
      accountMemory();
      replicaOutput = new ReplicaOutput();
    }
    return replicaOutput;
  }

  /**
   * The replication stream's way to this replica's socket. Writes from other threads hop to this
   * event loop; the bytes on their way are counted with the socket's pending output, so a
   * replica that does not read is seen over its limit even before its loop gets to them.
   */
  private final class ReplicaOutput implements ReplicaSocket {
    private final AtomicLong inTransit = new AtomicLong();
    private volatile Runnable onClose = () -> { };

    @Override
    public void write(byte[] bytes) {
      inTransit.addAndGet(bytes.length);
      context.runOnContext(ignored -> {
        inTransit.addAndGet(-bytes.length);
        if (!closed) {
          server.stats().netOutputBytes.add(bytes.length);
          socket.write(Unpooled.wrappedBuffer(bytes));
        }
      });
    }

    @Override
    public Future<Void> sendFile(Path file) {
      Promise<Void> sent = Promise.promise();
      context.runOnContext(ignored -> socket.sendFile(file.toString()).onComplete(sent));
      return sent.future();
    }

    @Override
    public long pendingBytes() {
      return inTransit.get() + socket.pendingBytes();
    }

    @Override
    public void closeNow() {
      context.runOnContext(ignored -> socket.closeNow());
    }

    @Override
    public void onClose(Runnable handler) {
      onClose = handler;
      if (closed) {
        closed();
      }
    }

    @Override
    public ClientSession session() {
      return session;
    }

    void closed() {
      Runnable handler = onClose;
      onClose = () -> { };
      handler.run();
    }
  }

  // ---- Pub/sub --------------------------------------------------------------------------------

  @Override
  public final Subscriptions subscriptions() {
    if (subscriptions == null) {
      subscriptions = new Subscriptions(server.pubsub(), this, this::subscriptionsChanged);
    }
    return subscriptions;
  }

  /** Keeps CLIENT LIST's counts and the number of subscribed clients true. */
  private void subscriptionsChanged() {
    session.subscriptions(subscriptions.count(Subscriptions.Kind.CHANNEL),
        subscriptions.count(Subscriptions.Kind.PATTERN), subscriptions.count(Subscriptions.Kind.SHARD_CHANNEL));
    boolean pubsub = subscriptions.total() > 0;
    if (pubsub != subscribed) {
      subscribed = pubsub;
      server.stats().pubsubClients.addAndGet(pubsub ? 1 : -1);
    }
  }

  /** Whether this client subscribes to anything; read on its own loop (the session's copy is for other threads). */
  protected final boolean subscribed() {
    return subscribed;
  }

  @Override
  public final Context context() {
    return context;
  }

  @Override
  public final void message(Publication publication) {
    push(PushFrames.message(publication, session.resp()));
  }

  @Override
  public final void pmessage(byte[] pattern, Publication publication) {
    push(PushFrames.pmessage(pattern, publication, session.resp()));
  }

  /**
   * One published message for this client, a frame shared with its other subscribers (read it,
   * never move its indexes). Published by one of this client's own commands (a RESP3 client
   * publishing to itself, a PUBLISH inside EXEC), it goes before that command's reply, as in
   * Redis; while replies are still owed it waits behind them; otherwise it joins the messages
   * written at the end of this event-loop iteration. A large frame is written as it is, without
   * a copy, after the messages before it.
   */
  private void push(ByteBuf frame) {
    if (closed || closeAfter != null) {
      return;
    }
    int length = frame.readableBytes();
    if (callReply != null) {
      PushFrames.appendTo(callReply.buffer(), frame);
      return;
    }
    if (repliesOwed()) {
      PushFrames.appendTo(group().localReplies().buffer(), frame);
      current.localPushWritten();
    } else if (length >= PushFrames.SHARED_BYTES) {
      if (pushes != null) {
        writePushes();
      }
      emit(frame.retainedDuplicate(), true);
      checkHardOutputLimit();
    } else {
      if (pushes == null) {
        pushes = socket.alloc().directBuffer(PUSH_BUFFER);
      }
      PushFrames.appendTo(pushes, frame);
      if (pushes.readableBytes() >= PUSH_FLUSH_BYTES) {
        writePushes();
        socket.flush();
        checkHardOutputLimit();
      }
    }
    if (!pushFlushScheduled) {
      pushFlushScheduled = true;
      afterThisIteration(flushPushes);
    }
  }

  /**
   * Whether replies are owed that a message must not overtake. Not those of a client that only
   * waits in a blocking command: Redis writes messages to a blocked client at once (its reply does
   * not exist yet), and they must not pile up behind a wait that may last forever.
   */
  private boolean repliesOwed() {
    return !inflight.isEmpty() && !(blocked != null && inflight.size() == 1);
  }

  /** Checked whenever output moves to the socket (at most every 64 KB), not on every message. */
  private void checkHardOutputLimit() {
    if (outputLimit().overHardLimit(countedOutputBytes())) {
      closeOverOutputLimit();
    }
  }

  private void afterThisIteration(Runnable task) {
    socket.afterThisIteration(task);
  }

  private void flushPushes() {
    pushFlushScheduled = false;
    try {
      if (closed) {
        releasePushes();
        return;
      }
      if (current != null) {
        // A group opened by messages that had to wait behind replies: it may go once they have.
        sealCurrent();
        writeCompleted();
      }
      if (pushes != null) {
        writePushes();
        socket.flush();
      }
      checkOutputLimit();
      accountMemory();
    } catch (RuntimeException bug) {
      dropAfterBug(bug);
    }
  }

  private void writePushes() {
    ByteBuf out = pushes;
    pushes = null;
    emit(out, false);
  }

  private void releasePushes() {
    if (pushes != null) {
      pushes.release();
      pushes = null;
    }
  }

  /**
   * Output written but not yet taken by the client's socket, plus the replies and messages not yet
   * handed to it (Redis counts its reply buffers the same way). Read from other threads too (CLIENT
   * LIST's omem): an estimate there.
   */
  private long pendingOutputBytes() {
    ByteBuf waiting = pushes;
    return socket.pendingBytes() + output.bytes() + (waiting == null ? 0 : waiting.readableBytes());
  }

  /** What client-output-buffer-limit counts of {@link #pendingOutputBytes()} (CLIENT LIST omem). */
  private long countedOutputBytes() {
    return ClientMemory.listBytes(pendingOutputBytes());
  }

  /**
   * Tells client eviction this client's memory when it moved by a step since the last report
   * (see {@link ClientEviction}); called where memory grows (output waiting, requests arriving in
   * pieces) and, until it is reported small again, where it shrinks. A replica's link or the
   * primary's is not counted: its report is withdrawn, as is a closed connection's. One closing
   * once its last replies are read (QUIT) still counts them, as Redis counts a client flagged
   * close-after-reply.
   */
  private void accountMemory() {
    long now = gone || session.replica() || session.master() ? 0 : ClientMemory.total(session);
    if (Math.abs(now - memoryReported) >= ClientEviction.REPORT_STEP || (now == 0) != (memoryReported == 0)) {
      long delta = now - memoryReported;
      memoryReported = now;
      server.clientEviction().changed(delta);
    }
  }

  /**
   * After a socket read: requests that arrived in part, or wait in the backlog, may have grown the
   * client. Field reads first: a read of whole requests by a small client costs no more.
   */
  private void accountInput() {
    if (memoryReported >= ClientEviction.REPORT_STEP || backlogBytes != 0
        || queryBufferBytes() + partialArgvBytes() >= ClientEviction.REPORT_STEP) {
      accountMemory();
    }
  }

  // ---- ClientBuffers: CLIENT LIST's figures, read by other threads too (estimates there) --------

  @Override
  public long argvBytes() {
    return backlogBytes + partialArgvBytes();
  }

  /** The arguments of a request not complete yet. */
  abstract long partialArgvBytes();

  @Override
  public long multiBytes() {
    return multiBytes;
  }

  @Override
  public long outputBytes() {
    return pendingOutputBytes();
  }

  @Override
  public int outputPieces() {
    return output.pieces() + socket.pendingPieces() + (pushes == null ? 0 : 1);
  }

  @Override
  public boolean reading() {
    return !paused && !closed;
  }

  @Override
  public boolean writing() {
    return !output.isEmpty() || !socket.isWritable();
  }

  private OutputLimit outputLimit() {
    if (outputLimit == null) {
      outputLimit = new OutputLimit(server.config(), this::subscribed);
    }
    return outputLimit;
  }

  /**
   * client-output-buffer-limit, of the pubsub class while subscribed and of the normal class
   * otherwise (unlimited by default), as Redis's getClientType classes a client. Over the soft
   * limit, it looks again when the soft seconds run out, even if no output comes meanwhile.
   */
  private void checkOutputLimit() {
    // A replica's output is the replication stream: the replica class limits it, there.
    if (finished() || replicaOutput != null || !outputLimit().limited()) {
      return;
    }
    long now = System.currentTimeMillis();
    OutputLimit limit = outputLimit();
    if (limit.exceeded(countedOutputBytes(), now)) {
      closeOverOutputLimit();
    } else if (limit.softLimitSinceMs() != 0 && outputLimitTimer < 0) {
      outputLimitTimer = context.owner().setTimer(limit.recheckDelayMs(now),
          id -> context.runOnContext(ignored -> {
            outputLimitTimer = -1;
            checkOutputLimit();
          }));
    }
  }

  /** Closes this client at once, dropping what it has not read: nobody waits for a slow subscriber. */
  private void closeOverOutputLimit() {
    if (finished()) {
      return;
    }
    OutputLimit.closing(server, ClientInfo.line(session, System.currentTimeMillis()));
    closed = true;
    closeWhenWritten = false;
    releasePushes();
    output.clear();
    socket.closeNow();
  }

  /**
   * The client went away (or shut its side, which Redis treats the same) while blocked: it takes
   * nothing, and the connection closes.
   */
  private void abandonBlocked() {
    BlockedClient client = blocked;
    if (client != null && client.abandon()) {
      stopWaiting(client);
      closed = true;
      closeOnceWritten();
    }
  }

  /**
   * The replies of one socket read (or of one barrier command), in request order: each command
   * remembers which batch answers it and at which index.
   */
  final class ReplyGroup implements CommandBatch.Owner {
    private final CommandBatch[] byShard = new CommandBatch[shards.count()];
    /** Cluster mode: the batch forwarded to each other node this read reaches (few: a plain list). */
    private String[] remoteNodes;
    private CommandBatch[] byNode;
    private CommandBatch local;
    private CommandBatch[] sources = new CommandBatch[4];
    private int[] indexes = new int[4];
    /** Replies CLIENT REPLY OFF or SKIP keeps from the client; null while there are none. */
    private boolean[] muted;
    private int count;
    private int pending;
    private boolean sealed;
    private boolean isBarrier;

    void add(int shard, CommandSpec spec, byte[][] argv, int db, int protocol) {
      CommandBatch batch = byShard[shard];
      if (batch == null) {
        batch = byShard[shard] = new CommandBatch(this, context, session);
      }
      record(batch, batch.add(spec, argv, db, protocol));
    }

    void addRemote(String node, CommandSpec spec, byte[][] argv, int db, int protocol) {
      if (remoteNodes == null) {
        remoteNodes = new String[2];
        byNode = new CommandBatch[2];
      }
      int n = 0;
      while (n < remoteNodes.length && remoteNodes[n] != null && !remoteNodes[n].equals(node)) {
        n++;
      }
      if (n == remoteNodes.length) {
        remoteNodes = Arrays.copyOf(remoteNodes, n * 2);
        byNode = Arrays.copyOf(byNode, n * 2);
      }
      if (remoteNodes[n] == null) {
        remoteNodes[n] = node;
        byNode[n] = new CommandBatch(this, context, session);
      }
      record(byNode[n], byNode[n].add(spec, argv, db, protocol));
    }

    /** Command {@code index} of {@code batch} is answered by {@code replacement}'s only command instead. */
    private void replace(CommandBatch batch, int index, CommandBatch replacement) {
      for (int i = 0; i < count; i++) {
        if (sources[i] == batch && indexes[i] == index) {
          sources[i] = replacement;
          indexes[i] = 0;
          return;
        }
      }
    }

    /**
     * The commands of {@code batch} that its shard did not run (their slot was moving away) go on
     * once the move is over: to the slot's new owner, or to the shard again if it stayed here.
     * Each is answered by a batch of its own; later commands of this client wait until all are sent.
     */
    private void sendOnBounced(CommandBatch batch) {
      int bounced = batch.bouncedCount();
      pending += bounced;
      reroutesPending += bounced;
      for (int k = 0; k < bounced; k++) {
        int i = batch.bounced(k);
        CommandBatch single = new CommandBatch(this, context, session);
        single.add(batch.spec(i), batch.argv(i), batch.db(i), batch.protocol(i));
        replace(batch, i, single);
        int slot = ClusterRouter.firstSlot(batch.spec(i), batch.argv(i));
        server.cluster().whenSettled(slot, () -> context.runOnContext(ignored -> sendOn(single)));
      }
      batch.clearBounced();
    }

    private void sendOn(CommandBatch single) {
      try {
        String remote = ClusterRouter.route(server.cluster(), server.config(), single.spec(0), single.argv(0), session);
        if (remote != null) {
          if (single.spec(0).fullName().equals("watch") && session.watch() != null) {
            session.watch().watchedOn(remote);
          }
          links().to(remote).send(single);
        } else {
          send(shards.targets(single.spec(0), single.argv(0), server), single);
        }
      } catch (CommandException e) {
        single.replies().protocol(single.protocol(0));
        single.replies().error(e.getMessage());
        single.replyWritten(0);
        single.executed();
      }
      if (--reroutesPending == 0) {
        dispatchBacklog();
      }
    }

    /** A group holding one barrier batch (cross-shard call or deferred reply). */
    void addOnly(CommandBatch batch) {
      isBarrier = true;
      record(batch, 0);
      pending = 1;
    }

    RespWriter localReplies() {
      if (local == null) {
        local = new CommandBatch(this, context, session);
      }
      return local.replies();
    }

    void localReplyWritten(byte[][] argv) {
      localReplyWritten(argv, true);
    }

    /** A command answered here; {@code mutable}: CLIENT REPLY OFF or SKIP keeps its reply from the client. */
    void localReplyWritten(byte[][] argv, boolean mutable) {
      int index = local.add(null, argv, 0, 0);
      local.replyWritten(index);
      record(local, index, true, mutable);
    }

    /** Messages that waited behind replies: never muted by CLIENT REPLY (Redis's CLIENT_PUSHING). */
    void localPushWritten() {
      int index = local.add(null, NO_ARGS, 0, 0);
      local.replyWritten(index);
      record(local, index, false, false);
    }

    private void record(CommandBatch batch, int index) {
      record(batch, index, true, true);
    }

    /**
     * One more reply (a command's, or messages that waited behind replies), in request order.
     * CLIENT REPLY decides here whether the client gets a command's reply: each command consumes a
     * SKIP, as Redis's resetClient does after every command.
     */
    private void record(CommandBatch batch, int index, boolean command, boolean mutable) {
      if (count == sources.length) {
        sources = Arrays.copyOf(sources, count * 2);
        indexes = Arrays.copyOf(indexes, count * 2);
        if (muted != null) {
          muted = Arrays.copyOf(muted, count * 2);
        }
      }
      if (mutable && (repliesOff || skipNext)) {
        if (muted == null) {
          muted = new boolean[sources.length];
        }
        muted[count] = true;
      }
      if (command) {
        skipNext = skipArmed;
        skipArmed = false;
      }
      sources[count] = batch;
      indexes[count] = index;
      count++;
      inflightCommands++;
    }

    private boolean muted(int i) {
      return muted != null && muted[i];
    }

    void seal() {
      sealed = true;
      for (int shard = 0; shard < byShard.length; shard++) {
        if (byShard[shard] != null) {
          pending++;
          shards.send(shard, byShard[shard]);
        }
      }
      for (int n = 0; remoteNodes != null && n < remoteNodes.length && remoteNodes[n] != null; n++) {
        pending++;
        links().to(remoteNodes[n]).send(byNode[n]);
      }
    }

    void sealWithoutSending() {
      sealed = true;
    }

    boolean isComplete() {
      return sealed && pending == 0;
    }

    @Override
    public void batchBlocked(CommandBatch batch) {
      onBlocked(batch);
    }

    @Override
    public void batchDone(CommandBatch batch) {
      if (batch.blockedClient() != null && onUnblocked(batch)) {
        return;
      }
      if (batch.bouncedCount() > 0) {
        sendOnBounced(batch);
      }
      pending--;
      if (pending == 0 && isBarrier) {
        endBarrier();
      }
      writeCompleted();
    }

    /**
     * Hands the replies to the socket in request order. Small ones are gathered into one buffer
     * (one batch answering everything in order is written as it is); large values in them are
     * shared with the store, not copied ({@link RespWriter#forReplies}).
     */
    void writeReplies() {
      if (count == 0) {
        return;
      }
      if (pushes != null) {
        writePushes();
      }
      if (sharesValues()) {
        long total = 0;
        for (int i = 0; i < count; i++) {
          if (muted(i)) {
            continue;
          }
          CommandBatch source = sources[i];
          long start = source.replyStart(indexes[i]);
          long end = source.replyEnd(indexes[i]);
          source.replies().forEachPiece(start, end, output::add);
          total += end - start;
        }
        server.stats().netOutputBytes.add(total);
        output.writeTo(socket);
        return;
      }
      ByteBuf out = assemble();
      if (out.isReadable()) {
        emit(out, true);
      }
    }

    private boolean sharesValues() {
      if (local != null && local.replies().hasSharedValues()) {
        return true;
      }
      for (CommandBatch batch : byShard) {
        if (batch != null && batch.replies().hasSharedValues()) {
          return true;
        }
      }
      return isBarrier && sources[0].replies().hasSharedValues();
    }

    /** The replies in request order, none shared; one batch answering everything in order is used as it is. */
    private ByteBuf assemble() {
      CommandBatch only = sources[0];
      boolean single = muted == null;
      for (int i = 1; i < count && single; i++) {
        single = sources[i] == only;
      }
      if (single) {
        return only.replies().buffer();
      }
      int total = 0;
      for (int i = 0; i < count; i++) {
        total += muted(i) ? 0 : (int) (sources[i].replyEnd(indexes[i]) - sources[i].replyStart(indexes[i]));
      }
      ByteBuf out = Buffers.heap(total);
      for (int i = 0; i < count; i++) {
        if (muted(i)) {
          continue;
        }
        CommandBatch source = sources[i];
        int start = (int) source.replyStart(indexes[i]);
        out.writeBytes(source.replies().buffer(), start, (int) source.replyEnd(indexes[i]) - start);
      }
      return out;
    }
  }
}
