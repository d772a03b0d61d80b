package io.verdis.command.connection;

import io.verdis.client.AuthThrottle;
import io.verdis.client.ClientSession;
import io.verdis.acl.Acl;
import io.verdis.acl.Latin1;
import io.verdis.acl.User;
import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;

import java.nio.charset.StandardCharsets;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.ALLOW_BUSY;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.NO_AUTH;
import static io.verdis.command.CommandFlag.STALE;

/** The connection family: PING, ECHO, AUTH, HELLO, SELECT, QUIT, RESET (CLIENT lives in {@link ClientCommands}). */
public final class ConnectionCommands {
  private static final byte[] PONG_IN_PUBSUB = "pong".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = new byte[0];

  private ConnectionCommands() {
  }

  static void ping(ClientCall c) {
    if (c.argc() > 2) {
      throw new CommandException("ERR wrong number of arguments for 'ping' command");
    }
    if (c.session().isPubSub() && c.session().resp() == 2) {
      // A subscribed RESP2 client tells replies from messages by shape: PING answers an array.
      c.reply().array(2);
      c.reply().bulk(PONG_IN_PUBSUB);
      c.reply().bulk(c.argc() == 2 ? c.arg(1) : EMPTY);
    } else if (c.argc() == 2) {
      c.reply().bulk(c.arg(1));
    } else {
      c.reply().simple("PONG");
    }
  }

  static void echo(ClientCall c) {
    c.reply().bulk(c.arg(1));
  }

  static void quit(ClientCall c) {
    c.reply().ok();
    c.closeAfterReply();
  }

  /** RESET: back to a fresh connection's state (db 0, RESP2, no name, no subscriptions, authenticated only without a password). */
  static void reset(ClientCall c) {
    ClientSession session = c.session();
    c.transaction().reset();
    if (session.isPubSub()) {
      c.subscriptions().clear();
    }
    session.db(0);
    session.resp(2);
    session.name("");
    session.readOnly(false);
    if (session.tracking() != null) {
      // As Redis's clearClientConnectionState; no invalidation is sent once the mode is gone.
      c.server().tracking().stop(session, c.server().shards());
    }
    c.monitor(false);
    c.replyMode(ClientCall.ReplyMode.ON);
    // Redis's clientSetDefaultAuth: back to the default user, logged in only if it needs no password.
    session.user(c.server().acl().defaultUser());
    session.authenticated(c.server().acl().defaultUserOpen());
    c.reply().protocol(2);
    c.reply().simple("RESET");
  }

  /** MONITOR: every command run on this node from now on, as Redis 7.0 shows them (see Monitors). */
  static void monitor(ClientCall c) {
    c.monitor(true);
  }

  static void select(ClientCall c) {
    int index = Args.parseInt(c.arg(1));
    if (index < 0 || index >= c.server().config().databases()) {
      throw new CommandException(Errors.DB_INDEX);
    }
    c.session().db(index);
    c.reply().ok();
  }

  /** AUTH [username] password: the default user when no name is given, as Redis 6+. */
  static void auth(ClientCall c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (c.argc() == 2 && c.server().acl().defaultUserNopass()) {
      throw new CommandException("ERR AUTH <password> called without any password configured for the "
          + "default user. Are you sure your configuration is correct?");
    }
    byte[] user = c.argc() == 3 ? c.arg(1) : null;
    if (authenticate(c, user, c.arg(c.argc() - 1))) {
      c.reply().ok();
    }
  }

  /**
   * Logs the connection in as the user, or answers WRONGPASS (a user that does not exist, is off,
   * or has not this password), slowed down by the throttle and written to the ACL log (then false).
   */
  private static boolean authenticate(ClientCall c, byte[] user, byte[] password) {
    String name = user == null ? Acl.DEFAULT : Latin1.text(user);
    User authenticated = c.server().acl().authenticate(name, password);
    if (authenticated != null) {
      WrongPassword.accepted(c);
      c.session().user(authenticated);
      c.session().authenticated(true);
      return true;
    }
    c.server().acl().logFailedAuth(c.session(), c.arg(0), name, c.session().queuedCommands() >= 0);
    if (WrongPassword.answerLater(c, AuthThrottle.Surface.RESP, out -> out.error(Errors.WRONGPASS))) {
      return false;
    }
    throw new CommandException(Errors.WRONGPASS);
  }

  /** HELLO [protover [AUTH username password] [SETNAME clientname]]. */
  static void hello(ClientCall c) {
    ClientSession session = c.session();
    int protocol = session.resp();
    int i = 1;
    if (c.argc() >= 2) {
      long requested = Args.parseLong(c.arg(1), "ERR Protocol version is not an integer or out of range");
      if (requested < 2 || requested > 3) {
        throw new CommandException("NOPROTO unsupported protocol version");
      }
      protocol = (int) requested;
      i = 2;
    }
    byte[] user = null;
    byte[] password = null;
    String name = null;
    for (; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "auth") && c.argc() - i - 1 >= 2) {
        user = c.arg(++i);
        password = c.arg(++i);
      } else if (Args.is(c.arg(i), "setname") && c.argc() - i - 1 >= 1) {
        name = ClientCommands.validName(c.arg(++i));
      } else {
        throw new CommandException("ERR Syntax error in HELLO option '" + Args.text(c.arg(i)) + "'");
      }
    }
    if (password != null && !authenticate(c, user, password)) {
      return;
    }
    if (!session.authenticated() && !c.server().acl().defaultUserOpen()) {
      throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, "
          + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client "
          + "and select the RESP protocol version at the same time");
    }
    if (name != null) {
      session.name(name);
    }
    session.resp(protocol);
    RespWriter reply = c.reply();
    reply.protocol(protocol);
    reply.map(7);
    reply.bulk("server");
    reply.bulk("redis");
    reply.bulk("version");
    reply.bulk(ServerState.REDIS_COMPATIBLE_VERSION);
    reply.bulk("proto");
    reply.integer(protocol);
    reply.bulk("id");
    reply.integer(session.id());
    reply.bulk("mode");
    reply.bulk("standalone");
    reply.bulk("role");
    reply.bulk("master");
    reply.bulk("modules");
    reply.array(0);
  }

  public static void register(CommandTable.Builder table) {
    table
        .add(CommandSpec.client("ping", -1, ConnectionCommands::ping).flags(FAST)
            .doc("Returns the server's liveliness response.", "1.0.0", "connection", "O(1)"))
        .add(CommandSpec.client("echo", 2, ConnectionCommands::echo).flags(FAST, LOADING, STALE)
            .doc("Returns the given string.", "1.0.0", "connection", "O(1)"))
        .add(CommandSpec.client("quit", -1, ConnectionCommands::quit)
            .flags(ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH)
            .doc("Closes the connection.", "1.0.0", "connection", "O(1)"))
        .add(CommandSpec.client("reset", 1, ConnectionCommands::reset)
            .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
            .doc("Resets the connection.", "6.2.0", "connection", "O(1)"))
        .add(CommandSpec.client("monitor", 1, ConnectionCommands::monitor).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Listen for all requests received by the server in real time", "1.0.0", "server", ""))
        .add(CommandSpec.client("select", 2, ConnectionCommands::select).flags(LOADING, STALE, FAST)
            .doc("Changes the selected database.", "1.0.0", "connection", "O(1)"))
        .add(CommandSpec.client("auth", -2, ConnectionCommands::auth)
            .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
            .doc("Authenticates the connection.", "1.0.0", "connection",
                "O(N) where N is the number of passwords defined for the user"))
        .add(CommandSpec.client("hello", -1, ConnectionCommands::hello)
            .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
            .doc("Handshakes with the Redis server.", "6.0.0", "connection", "O(1)"));
  }
}
