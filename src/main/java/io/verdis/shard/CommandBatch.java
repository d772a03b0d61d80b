package io.verdis.shard;

import io.verdis.client.ClientSession;
import io.verdis.command.CommandSpec;
import io.verdis.net.RespWriter;
import io.vertx.core.Context;
import io.vertx.core.Handler;

import java.util.Arrays;

/**
 * Commands of one connection bound for one place (a shard, the connection itself, or a
 * cross-shard call), and their encoded replies. A connection sends one batch per shard per
 * socket read: that is what makes pipelining cheap.
 *
 * <p>The executor writes reply {@code i} into {@link #replies()} and records where it ends; the
 * connection then takes replies out in request order (large values in them are shared with the
 * store, not copied: see {@link RespWriter#forReplies}).
 */
public final class CommandBatch implements ShardMessage, Handler<Void> {
  /** Told on its own event loop when a batch has run. */
  public interface Owner {
    void batchDone(CommandBatch batch);

    /** The batch's only command is blocked (see {@link CommandBatch#blockedClient()}); its reply comes later. */
    default void batchBlocked(CommandBatch batch) {
    }
  }

  /**
   * Or'ed into the protocol given to {@link #add}: the command's reads are remembered for its
   * client's tracking (decided by the connection when it dispatched it: CLIENT CACHING applies to
   * the command after it, whichever batch that goes in).
   */
  public static final int REMEMBER_READS = 0x10;
  private static final int PROTOCOL_MASK = 0x0f;

  private final Owner owner;
  private final Context ownerContext;
  private final ClientSession client;
  private CommandSpec[] specs = new CommandSpec[4];
  private byte[][][] argvs = new byte[4][][];
  private int[] dbs = new int[4];
  private byte[] protocols = new byte[4];
  private long[] replyEnds = new long[4];
  private int size;
  private final RespWriter replies = RespWriter.forReplies(64);
  private final boolean replaying;
  private BlockedClient blocked;
  private long firstDeadlineMs = -1;
  private int[] bounced;
  private int bouncedCount;
  private int resumeAt;
  private long laneTicket;
  private boolean handedOff;

  public CommandBatch(Owner owner, Context ownerContext, ClientSession client) {
    this(owner, ownerContext, client, false);
  }

  /**
   * {@code replaying}: records of the AOF being loaded at start-up, run without statistics, slow
   * log or client (as Redis runs them for its fake loading client).
   */
  public CommandBatch(Owner owner, Context ownerContext, ClientSession client, boolean replaying) {
    this.owner = owner;
    this.ownerContext = ownerContext;
    this.client = client;
    this.replaying = replaying;
  }

  public boolean replaying() {
    return replaying;
  }

  /** Who sent these commands (for the slow log). */
  public ClientSession client() {
    return client;
  }

  /** Appends a command; returns its index in this batch. */
  public int add(CommandSpec spec, byte[][] argv, int db, int protocol) {
    if (size == specs.length) {
      int capacity = size * 2;
      specs = Arrays.copyOf(specs, capacity);
      argvs = Arrays.copyOf(argvs, capacity);
      dbs = Arrays.copyOf(dbs, capacity);
      protocols = Arrays.copyOf(protocols, capacity);
      replyEnds = Arrays.copyOf(replyEnds, capacity);
    }
    specs[size] = spec;
    argvs[size] = argv;
    dbs[size] = db;
    protocols[size] = (byte) protocol;
    return size++;
  }

  public int size() {
    return size;
  }

  public CommandSpec spec(int i) {
    return specs[i];
  }

  public byte[][] argv(int i) {
    return argvs[i];
  }

  /** What command {@code i} runs as from now on (a blocked command's arguments for when it is woken). */
  void rewriteArgv(int i, byte[][] argv) {
    argvs[i] = argv;
  }

  public int db(int i) {
    return dbs[i];
  }

  public int protocol(int i) {
    return protocols[i] & PROTOCOL_MASK;
  }

  /** Whether command i's keys are remembered for its client's tracking (see {@link #REMEMBER_READS}). */
  public boolean remembersReads(int i) {
    return (protocols[i] & REMEMBER_READS) != 0;
  }

  public RespWriter replies() {
    return replies;
  }

  /** Marks the end of reply {@code i} at the writer's current position. */
  public void replyWritten(int i) {
    replyEnds[i] = replies.written();
  }

  public long replyStart(int i) {
    return i == 0 ? 0 : replyEnds[i - 1];
  }

  public long replyEnd(int i) {
    return replyEnds[i];
  }

  /**
   * Command {@code i} was not run: its slot is moving away from this node (or moved). Its reply
   * is a placeholder; the connection sends it on once the move is over.
   */
  void bounce(int i) {
    if (bounced == null) {
      bounced = new int[4];
    } else if (bouncedCount == bounced.length) {
      bounced = Arrays.copyOf(bounced, bouncedCount * 2);
    }
    bounced[bouncedCount++] = i;
  }

  /** How many commands of this batch bounced (see {@link #bounce}). */
  public int bouncedCount() {
    return bouncedCount;
  }

  /** The index of the {@code k}-th bounced command, ascending. */
  public int bounced(int k) {
    return bounced[k];
  }

  /** Once the connection has taken the bounced commands on. */
  public void clearBounced() {
    bouncedCount = 0;
  }

  long laneTicket() {
    return laneTicket;
  }

  void laneTicket(long ticket) {
    laneTicket = ticket;
  }

  /** Where the executor starts: 0, or the command that needed every shard (see {@link #handOff}). */
  int resumeAt() {
    return resumeAt;
  }

  /**
   * Command {@code i} needs every shard held ({@link io.verdis.command.NeedsEveryShard}): the
   * commands before it ran, it and those after it run in the cross-shard call the batch is handed to.
   */
  void handOff(int i) {
    resumeAt = i;
    handedOff = true;
  }

  /** Whether the executor that ran it last handed it on: that one must not answer it. */
  boolean handedOff() {
    return handedOff;
  }

  void resumed() {
    handedOff = false;
  }

  /** The client this batch's blocking command is waiting as, or null. */
  public BlockedClient blockedClient() {
    return blocked;
  }

  /** Its command blocked: tells the connection, which times it out and can unblock it. */
  void parked(BlockedClient client) {
    blocked = client;
    ownerContext.runOnContext(ignored -> owner.batchBlocked(this));
  }

  /**
   * The deadline its blocking command waits until: the one of its first wait, so a command run
   * again after a wake-up that found nothing (a BLMOVE across shards) does not start its timeout over.
   */
  long deadline(long requestedMs) {
    if (firstDeadlineMs < 0) {
      firstDeadlineMs = requestedMs;
    }
    return firstDeadlineMs;
  }

  /** Before running the batch again (a woken BLMOVE across shards). */
  public void unpark() {
    blocked = null;
  }

  /** Called by whoever ran the batch, on any thread: hands it back to its connection's event loop. */
  public void executed() {
    ownerContext.runOnContext(this);
  }

  @Override
  public void handle(Void ignored) {
    owner.batchDone(this);
  }
}
