package io.verdis.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.verdis.net.LoopIteration;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.verdis.acl.Acl;
import io.verdis.acl.AclDenial;
import io.verdis.acl.AclLog;
import io.verdis.acl.User;
import io.verdis.client.AuthThrottle;
import io.verdis.command.CommandSpec;
import io.verdis.command.Errors;
import io.verdis.pubsub.PubSubHub;
import io.verdis.pubsub.OutputLimit;
import io.verdis.pubsub.Publication;
import io.verdis.pubsub.Subscriber;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One WebSocket pub/sub client: it reads JSON ops ({@code subscribe}, {@code psubscribe},
 * {@code unsubscribe}, {@code punsubscribe}, {@code publish}, {@code auth}) and, as a hub
 * {@link Subscriber} on the web verticle's loop, writes the messages it subscribed to. Replies
 * follow RESP's pub/sub replies: one confirmation per name with the count of subscriptions left,
 * receivers for a publish. Every frame it writes is checked against the pubsub output limit, so a
 * client that does not read is closed instead of filling the heap.
 *
 * <p>It runs as an ACL user (the upgrade's session or Basic login, its {@code auth} op, or the
 * default user when that one is open): a subscribe, psubscribe or publish is checked as the RESP
 * command with the same arguments would be (the command's right, then Redis's channel rules,
 * {@code &pattern} and {@code allchannels}), refused whole with Redis's -NOPERM text in an error
 * frame, and written to ACL LOG.
 */
final class PubSubSocket implements Subscriber {
  private static final Logger LOG = Logger.getLogger(PubSubSocket.class.getName());
  private static final long SHED_GRACE_MS = 1000;
  private static final int PINGS_PER_IDLE_TIMEOUT = 3;
  static final String NO_PASSWORD_SET = "ERR AUTH <password> called without any password configured for the "
      + "default user. Are you sure your configuration is correct?";

  private final ServerState server;
  private final PubSubHub hub;
  private final WebPubSub owner;
  private final HttpSecurity security;
  private final ServerWebSocket socket;
  private final Channel channel;
  private final Context context;
  private final OutputLimit output;
  /** Subscribed names as ISO-8859-1 strings: one char per byte, compared by content. */
  private final Set<String> channels = new LinkedHashSet<>();
  private final Set<String> patterns = new LinkedHashSet<>();
  /** Who logged in on this socket; null until someone did (then the default user, if open, is used). */
  private User user;
  private boolean closed;
  /** First size of the buffer frames are gathered in; past 64 times this it is written early. */
  private static final int BATCH_BYTES = 1024;
  /** Frames gathered since the last flush, which runs at the end of this loop iteration. */
  private ByteBuf batch;
  private boolean flushScheduled;
  /** Pings the client a few times per http-idle-timeout, so a quiet subscription is not idle. */
  private long pingTimer = -1;

  PubSubSocket(ServerState server, WebPubSub owner, HttpSecurity security, ServerWebSocket socket,
               Channel channel, Context context, User user) {
    this.server = server;
    this.hub = server.pubsub();
    this.owner = owner;
    this.security = security;
    this.socket = socket;
    this.channel = channel;
    this.context = context;
    this.output = new OutputLimit(server.config());
    this.user = user;
  }

  void start() {
    server.stats().webSocketClients.incrementAndGet();
    owner.opened(this);
    socket.frameHandler(new WebSocketMessages(WebPubSub.MAX_MESSAGE_BYTES, new WebSocketMessages.Receiver() {
      @Override
      public void text(String message) {
        onText(message);
      }

      @Override
      public void binary() {
        error("ERR binary frames are not supported: send JSON text frames");
      }

      @Override
      public void fail(int status, String reason) {
        closeWith(status, reason);
      }
    }));
    socket.exceptionHandler(this::onFailure);
    socket.closeHandler(ignored -> release());
    int idleSeconds = server.config().httpIdleTimeout();
    if (idleSeconds > 0) {
      pingTimer = context.owner().setPeriodic(Math.max(1, idleSeconds * 1000L / PINGS_PER_IDLE_TIMEOUT),
          id -> socket.writePing(Buffer.buffer()));
    }
  }

  /**
   * A frame Netty's decoder refused (RSV bits with no extension negotiated, a frame over the
   * limit, bad fragmentation, a masking fault) closes the socket with the status RFC 6455 gives it
   * (1002 protocol error, 1009 too big ...); anything else is the connection ending.
   */
  private void onFailure(Throwable failure) {
    if (failure instanceof CorruptedWebSocketFrameException corrupted) {
      closeWith(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
    } else {
      LOG.fine(() -> "WebSocket " + describe() + ": " + failure.getMessage());
    }
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void message(Publication publication) {
    if (!closed && !publication.sharded() && channels.contains(key(publication.channel()))) {
      write(WebFrames.message(publication));
    }
  }

  @Override
  public void pmessage(byte[] pattern, Publication publication) {
    if (!closed && patterns.contains(key(pattern))) {
      write(WebFrames.pmessage(pattern, publication));
    }
  }

  private void onText(String text) {
    if (closed) {
      return;
    }
    JsonObject request;
    try {
      request = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      error("ERR invalid JSON: send an object such as {\"op\":\"subscribe\",\"channels\":[\"news\"]}");
      return;
    }
    if (!(request.getValue("op") instanceof String name)) {
      error("ERR missing \"op\"");
      return;
    }
    String op = name.toLowerCase(Locale.ROOT);
    if (op.equals("auth")) {
      auth(request);
      return;
    }
    User current = currentUser();
    if (current == null) {
      error(Errors.NOAUTH);
      return;
    }
    switch (op) {
      case "subscribe" -> subscribe(request, false);
      case "psubscribe" -> subscribe(request, true);
      case "unsubscribe" -> unsubscribe(request, false);
      case "punsubscribe" -> unsubscribe(request, true);
      case "publish" -> publish(request);
      default -> error("ERR unknown op '" + name + "'");
    }
  }

  /**
   * The user the socket runs as: the one logged in while it still exists and is on (a deleted or
   * disabled user is logged out, as Redis closes its clients), else the default user when open.
   */
  private User currentUser() {
    if (user != null && !server.acl().current(user)) {
      user = null;
    }
    if (user == null && !security.passwordRequired()) {
      return server.acl().defaultUser();
    }
    return user;
  }

  /**
   * After an ACL change: a socket subscribed to a channel or pattern its user may no longer use (a
   * user deleted, disabled or without that channel now) is closed (1008), as Redis's
   * ACLKillPubsubClientsIfNeeded closes a RESP subscriber.
   */
  void recheckUser() {
    if (closed || (channels.isEmpty() && patterns.isEmpty())) {
      currentUser();
      return;
    }
    User current = currentUser();
    boolean denied = current == null;
    if (!denied && !current.unrestricted()) {
      denied = channels.stream().anyMatch(name -> !current.mayUseChannel(bytes(name)))
          || patterns.stream().anyMatch(name -> !current.mayUsePattern(bytes(name)));
    }
    if (denied) {
      closeWith(1008, "ACL rules changed: a subscribed channel or pattern is no longer allowed");
    }
  }

  /**
   * Whether the socket's user may run the RESP command {@code argv} stands for; if not, an error
   * frame with Redis's -NOPERM text, and an ACL LOG entry.
   */
  private boolean permitted(byte[][] argv) {
    User current = currentUser();
    CommandSpec spec = server.commands().resolve(argv);
    AclDenial denied = current.check(spec, argv);
    if (denied == null) {
      return true;
    }
    server.acl().logDenial(denied, AclLog.Context.TOPLEVEL, spec, argv, current.name(),
        HttpSecurity.clientInfo("websocket", socket.remoteAddress(), socket.localAddress()));
    error(denied.error(spec.fullName()));
    return false;
  }

  private static byte[][] argv(String command, List<byte[]> args) {
    byte[][] argv = new byte[args.size() + 1][];
    argv[0] = command.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < args.size(); i++) {
      argv[i + 1] = args.get(i);
    }
    return argv;
  }

  private void subscribe(JsonObject request, boolean pattern) {
    String field = pattern ? "patterns" : "channels";
    List<byte[]> names = names(request.getValue(field));
    if (names == null || names.isEmpty()) {
      error("ERR \"" + field + "\" must be a non-empty list of names (strings, or {\"base64\":\"...\"})");
      return;
    }
    if (!permitted(argv(pattern ? "psubscribe" : "subscribe", names))) {
      return;
    }
    Set<String> subscribed = pattern ? patterns : channels;
    for (byte[] name : names) {
      if (subscribed.add(key(name))) {
        if (pattern) {
          hub.psubscribe(this, name);
        } else {
          hub.subscribe(this, name);
        }
      }
      confirm(pattern ? "psubscribe" : "subscribe", pattern ? "pattern" : "channel", name);
    }
  }

  /** A missing or empty list means all; with none subscribed, one confirmation naming null, as Redis. */
  private void unsubscribe(JsonObject request, boolean pattern) {
    String field = pattern ? "patterns" : "channels";
    Object value = request.getValue(field);
    List<byte[]> names = value == null ? List.of() : names(value);
    if (names == null) {
      error("ERR \"" + field + "\" must be a list of names (strings, or {\"base64\":\"...\"})");
      return;
    }
    Set<String> subscribed = pattern ? patterns : channels;
    if (names.isEmpty()) {
      names = new ArrayList<>(subscribed.size());
      for (String key : subscribed) {
        names.add(bytes(key));
      }
    }
    String type = pattern ? "punsubscribe" : "unsubscribe";
    String nameField = pattern ? "pattern" : "channel";
    if (names.isEmpty()) {
      confirm(type, nameField, null);
    }
    for (byte[] name : names) {
      if (subscribed.remove(key(name))) {
        if (pattern) {
          hub.punsubscribe(this, name);
        } else {
          hub.unsubscribe(this, name);
        }
      }
      confirm(type, nameField, name);
    }
  }

  /** {@code {"op":"publish","channel":"c","message":"m"[,"encoding":"base64"]}}: answers the receivers. */
  private void publish(JsonObject request) {
    byte[] name = JsonBytes.fromJson(request.getValue("channel"));
    if (name == null) {
      error("ERR \"channel\" must be a string (or {\"base64\":\"...\"})");
      return;
    }
    Object encoding = request.getValue("encoding");
    Object message = request.getValue("message");
    byte[] bytes;
    if (encoding == null) {
      bytes = JsonBytes.fromJson(message);
    } else if ("base64".equals(encoding)) {
      bytes = message instanceof String text ? JsonBytes.base64OrNull(text) : null;
    } else {
      error("ERR unknown \"encoding\": only \"base64\" is known");
      return;
    }
    if (bytes == null) {
      error("ERR \"message\" must be a string (base64 with \"encoding\":\"base64\", or {\"base64\":\"...\"})");
      return;
    }
    if (!permitted(argv("publish", List.of(name, bytes)))) {
      return;
    }
    int receivers = hub.publish(name, bytes);
    write(WebFrames.frame(new JsonObject()
        .put("type", "published")
        .put("channel", JsonBytes.toJson(name))
        .put("receivers", receivers)));
  }

  /**
   * {@code {"op":"auth","username":"...","password":"..."}} (no username: the default user, as
   * RESP's AUTH with one argument). A wrong password is answered after a delay, and the socket
   * reads nothing meanwhile, so replies keep the order of the requests. Subscriptions made before
   * stay; what comes next is checked against the new user.
   */
  private void auth(JsonObject request) {
    Object username = request.getValue("username");
    if (username == null && !security.passwordRequired()) {
      error(NO_PASSWORD_SET);
      return;
    }
    if (!(request.getValue("password") instanceof String password)) {
      error("ERR \"password\" must be a string");
      return;
    }
    if (username != null && !(username instanceof String)) {
      error("ERR \"username\" must be a string");
      return;
    }
    String address = HttpSecurity.addressOf(socket.remoteAddress());
    HttpSecurity.Login login = security.checkPassword(address,
        HttpSecurity.clientInfo("websocket", socket.remoteAddress(), socket.localAddress()),
        username == null ? Acl.DEFAULT : (String) username, password);
    if (login.granted()) {
      user = login.user();
      write(WebFrames.frame(new JsonObject().put("type", "auth").put("ok", true).put("user", user.name())));
      return;
    }
    socket.pause();
    security.afterFailure(address, AuthThrottle.Surface.WEBSOCKET, () -> {
      error(Errors.WRONGPASS);
      socket.resume();
    });
  }

  /** The names of a JSON list, or null if it is not a list of strings or base64 objects. */
  private static List<byte[]> names(Object value) {
    if (!(value instanceof JsonArray array)) {
      return null;
    }
    List<byte[]> names = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      byte[] name = JsonBytes.fromJson(array.getValue(i));
      if (name == null) {
        return null;
      }
      names.add(name);
    }
    return names;
  }

  private void confirm(String type, String field, byte[] name) {
    write(WebFrames.frame(new JsonObject()
        .put("type", type)
        .put(field, name == null ? null : JsonBytes.toJson(name))
        .put("count", channels.size() + patterns.size())));
  }

  private void error(String message) {
    write(WebFrames.frame(new JsonObject().put("type", "error").put("message", message)));
  }

  /**
   * Every frame of this socket is appended, already encoded as a WebSocket text frame, to one
   * buffer that goes to the Netty channel once, at the end of the loop iteration: a publisher's
   * burst reaches a browser in one system call, as it reaches a RESP subscriber (Vert.x's
   * writeFrame would encode and flush each frame on its own). Server frames are not masked, so the
   * encoding is a few header bytes before the JSON. Nothing of ours goes through Vert.x's write
   * queue, so frames cannot overtake each other, and Netty's outbound buffer holds all the output
   * not yet taken by the client.
   */
  private void write(ByteBuf frame) {
    try {
      if (closed) {
        return;
      }
      if (batch == null) {
        batch = channel.alloc().directBuffer(BATCH_BYTES);
      }
      textFrameHeader(batch, frame.readableBytes());
      batch.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
    } finally {
      frame.release();
    }
    if (batch.readableBytes() >= BATCH_BYTES * 64) {
      channel.writeAndFlush(takeBatch(), channel.voidPromise());
      if (output.overHardLimit(pendingBytes())) {
        shed();
        return;
      }
    }
    if (!flushScheduled) {
      flushScheduled = true;
      LoopIteration.after(channel.eventLoop(), this::flush);
    }
  }

  /** RFC 6455 section 5.2: FIN and opcode 1 (text), then the length, unmasked. */
  private static void textFrameHeader(ByteBuf out, int length) {
    out.writeByte(0x81);
    if (length < 126) {
      out.writeByte(length);
    } else if (length <= 0xffff) {
      out.writeByte(126).writeShort(length);
    } else {
      out.writeByte(127).writeLong(length);
    }
  }

  private ByteBuf takeBatch() {
    ByteBuf out = batch;
    batch = null;
    return out;
  }

  private void flush() {
    flushScheduled = false;
    if (closed) {
      releaseBatch();
      return;
    }
    if (batch != null) {
      channel.writeAndFlush(takeBatch(), channel.voidPromise());
    }
    if (output.exceeded(pendingBytes(), System.currentTimeMillis())) {
      shed();
    }
  }

  private void releaseBatch() {
    if (batch != null) {
      takeBatch().release();
    }
  }

  private long pendingBytes() {
    ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
    return outbound == null ? 0 : outbound.totalPendingWriteBytes();
  }

  /**
   * Closes a client over the output limit, as Redis frees a RESP one, without waiting for it to
   * read what is pending: the close frame (1008, with the reason) follows the frames pending, and
   * the connection closes once it is written, or after
   * {@link #SHED_GRACE_MS} if the client reads nothing at all. What was pending is dropped.
   */
  private void shed() {
    OutputLimit.closing(server, "websocket " + describe() + " (" + pendingBytes() + " bytes pending)");
    release();
    channel.writeAndFlush(new CloseWebSocketFrame(1008, "client output buffer limit reached"))
        .addListener(ChannelFutureListener.CLOSE);
    channel.eventLoop().schedule(() -> {
      channel.close();
    }, SHED_GRACE_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Closes the socket with an RFC 6455 status, leaving every subscription at once: Vert.x sends
   * the close frame and ends the connection when the client answers it (or after its closing
   * timeout). Frames gathered but not yet written are dropped.
   */
  private void closeWith(int status, String reason) {
    if (closed) {
      return;
    }
    release();
    socket.close((short) status, reason);
  }

  /** Leaves every channel and pattern: on close, or when shed. */
  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    if (pingTimer >= 0) {
      context.owner().cancelTimer(pingTimer);
    }
    for (String key : channels) {
      hub.unsubscribe(this, bytes(key));
    }
    for (String key : patterns) {
      hub.punsubscribe(this, bytes(key));
    }
    channels.clear();
    patterns.clear();
    owner.released(this);
    server.stats().webSocketClients.decrementAndGet();
  }

  private String describe() {
    return String.valueOf(socket.remoteAddress());
  }

  private static String key(byte[] name) {
    return new String(name, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.ISO_8859_1);
  }
}
