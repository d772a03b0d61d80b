package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandDoc;
import io.verdis.command.CommandException;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.GlobPattern;
import io.verdis.command.KeySpec;
import io.verdis.command.RedisKeySpec;
import io.verdis.net.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.STALE;

/**
 * COMMAND and its subcommands: everything they say is generated from the command table, in Redis
 * 7's reply shapes (COMMAND INFO's ten-element entries, COMMAND DOCS's maps).
 */
public final class CommandCommands {
  /** Redis's ACL categories in the order COMMAND INFO lists them (acl.c ACLCommandCategories). */
  private static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset",
      "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
      "blocking", "dangerous", "connection", "transaction", "scripting");
  /** The category a command's group implies (Redis's JSON files declare them group by group). */
  private static final Map<String, String> GROUP_CATEGORY = Map.ofEntries(
      Map.entry("generic", "keyspace"), Map.entry("string", "string"), Map.entry("list", "list"),
      Map.entry("set", "set"), Map.entry("sorted-set", "sortedset"), Map.entry("hash", "hash"),
      Map.entry("bitmap", "bitmap"), Map.entry("hyperloglog", "hyperloglog"), Map.entry("geo", "geo"),
      Map.entry("stream", "stream"), Map.entry("pubsub", "pubsub"), Map.entry("connection", "connection"),
      Map.entry("transactions", "transaction"), Map.entry("scripting", "scripting"));
  private static final List<String> HELP = List.of(
      "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "(no subcommand)",
      "    Return details about all Redis commands.",
      "COUNT",
      "    Return the total number of commands in this Redis server.",
      "LIST",
      "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "GETKEYS <full-command>",
      "    Return the keys from a full Redis command.",
      "GETKEYSANDFLAGS <full-command>",
      "    Return the keys and the access flags from a full Redis command.",
      "HELP",
      "    Prints this help.");

  private CommandCommands() {
  }

  /** COMMAND alone: the info entry of every command. */
  static void all(ClientCall c) {
    Collection<CommandSpec> all = c.server().commands().all();
    c.reply().array(all.size());
    all.forEach(spec -> writeInfo(c.reply(), spec));
  }

  static void count(ClientCall c) {
    c.reply().integer(c.server().commands().all().size());
  }

  /** COMMAND INFO [name ...]: nil for a name that is not a command; "config|get" names a subcommand. */
  static void info(ClientCall c) {
    if (c.argc() == 2) {
      all(c);
      return;
    }
    c.reply().array(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      CommandSpec spec = lookup(c.server().commands(), c.arg(i));
      if (spec == null) {
        c.reply().nullBulk();
      } else {
        writeInfo(c.reply(), spec);
      }
    }
  }

  /** COMMAND DOCS [name ...]: a map of name to documentation; unknown names are left out. */
  static void docs(ClientCall c) {
    List<CommandSpec> specs = new ArrayList<>();
    if (c.argc() == 2) {
      specs.addAll(c.server().commands().all());
    }
    for (int i = 2; i < c.argc(); i++) {
      CommandSpec spec = lookup(c.server().commands(), c.arg(i));
      if (spec != null) {
        specs.add(spec);
      }
    }
    writeDocsMap(c.reply(), specs);
  }

  /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: names, subcommands included. */
  static void list(ClientCall c) {
    Predicate<CommandSpec> filter = spec -> true;
    for (int i = 2; i < c.argc(); i += 3) {
      if (!Args.is(c.arg(i), "filterby") || c.argc() - i - 1 != 2) {
        throw new CommandException(Errors.SYNTAX);
      }
      String value = Args.text(c.arg(i + 2));
      if (Args.is(c.arg(i + 1), "module")) {
        filter = spec -> false;
      } else if (Args.is(c.arg(i + 1), "aclcat")) {
        filter = spec -> categories(spec).contains(value.toLowerCase(Locale.ROOT));
      } else if (Args.is(c.arg(i + 1), "pattern")) {
        filter = spec -> GlobPattern.matches(value, spec.fullName(), true);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    List<String> names = new ArrayList<>();
    for (CommandSpec spec : c.server().commands().all()) {
      collectNames(spec, filter, names);
    }
    c.reply().array(names.size());
    names.forEach(c.reply()::bulk);
  }

  private static void collectNames(CommandSpec spec, Predicate<CommandSpec> filter, List<String> names) {
    if (filter.test(spec)) {
      names.add(spec.fullName());
    }
    spec.subcommands().values().forEach(sub -> collectNames(sub, filter, names));
  }

  /** COMMAND GETKEYS command [arg ...]: where the command's declaration says its keys are. */
  static void getkeys(ClientCall c) {
    byte[][] argv = keyedCommand(c);
    int[] indexes = keyIndexes(c.server().commands().resolve(argv), argv);
    c.reply().array(indexes.length);
    for (int index : indexes) {
      c.reply().bulk(argv[index]);
    }
  }

  /** COMMAND GETKEYSANDFLAGS command [arg ...]: each key with its key-spec flags. */
  static void getkeysandflags(ClientCall c) {
    byte[][] argv = keyedCommand(c);
    CommandSpec spec = c.server().commands().resolve(argv);
    int[] indexes = keyIndexes(spec, argv);
    c.reply().array(indexes.length);
    for (int index : indexes) {
      List<String> flags = keyFlags(spec, argv, index);
      c.reply().array(2);
      c.reply().bulk(argv[index]);
      c.reply().set(flags.size());
      flags.forEach(c.reply()::simple);
    }
  }

  /** The command GETKEYS asks about, checked with Redis's errors (commandGetKeys). */
  private static byte[][] keyedCommand(ClientCall c) {
    byte[][] argv = Arrays.copyOfRange(c.argv(), 2, c.argc());
    CommandSpec spec = c.server().commands().resolve(argv);
    if (spec == null) {
      throw new CommandException("ERR Invalid command specified");
    }
    if (!spec.keys().hasKeys()) {
      throw new CommandException("ERR The command has no key arguments");
    }
    if (!spec.arityAccepts(argv.length) || spec.keys().first() >= argv.length) {
      throw new CommandException("ERR Invalid number of arguments specified for command");
    }
    return argv;
  }

  /** As Redis's getKeysFromCommand: a movable command whose keys cannot be found is an error. */
  private static int[] keyIndexes(CommandSpec spec, byte[][] argv) {
    int[] indexes = spec.keys().indexes(argv);
    if (indexes == null) {
      indexes = new int[] {spec.keys().first()};
    }
    if (indexes.length == 0) {
      throw new CommandException("ERR Invalid arguments specified for command");
    }
    return indexes;
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  /** "config|get" or "GET": a command or a subcommand by its full name, or null. */
  private static CommandSpec lookup(CommandTable table, byte[] fullName) {
    String[] parts = Args.text(fullName).toLowerCase(Locale.ROOT).split("\\|", -1);
    CommandSpec spec = parts.length <= 2 ? table.get(parts[0]) : null;
    return spec == null || parts.length == 1 ? spec : spec.subcommands().get(parts[1]);
  }

  /**
   * One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL categories, tips,
   * key specs, subcommands.
   */
  static void writeInfo(RespWriter out, CommandSpec spec) {
    KeySpec keys = spec.keys();
    out.array(10);
    out.bulk(spec.fullName());
    out.integer(spec.arity());
    List<CommandFlag> flags = spec.flags().stream().filter(CommandFlag::reported).toList();
    out.set(flags.size() + (keys.movable() ? 1 : 0));
    flags.forEach(flag -> out.simple(flag.redisName()));
    if (keys.movable()) {
      out.simple("movablekeys");
    }
    out.integer(keys.first());
    out.integer(keys.last());
    out.integer(keys.step());
    List<String> categories = categories(spec);
    out.set(categories.size());
    categories.forEach(category -> out.simple("@" + category));
    if (spec.reference().known()) {
      spec.reference().writeTips(out);
    } else {
      out.set(0);
    }
    writeKeySpecs(out, spec);
    // Redis 7.0 (addReplyCommandSubCommands): a set when there are none, else an array (RESP3 tells).
    if (spec.subcommands().isEmpty()) {
      out.set(0);
    } else {
      out.array(spec.subcommands().size());
    }
    spec.subcommands().values().forEach(sub -> writeInfo(out, sub));
  }

  /**
   * Redis's own list for the commands it has (from the reference: @dangerous, @keyspace … as its
   * JSON files declare them); for Verdis's own commands, Redis's implicit categories (server.c
   * setImplicitACLCategories) from the flags, plus the one the group implies. A pure container
   * (CONFIG, CLIENT) only gets the implicit ones, as in Redis.
   */
  public static List<String> categories(CommandSpec spec) {
    if (spec.reference().known()) {
      return spec.reference().categories();
    }
    EnumSet<CommandFlag> flags = spec.flags().isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(spec.flags());
    String group = spec.handler() == null ? null : GROUP_CATEGORY.get(spec.doc().group());
    List<String> categories = new ArrayList<>();
    for (String category : CATEGORIES) {
      boolean implied = switch (category) {
        case "write" -> flags.contains(CommandFlag.WRITE);
        case "read" -> flags.contains(CommandFlag.READONLY) && !"scripting".equals(group);
        case "admin", "dangerous" -> flags.contains(CommandFlag.ADMIN);
        // Only the flag: PUBSUB HELP, in the pubsub group, has no @pubsub in Redis.
        case "pubsub" -> flags.contains(CommandFlag.PUBSUB);
        case "fast" -> flags.contains(CommandFlag.FAST);
        case "slow" -> !flags.contains(CommandFlag.FAST);
        case "blocking" -> flags.contains(CommandFlag.BLOCKING);
        default -> category.equals(group);
      };
      if (implied) {
        categories.add(category);
      }
    }
    return categories;
  }

  /**
   * The legacy (first, last, step) triple as one Redis 7 key spec: begin at an index, then a range.
   * A set of specs, as Redis 7.0 writes them (RESP3 tells).
   */
  private static void writeKeySpecs(RespWriter out, CommandSpec spec) {
    if (spec.reference().known()) {
      spec.reference().writeKeySpecs(out);
      return;
    }
    KeySpec keys = spec.keys();
    if (keys.first() <= 0) {
      out.set(0);
      return;
    }
    List<String> flags = keySpecFlags(spec);
    out.set(1);
    out.map(3);
    out.bulk("flags");
    out.set(flags.size());
    flags.forEach(out::simple);
    out.bulk("begin_search");
    out.map(2);
    out.bulk("type");
    out.bulk("index");
    out.bulk("spec");
    out.map(1);
    out.bulk("index");
    out.integer(keys.first());
    out.bulk("find_keys");
    out.map(2);
    out.bulk("type");
    out.bulk("range");
    out.bulk("spec");
    out.map(3);
    out.bulk("lastkey");
    out.integer(keys.last() >= 0 ? keys.last() - keys.first() : keys.last());
    out.bulk("keystep");
    out.integer(keys.step());
    out.bulk("limit");
    out.integer(0);
  }

  /**
   * The flags of the key at {@code index}: the command's own when they depend on the call (SET …
   * GET), else those of Redis's first key spec that finds it there (LMOVE's source is RW access
   * delete, its destination RW insert), else the derived ones.
   */
  private static List<String> keyFlags(CommandSpec spec, byte[][] argv, int index) {
    if (spec.keys().flags() != null) {
      return spec.keys().flags().of(argv, index);
    }
    for (RedisKeySpec keySpec : spec.reference().keySpecs()) {
      if (!keySpec.notKey() && keySpec.finds(argv, index)) {
        return keySpec.flags();
      }
    }
    return keySpecFlags(spec);
  }

  /**
   * For a command Redis has no key specs for (or whose keys its specs cannot find): read-only
   * commands access their keys; others may read and update them; channels are no keys.
   */
  private static List<String> keySpecFlags(CommandSpec spec) {
    if (spec.keys().notKey()) {
      return List.of("not_key");
    }
    return spec.has(CommandFlag.READONLY) ? List.of("RO", "access") : List.of("RW", "access", "update");
  }

  /** COMMAND DOCS's reply for {@code specs}: name to doc map, subcommands nested the same way. */
  private static void writeDocsMap(RespWriter out, Collection<CommandSpec> specs) {
    out.map(specs.size());
    for (CommandSpec spec : specs) {
      out.bulk(spec.fullName());
      writeDocs(out, spec);
    }
  }

  private static void writeDocs(RespWriter out, CommandSpec spec) {
    if (spec.reference().known()) {
      out.map(spec.reference().docFieldCount() + (spec.isContainer() ? 1 : 0));
      spec.reference().writeDocFields(out);
      writeSubcommandDocs(out, spec);
      return;
    }
    CommandDoc doc = spec.doc();
    List<String> fields = new ArrayList<>();
    addIfPresent(fields, "summary", doc.summary());
    addIfPresent(fields, "since", doc.since());
    addIfPresent(fields, "group", doc.group());
    addIfPresent(fields, "complexity", doc.complexity());
    out.map(fields.size() / 2 + (spec.isContainer() ? 1 : 0));
    fields.forEach(out::bulk);
    writeSubcommandDocs(out, spec);
  }

  private static void writeSubcommandDocs(RespWriter out, CommandSpec spec) {
    if (spec.isContainer()) {
      out.bulk("subcommands");
      writeDocsMap(out, spec.subcommands().values());
    }
  }

  private static void addIfPresent(List<String> fields, String name, String value) {
    if (value != null && !value.isEmpty()) {
      fields.add(name);
      fields.add(value);
    }
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("command", -1, CommandCommands::all).flags(LOADING, STALE)
        .doc("Returns detailed information about all commands.", "2.8.13", "server",
            "O(N) where N is the total number of commands")
        .sub(CommandSpec.client("count", 2, CommandCommands::count).flags(LOADING, STALE)
            .doc("Returns a count of commands.", "2.8.13", "server", "O(1)"))
        .sub(CommandSpec.client("docs", -2, CommandCommands::docs).flags(LOADING, STALE)
            .doc("Returns documentary information about one, multiple or all commands.", "7.0.0", "server",
                "O(N) where N is the number of commands to look up"))
        .sub(CommandSpec.client("getkeys", -4, CommandCommands::getkeys).flags(LOADING, STALE)
            .doc("Extracts the key names from an arbitrary command.", "2.8.13", "server",
                "O(N) where N is the number of arguments to the command"))
        .sub(CommandSpec.client("getkeysandflags", -4, CommandCommands::getkeysandflags).flags(LOADING, STALE)
            .doc("Extracts the key names and access flags for an arbitrary command.", "7.0.0", "server",
                "O(N) where N is the number of arguments to the command"))
        .sub(CommandSpec.client("info", -2, CommandCommands::info).flags(LOADING, STALE)
            .doc("Returns information about one, multiple or all commands.", "2.8.13", "server",
                "O(N) where N is the number of commands to look up"))
        .sub(CommandSpec.client("list", -2, CommandCommands::list).flags(LOADING, STALE)
            .doc("Returns a list of command names.", "7.0.0", "server", "O(N) where N is the total number of commands"))
        .sub(CommandSpec.client("help", 2, CommandCommands::help).flags(LOADING, STALE)
            .doc("Returns helpful text about the different subcommands.", "5.0.0", "server", "O(1)")));
  }
}
