package io.verdis.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one declaration of a command: everything else (arity errors, routing by key, COMMAND INFO
 * and DOCS, which commands are writes) derives from it.
 *
 * @param parent the container's name for a subcommand ("config" for CONFIG GET), else null
 * @param arity  Redis's convention: n means exactly n arguments, -n at least n (name included)
 * @param reference what redis-server says beyond the declaration (argument docs, key specs),
 *                  attached by full name from {@link CommandReference}
 */
public record CommandSpec(
    String name,
    String parent,
    int arity,
    Set<CommandFlag> flags,
    KeySpec keys,
    CommandHandler handler,
    CommandDoc doc,
    Map<String, CommandSpec> subcommands,
    CommandStats stats,
    CommandReference reference) {

  private static final CommandDoc INTERNAL_DOC = new CommandDoc("", "", "", "");
  private static final CommandStats INTERNAL_STATS = new CommandStats();

  /** "config|get" for subcommands, as Redis names them in errors and COMMAND INFO. */
  public String fullName() {
    return parent == null ? name : parent + "|" + name;
  }

  public boolean isContainer() {
    return !subcommands.isEmpty();
  }

  public boolean has(CommandFlag flag) {
    return flags.contains(flag);
  }

  public boolean arityAccepts(int argc) {
    return arity > 0 ? argc == arity : argc >= -arity;
  }

  public static Builder keyspace(String name, int arity, KeySpec keys, KeyspaceCommand handler) {
    return new Builder(name, arity, keys, handler);
  }

  public static Builder client(String name, int arity, ClientCommand handler) {
    return new Builder(name, arity, KeySpec.NONE, handler);
  }

  /** A client command with Redis's key positions for COMMAND INFO (SSUBSCRIBE's shard channels); it still runs here. */
  public static Builder client(String name, int arity, KeySpec keys, ClientCommand handler) {
    return new Builder(name, arity, keys, handler);
  }

  /**
   * A one-off command outside the table, never seen by clients: the loader runs one to install a
   * value read from an RDB file in one step. No flags (so nothing logs it), no statistics.
   */
  public static CommandSpec internal(String name, KeySpec keys, KeyspaceCommand handler) {
    return new CommandSpec(name, null, -1, Set.of(), keys, handler, INTERNAL_DOC, Map.of(), INTERNAL_STATS,
        CommandReference.NONE);
  }

  /** A command such as CONFIG or CLIENT whose second argument names the subcommand. */
  public static Builder container(String name) {
    return new Builder(name, -2, KeySpec.NONE, null);
  }

  /** A container that also runs alone, without a subcommand (COMMAND, as Redis's commandCommand). */
  public static Builder container(String name, int arity, ClientCommand alone) {
    return new Builder(name, arity, KeySpec.NONE, alone);
  }

  /** Declares a command in one expression: name, arity, keys, handler, then flags and docs. */
  public static final class Builder {
    private final String name;
    private final int arity;
    private final KeySpec keys;
    private final CommandHandler handler;
    private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    private final Map<String, Builder> subcommands = new LinkedHashMap<>();
    private CommandDoc doc = new CommandDoc("", "1.0.0", "generic", "O(1)");

    private Builder(String name, int arity, KeySpec keys, CommandHandler handler) {
      this.name = name.toLowerCase(Locale.ROOT);
      this.arity = arity;
      this.keys = keys;
      this.handler = handler;
    }

    public Builder flags(CommandFlag... more) {
      Collections.addAll(flags, more);
      return this;
    }

    public Builder doc(String summary, String since, String group, String complexity) {
      this.doc = new CommandDoc(summary, since, group, complexity);
      return this;
    }

    public Builder sub(Builder subcommand) {
      subcommands.put(subcommand.name, subcommand);
      return this;
    }

    String name() {
      return name;
    }

    CommandSpec build(String parent) {
      Map<String, CommandSpec> subs = new LinkedHashMap<>();
      subcommands.forEach((subName, sub) -> subs.put(subName, sub.build(name)));
      String fullName = parent == null ? name : parent + "|" + name;
      return new CommandSpec(name, parent, arity, Collections.unmodifiableSet(EnumSet.copyOf(flags)),
          keys, handler, doc, Collections.unmodifiableMap(subs), new CommandStats(), CommandReference.of(fullName));
    }
  }
}
