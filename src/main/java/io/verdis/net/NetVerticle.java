package io.verdis.net;

import io.verdis.command.Errors;
import io.verdis.server.Config;
import io.verdis.server.InvalidValueException;
import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ServerSSLOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Accepts clients on the RESP port, the TLS port (the same RESP connections, over TLS) and the
 * Pizzaria port (over TLS with pizzaria-tls), on every bind address. One instance
 * runs per event loop; Vert.x spreads the connections of the shared servers over them.
 */
public final class NetVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(NetVerticle.class.getName());
  private static final byte[] MAX_CLIENTS = ("-" + Errors.MAX_CLIENTS + "\r\n").getBytes(StandardCharsets.US_ASCII);

  private final ServerState server;
  private final TlsListeners tls;
  private final List<NetServer> servers = new ArrayList<>();

  public NetVerticle(ServerState server, TlsListeners tls) {
    this.server = server;
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    Config config = server.config();
    ServerSSLOptions ssl = null;
    if (config.tlsPort() > 0 || config.pizzariaTls()) {
      try {
        ssl = tls.options();
      } catch (InvalidValueException e) {
        return Future.failedFuture(new IllegalStateException("Failed to configure TLS: " + e.reason()));
      }
    }
    List<Future<?>> listening = new ArrayList<>();
    for (String bind : config.bind()) {
      // port 0 beside a tls-port is Redis's "TLS only"; alone it keeps meaning an ephemeral port.
      if (config.port() > 0 || config.tlsPort() == 0) {
        listening.add(listen(bind, config.port(), null, this::acceptResp));
      }
      if (config.tlsPort() > 0) {
        listening.add(listen(bind, config.tlsPort(), ssl, this::acceptResp));
      }
      if (config.pizzariaPort() > 0) {
        listening.add(listen(bind, config.pizzariaPort(), config.pizzariaTls() ? ssl : null, this::acceptPizzaria));
      }
    }
    return Future.all(listening);
  }

  /**
   * A bind address starting with '-' is optional, as in Redis: skipped if it cannot be bound.
   * With {@code ssl}, the listener speaks TLS: Vert.x hands over a connection once its handshake
   * succeeded, so a plaintext client or a refused certificate never reaches {@link #admit}.
   */
  private Future<?> listen(String bind, int port, ServerSSLOptions ssl, Consumer<NetSocket> accept) {
    boolean optional = bind.startsWith("-");
    String host = optional ? bind.substring(1) : bind;
    NetServerOptions options = new NetServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setTcpKeepAlive(server.config().tcpKeepalive() > 0)
        .setAcceptBacklog(server.config().tcpBacklog())
        .setReuseAddress(true);
    if (ssl != null) {
      TlsSettings.applyTo(options, ssl);
    }
    NetServer net = vertx.createNetServer(options).connectHandler(accept::accept);
    servers.add(net);
    if (ssl != null) {
      tls.listening(net);
    }
    Future<NetServer> listening = net.listen();
    if (optional) {
      return listening.recover(failure -> {
        LOG.fine(() -> "skipping optional bind address " + host + ": " + failure.getMessage());
        return Future.succeededFuture();
      });
    }
    return listening;
  }

  private void acceptResp(NetSocket socket) {
    SocketTransport transport = admit((NetSocketInternal) socket);
    if (transport != null) {
      new RespConnection(server, transport, context).start();
    }
  }

  private void acceptPizzaria(NetSocket socket) {
    SocketTransport transport = admit((NetSocketInternal) socket);
    if (transport != null) {
      new PizzariaConnection(server, transport, context).start();
    }
  }

  /**
   * The transport of a client to serve, or null. Past maxclients, Redis's error is written before
   * closing; so is protected mode's refusal of a client from another machine. A client that reset
   * its connection before it was accepted is closed without a word: Redis counts it as received
   * and frees it quietly at its first read.
   */
  private SocketTransport admit(NetSocketInternal socket) {
    if (server.clients().size() >= server.config().maxclients()) {
      server.stats().rejectedConnections.increment();
      socket.write(io.vertx.core.buffer.Buffer.buffer(MAX_CLIENTS)).onComplete(ignored -> socket.close());
      return null;
    }
    SocketTransport transport = SocketTransport.accepted(socket, context);
    if (transport == null) {
      server.stats().connectionsReceived.increment();
      socket.channelHandlerContext().close();
    } else if (ProtectedMode.refuses(server.config(), server.acl(), transport.remoteAddress())) {
      server.stats().rejectedConnections.increment();
      socket.write(io.vertx.core.buffer.Buffer.buffer(ProtectedMode.DENIED)).onComplete(ignored -> socket.close());
      return null;
    }
    return transport;
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>();
    servers.forEach(net -> {
      tls.closed(net);
      closing.add(net.close());
    });
    return Future.join(closing);
  }
}
