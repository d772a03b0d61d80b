package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.verdis.acl.AclDenial;
import io.verdis.acl.AclLog;
import io.verdis.acl.User;
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
 *
 * <p>A connection runs as the ACL user {@code pizzaria-user} names (the default user when empty):
 * logged in from the start only when that user is on with nopass (with the default user, when
 * it is open, as before users existed), else after {@code auth <password>} with that user's
 * password; a bound user that does not exist or is off lets no one in. Each request is then
 * checked against the user's rights as its RESP equivalent ({@link PizzariaCommands#aclEquivalent}):
 * a refused one is answered {@code error} (the protocol has no error text) and written to ACL LOG.
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
  /** pizzaria-user is set: the default user being open does not log this connection in. */
  private boolean boundUser;

  PizzariaConnection(ServerState server, Transport socket, Context context) {
    super(server, socket, context, "pizzaria");
    String bound = server.config().pizzariaUser();
    if (!bound.isEmpty()) {
      User user = server.acl().user(bound);
      if (user != null) {
        session.user(user);
      }
      // Logged in only with a user that takes no password: a missing or disabled one, never.
      session.authenticated(user != null && user.enabled() && user.rules().nopass());
      boundUser = true;
    }
  }

  /** Whether the connection must {@code auth} first. */
  private boolean loginRequired() {
    return boundUser ? !session.authenticated() : authRequired();
  }

  /**
   * Whether the connection's user may run the request, checked as its RESP equivalent; a refusal
   * is written to ACL LOG with that RESP call, as a RESP client's would be.
   */
  private boolean permitted(byte[][] argv) {
    User user = session.user();
    byte[][] resp = user == null || user.unrestricted() ? null : PizzariaCommands.aclEquivalent(argv);
    if (resp == null) {
      return true;
    }
    CommandSpec spec = server.commands().resolve(resp);
    AclDenial denied = user.check(spec, resp);
    if (denied == null && PizzariaCommands.readsEveryKey(argv) && !user.hasUnrestrictedKeyAccess(spec, resp)) {
      denied = new AclDenial(AclDenial.Reason.KEY, 1);
    }
    if (denied == null) {
      return true;
    }
    server.acl().logDenial(denied, AclLog.Context.TOPLEVEL, spec, resp, session);
    return false;
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
    return !loginRequired() ? server.config().protoMaxBulkLen() : UNAUTHENTICATED_MAX_LINE;
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
        || (!spec.has(CommandFlag.NO_AUTH) && loginRequired()) || refusal(spec) != null || !permitted(argv)) {
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
