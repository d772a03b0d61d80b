package io.verdis.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every command the server knows, looked up by the raw bytes of its name, case-insensitively and
 * without allocating (the lookup runs once per request).
 */
public final class CommandTable {
  private final Map<String, CommandSpec> byName;
  private final CommandSpec[] slots;
  private final int mask;

  private CommandTable(Map<String, CommandSpec> byName) {
    this.byName = Collections.unmodifiableMap(byName);
    int capacity = Integer.highestOneBit(Math.max(16, byName.size() * 4) - 1) << 1;
    this.slots = new CommandSpec[capacity];
    this.mask = capacity - 1;
    for (CommandSpec spec : byName.values()) {
      byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
      int i = hashIgnoreCase(name) & mask;
      while (slots[i] != null) {
        i = (i + 1) & mask;
      }
      slots[i] = spec;
    }
  }

  /** Builds a table from families, each registering its commands in one block. */
  @SafeVarargs
  public static CommandTable of(Consumer<Builder>... families) {
    Builder builder = new Builder();
    for (Consumer<Builder> family : families) {
      family.accept(builder);
    }
    return new CommandTable(builder.specs);
  }

  public Collection<CommandSpec> all() {
    return byName.values();
  }

  public CommandSpec get(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  /** The top-level command named by {@code name}, or null. */
  public CommandSpec find(byte[] name) {
    int i = hashIgnoreCase(name) & mask;
    CommandSpec spec;
    while ((spec = slots[i]) != null) {
      if (equalsIgnoreCase(spec.name(), name)) {
        return spec;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** The command or subcommand {@code argv} calls, or null when there is none (see {@link #unknownError}). */
  public CommandSpec resolve(byte[][] argv) {
    CommandSpec spec = find(argv[0]);
    if (spec == null || !spec.isContainer() || argv.length < 2) {
      return spec;
    }
    return spec.subcommands().get(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
  }

  /** Redis's reply for a command {@link #resolve} did not find. */
  public String unknownError(byte[][] argv) {
    CommandSpec container = find(argv[0]);
    if (container != null) {
      return "ERR unknown subcommand '" + truncate(argv[1], 128) + "'. Try "
          + container.name().toUpperCase(Locale.ROOT) + " HELP.";
    }
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < 128; i++) {
      args.append('\'').append(truncate(argv[i], 128 - args.length())).append("' ");
    }
    return "ERR unknown command '" + truncate(argv[0], 128) + "', with args beginning with: " + args;
  }

  public static String arityError(CommandSpec spec) {
    return "ERR wrong number of arguments for '" + spec.fullName() + "' command";
  }

  private static String truncate(byte[] bytes, int max) {
    return new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.UTF_8);
  }

  private static int hashIgnoreCase(byte[] name) {
    int h = 0;
    for (byte b : name) {
      h = 31 * h + (b | 0x20);
    }
    return h ^ (h >>> 16);
  }

  private static boolean equalsIgnoreCase(String lowerName, byte[] name) {
    if (lowerName.length() != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      int b = name[i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (lowerName.charAt(i) != b) {
        return false;
      }
    }
    return true;
  }

  /** Collects the declarations of all families; a name declared twice is a programming error. */
  public static final class Builder {
    private final Map<String, CommandSpec> specs = new LinkedHashMap<>();

    public Builder add(CommandSpec.Builder declaration) {
      CommandSpec spec = declaration.build(null);
      if (specs.putIfAbsent(spec.name(), spec) != null) {
        throw new IllegalStateException("command declared twice: " + spec.name());
      }
      return this;
    }
  }
}
