package io.verdis.command.connection;

import io.verdis.client.ClientPause;
import io.verdis.client.ClientInfo;
import io.verdis.client.ClientSession;
import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;

import io.verdis.net.RespWriter;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.STALE;

/** CLIENT and its subcommands. */
public final class ClientCommands {
  private static final List<String> HELP = List.of(
      "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CACHING (YES|NO)",
      "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
      "GETREDIR",
      "    Return the client ID we are redirecting to when tracking is enabled.",
      "GETNAME",
      "    Return the name of the current connection.",
      "ID",
      "    Return the ID of the current connection.",
      "INFO",
      "    Return information about the current client connection.",
      "KILL <ip:port>",
      "    Kill connection made from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill connections. Options are:",
      "    * ADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made from the specified address",
      "    * LADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made to specified local address",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Kill connections by type.",
      "    * USER <username>",
      "      Kill connections authenticated by <username>.",
      "    * SKIPME (YES|NO)",
      "      Skip killing current connection (default: yes).",
      "    * ID <client-id>",
      "      Kill connections by client id.",
      "    * MAXAGE <maxage>",
      "      Kill connections older than the specified age.",
      "LIST [options ...]",
      "    Return information about client connections. Options:",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Return clients of specified type.",
      "UNPAUSE",
      "    Stop the current client pause, resuming traffic.",
      "PAUSE <timeout> [WRITE|ALL]",
      "    Suspend all, or just write, clients for <timeout> milliseconds.",
      "REPLY (ON|OFF|SKIP)",
      "    Control the replies sent to the current connection.",
      "SETNAME <name>",
      "    Assign the name <name> to the current connection.",
      "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
      "         [OPTIN] [OPTOUT] [NOLOOP]",
      "    Control server assisted client side caching.",
      "TRACKINGINFO",
      "    Report tracking status for the current connection.",
      "NO-EVICT (ON|OFF)",
      "    Protect current client connection from eviction.",
      "SETINFO <option> <value>",
      "    Set client meta attr. Options are:",
      "    * LIB-NAME: the client lib name.",
      "    * LIB-VER: the client lib version.",
      "HELP",
      "    Print this help.");

  private ClientCommands() {
  }

  static void id(ClientCall c) {
    c.reply().integer(c.session().id());
  }

  static void setname(ClientCall c) {
    c.session().name(validName(c.arg(2)));
    c.reply().ok();
  }

  /** Redis refuses names with spaces, newlines or other characters outside '!'..'~'. */
  static String validName(byte[] name) {
    for (byte b : name) {
      if (b < '!' || b > '~') {
        throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
    return Args.text(name);
  }

  static void getname(ClientCall c) {
    String name = c.session().name();
    if (name.isEmpty()) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(name);
    }
  }

  static void info(ClientCall c) {
    c.reply().verbatim(ClientInfo.line(c.session(), System.currentTimeMillis()) + "\n");
  }

  /** CLIENT LIST [TYPE type] [ID id ...]. */
  static void list(ClientCall c) {
    Set<Long> ids = null;
    String type = null;
    for (int i = 2; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "type") && i + 1 < c.argc()) {
        type = clientType(c.arg(++i));
      } else if (Args.is(c.arg(i), "id") && i + 1 < c.argc()) {
        ids = new HashSet<>();
        while (i + 1 < c.argc()) {
          long id = Args.parseLongOr(c.arg(++i), -1);
          if (id <= 0) {
            throw new CommandException("ERR Invalid client ID");
          }
          ids.add(id);
        }
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    long now = System.currentTimeMillis();
    StringBuilder text = new StringBuilder();
    for (ClientSession client : c.server().clients().all()) {
      if ((ids == null || ids.contains(client.id())) && (type == null || isOfType(client, type))) {
        text.append(ClientInfo.line(client, now)).append('\n');
      }
    }
    c.reply().verbatim(text.toString());
  }

  /** Redis's getClientType: a replica is "replica", a client subscribed to anything "pubsub", the others "normal". */
  private static boolean isOfType(ClientSession client, String type) {
    return switch (type) {
      case "normal" -> !client.isPubSub() && !client.replica() && !client.master();
      case "replica", "slave" -> client.replica();
      case "master" -> client.master();
      case "pubsub" -> client.isPubSub() && !client.replica() && !client.master();
      default -> false;
    };
  }

  private static String clientType(byte[] arg) {
    for (String type : List.of("normal", "master", "replica", "slave", "pubsub")) {
      if (Args.is(arg, type)) {
        return type;
      }
    }
    throw new CommandException("ERR Unknown client type '" + Args.text(arg) + "'");
  }

  /**
   * CLIENT KILL ip:port (old form: +OK, or "No such client") or CLIENT KILL filter value …
   * (new form: how many were killed; the caller too with SKIPME no). As Redis, the caller is
   * closed once this reply is written; the others are gone (CLIENT LIST no longer shows them)
   * before the reply is sent.
   */
  static void kill(ClientCall c) {
    if (c.argc() == 3) {
      String address = Args.text(c.arg(2));
      List<ClientSession> found = c.server().clients().all().stream()
          .filter(client -> client.address().equals(address)).limit(1).toList();
      if (found.isEmpty()) {
        throw new CommandException("ERR No such client");
      }
      killThenReply(c, found, out -> out.ok());
      return;
    }
    if (c.argc() % 2 != 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    Predicate<ClientSession> filter = client -> true;
    boolean skipMe = true;
    for (int i = 2; i < c.argc(); i += 2) {
      byte[] option = c.arg(i);
      byte[] value = c.arg(i + 1);
      if (Args.is(option, "skipme")) {
        if (Args.is(value, "yes")) {
          skipMe = true;
        } else if (Args.is(value, "no")) {
          skipMe = false;
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
      } else {
        filter = filter.and(killFilter(c, option, value));
      }
    }
    List<ClientSession> killed = new ArrayList<>();
    for (ClientSession client : c.server().clients().all()) {
      if (!(skipMe && client == c.session()) && filter.test(client)) {
        killed.add(client);
      }
    }
    int count = killed.size();
    killThenReply(c, killed, out -> out.integer(count));
  }

  /** One CLIENT KILL filter, with Redis 7.0's errors (MAXAGE is Redis 7.4's). */
  private static Predicate<ClientSession> killFilter(ClientCall c, byte[] option, byte[] value) {
    String text = Args.text(value);
    if (Args.is(option, "id")) {
      long id = Args.parseLongOr(value, -1);
      if (id <= 0) {
        throw new CommandException("ERR client-id should be greater than 0");
      }
      return client -> client.id() == id;
    } else if (Args.is(option, "addr")) {
      return client -> client.address().equals(text);
    } else if (Args.is(option, "laddr")) {
      return client -> client.localAddress().equals(text);
    } else if (Args.is(option, "type")) {
      String type = clientType(value);
      return client -> isOfType(client, type);
    } else if (Args.is(option, "user")) {
      io.verdis.acl.User user = c.server().acl().user(io.verdis.acl.Latin1.text(value));
      if (user == null) {
        throw new CommandException("ERR No such user '" + text + "'");
      }
      return client -> client.user() == user;
    } else if (Args.is(option, "maxage")) {
      long maxAge = Args.parseLongOr(value, -1);
      if (maxAge < 0) {
        throw new CommandException(Errors.SYNTAX);
      }
      long now = System.currentTimeMillis();
      return client -> (now - client.createdMs()) / 1000 >= maxAge;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  /**
   * Closes {@code clients}, then replies once they left the client registry. The caller itself
   * closes after its reply, as Redis's CLIENT_CLOSE_AFTER_REPLY; inside EXEC the reply cannot wait.
   */
  private static void killThenReply(ClientCall c, List<ClientSession> clients, Consumer<RespWriter> reply) {
    List<Future<Void>> gone = new ArrayList<>();
    for (ClientSession client : clients) {
      if (client == c.session()) {
        c.closeAfterReply();
      } else {
        gone.add(client.kill());
      }
    }
    if (gone.isEmpty() || !c.canDefer()) {
      reply.accept(c.reply());
      return;
    }
    DeferredReply deferred = c.defer();
    Future.join(gone).onComplete(done -> deferred.complete(reply));
  }

  /** CLIENT REPLY ON|OFF|SKIP: ON answers +OK; OFF and SKIP answer nothing (see ClientConnection#replyMode). */
  static void reply(ClientCall c) {
    ClientCall.ReplyMode mode;
    if (Args.is(c.arg(2), "on")) {
      mode = ClientCall.ReplyMode.ON;
    } else if (Args.is(c.arg(2), "off")) {
      mode = ClientCall.ReplyMode.OFF;
    } else if (Args.is(c.arg(2), "skip")) {
      mode = ClientCall.ReplyMode.SKIP;
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    c.replyMode(mode);
    if (mode == ClientCall.ReplyMode.ON) {
      c.reply().ok();
    }
  }

  /** CLIENT NO-EVICT ON|OFF. */
  static void noEvict(ClientCall c) {
    if (Args.is(c.arg(2), "on")) {
      c.session().noEvict(true);
    } else if (Args.is(c.arg(2), "off")) {
      c.session().noEvict(false);
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    c.reply().ok();
  }

  /** CLIENT SETINFO LIB-NAME|LIB-VER value. */
  static void setinfo(ClientCall c) {
    String value = Args.text(c.arg(3));
    if (Args.is(c.arg(2), "lib-name")) {
      checkInfoValue(c.arg(3), "lib-name");
      c.session().libName(value);
    } else if (Args.is(c.arg(2), "lib-ver")) {
      checkInfoValue(c.arg(3), "lib-ver");
      c.session().libVersion(value);
    } else {
      throw new CommandException("ERR Unrecognized option '" + Args.text(c.arg(2)) + "'");
    }
    c.reply().ok();
  }

  private static void checkInfoValue(byte[] value, String attribute) {
    for (byte b : value) {
      if (b < '!' || b > '~') {
        throw new CommandException("ERR " + attribute + " cannot contain spaces, newlines or special characters.");
      }
    }
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if that client waited in a blocking command and now got its answer. */
  static void unblock(ClientCall c) {
    long id = Args.parseLong(c.arg(2));
    boolean withError = false;
    if (c.argc() == 4) {
      if (Args.is(c.arg(3), "error")) {
        withError = true;
      } else if (!Args.is(c.arg(3), "timeout")) {
        throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      }
    } else if (c.argc() > 4) {
      throw new CommandException(Errors.SYNTAX);
    }
    for (ClientSession client : c.server().clients().all()) {
      if (client.id() == id) {
        c.reply().integer(client.unblock(withError) ? 1 : 0);
        return;
      }
    }
    c.reply().integer(0);
  }

  /**
   * CLIENT PAUSE timeout [WRITE|ALL]: hold clients' commands for timeout milliseconds (ALL when no
   * mode is given), as Redis 7.0; answered once every shard stopped reaping expired keys.
   */
  static void pause(ClientCall c) {
    if (c.argc() > 4) {
      // Redis names the subcommand as it was typed.
      throw new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "CLIENT"));
    }
    ClientPause.Mode mode = ClientPause.Mode.ALL;
    if (c.argc() == 4) {
      if (Args.is(c.arg(3), "write")) {
        mode = ClientPause.Mode.WRITE;
      } else if (!Args.is(c.arg(3), "all")) {
        throw new CommandException("ERR CLIENT PAUSE mode must be WRITE or ALL");
      }
    }
    long timeoutMs = Args.parseLong(c.arg(2), "ERR timeout is not an integer or out of range");
    if (timeoutMs < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    long now = System.currentTimeMillis();
    long endMs = timeoutMs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutMs;
    DeferredReply reply = c.defer();
    c.server().clientPause().pause(ClientPause.Purpose.CLIENT_COMMAND, mode, endMs)
        .onComplete(held -> reply.complete(out -> out.ok()));
  }

  /** CLIENT UNPAUSE: ends CLIENT PAUSE's pause (not FAILOVER's); held commands run in order. */
  static void unpause(ClientCall c) {
    DeferredReply reply = c.defer();
    c.server().clientPause().unpause(ClientPause.Purpose.CLIENT_COMMAND)
        .onComplete(reaping -> reply.complete(out -> out.ok()));
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("client")
        .doc("A container for client connection commands.", "2.4.0", "connection", "Depends on subcommand.")
        .sub(CommandSpec.client("id", 2, ClientCommands::id).flags(NOSCRIPT, LOADING, STALE)
            .doc("Returns the unique client ID of the connection.", "5.0.0", "connection", "O(1)"))
        .sub(CommandSpec.client("setname", 3, ClientCommands::setname).flags(NOSCRIPT, LOADING, STALE)
            .doc("Sets the connection name.", "2.6.9", "connection", "O(1)"))
        .sub(CommandSpec.client("getname", 2, ClientCommands::getname).flags(NOSCRIPT, LOADING, STALE)
            .doc("Returns the name of the connection.", "2.6.9", "connection", "O(1)"))
        .sub(CommandSpec.client("list", -2, ClientCommands::list).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Lists open connections.", "2.4.0", "connection", "O(N) where N is the number of client connections"))
        .sub(CommandSpec.client("info", 2, ClientCommands::info).flags(NOSCRIPT, LOADING, STALE)
            .doc("Returns information about the connection.", "6.2.0", "connection", "O(1)"))
        .sub(CommandSpec.client("kill", -3, ClientCommands::kill).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Terminates open connections.", "2.4.0", "connection", "O(N) where N is the number of client connections"))
        .sub(CommandSpec.client("reply", 3, ClientCommands::reply).flags(NOSCRIPT, LOADING, STALE)
            .doc("Instruct the server whether to reply to commands", "3.2.0", "connection", "O(1)"))
        .sub(CommandSpec.client("unblock", -3, ClientCommands::unblock).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Unblocks a client blocked by a blocking command from a different connection.", "5.0.0",
                "connection", "O(log N) where N is the number of client connections"))
        .sub(CommandSpec.client("pause", -3, ClientCommands::pause).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Suspends commands processing.", "2.9.50", "connection", "O(1)"))
        .sub(CommandSpec.client("unpause", 2, ClientCommands::unpause).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Resumes processing of clients that were paused.", "6.2.0", "connection", "O(N) Where N is the number of paused clients"))
        .sub(CommandSpec.client("no-evict", 3, ClientCommands::noEvict).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Set client eviction mode for the current connection", "7.0.0", "connection", "O(1)"))
        .sub(CommandSpec.client("setinfo", 4, ClientCommands::setinfo).flags(NOSCRIPT, LOADING, STALE)
            .doc("Sets information specific to the client or connection.", "7.2.0", "connection", "O(1)"))
        .sub(CommandSpec.client("tracking", -3, TrackingCommands::tracking).flags(NOSCRIPT, LOADING, STALE)
            .doc("Controls server-assisted client-side caching for the connection.", "6.0.0", "connection",
                "O(1). Some options may introduce additional complexity."))
        .sub(CommandSpec.client("caching", 3, TrackingCommands::caching).flags(NOSCRIPT, LOADING, STALE)
            .doc("Instructs the server whether to track the keys in the next request.", "6.0.0", "connection", "O(1)"))
        .sub(CommandSpec.client("getredir", 2, TrackingCommands::getredir).flags(NOSCRIPT, LOADING, STALE)
            .doc("Returns the client ID to which the connection's tracking notifications are redirected.", "6.0.0",
                "connection", "O(1)"))
        .sub(CommandSpec.client("trackinginfo", 2, TrackingCommands::trackinginfo).flags(NOSCRIPT, LOADING, STALE)
            .doc("Returns information about server-assisted client-side caching for the connection.", "6.2.0",
                "connection", "O(1)"))
        .sub(CommandSpec.client("help", 2, ClientCommands::help).flags(LOADING, STALE)
            .doc("Returns helpful text about the different subcommands.", "5.0.0", "connection", "O(1)")));
  }
}
