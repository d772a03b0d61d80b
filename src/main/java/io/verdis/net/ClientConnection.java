package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.verdis.client.ClientSession;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandInvoker;
import io.verdis.command.CommandSpec;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.persist.Persistence;
import io.verdis.server.ServerState;
import io.verdis.shard.CommandBatch;
import io.verdis.shard.CrossShardCall;
import io.verdis.shard.ShardSet;
import io.vertx.core.Context;
import io.vertx.core.internal.net.NetSocketInternal;

import java.util.ArrayDeque;
import java.util.Arrays;
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
 * client does not read its replies, the socket is paused until the backlog drains.
 */
abstract class ClientConnection implements ClientCall {
  private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());
  static final int MAX_INFLIGHT = 16 * 1024;
  static final int RESUME_BELOW = 1024;
  private static final byte[][] NO_ARGS = new byte[0][];

  protected final ServerState server;
  protected final NetSocketInternal socket;
  protected final Context context;
  protected final ClientSession session;
  private final ChannelHandlerContext channel;
  private final ShardSet shards;
  private final ArrayDeque<ReplyGroup> inflight = new ArrayDeque<>();
  private final ArrayDeque<byte[][]> backlog = new ArrayDeque<>();
  /** When the current socket read arrived: the interaction time of all its commands. */
  protected long readTimeMs;
  private ReplyGroup current;
  private int inflightCommands;
  private boolean barrier;
  private boolean paused;
  private boolean closed;
  private boolean inputClosed;
  private ReplyGroup closeAfter;
  private byte[][] callArgv;
  private RespWriter callReply;
  private boolean deferring;

  ClientConnection(ServerState server, NetSocketInternal socket, Context context, String protocolName) {
    this.server = server;
    this.socket = socket;
    this.context = context;
    this.channel = socket.channelHandlerContext();
    this.shards = server.shards();
    boolean open = server.config().requirepass().isEmpty();
    this.session = new ClientSession(server.clients().nextId(), socket.remoteAddress().toString(),
        socket.localAddress().toString(), protocolName, open, System.currentTimeMillis(),
        () -> context.runOnContext(ignored -> socket.close()));
  }

  /** Resolves and checks one parsed command, then calls one of the run/submit/reply methods below. */
  abstract void dispatch(byte[][] argv);

  /** Parses the bytes of one socket read, calling {@link #onCommand} per complete request; must not keep {@code bytes}. */
  abstract void consume(ByteBuf bytes);

  void start() {
    socket.messageHandler(message -> onRead((ByteBuf) message));
    server.clients().add(session);
    server.stats().connectionsReceived.increment();
    socket.closeHandler(ignored -> onClosed());
    socket.exceptionHandler(ignored -> socket.close());
    // Replies go straight to the Netty channel, past Vert.x's write queue, so the socket's
    // drainHandler never fires for them: resume on the channel's own writability instead.
    // A client that sends its requests and then closes its side (`printf 'GET k\r\n' | nc`) still
    // gets every reply, as from Redis: keep the socket half-open until the replies are written.
    channel.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
          context.runOnContext(ignored -> maybeResume());
        }
        ctx.fireChannelWritabilityChanged();
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
          context.runOnContext(ignored -> {
            inputClosed = true;
            closeWhenAnswered();
          });
        }
        ctx.fireUserEventTriggered(event);
      }
    });
  }

  /** After the client closed its side: close ours once every request it sent is answered. */
  private void closeWhenAnswered() {
    if (inputClosed && !closed && !barrier && inflight.isEmpty() && backlog.isEmpty()) {
      closed = true;
      socket.close();
    }
  }

  private void onRead(ByteBuf bytes) {
    try {
      readTimeMs = System.currentTimeMillis();
      server.stats().netInputBytes.add(bytes.readableBytes());
      consume(bytes);
      endOfRead();
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
    if (closed || closeAfter != null) {
      return;
    }
    if (barrier) {
      backlog.add(argv);
    } else {
      dispatch(argv);
    }
  }

  /** End of a socket read: send this read's batches, write what is ready, apply backpressure. */
  private void endOfRead() {
    sealCurrent();
    writeCompleted();
    if (!paused && (inflightCommands > MAX_INFLIGHT || !channel.channel().isWritable())) {
      paused = true;
      socket.pause();
    }
  }

  /**
   * Why the command cannot run now, or null: -LOADING while the dataset loads (except for commands
   * flagged ok-loading), -MISCONF for writes (and PING, as Redis) while persistence is failing.
   */
  protected final String refusal(CommandSpec spec) {
    Persistence persistence = server.persistence();
    if (persistence.loading() && !spec.has(CommandFlag.LOADING)) {
      return Errors.LOADING;
    }
    if (spec.has(CommandFlag.WRITE) || spec.fullName().equals("ping")) {
      return persistence.writeRefusal();
    }
    return null;
  }

  /** A keyspace command: to its shard's batch, or as a cross-shard call. */
  protected final void submit(CommandSpec spec, byte[][] argv, int db) {
    int[] targets = shards.targets(spec.keys(), argv);
    if (targets.length == 1) {
      group().add(targets[0], spec, argv, db, session.resp());
      return;
    }
    sealCurrent();
    ReplyGroup group = group();
    CommandBatch batch = new CommandBatch(group, context, session);
    batch.add(spec, argv, db, session.resp());
    group.addOnly(batch);
    startBarrier();
    CrossShardCall.run(server, targets, batch, context);
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
      current.localReplyWritten(argv);
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

  /** Redis answers a protocol error, then closes the connection once the answer is written. */
  protected final void failProtocol(String message) {
    server.stats().protocolErrors.increment();
    replyError(NO_ARGS, message);
    closeAfterReply();
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
    sealCurrent();
    ReplyGroup group = group();
    CommandBatch batch = new CommandBatch(group, context, session);
    group.addOnly(batch);
    deferring = true;
    int protocol = session.resp();
    return writeReply -> context.runOnContext(ignored -> {
      RespWriter reply = batch.replies();
      reply.protocol(protocol);
      writeReply.accept(reply);
      batch.replyWritten(batch.add(null, NO_ARGS, 0, protocol));
      batch.handle(null);
    });
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
    while (!barrier && !backlog.isEmpty() && !closed) {
      dispatch(backlog.poll());
    }
    if (!barrier) {
      sealCurrent();
    }
  }

  private void writeCompleted() {
    while (!inflight.isEmpty() && inflight.peek().isComplete()) {
      ReplyGroup group = inflight.poll();
      inflightCommands -= group.count;
      if (closed) {
        continue;
      }
      ByteBuf out = group.assemble();
      if (out.isReadable()) {
        server.stats().netOutputBytes.add(out.readableBytes());
        channel.writeAndFlush(out, channel.voidPromise());
      }
      if (group == closeAfter) {
        closed = true;
        socket.close();
      }
    }
    maybeResume();
    closeWhenAnswered();
  }

  private void maybeResume() {
    if (paused && !barrier && !closed && inflightCommands < RESUME_BELOW && channel.channel().isWritable()) {
      paused = false;
      socket.resume();
    }
  }

  private void onClosed() {
    closed = true;
    backlog.clear();
    server.clients().remove(session);
  }

  /**
   * The replies of one socket read (or of one barrier command), in request order: each command
   * remembers which batch answers it and at which index.
   */
  final class ReplyGroup implements CommandBatch.Owner {
    private final CommandBatch[] byShard = new CommandBatch[shards.count()];
    private CommandBatch local;
    private CommandBatch[] sources = new CommandBatch[4];
    private int[] indexes = new int[4];
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
      int index = local.add(null, argv, 0, 0);
      local.replyWritten(index);
      record(local, index);
    }

    private void record(CommandBatch batch, int index) {
      if (count == sources.length) {
        sources = Arrays.copyOf(sources, count * 2);
        indexes = Arrays.copyOf(indexes, count * 2);
      }
      sources[count] = batch;
      indexes[count] = index;
      count++;
      inflightCommands++;
    }

    void seal() {
      sealed = true;
      for (int shard = 0; shard < byShard.length; shard++) {
        if (byShard[shard] != null) {
          pending++;
          shards.send(shard, byShard[shard]);
        }
      }
    }

    void sealWithoutSending() {
      sealed = true;
    }

    boolean isComplete() {
      return sealed && pending == 0;
    }

    @Override
    public void batchDone(CommandBatch batch) {
      pending--;
      if (pending == 0 && isBarrier) {
        endBarrier();
      }
      writeCompleted();
    }

    /** The replies in request order; one batch answering everything in order is written as it is. */
    ByteBuf assemble() {
      CommandBatch only = sources[0];
      boolean single = true;
      for (int i = 1; i < count && single; i++) {
        single = sources[i] == only;
      }
      if (count == 0) {
        return Unpooled.EMPTY_BUFFER;
      }
      if (single) {
        return only.replies().buffer();
      }
      int total = 0;
      for (int i = 0; i < count; i++) {
        total += sources[i].replyEnd(indexes[i]) - sources[i].replyStart(indexes[i]);
      }
      ByteBuf out = Buffers.heap(total);
      for (int i = 0; i < count; i++) {
        CommandBatch source = sources[i];
        int start = source.replyStart(indexes[i]);
        out.writeBytes(source.replies().buffer(), start, source.replyEnd(indexes[i]) - start);
      }
      return out;
    }
  }
}
