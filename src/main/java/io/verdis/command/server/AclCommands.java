package io.verdis.command.server;

import io.verdis.acl.Acl;
import io.verdis.acl.AclDenial;
import io.verdis.acl.AclFile;
import io.verdis.acl.AclLog;
import io.verdis.acl.CommandCatalog;
import io.verdis.acl.Latin1;
import io.verdis.acl.User;
import io.verdis.acl.UserView;
import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.net.RespWriter;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.STALE;

/** ACL and its subcommands, with Redis 7.0's replies and errors (acl.c aclCommand). */
public final class AclCommands {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int GENPASS_MAX_BITS = 4096;
  private static final List<String> HELP = List.of(
      "CAT [<category>]",
      "    List all commands that belong to <category>, or all command categories",
      "    when no category is specified.",
      "DELUSER <username> [<username> ...]",
      "    Delete a list of users.",
      "DRYRUN <username> <command> [<arg> ...]",
      "    Returns whether the user can execute the given command without executing the command.",
      "GETUSER <username>",
      "    Get the user's details.",
      "GENPASS [<bits>]",
      "    Generate a secure 256-bit user password. The optional `bits` argument can",
      "    be used to specify a different size.",
      "LIST",
      "    Show users details in config file format.",
      "LOAD",
      "    Reload users from the ACL file.",
      "LOG [<count> | RESET]",
      "    Show the ACL log entries.",
      "SAVE",
      "    Save the current config to the ACL file.",
      "SETUSER <username> <attribute> [<attribute> ...]",
      "    Create or modify a user with the specified attributes.",
      "USERS",
      "    List all the registered usernames.",
      "WHOAMI",
      "    Return the current connection username.");

  private AclCommands() {
  }

  static void setuser(ClientCall c) {
    List<String> rules = new ArrayList<>();
    for (int i = 3; i < c.argc(); i++) {
      rules.add(Latin1.text(c.arg(i)));
    }
    String error = c.server().acl().setUser(Latin1.text(c.arg(2)), rules);
    if (error != null) {
      throw new CommandException(error);
    }
    c.reply().ok();
  }

  /** ACL DELUSER: the users' clients are closed (the caller itself once answered), as Redis's ACLFreeUserAndKillClients. */
  static void deluser(ClientCall c) {
    List<String> names = new ArrayList<>();
    for (int i = 2; i < c.argc(); i++) {
      names.add(Latin1.text(c.arg(i)));
    }
    if (names.contains(Acl.DEFAULT)) {
      throw new CommandException("ERR The 'default' user cannot be removed");
    }
    List<User> deleted = c.server().acl().deleteUsers(names);
    closeClients(c, deleted);
    c.reply().integer(deleted.size());
  }

  /** Logs out and closes the clients of users that are gone; the caller closes after its reply. */
  private static void closeClients(ClientCall c, List<User> gone) {
    if (gone.isEmpty()) {
      return;
    }
    for (var session : c.server().acl().closeClientsOf(gone)) {
      if (session == c.session()) {
        c.closeAfterReply();
      } else {
        session.kill();
      }
    }
  }

  static void getuser(ClientCall c) {
    User user = c.server().acl().user(Latin1.text(c.arg(2)));
    if (user == null) {
      c.reply().nullBulk();
      return;
    }
    UserView.write(c.reply(), user.rules());
  }

  static void list(ClientCall c) {
    List<String> lines = c.server().acl().describeAll();
    c.reply().array(lines.size());
    lines.forEach(line -> c.reply().bulk(Latin1.bytes(line)));
  }

  static void users(ClientCall c) {
    var users = new ArrayList<>(c.server().acl().users());
    c.reply().array(users.size());
    users.forEach(user -> c.reply().bulk(Latin1.bytes(user.name())));
  }

  static void whoami(ClientCall c) {
    User user = c.session().user();
    if (user == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(Latin1.bytes(user.name()));
    }
  }

  static void cat(ClientCall c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "ACL"));
    }
    if (c.argc() == 2) {
      c.reply().array(CommandCatalog.CATEGORIES.size());
      CommandCatalog.CATEGORIES.forEach(c.reply()::bulk);
      return;
    }
    int category = CommandCatalog.categoryBit(Latin1.text(c.arg(2)));
    if (category == 0) {
      throw new CommandException("ERR Unknown category '" + truncate(c.arg(2)) + "'");
    }
    CommandCatalog catalog = c.server().acl().catalog();
    List<String> names = new ArrayList<>();
    for (int id = 0; id < catalog.size(); id++) {
      if ((catalog.categories(id) & category) != 0) {
        names.add(catalog.spec(id).fullName());
      }
    }
    c.reply().array(names.size());
    names.forEach(c.reply()::bulk);
  }

  private static String truncate(byte[] text) {
    String all = Latin1.text(text);
    return all.length() > 128 ? all.substring(0, 128) : all;
  }

  static void genpass(ClientCall c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "ACL"));
    }
    long bits = c.argc() == 3 ? Args.parseLong(c.arg(2)) : 256;
    if (bits <= 0 || bits > GENPASS_MAX_BITS) {
      throw new CommandException("ERR ACL GENPASS argument must be the number of bits for the output password, "
          + "a positive number up to " + GENPASS_MAX_BITS);
    }
    int chars = (int) ((bits + 3) / 4);
    byte[] random = new byte[(chars + 1) / 2];
    RANDOM.nextBytes(random);
    c.reply().bulk(HexFormat.of().formatHex(random).substring(0, chars));
  }

  /** ACL LOG [count | RESET]: Redis 7.0's seven fields per entry. */
  static void log(ClientCall c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "ACL"));
    }
    AclLog log = c.server().acl().log();
    long count = 10;
    if (c.argc() == 3) {
      if (Args.is(c.arg(2), "reset")) {
        log.reset();
        c.reply().ok();
        return;
      }
      count = Math.max(0, Args.parseLong(c.arg(2)));
    }
    List<AclLog.Entry> entries = log.latest(count);
    long now = System.currentTimeMillis();
    RespWriter out = c.reply();
    out.array(entries.size());
    for (AclLog.Entry entry : entries) {
      out.map(7);
      out.bulk("count");
      out.integer(entry.count());
      out.bulk("reason");
      out.bulk(entry.reason());
      out.bulk("context");
      out.bulk(entry.context());
      out.bulk("object");
      out.bulk(Latin1.bytes(entry.object()));
      out.bulk("username");
      out.bulk(Latin1.bytes(entry.username()));
      out.bulk("age-seconds");
      out.doubleValue((now - entry.timeMs()) / 1000.0);
      out.bulk("client-info");
      out.bulk(Latin1.bytes(entry.clientInfo()));
    }
  }

  /** ACL DRYRUN user command [arg ...]: OK, or why not as a bulk string. */
  static void dryrun(ClientCall c) {
    User user = c.server().acl().user(Latin1.text(c.arg(2)));
    if (user == null) {
      throw new CommandException("ERR User '" + Latin1.text(c.arg(2)) + "' not found");
    }
    byte[][] argv = Arrays.copyOfRange(c.argv(), 3, c.argc());
    CommandSpec spec = c.server().commands().resolve(argv);
    if (spec == null) {
      throw new CommandException("ERR Command '" + Latin1.text(c.arg(3)) + "' not found");
    }
    if (!spec.arityAccepts(argv.length)) {
      throw new CommandException("ERR wrong number of arguments for '" + spec.fullName() + "' command");
    }
    AclDenial denied = user.check(spec, argv);
    if (denied == null) {
      c.reply().ok();
    } else {
      c.reply().bulk(Latin1.bytes(denied.dryRunText(spec.fullName(), argv)));
    }
  }

  static void load(ClientCall c) {
    String file = requireAclFile(c);
    List<User> removed = new ArrayList<>();
    String errors = AclFile.load(c.server().acl(), file, removed);
    if (errors != null) {
      throw new CommandException("ERR " + errors);
    }
    closeClients(c, removed);
    c.reply().ok();
  }

  static void save(ClientCall c) {
    if (!AclFile.save(c.server().acl(), requireAclFile(c))) {
      throw new CommandException("ERR There was an error trying to save the ACLs. Please check the server logs "
          + "for more information");
    }
    c.reply().ok();
  }

  private static String requireAclFile(ClientCall c) {
    String file = c.server().config().aclfile();
    if (file.isEmpty()) {
      throw new CommandException("ERR This Redis instance is not configured to use an ACL file. You may want to "
          + "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis "
          + "configuration file set) in order to store users in the Redis configuration.");
    }
    return file;
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("acl")
        .doc("A container for Access List Control commands ", "6.0.0", "server", "Depends on subcommand.")
        .sub(CommandSpec.client("cat", -2, AclCommands::cat).flags(NOSCRIPT, LOADING, STALE)
            .doc("List the ACL categories or the commands inside a category", "6.0.0", "server", "O(1)"))
        .sub(CommandSpec.client("deluser", -3, AclCommands::deluser).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Remove the specified ACL users and the associated rules", "6.0.0", "server", "O(1)"))
        .sub(CommandSpec.client("dryrun", -4, AclCommands::dryrun).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Returns whether the user can execute the given command without executing the command.",
                "7.0.0", "server", "O(1)."))
        .sub(CommandSpec.client("genpass", -2, AclCommands::genpass).flags(NOSCRIPT, LOADING, STALE)
            .doc("Generate a pseudorandom secure password to use for ACL users", "6.0.0", "server", "O(1)"))
        .sub(CommandSpec.client("getuser", 3, AclCommands::getuser).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Get the rules for a specific ACL user", "6.0.0", "server", "O(N)"))
        .sub(CommandSpec.client("help", 2, AclCommands::help).flags(LOADING, STALE)
            .doc("Show helpful text about the different subcommands", "6.0.0", "server", "O(1)"))
        .sub(CommandSpec.client("list", 2, AclCommands::list).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("List the current ACL rules in ACL config file format", "6.0.0", "server", "O(N)"))
        .sub(CommandSpec.client("load", 2, AclCommands::load).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Reload the ACLs from the configured ACL file", "6.0.0", "server", "O(N)"))
        .sub(CommandSpec.client("log", -2, AclCommands::log).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("List latest events denied because of ACLs in place", "6.0.0", "server", "O(N)"))
        .sub(CommandSpec.client("save", 2, AclCommands::save).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Save the current ACL rules in the configured ACL file", "6.0.0", "server", "O(N)"))
        .sub(CommandSpec.client("setuser", -3, AclCommands::setuser).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Modify or create the rules for a specific ACL user", "6.0.0", "server", "O(N)"))
        .sub(CommandSpec.client("users", 2, AclCommands::users).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("List the username of all the configured ACL users", "6.0.0", "server", "O(N)"))
        .sub(CommandSpec.client("whoami", 2, AclCommands::whoami).flags(NOSCRIPT, LOADING, STALE)
            .doc("Return the name of the user associated to the current connection", "6.0.0", "server", "O(1)")));
  }
}
