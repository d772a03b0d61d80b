package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.verdis.command.CommandTable;
import io.verdis.command.pizzaria.PizzariaCommands;
import io.verdis.server.ServerState;
import io.vertx.core.Context;

import java.util.function.Consumer;

/**
 * The session this node keeps for a client of another node whose commands it forwards here: a
 * {@link RespConnection} over memory, fed the forwarded RESP bytes, handing back the RESP bytes of
 * its replies. It routes as any connection does (a command for a slot that moved meanwhile goes on
 * to its new owner), shows in CLIENT LIST under the origin's address, and is authenticated (the
 * origin checked its client). An importer session (a slot being moved here) may write keys of the
 * slots this node is still receiving. A Pizzaria client's session runs Pizzaria's verbs, whose
 * answers are single {@code \r}-terminated lines.
 */
public final class ForwardedConnection {
  /** A Pizzaria client's commands keep their verbs and their one-line answers (framed as RESP requests only). */
  private static final CommandTable PIZZARIA = PizzariaCommands.table();
  private final LocalTransport transport;
  private final RespConnection connection;

  private ForwardedConnection(ServerState server, Context context, String address, boolean pizzaria,
                              Consumer<ByteBuf> replies) {
    this.transport = new LocalTransport(context, address, replies);
    this.connection = pizzaria
        ? new RespConnection(server, transport, context, PIZZARIA)
        : new RespConnection(server, transport, context);
  }

  /**
   * Opens a session on {@code context}'s event loop; {@code replies} gets the reply bytes (which it
   * must not keep), {@code closed} runs once it has closed, whoever closed it.
   */
  public static ForwardedConnection open(ServerState server, Context context, String address, boolean importer,
                                         boolean pizzaria, Consumer<ByteBuf> replies, Runnable closed) {
    ForwardedConnection forwarded = new ForwardedConnection(server, context, address, pizzaria, replies);
    var session = forwarded.connection.session;
    session.authenticated(true);
    // Its client's own node checked the ACL (Redis checks where the client is connected).
    session.user(null);
    session.name(importer ? "cluster-import" : "cluster-forward");
    session.importing(importer);
    session.forwarded(true);
    forwarded.transport.afterClose(closed);
    forwarded.connection.start();
    return forwarded;
  }

  /** Forwarded commands, as RESP; takes ownership of {@code requests}. */
  public void feed(ByteBuf requests) {
    transport.feed(requests);
  }

  public void close() {
    transport.close();
  }
}
