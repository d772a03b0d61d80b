package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.verdis.command.ClientCommand;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.server.ServerState;
import io.vertx.core.Context;

/** A client speaking RESP: parses requests and checks them in Redis's order before running them. */
final class RespConnection extends ClientConnection implements RespParser.Sink {
  private final RespParser parser = new RespParser();
  private final CommandTable commands;
  /** proto-max-bulk-len, read once per socket read rather than once per argument. */
  private long maxBulkLength;

  RespConnection(ServerState server, Transport socket, Context context) {
    this(server, socket, context, server.commands());
  }

  /** Parsing RESP but running the commands of {@code commands}: Pizzaria's, forwarded from another node. */
  RespConnection(ServerState server, Transport socket, Context context, CommandTable commands) {
    super(server, socket, context, "resp");
    this.commands = commands;
  }

  @Override
  void consume(ByteBuf bytes) {
    maxBulkLength = server.config().protoMaxBulkLen();
    parser.feed(bytes, this);
  }

  @Override
  public long queryBufferBytes() {
    return parser.bufferedBytes();
  }

  @Override
  public long queryBufferFree() {
    return parser.bufferFree();
  }

  @Override
  long partialArgvBytes() {
    return parser.argvBytes();
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
    return !authRequired();
  }

  @Override
  public long maxBulkLength() {
    return maxBulkLength;
  }

  /**
   * A RESP2 client subscribed to anything may only (un)subscribe, PING, QUIT and RESET (its
   * replies share the stream with the messages); RESP3 tells pushes apart, so it may do anything.
   * Checked after MISCONF and before LOADING, as Redis's processCommand does; a refused EXEC
   * answers EXECABORT ({@link #reject(CommandSpec, byte[][], String)}).
   */
  private String subscribedContextRefusal(CommandSpec spec) {
    if (!subscribed() || session.resp() != 2) {
      return null;
    }
    return switch (spec.fullName()) {
      case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
          "quit", "reset" -> null;
      case "exec" -> notAllowedWhileSubscribed(spec); // without ERR: it follows EXECABORT's text
      default -> "ERR " + notAllowedWhileSubscribed(spec);
    };
  }

  /**
   * Redis flags a monitor as a replica, and refuses a replica the commands that read or may write
   * the keyspace (reads, writes, may_replicate: PUBLISH, EVAL …); PING, INFO, CLIENT … still run.
   */
  private static boolean touchesKeyspace(CommandSpec spec) {
    return spec.has(CommandFlag.READONLY) || spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
  }

  private static String notAllowedWhileSubscribed(CommandSpec spec) {
    return "Can't execute '" + spec.fullName()
        + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
  }

  /**
   * Redis's processCommand order: HTTP (POST or Host: as the command) closes the connection, then
   * unknown command, arity, a protected command (DEBUG) enable-debug-command does not allow,
   * authentication, the ACL user's permissions, the server's state; inside MULTI a refused command
   * dooms the transaction, the others are queued.
   */
  @Override
  void dispatch(byte[][] argv) {
    if (CrossProtocolAttack.isRespCommand(argv[0])) {
      abortForCrossProtocolAttack();
      return;
    }
    CommandSpec spec = commands.resolve(argv);
    if (spec == null) {
      reject(argv, commands.unknownError(argv));
      return;
    }
    if (!spec.arityAccepts(argv.length)) {
      spec.stats().recordRejected();
      reject(argv, CommandTable.arityError(spec));
      return;
    }
    if (spec.has(CommandFlag.PROTECTED) && !server.config().debugCommand().allows(LoopbackAddress.isLoopback(session.address()))) {
      spec.stats().recordRejected();
      reject(argv, Errors.DEBUG_NOT_ALLOWED);
      return;
    }
    if (!spec.has(CommandFlag.NO_AUTH) && authRequired()) {
      spec.stats().recordRejected();
      reject(argv, Errors.NOAUTH);
      return;
    }
    if (!permitted(spec, argv)) {
      return;
    }
    String refused = refusal(spec);
    if (refused == null && monitoring() && touchesKeyspace(spec)) {
      refused = "ERR Replica can't interact with the keyspace";
    }
    if (refused == null || refused.equals(Errors.LOADING)) {
      String subscribed = subscribedContextRefusal(spec);
      refused = subscribed != null ? subscribed : refused;
    }
    if (refused != null) {
      spec.stats().recordRejected();
      reject(spec, argv, refused);
      return;
    }
    if (server.clientPause().active() && postponed(spec, argv)) {
      return;
    }
    session.interacted(readTimeMs, spec.fullName());
    if (queueIfInTransaction(spec, argv)) {
      return;
    }
    if (spec.handler() instanceof ClientCommand) {
      runClient(spec, argv);
    } else if (spec.fullName().equals("watch")) {
      submitWatch(spec, argv, session.db());
    } else {
      submit(spec, argv, session.db());
    }
    dispatched(spec);
  }
}
