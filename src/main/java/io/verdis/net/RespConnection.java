package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.verdis.command.ClientCommand;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.internal.net.NetSocketInternal;

/** A client speaking RESP: parses requests and checks them in Redis's order before running them. */
final class RespConnection extends ClientConnection implements RespParser.Sink {
  private final RespParser parser = new RespParser();
  private final CommandTable commands;
  /** proto-max-bulk-len, read once per socket read rather than once per argument. */
  private long maxBulkLength;

  RespConnection(ServerState server, NetSocketInternal socket, Context context) {
    super(server, socket, context, "resp");
    this.commands = server.commands();
  }

  @Override
  void consume(ByteBuf bytes) {
    maxBulkLength = server.config().protoMaxBulkLen();
    parser.feed(bytes, this);
    session.bufferedBytes(parser.bufferedBytes());
  }

  @Override
  public void command(byte[][] argv) {
    onCommand(argv);
  }

  @Override
  public void protocolError(String message) {
    failProtocol(message);
  }

  @Override
  public boolean authenticated() {
    return session.authenticated();
  }

  @Override
  public long maxBulkLength() {
    return maxBulkLength;
  }

  /** Redis's processCommand order: unknown command, then arity, then authentication. */
  @Override
  void dispatch(byte[][] argv) {
    CommandSpec spec = commands.resolve(argv);
    if (spec == null) {
      replyError(argv, commands.unknownError(argv));
      return;
    }
    if (!spec.arityAccepts(argv.length)) {
      spec.stats().recordRejected();
      replyError(argv, CommandTable.arityError(spec));
      return;
    }
    if (!session.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
      spec.stats().recordRejected();
      replyError(argv, Errors.NOAUTH);
      return;
    }
    String refused = refusal(spec);
    if (refused != null) {
      spec.stats().recordRejected();
      replyError(argv, refused);
      return;
    }
    session.interacted(readTimeMs, spec.fullName());
    if (spec.handler() instanceof ClientCommand) {
      runClient(spec, argv);
    } else {
      submit(spec, argv, session.db());
    }
  }
}
