package io.verdis.cluster;

import io.netty.buffer.ByteBuf;
import io.verdis.net.CommandEncoder;
import io.verdis.shard.CommandBatch;
import io.vertx.core.Context;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One client connection's way to one other node: the commands it forwards there go, a batch per
 * message, to a session the owner keeps for this link (so SELECT, HELLO 3, WATCH and blocking
 * commands mean there what they mean here), and the replies come back in order and are matched
 * to the commands that wait for them.
 *
 * <p>Used only on its connection's event loop. The owner's session starts in database 0 with
 * RESP2; a SELECT or HELLO is slipped in before a command whose database or protocol differ, and
 * its reply dropped.
 */
public final class NodeLink {
  private static final byte[][] HELLO_2 = {bytes("HELLO"), bytes("2")};
  private static final byte[][] HELLO_3 = {bytes("HELLO"), bytes("3")};

  private final Forwarding forwarding;
  private final String node;
  private final Context context;
  /** BusFrames.IMPORTER, BusFrames.PIZZARIA or 0: what the session on the owner is. */
  private final byte kind;
  private long id;
  private boolean opened;
  private int remoteDb;
  private int remoteResp;
  /** Who waits for each reply still owed, oldest first; a null batch: a reply to drop. */
  private CommandBatch[] waitingBatch = new CommandBatch[16];
  private int[] waitingIndex = new int[16];
  /** When the batch a reply belongs to was sent (nanoTime), for the forwarding latency. */
  private long[] waitingSince = new long[16];
  private int head;
  private int size;
  private ByteBuf received;
  /** When the frame being built is sent. */
  private long sendingSince;

  NodeLink(Forwarding forwarding, String node, Context context, byte kind) {
    this.forwarding = forwarding;
    this.node = node;
    this.context = context;
    this.kind = kind;
    reset();
  }

  public String node() {
    return node;
  }

  Context context() {
    return context;
  }

  long id() {
    return id;
  }

  /** Forwards every command of {@code batch}; the batch is done once all are answered. */
  public void send(CommandBatch batch) {
    int bytes = 0;
    for (int i = 0; i < batch.size(); i++) {
      bytes += CommandEncoder.sizeOf(batch.argv(i));
    }
    ByteBuf frame = frameFor(batch.size(), bytes);
    for (int i = 0; i < batch.size(); i++) {
      prepare(frame, batch.db(i), batch.protocol(i));
      CommandEncoder.write(frame, batch.argv(i));
      expect(batch, i);
    }
    forwarding.sendTo(node, id, frame);
  }

  /**
   * Forwards a whole transaction: MULTI, the queued commands and EXEC, the EXEC's reply going to
   * {@code exec} (its only command). Only EXEC's reply is kept: the queued commands were answered
   * QUEUED here already. The transaction may SELECT, so the session's database is unknown after it.
   */
  public void sendTransaction(CommandBatch exec, java.util.List<byte[][]> queued, int db, int resp) {
    ByteBuf frame = frameFor(queued.size() + 2, 64);
    prepare(frame, db, resp);
    CommandEncoder.write(frame, new byte[][] {bytes("MULTI")});
    expect(null, 0);
    for (byte[][] argv : queued) {
      CommandEncoder.write(frame, argv);
      expect(null, 0);
    }
    CommandEncoder.write(frame, new byte[][] {bytes("EXEC")});
    expect(exec, 0);
    remoteDb = -1;
    forwarding.sendTo(node, id, frame);
  }

  /** Sends {@code argv} and drops its reply (UNWATCH after a DISCARD here). */
  public void sendQuietly(byte[][] argv) {
    ByteBuf frame = frameFor(1, CommandEncoder.sizeOf(argv));
    CommandEncoder.write(frame, argv);
    expect(null, 0);
    forwarding.sendTo(node, id, frame);
  }

  private ByteBuf frameFor(int commands, int bytes) {
    sendingSince = System.nanoTime();
    ByteBuf frame = BusFrames.request(opened ? BusFrames.COMMANDS : BusFrames.OPEN, id,
        kind, forwarding.loopOf(id), forwarding.self(), bytes + commands * 16);
    opened = true;
    return frame;
  }

  /** A SELECT and a HELLO before the next command, where the session's database or protocol differ. */
  private void prepare(ByteBuf frame, int db, int resp) {
    if (kind == BusFrames.PIZZARIA) {
      return; // Pizzaria has one database and its own answers
    }
    if (db != remoteDb) {
      CommandEncoder.write(frame, new byte[][] {bytes("SELECT"), bytes(Integer.toString(db))});
      expect(null, 0);
      remoteDb = db;
    }
    if (resp != remoteResp) {
      CommandEncoder.write(frame, resp == 3 ? HELLO_3 : HELLO_2);
      expect(null, 0);
      remoteResp = resp;
    }
  }

  /** Replies from the owner, in order (on this link's event loop). */
  void onReplies(ByteBuf frame) {
    ByteBuf bytes = frame.skipBytes(BusFrames.REPLY_HEADER);
    if (received == null) {
      received = io.netty.buffer.Unpooled.buffer(bytes.readableBytes());
    } else {
      received.discardReadBytes();
    }
    received.writeBytes(bytes);
    int end;
    while (size > 0 && (end = replyEnd(received)) != ReplyScanner.INCOMPLETE) {
      int start = received.readerIndex();
      CommandBatch batch = waitingBatch[head];
      int index = waitingIndex[head];
      long since = waitingSince[head];
      waitingBatch[head] = null;
      head = (head + 1) % waitingBatch.length;
      size--;
      if (batch != null) {
        batch.replies().raw(received, start, end - start);
        batch.replyWritten(index);
        if (index == batch.size() - 1) {
          forwarding.answered(batch.size(), System.nanoTime() - since);
          batch.executed();
        }
      }
      received.readerIndex(end);
    }
  }

  /** Where the next reply ends: a RESP reply, or for Pizzaria the one line each keyed verb answers. */
  private int replyEnd(ByteBuf bytes) {
    if (kind != BusFrames.PIZZARIA) {
      return ReplyScanner.end(bytes, bytes.readerIndex());
    }
    int cr = bytes.indexOf(bytes.readerIndex(), bytes.writerIndex(), (byte) '\r');
    return cr < 0 ? ReplyScanner.INCOMPLETE : cr + 1;
  }

  /**
   * The owner lost this link's session (it restarted, or went down): every command still owed a
   * reply is answered {@code error}, and the next command opens a new session.
   */
  void fail(String error) {
    byte[] reply = (kind == BusFrames.PIZZARIA ? "error\r" : "-" + error + "\r\n").getBytes(StandardCharsets.UTF_8);
    while (size > 0) {
      CommandBatch batch = waitingBatch[head];
      int index = waitingIndex[head];
      waitingBatch[head] = null;
      head = (head + 1) % waitingBatch.length;
      size--;
      if (batch != null) {
        batch.replies().raw(reply);
        batch.replyWritten(index);
        if (index == batch.size() - 1) {
          batch.executed();
        }
      }
    }
    forwarding.forget(this);
    reset();
  }

  /** Ends the owner's session (this connection closed): what it waited in there ends too. */
  public void close() {
    if (opened) {
      forwarding.sendTo(node, id, BusFrames.request(BusFrames.CLOSE, id, (byte) 0, forwarding.loopOf(id), forwarding.self(), 0));
    }
    forwarding.forget(this);
    opened = false;
  }

  private void reset() {
    if (received != null) {
      received.release();
      received = null;
    }
    id = forwarding.register(this);
    opened = false;
    remoteDb = 0;
    remoteResp = 2;
  }

  private void expect(CommandBatch batch, int index) {
    if (size == waitingBatch.length) {
      CommandBatch[] batches = new CommandBatch[size * 2];
      int[] indexes = new int[size * 2];
      long[] since = new long[size * 2];
      for (int i = 0; i < size; i++) {
        batches[i] = waitingBatch[(head + i) % size];
        indexes[i] = waitingIndex[(head + i) % size];
        since[i] = waitingSince[(head + i) % size];
      }
      waitingBatch = batches;
      waitingIndex = indexes;
      waitingSince = since;
      head = 0;
    }
    int tail = (head + size) % waitingBatch.length;
    waitingBatch[tail] = batch;
    waitingIndex[tail] = index;
    waitingSince[tail] = sendingSince;
    size++;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "NodeLink{" + node + ", id=" + id + ", owed=" + size + ", " + Arrays.toString(new int[] {remoteDb, remoteResp}) + "}";
  }
}
