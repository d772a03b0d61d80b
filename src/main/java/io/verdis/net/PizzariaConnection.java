package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.verdis.command.ClientCommand;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.pizzaria.PizzariaCommands;
import io.verdis.server.ServerState;
import io.vertx.core.Context;

import java.util.Arrays;

/**
 * A client speaking Pizzaria: one request per line, ended by '\r' (a '\n' is taken as an end too,
 * so CRLF and plain {@code nc} input both work; empty lines are skipped). {@code write key|value}
 * splits at the first '|', so values may contain it.
 *
 * <p>A line is bounded as RESP's arguments are: by {@code proto-max-bulk-len}, and before
 * {@code auth} (with {@code requirepass} set) by {@link #UNAUTHENTICATED_MAX_LINE}, as Redis bounds
 * a bulk argument before AUTH. A longer line, complete or not, is answered {@code error} and the
 * connection closed. A line arriving over many reads is searched for its end once.
 */
final class PizzariaConnection extends ClientConnection {
  private static final CommandTable COMMANDS = PizzariaCommands.table();
  private static final byte[] ERROR = PizzariaCommands.errorLine();
  /** Redis's limit on a bulk argument before AUTH (16384 bytes), for a line before {@code auth}. */
  static final int UNAUTHENTICATED_MAX_LINE = 16 * 1024;

  private static final int INITIAL_CAPACITY = 256;
  private static final int KEEP_CAPACITY = 64 * 1024;

  private final ByteBuf pending = Buffers.heap(INITIAL_CAPACITY);
  private final LineScanner lines = new LineScanner();
  private boolean failed;

  PizzariaConnection(ServerState server, Transport socket, Context context) {
    super(server, socket, context, "pizzaria");
  }

  @Override
  void consume(ByteBuf bytes) {
    if (failed) {
      return;
    }
    Buffers.append(pending, bytes);
    int end;
    while ((end = lines.find(pending, ByteProcessor.FIND_CRLF)) >= 0) {
      int length = end - pending.readerIndex();
      if (length > UNAUTHENTICATED_MAX_LINE && length > maxLine()) {
        fail();
        return;
      }
      byte[] line = new byte[length];
      pending.readBytes(line);
      pending.skipBytes(1);
      lines.lineConsumed();
      if (line.length > 0) {
        onCommand(new byte[][] {line});
      }
    }
    if (pending.readableBytes() > UNAUTHENTICATED_MAX_LINE && pending.readableBytes() > maxLine()) {
      fail();
      return;
    }
    if (!pending.isReadable()) {
      pending.clear();
      if (pending.capacity() > KEEP_CAPACITY) {
        // One long line must not hold its buffer for the connection's lifetime.
        pending.capacity(INITIAL_CAPACITY);
      }
    } else if (pending.readerIndex() > pending.capacity() / 2) {
      pending.discardReadBytes();
    }
  }

  @Override
  public long queryBufferBytes() {
    return pending.readableBytes();
  }

  @Override
  public long queryBufferFree() {
    return Math.max(0, pending.capacity() - pending.readableBytes());
  }

  /** A line is one argument, complete or not yet parsed at all. */
  @Override
  long partialArgvBytes() {
    return 0;
  }

  /** Asked per line: an {@code auth} earlier in the same read lifts the stricter bound. */
  private long maxLine() {
    return !authRequired() ? server.config().protoMaxBulkLen() : UNAUTHENTICATED_MAX_LINE;
  }

  private void fail() {
    failed = true;
    failInput(() -> replyRaw(new byte[0][], ERROR));
    pending.clear();
  }

  @Override
  void dispatch(byte[][] request) {
    if (CrossProtocolAttack.isPizzariaLine(request[0])) {
      abortForCrossProtocolAttack();
      return;
    }
    byte[][] argv = split(request[0]);
    CommandSpec spec = COMMANDS.resolve(argv);
    if (spec == null || !spec.arityAccepts(argv.length)
        || (!spec.has(CommandFlag.NO_AUTH) && authRequired()) || refusal(spec) != null) {
      replyRaw(argv, ERROR);
      return;
    }
    if (server.clientPause().active() && postponed(spec, request)) {
      return;
    }
    session.interacted(readTimeMs, spec.name());
    if (spec.handler() instanceof ClientCommand) {
      runClient(spec, argv);
    } else {
      submit(spec, argv, 0);
    }
  }

  /** "verb rest": write's rest is "key|value"; every other verb takes the rest whole. */
  private static byte[][] split(byte[] line) {
    int space = indexOf(line, (byte) ' ', 0);
    if (space < 0) {
      return new byte[][] {line};
    }
    byte[] verb = Arrays.copyOfRange(line, 0, space);
    byte[] rest = Arrays.copyOfRange(line, space + 1, line.length);
    if (verb.length == 5 && new String(verb).equalsIgnoreCase("write")) {
      int bar = indexOf(rest, (byte) '|', 0);
      if (bar < 0) {
        return new byte[][] {verb, rest};
      }
      return new byte[][] {verb, Arrays.copyOfRange(rest, 0, bar), Arrays.copyOfRange(rest, bar + 1, rest.length)};
    }
    return new byte[][] {verb, rest};
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
