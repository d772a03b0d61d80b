package io.verdis.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.verdis.net.CommandEncoder;
import io.verdis.net.InProcessClient;
import io.verdis.net.Reply;
import io.verdis.net.RespParser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies the primary's command stream, in order, as the primary's client (Redis's master client):
 * its commands take the path of any client's (command table, shards, transactions, AOF, keyspace
 * events, blocked clients), their replies are dropped. The offset counts the stream bytes whose
 * commands have run: {@code REPLCONF GETACK} is answered with it once everything before it ran
 * (not counting itself, as Redis), and what ran is proxied to this node's own replicas unchanged.
 * Runs on the link's context.
 */
final class StreamApplier implements RespParser.Sink {
  /** Past this many commands sent and not yet run, the socket pauses. */
  private static final int MAX_IN_FLIGHT = 16 * 1024;

  private final InProcessClient master;
  private final ReplicaOf owner;
  private final NetSocket socket;
  private final Runnable sendAck;
  private final Consumer<String> fail;
  private final RespParser parser = new RespParser();
  /** Parsed and not sent yet: commands, or {@link #GETACK} where an acknowledgement is due. */
  private final ArrayDeque<byte[][]> parsed = new ArrayDeque<>();
  private static final byte[][] GETACK = new byte[0][];
  private long appliedOffset;
  private long readOffset;
  private int inFlight;
  private Future<?> last = Future.succeededFuture();
  private boolean inputPaused;
  /** Pausers waiting for the commands sent to have run. */
  private final List<Promise<Void>> quiet = new ArrayList<>();

  StreamApplier(InProcessClient master, long offset, ReplicaOf owner, NetSocket socket, Runnable sendAck,
      Consumer<String> fail) {
    this.master = master;
    this.owner = owner;
    this.socket = socket;
    this.sendAck = sendAck;
    this.fail = fail;
    this.appliedOffset = offset;
    this.readOffset = offset;
  }

  void feed(ByteBuf bytes) {
    readOffset += bytes.readableBytes();
    parser.feed(bytes, this);
    bytes.skipBytes(bytes.readableBytes());
    sendParsed();
  }

  @Override
  public void command(byte[][] argv) {
    boolean getack = argv.length >= 2 && is(argv[0], "replconf") && is(argv[1], "getack");
    parsed.add(getack ? withGetack(argv) : argv);
  }

  /** GETACK stays in the stream (for the proxy and the offset), marked so it is answered, not run. */
  private static byte[][] withGetack(byte[][] argv) {
    byte[][] marked = new byte[argv.length + 1][];
    marked[0] = null;
    System.arraycopy(argv, 0, marked, 1, argv.length);
    return marked;
  }

  @Override
  public void protocolError(String message) {
    fail.accept("Protocol error in the stream from the primary: " + message);
  }

  @Override
  public boolean authenticated() {
    return true;
  }

  @Override
  public long maxBulkLength() {
    return Long.MAX_VALUE;
  }

  /** Sends what was parsed, batch by batch, answering each GETACK after the batch before it ran. */
  private void sendParsed() {
    if (owner.applyingPaused()) {
      if (!inputPaused && parsed.size() > MAX_IN_FLIGHT) {
        inputPaused = true;
        socket.pause();
      }
      return;
    }
    List<byte[][]> batch = new ArrayList<>();
    while (!parsed.isEmpty()) {
      byte[][] argv = parsed.poll();
      if (argv[0] == null) {
        send(batch);
        batch = new ArrayList<>();
        byte[][] getack = java.util.Arrays.copyOfRange(argv, 1, argv.length);
        last.onComplete(ignored -> {
          sendAck.run();
          ran(List.<byte[][]>of(getack));
        });
      } else {
        batch.add(argv);
      }
    }
    send(batch);
    if (!inputPaused && inFlight > MAX_IN_FLIGHT) {
      inputPaused = true;
      socket.pause();
    }
  }

  private void send(List<byte[][]> batch) {
    if (batch.isEmpty()) {
      return;
    }
    inFlight += batch.size();
    Future<List<Reply>> sent = master.send(batch);
    last = sent;
    sent.onComplete(replies -> {
      if (replies.failed()) {
        fail.accept("The primary's client was closed: " + replies.cause().getMessage());
        return;
      }
      inFlight -= batch.size();
      int refused = firstLoadingRefusal(replies.result());
      if (refused >= 0) {
        // Loads pause the stream, so this should not happen; if it does, what was refused must
        // not count as applied: the link starts again from the last command that ran.
        if (refused > 0) {
          ran(batch.subList(0, refused));
        }
        fail.accept("The primary's stream was answered -LOADING: reconnecting to continue from offset "
            + appliedOffset);
        return;
      }
      ran(batch);
      if (inputPaused && inFlight < MAX_IN_FLIGHT / 2) {
        inputPaused = false;
        socket.resume();
      }
      if (inFlight == 0) {
        completeQuiet();
      }
    });
  }

  private static int firstLoadingRefusal(List<Reply> replies) {
    for (int i = 0; i < replies.size(); i++) {
      Reply reply = replies.get(i);
      if (reply.isError() && reply.text() != null && reply.text().startsWith("LOADING")) {
        return i;
      }
    }
    return -1;
  }

  /** Commands that ran: the offset moves past them, and they go on to our replicas. */
  private void ran(List<byte[][]> commands) {
    int estimate = 0;
    for (byte[][] argv : commands) {
      estimate += CommandEncoder.sizeOf(argv);
    }
    // The primary sends commands as RESP arrays of bulks, so encoding them again gives its bytes.
    ByteBuf encoded = Unpooled.buffer(estimate);
    for (byte[][] argv : commands) {
      CommandEncoder.write(encoded, argv);
    }
    byte[] bytes = new byte[encoded.readableBytes()];
    encoded.readBytes(bytes);
    appliedOffset += bytes.length;
    owner.applied(appliedOffset);
    owner.proxy(bytes);
  }

  /**
   * The owner stopped the stream ({@link ReplicaOf#applyingPaused}), so nothing more is sent;
   * {@code ready} completes once those sent have run.
   */
  void pause(Promise<Void> ready) {
    if (inFlight == 0) {
      ready.tryComplete();
    } else {
      quiet.add(ready);
    }
  }

  /** The owner lifted its last pause: what was parsed meanwhile goes. */
  void resume() {
    sendParsed();
  }

  /** The link closed: whoever waits for the stream to pause need not wait any longer. */
  void release() {
    completeQuiet();
  }

  private void completeQuiet() {
    for (Promise<Void> ready : quiet) {
      ready.tryComplete();
    }
    quiet.clear();
  }

  long appliedOffset() {
    return appliedOffset;
  }

  long readOffset() {
    return readOffset;
  }

  private static boolean is(byte[] arg, String word) {
    return new String(arg, StandardCharsets.US_ASCII).equalsIgnoreCase(word);
  }
}
