package io.verdis.acl;

import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.RedisKeySpec;
import io.verdis.command.server.CommandCommands;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands ACL rules speak of, each with an id (Redis's command bit): containers and their
 * subcommands alike, in command-table order. Also what each command means for permissions: its
 * ACL categories as a bit mask, the permission its keys need when that does not depend on the
 * call, and which arguments are channels. Built once from the command table.
 */
public final class CommandCatalog {
  /** Redis's ACL categories, in acl.c's order (ACL CAT, and the order rules are described in). */
  public static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset",
      "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
      "blocking", "dangerous", "connection", "transaction", "scripting");

  /** Key permissions: what a key spec's access, insert, delete and update flags demand. */
  public static final int READ = 1;
  public static final int WRITE = 2;
  /** The permission of a command's keys depends on the call (or on which key spec finds the key). */
  static final int VARIES = -1;

  /** How a command names channels (Redis's ACLDoesCommandHaveChannels). */
  static final byte NO_CHANNELS = 0;
  static final byte FIRST_CHANNEL = 1;
  static final byte ALL_CHANNELS = 2;
  static final byte ALL_PATTERNS = 3;

  private final List<CommandSpec> specs = new ArrayList<>();
  private final Map<CommandSpec, Integer> ids = new IdentityHashMap<>();
  private final int[] categories;
  private final int[] keyPermission;
  private final byte[] channels;

  public CommandCatalog(CommandTable table) {
    for (CommandSpec spec : table.all()) {
      add(spec);
      spec.subcommands().values().forEach(this::add);
    }
    categories = new int[specs.size()];
    keyPermission = new int[specs.size()];
    channels = new byte[specs.size()];
    for (int id = 0; id < specs.size(); id++) {
      CommandSpec spec = specs.get(id);
      for (String category : CommandCommands.categories(spec)) {
        int index = CATEGORIES.indexOf(category);
        if (index >= 0) {
          categories[id] |= 1 << index;
        }
      }
      keyPermission[id] = uniformKeyPermission(spec);
      channels[id] = switch (spec.fullName()) {
        case "publish", "spublish" -> FIRST_CHANNEL;
        case "subscribe", "ssubscribe" -> ALL_CHANNELS;
        case "psubscribe" -> ALL_PATTERNS;
        default -> NO_CHANNELS;
      };
    }
  }

  private void add(CommandSpec spec) {
    ids.put(spec, specs.size());
    specs.add(spec);
  }

  /** How many ids there are; {@link #size()} itself is the bit of "commands added later" (Redis's +@all bit). */
  public int size() {
    return specs.size();
  }

  /** The id of a command of the table, or -1 for one outside it (Pizzaria's, internal ones). */
  public int id(CommandSpec spec) {
    Integer id = ids.get(spec);
    return id == null ? -1 : id;
  }

  public CommandSpec spec(int id) {
    return specs.get(id);
  }

  /** A command by name as rules write it, "get" or "config|get", in any case; null when unknown. */
  public CommandSpec lookup(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int bar = lower.indexOf('|');
    for (CommandSpec spec : specs) {
      if (spec.parent() == null && spec.name().equals(bar < 0 ? lower : lower.substring(0, bar))) {
        return bar < 0 ? spec : spec.subcommands().get(lower.substring(bar + 1));
      }
    }
    return null;
  }

  /** The bit of {@code category} in {@link #categories(int)}, or 0 for an unknown one. */
  public static int categoryBit(String category) {
    int index = CATEGORIES.indexOf(category.toLowerCase(Locale.ROOT));
    return index < 0 ? 0 : 1 << index;
  }

  public int categories(int id) {
    return categories[id];
  }

  byte channels(int id) {
    return channels[id];
  }

  /**
   * What the key at {@code index} of this call needs: {@link #READ}, {@link #WRITE}, both, or
   * neither (a key spec flagged RO without access: any pattern allows it), as Redis's
   * ACLSelectorCheckKey reads the key spec's flags.
   */
  int keyPermission(int id, CommandSpec spec, byte[][] argv, int index) {
    int uniform = keyPermission[id];
    if (uniform != VARIES) {
      return uniform;
    }
    if (spec.keys().flags() != null) {
      return permission(spec.keys().flags().of(argv, index));
    }
    for (RedisKeySpec keySpec : spec.reference().keySpecs()) {
      if (!keySpec.notKey() && keySpec.finds(argv, index)) {
        return permission(keySpec.flags());
      }
    }
    return fallbackPermission(spec);
  }

  /** The permission every key of the command needs when all its key specs agree, else {@link #VARIES}. */
  private static int uniformKeyPermission(CommandSpec spec) {
    if (spec.keys().flags() != null) {
      return VARIES;
    }
    List<RedisKeySpec> keySpecs = spec.reference().keySpecs();
    if (keySpecs.isEmpty()) {
      return fallbackPermission(spec);
    }
    int permission = -2;
    for (RedisKeySpec keySpec : keySpecs) {
      if (keySpec.notKey()) {
        continue;
      }
      int current = permission(keySpec.flags());
      if (permission != -2 && permission != current) {
        return VARIES;
      }
      permission = current;
    }
    return permission == -2 ? fallbackPermission(spec) : permission;
  }

  /** Verdis's own commands, without Redis key specs: read-only ones read, the others read and write. */
  private static int fallbackPermission(CommandSpec spec) {
    return spec.has(CommandFlag.READONLY) ? READ : READ | WRITE;
  }

  private static int permission(List<String> flags) {
    int permission = 0;
    for (String flag : flags) {
      switch (flag) {
        case "access" -> permission |= READ;
        case "insert", "delete", "update" -> permission |= WRITE;
        default -> { }
      }
    }
    return permission;
  }
}
