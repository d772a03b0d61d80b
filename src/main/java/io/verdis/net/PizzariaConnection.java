package io.verdis.net;

import io.netty.buffer.ByteBuf;
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
 */
final class PizzariaConnection extends ClientConnection {
  private static final CommandTable COMMANDS = PizzariaCommands.table();
  private static final byte[] ERROR = PizzariaCommands.errorLine();

  private final ByteBuf pending = Buffers.heap(256);

  PizzariaConnection(ServerState server, Transport socket, Context context) {
    super(server, socket, context, "pizzaria");
  }

  @Override
  void consume(ByteBuf bytes) {
    pending.writeBytes(bytes);
    int end;
    while ((end = lineEnd()) >= 0) {
      byte[] line = new byte[end - pending.readerIndex()];
      pending.readBytes(line);
      pending.skipBytes(1);
      if (line.length > 0) {
        onCommand(new byte[][] {line});
      }
    }
    if (pending.readableBytes() > server.config().protoMaxBulkLen()) {
      replyRaw(new byte[0][], ERROR);
      closeAfterReply();
      pending.clear();
    }
    pending.discardReadBytes();
    session.bufferedBytes(pending.readableBytes());
  }

  private int lineEnd() {
    return pending.forEachByte(b -> b != '\r' && b != '\n');
  }

  @Override
  void dispatch(byte[][] request) {
    byte[][] argv = split(request[0]);
    CommandSpec spec = COMMANDS.resolve(argv);
    if (spec == null || !spec.arityAccepts(argv.length)
        || (!session.authenticated() && !spec.has(CommandFlag.NO_AUTH)) || refusal(spec) != null) {
      replyRaw(argv, ERROR);
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
