package io.verdis.command.pizzaria;

import io.verdis.client.AuthThrottle;
import io.verdis.command.Args;
import io.verdis.command.connection.WrongPassword;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.server.MemoryUsage;
import io.verdis.shard.Database;

import java.nio.charset.StandardCharsets;

/**
 * The Pizzaria protocol's verbs, declared like any other commands so they route, batch and hold
 * shards the same way; they answer in Pizzaria's plain {@code \r}-terminated lines, on database 0.
 *
 * <p>ACL rules name RESP commands only: each verb is checked as the RESP call that does the same
 * ({@link #aclEquivalent}), as the connection's user ({@link #loginUser}).
 */
public final class PizzariaCommands {
  private static final byte[] SUCCESS = "success\r".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "error\r".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = {'\r'};
  /** Pizzaria writes reach the AOF as the RESP commands Redis (and replay) understand. */
  private static final byte[] SET = Args.bytes("SET");
  private static final byte[] DEL = Args.bytes("DEL");
  private static final byte[] GET = Args.bytes("GET");
  private static final byte[] KEYS = Args.bytes("KEYS");
  private static final byte[] INFO = Args.bytes("INFO");

  private PizzariaCommands() {
  }

  public static byte[] errorLine() {
    return ERROR.clone();
  }

  public static CommandTable table() {
    return CommandTable.of(PizzariaCommands::register);
  }

  static void write(KeyspaceCall c) {
    c.db().set(c.arg(1), c.arg(2));
    c.notify(NotifyType.STRING, "set", c.arg(1));
    c.propagateAs(SET, c.arg(1), c.arg(2));
    c.reply().raw(SUCCESS);
  }

  /**
   * A value that is not a string, or that holds '\r' or '\n' (written over RESP), answers
   * {@code error}: its lines would be taken for answers to the next requests.
   */
  static void read(KeyspaceCall c) {
    Object value = c.db().lookupRead(c.arg(1));
    if (value instanceof byte[] bytes && fitsOnALine(bytes)) {
      c.reply().raw(bytes);
      c.reply().raw(END);
    } else {
      c.reply().raw(ERROR);
    }
  }

  static void delete(KeyspaceCall c) {
    boolean deleted = c.db().delete(c.arg(1));
    if (deleted) {
      c.notify(NotifyType.GENERIC, "del", c.arg(1));
      c.propagateAs(DEL, c.arg(1));
    }
    c.reply().raw(deleted ? SUCCESS : ERROR);
  }

  /**
   * Every key in byte order, each ending in '\r' (nothing at all for an empty database but the
   * final '\r'); a key holding '\r' or '\n' is left out, as it cannot be told from two keys.
   */
  static void keys(KeyspaceCall c) {
    RespWriter reply = c.reply();
    boolean[] any = {false};
    c.db().forEachSorted((key, value) -> {
      if (fitsOnALine(key)) {
        reply.raw(key);
        reply.raw(END);
        any[0] = true;
      }
      return true;
    });
    if (!any[0]) {
      reply.raw(END);
    }
  }

  /**
   * The string values of the keys starting with the prefix, in key order, from the sorted index;
   * as {@code read} cannot show them, other types and values holding '\r' or '\n' are left out.
   */
  static void reads(KeyspaceCall c) {
    RespWriter reply = c.reply();
    boolean[] any = {false};
    c.db().forEachWithPrefix(c.arg(1), (key, value) -> {
      if (value instanceof byte[] bytes && fitsOnALine(bytes)) {
        reply.raw(bytes);
        reply.raw(END);
        any[0] = true;
      }
      return true;
    });
    if (!any[0]) {
      reply.raw(END);
    }
  }

  /** Whether the bytes can be sent as one answer line: Pizzaria has no escaping, a line ends at '\r' or '\n'. */
  private static boolean fitsOnALine(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\r' || b == '\n') {
        return false;
      }
    }
    return true;
  }

  static void status(KeyspaceCall c) {
    Database db = c.db();
    String line = "keys=" + db.size()
        + " clients=" + c.server().clients().size()
        + " ops=" + c.server().stats().commandsProcessed.sum()
        + " memory=" + MemoryUsage.usedBytes()
        + " uptime=" + (System.currentTimeMillis() - c.server().startMs()) / 1000 + "\r";
    c.reply().raw(line.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The ACL user a Pizzaria connection runs as and {@code auth} logs in as: {@code pizzaria-user},
   * or the default user when it is empty (Pizzaria's protocol has no user names).
   */
  public static String loginUser(io.verdis.server.Config config) {
    String bound = config.pizzariaUser();
    return bound.isEmpty() ? io.verdis.acl.Acl.DEFAULT : bound;
  }

  /**
   * The RESP call whose ACL rights a request needs: write is SET, read GET, delete DEL, keys and
   * reads KEYS (reads also needs every key readable, see {@link #readsEveryKey}), status INFO;
   * null for auth, which any client may send.
   */
  public static byte[][] aclEquivalent(byte[][] argv) {
    String verb = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    return switch (verb) {
      case "write" -> new byte[][] {SET, argv[1], argv[2]};
      case "read" -> new byte[][] {GET, argv[1]};
      case "delete" -> new byte[][] {DEL, argv[1]};
      case "keys" -> new byte[][] {KEYS, {'*'}};
      case "reads" -> new byte[][] {KEYS, concat(argv[1], new byte[] {'*'})};
      case "status" -> new byte[][] {INFO};
      default -> null;
    };
  }

  /**
   * Whether the verb reads values of keys it finds by itself (reads: every key under a prefix), so
   * its user must be allowed to read every key, as SORT ... GET needs in Redis: KEYS only lists names.
   */
  public static boolean readsEveryKey(byte[][] argv) {
    return argv[0].length == 5 && new String(argv[0], StandardCharsets.ISO_8859_1).equalsIgnoreCase("reads");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Logs in as {@link #loginUser}; a wrong password's {@code error} line is slowed down by the
   * node's throttle, as RESP's AUTH, and written to ACL LOG.
   */
  static void auth(ClientCall c) {
    String name = loginUser(c.server().config());
    if (name.equals(io.verdis.acl.Acl.DEFAULT) && c.server().acl().defaultUserNopass()) {
      // No password to give, as RESP's AUTH <password> without one configured.
      c.reply().raw(ERROR);
      return;
    }
    io.verdis.acl.User user = c.server().acl().authenticate(name, c.arg(1));
    if (user != null) {
      WrongPassword.accepted(c);
      c.session().user(user);
      c.session().authenticated(true);
      c.reply().raw(SUCCESS);
      return;
    }
    c.server().acl().logFailedAuth(c.session(), c.arg(0), name, false);
    if (!WrongPassword.answerLater(c, AuthThrottle.Surface.PIZZARIA, out -> out.raw(ERROR))) {
      c.reply().raw(ERROR);
    }
  }

  static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("write", 3, key, PizzariaCommands::write).flags(CommandFlag.WRITE))
        .add(CommandSpec.keyspace("read", 2, key, PizzariaCommands::read).flags(CommandFlag.READONLY))
        .add(CommandSpec.keyspace("delete", 2, key, PizzariaCommands::delete).flags(CommandFlag.WRITE))
        .add(CommandSpec.keyspace("keys", 1, KeySpec.NONE, PizzariaCommands::keys).flags(CommandFlag.READONLY))
        .add(CommandSpec.keyspace("reads", 2, KeySpec.NONE, PizzariaCommands::reads).flags(CommandFlag.READONLY))
        .add(CommandSpec.keyspace("status", 1, KeySpec.NONE, PizzariaCommands::status).flags(CommandFlag.READONLY))
        .add(CommandSpec.client("auth", 2, PizzariaCommands::auth).flags(CommandFlag.NO_AUTH));
  }
}
