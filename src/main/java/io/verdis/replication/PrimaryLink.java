package io.verdis.replication;

import io.netty.buffer.ByteBuf;
import io.verdis.net.InProcessClient;
import io.verdis.net.TlsSettings;
import io.verdis.server.Config;
import io.verdis.server.InvalidValueException;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One connection of this replica to its primary (over TLS with tls-replication), as Redis's
 * syncWithMaster drives it: PING, AUTH (masteruser/masterauth), REPLCONF listening-port and capa
 * eof psync2, then PSYNC with the history to continue. +CONTINUE goes straight to the stream; +FULLRESYNC receives the RDB
 * ({@link RdbReceiver}), drops the old data, loads the RDB through the start-up loader, and then
 * applies the stream ({@link StreamApplier}). Runs on its owner's context; a link never
 * reconnects: once closed, {@link ReplicaOf} makes a new one.
 */
final class PrimaryLink {
  private static final Logger LOG = Logger.getLogger(PrimaryLink.class.getName());

  /** Redis's repl states, as ROLE names them. */
  enum State {
    CONNECT("connect"), CONNECTING("connecting"), HANDSHAKE("handshake"), TRANSFER("sync"), CONNECTED("connected");

    final String roleName;

    State(String roleName) {
      this.roleName = roleName;
    }
  }

  /** What the handshake waits for, in order. */
  private enum Expect { PONG, AUTH, PORT, IP, CAPA, PSYNC }

  private final ServerState server;
  private final Config config;
  private final ReplicaOf owner;
  private final String host;
  private final int port;
  private final String psyncId;
  private final long psyncOffset;
  private final Context context;
  private final ArrayDeque<Expect> expected = new ArrayDeque<>();
  private final LineReader lines = new LineReader();
  private volatile State state = State.CONNECT;
  private volatile long lastIoMs = System.currentTimeMillis();
  private NetClient client;
  private NetSocket socket;
  private boolean closed;
  private boolean everConnected;
  private String fullSyncId;
  private long fullSyncOffset;
  private RdbReceiver receiver;
  private StreamApplier applier;
  private volatile InProcessClient master;
  /** This link's PSYNC said FAILOVER: its answer ends the FAILOVER. */
  private boolean handingOver;

  PrimaryLink(ServerState server, ReplicaOf owner, String host, int port, String psyncId, long psyncOffset) {
    this.server = server;
    this.config = server.config();
    this.owner = owner;
    this.host = host;
    this.port = port;
    this.psyncId = psyncId;
    this.psyncOffset = psyncOffset;
    this.context = server.vertx().getOrCreateContext();
  }

  void start() {
    context.runOnContext(ignored -> connect());
  }

  private void connect() {
    state = State.CONNECTING;
    ConnectOptions target = new ConnectOptions().setHost(host).setPort(port);
    if (config.tlsReplication()) {
      // Read at each link, so a CONFIG SET of the certificates reaches the next one.
      try {
        target.setSsl(true).setSslOptions(TlsSettings.client(config, server.vertx()));
      } catch (InvalidValueException e) {
        LOG.warning("Failed to configure TLS for the link to the master: " + e.reason());
        close();
        return;
      }
    }
    client = server.vertx().createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout(config.replTimeout() * 1000));
    client.connect(target).onComplete(connected -> {
      if (connected.failed()) {
        LOG.warning("Error condition on socket for SYNC: " + connected.cause().getMessage());
        close();
        return;
      }
      socket = connected.result();
      if (closed) {
        socket.close();
        return;
      }
      LOG.info("MASTER <-> REPLICA sync started");
      socket.handler(this::received);
      socket.closeHandler(ignored -> {
        if (!closed) {
          LOG.info("Connection with master lost.");
        }
        close();
      });
      socket.exceptionHandler(e -> LOG.warning("Error on the link to the primary: " + e.getMessage()));
      state = State.HANDSHAKE;
      send(List.of(List.of("PING")));
      expected.add(Expect.PONG);
    });
  }

  // ---- Reading ----------------------------------------------------------------------------------

  private void received(Buffer buffer) {
    lastIoMs = System.currentTimeMillis();
    if (closed) {
      return;
    }
    ByteBuf bytes = ((BufferInternal) buffer).getByteBuf();
    while (bytes.isReadable() && !closed) {
      if (state == State.HANDSHAKE) {
        String line = lines.next(bytes);
        if (line == null) {
          return;
        }
        handshakeReply(line);
      } else if (state == State.TRANSFER) {
        if (receiver == null) {
          String line = lines.next(bytes);
          if (line == null) {
            return;
          }
          payloadHeader(line);
        } else if (receiver.accept(bytes)) {
          // The rest of this read is stream, applied once the RDB is loaded.
          ByteBuf rest = bytes.copy();
          transferred(rest);
          return;
        }
      } else if (state == State.CONNECTED) {
        applier.feed(bytes);
        return;
      } else {
        return;
      }
    }
  }

  private void handshakeReply(String line) {
    Expect what = expected.poll();
    if (what == null) {
      return;
    }
    boolean error = line.startsWith("-");
    switch (what) {
      case PONG -> {
        if (error && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM")
            && !line.startsWith("-ERR operation not permitted")) {
          fail("Error reply to PING from master: '" + line + "'");
          return;
        }
        LOG.info("Master replied to PING, replication can continue...");
        sendHandshake();
      }
      case AUTH -> {
        if (error) {
          fail("Unable to AUTH to MASTER: " + line);
        }
      }
      case PORT -> {
        if (error) {
          LOG.info("(Non critical) Master does not understand REPLCONF listening-port: " + line);
        }
      }
      case IP -> {
        if (error) {
          LOG.info("(Non critical) Master does not understand REPLCONF ip-address: " + line);
        }
      }
      case CAPA -> {
        if (error) {
          LOG.info("(Non critical) Master does not understand REPLCONF capa: " + line);
        }
        psync();
      }
      case PSYNC -> psyncReply(line);
    }
  }

  /** AUTH and the REPLCONFs, pipelined as Redis sends them. */
  private void sendHandshake() {
    List<List<String>> commands = new ArrayList<>();
    if (!config.masterauth().isEmpty()) {
      commands.add(config.masteruser().isEmpty() ? List.of("AUTH", config.masterauth())
          : List.of("AUTH", config.masteruser(), config.masterauth()));
      expected.add(Expect.AUTH);
    }
    // As Redis: the port the primary lists this replica under is the one it would reach it at,
    // the TLS port when the replication links speak TLS.
    int announcedPort = config.replicaAnnouncePort() != 0 ? config.replicaAnnouncePort()
        : config.tlsReplication() && config.tlsPort() > 0 ? config.tlsPort() : config.port();
    commands.add(List.of("REPLCONF", "listening-port", Integer.toString(announcedPort)));
    expected.add(Expect.PORT);
    if (!config.replicaAnnounceIp().isEmpty()) {
      commands.add(List.of("REPLCONF", "ip-address", config.replicaAnnounceIp()));
      expected.add(Expect.IP);
    }
    commands.add(List.of("REPLCONF", "capa", "eof", "capa", "psync2"));
    expected.add(Expect.CAPA);
    send(commands);
  }

  /** PSYNC, with FAILOVER when this is a former primary's FAILOVER handing over (the target promotes itself). */
  private void psync() {
    List<String> command = new ArrayList<>();
    command.add("PSYNC");
    if (psyncId != null) {
      LOG.info("Trying a partial resynchronization (request " + psyncId + ":" + (psyncOffset + 1) + ").");
      command.add(psyncId);
      command.add(Long.toString(psyncOffset + 1));
    } else {
      LOG.info("Partial resynchronization not possible (no cached master)");
      command.add("?");
      command.add("-1");
    }
    handingOver = owner.handingOver();
    if (handingOver) {
      command.add("FAILOVER");
    }
    send(List.of(command));
    expected.add(Expect.PSYNC);
  }

  private void psyncReply(String line) {
    if (line.isEmpty()) {
      // Newlines keep the connection alive while the primary prepares its answer.
      expected.addFirst(Expect.PSYNC);
      return;
    }
    if (line.startsWith("+FULLRESYNC")) {
      String[] parts = line.split(" ");
      if (parts.length < 3) {
        fail("Master replied with wrong +FULLRESYNC syntax.");
        return;
      }
      fullSyncId = parts[1];
      fullSyncOffset = Long.parseLong(parts[2]);
      handoverAccepted();
      LOG.info("Full resync from master: " + fullSyncId + ":" + fullSyncOffset);
      state = State.TRANSFER;
    } else if (line.startsWith("+CONTINUE")) {
      String id = line.length() > "+CONTINUE ".length() ? line.substring("+CONTINUE ".length()).trim() : null;
      LOG.info("Successful partial resynchronization with master.");
      handoverAccepted();
      owner.continued(id == null || id.isEmpty() ? null : id);
      startStream(owner.appliedOffset(), null);
    } else {
      fail("Unexpected reply to PSYNC from master: " + line);
    }
  }

  private void handoverAccepted() {
    if (handingOver) {
      handingOver = false;
      owner.handoverAnswered(true);
    }
  }

  // ---- Full resynchronization -------------------------------------------------------------------

  /** {@code $<length>} or {@code $EOF:<mark>}; a bare newline is the primary keeping us waiting. */
  private void payloadHeader(String line) {
    if (line.isEmpty()) {
      return;
    }
    if (line.startsWith("-")) {
      fail("MASTER aborted replication with an error: " + line);
      return;
    }
    if (!line.startsWith("$")) {
      fail("Bad protocol from MASTER, the first byte is not '$' (we received '" + line + "'), are you sure the host and port are right?");
      return;
    }
    Path file = Paths.get(config.dir()).resolve("temp-" + System.currentTimeMillis() + "-repl.rdb");
    try {
      if (line.startsWith("$EOF:")) {
        receiver = RdbReceiver.eofMarked(file, line.substring(5).getBytes(StandardCharsets.US_ASCII), context, socket);
        LOG.info("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk");
      } else {
        long length = Long.parseLong(line.substring(1));
        receiver = RdbReceiver.sized(file, length, context, socket);
        LOG.info("MASTER <-> REPLICA sync: receiving " + length + " bytes from master to disk");
      }
    } catch (Exception e) {
      fail("Opening the temp file needed for MASTER <-> REPLICA synchronization: " + e.getMessage());
    }
  }

  /**
   * The RDB is in its file: the old data goes (FLUSHALL and FUNCTION FLUSH from the primary's
   * client, so the AOF, WATCH and keyspace events see it as Redis's emptyData does), the RDB is
   * loaded, and the stream follows from the primary's offset.
   */
  private void transferred(ByteBuf rest) {
    socket.pause();
    RdbReceiver done = receiver;
    receiver = null;
    // A load running (DEBUG RELOAD) would answer the flush -LOADING: it goes first.
    done.finish().compose(file -> server.persistence().loadsDone().map(file)).compose(file -> {
      LOG.info("MASTER <-> REPLICA sync: Flushing old data");
      owner.dataReplaced();
      openMaster(0);
      return master.send(List.of(args("FLUSHALL"), args("FUNCTION", "FLUSH")))
          .compose(flushed -> {
            LOG.info("MASTER <-> REPLICA sync: Loading DB in memory");
            return server.persistence().loadFromPrimary(file);
          });
    }).onComplete(loaded -> context.runOnContext(ignored -> {
      if (closed) {
        rest.release();
        return;
      }
      if (loaded.failed()) {
        rest.release();
        fail("Failed trying to load the MASTER synchronization DB from disk: " + loaded.cause().getMessage());
        return;
      }
      owner.synced(fullSyncId, fullSyncOffset);
      startStream(fullSyncOffset, rest);
      socket.resume();
    }));
  }

  // ---- The stream -------------------------------------------------------------------------------

  private void startStream(long offset, ByteBuf first) {
    if (master == null) {
      openMaster(owner.streamDb());
    }
    applier = new StreamApplier(master, offset, owner, socket, this::sendAck, this::fail);
    state = State.CONNECTED;
    everConnected = true;
    owner.linkUpNow();
    LOG.info("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization or finished loading.");
    sendAck();
    if (first != null) {
      try {
        if (first.isReadable()) {
          applier.feed(first);
        }
      } finally {
        first.release();
      }
    }
  }

  /** The client the primary's commands run as (Redis's master client): no replies go back. */
  private void openMaster(int db) {
    master = InProcessClient.open(server, context, "");
    master.session().master(true);
    // Redis's master client has no ACL user: the primary's stream is never refused.
    master.session().user(null);
    master.session().resp(2);
    master.session().db(db);
    // CLIENT KILL TYPE master drops the link, as in Redis; it reconnects and continues.
    master.closeHandler(() -> fail("The master client was closed: dropping the link to the primary."));
  }

  private void sendAck() {
    if (state == State.CONNECTED && applier != null) {
      send(List.of(List.of("REPLCONF", "ACK", Long.toString(applier.appliedOffset()))));
    }
  }

  /** Once a second: REPLCONF ACK, and repl-timeout for a primary that went silent. */
  void cron() {
    context.runOnContext(ignored -> {
      if (closed) {
        return;
      }
      long silentMs = System.currentTimeMillis() - lastIoMs;
      if (silentMs > config.replTimeout() * 1000L && (state != State.TRANSFER || receiver != null)) {
        fail(state == State.CONNECTED ? "MASTER timeout: no data nor PING received..."
            : "Timeout connecting to the MASTER...");
        return;
      }
      sendAck();
    });
  }

  Future<Void> pauseApplying() {
    Promise<Void> quiet = Promise.promise();
    context.runOnContext(ignored -> {
      if (applier == null || closed) {
        quiet.complete();
      } else {
        applier.pause(quiet);
      }
    });
    return quiet.future();
  }

  void resumeApplying() {
    context.runOnContext(ignored -> {
      if (applier != null) {
        applier.resume();
      }
    });
  }

  // ---- Ending -----------------------------------------------------------------------------------

  private void fail(String why) {
    if (!closed) {
      LOG.warning(why);
      close();
    }
  }

  /** Closes the socket and the primary's client; the owner reconnects on its next tick. */
  void close() {
    context.runOnContext(ignored -> {
      if (closed) {
        return;
      }
      closed = true;
      if (master != null) {
        owner.streamDb(master.db());
        master.close();
      }
      if (receiver != null) {
        receiver.abandon();
      }
      if (applier != null) {
        applier.release();
      }
      if (socket != null) {
        socket.close();
      }
      if (client != null) {
        client.close();
      }
      owner.linkClosed(this);
    });
  }

  private void send(List<List<String>> commands) {
    StringBuilder out = new StringBuilder();
    for (List<String> command : commands) {
      out.append('*').append(command.size()).append("\r\n");
      for (String arg : command) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        out.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
      }
    }
    if (socket != null && !closed) {
      socket.write(Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static byte[][] args(String... words) {
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = words[i].getBytes(StandardCharsets.US_ASCII);
    }
    return argv;
  }

  // ---- What INFO shows --------------------------------------------------------------------------

  /** The database the primary's commands run in now (read while the stream is paused). */
  int streamDb() {
    InProcessClient current = master;
    return current == null ? owner.streamDb() : current.db();
  }

  State state() {
    return state;
  }

  boolean everConnected() {
    return everConnected;
  }

  long lastIoMs() {
    return lastIoMs;
  }

  long appliedOffset() {
    StreamApplier current = applier;
    return current == null ? owner.appliedOffset() : current.appliedOffset();
  }

  long readOffset() {
    StreamApplier current = applier;
    return current == null ? owner.appliedOffset() : current.readOffset();
  }

  long transferTotal() {
    RdbReceiver current = receiver;
    return current == null ? -1 : current.total();
  }

  long transferRead() {
    RdbReceiver current = receiver;
    return current == null ? 0 : current.read();
  }

  /** Reads CRLF- (or LF-) terminated reply lines out of the socket's reads. */
  private static final class LineReader {
    private final StringBuilder line = new StringBuilder();

    /** The next complete line without its terminator, or null (what was read so far is kept). */
    String next(ByteBuf bytes) {
      while (bytes.isReadable()) {
        byte b = bytes.readByte();
        if (b == '\n') {
          int length = line.length();
          if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
          }
          String complete = line.toString();
          line.setLength(0);
          return complete;
        }
        line.append((char) (b & 0xff));
      }
      return null;
    }
  }
}
