package io.verdis.script;

import io.verdis.command.CommandException;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a script declares about itself: the flags of an EVAL script's {@code #!lua flags=…}
 * shebang, or of a function's {@code flags} in redis.register_function (Redis's script flags).
 * A script without a shebang is a legacy one: it may write and carries no flags.
 */
public record ScriptFlags(Set<Flag> flags, boolean declared) {
  public static final ScriptFlags LEGACY = new ScriptFlags(EnumSet.noneOf(Flag.class), false);

  public enum Flag {
    NO_WRITES("no-writes"),
    ALLOW_OOM("allow-oom"),
    ALLOW_STALE("allow-stale"),
    NO_CLUSTER("no-cluster"),
    ALLOW_CROSS_SLOT_KEYS("allow-cross-slot-keys");

    private final String text;

    Flag(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    static Flag named(String text) {
      for (Flag flag : values()) {
        if (flag.text.equals(text)) {
          return flag;
        }
      }
      return null;
    }
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** Flags given by name (FUNCTION's register_function); null entries are unknown names, reported by the caller. */
  public static ScriptFlags of(Iterable<String> names, String unknownError) {
    EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
    for (String name : names) {
      Flag flag = Flag.named(name);
      if (flag == null) {
        throw new CommandException(unknownError);
      }
      set.add(flag);
    }
    return new ScriptFlags(set, true);
  }

  /** Length of the shebang line of {@code body} (including its newline), 0 when it has none. */
  static int shebangLength(byte[] body) {
    if (body.length < 2 || body[0] != '#' || body[1] != '!') {
      return 0;
    }
    int end = 0;
    while (end < body.length && body[end] != '\n') {
      end++;
    }
    return end;
  }

  /**
   * The flags an EVAL body declares: {@code #!<engine> [flags=a,b]} on its first line (Redis's
   * evalExtractShebangFlags, same errors), or {@link #LEGACY} when it starts otherwise.
   */
  public static ScriptFlags ofShebang(byte[] body) {
    int length = shebangLength(body);
    if (length == 0) {
      return LEGACY;
    }
    String line = new String(body, 2, length - 2, StandardCharsets.UTF_8).trim();
    String[] parts = line.split(" +");
    if (!parts[0].equals("lua")) {
      throw new CommandException("ERR Unexpected engine in script shebang: " + parts[0]);
    }
    EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].startsWith("flags=")) {
        throw new CommandException("ERR Unknown lua shebang option: " + parts[i]);
      }
      for (String name : parts[i].substring("flags=".length()).split(",")) {
        if (name.isEmpty()) {
          continue;
        }
        Flag flag = Flag.named(name);
        if (flag == null) {
          throw new CommandException("ERR Unexpected flag in script shebang: " + name);
        }
        set.add(flag);
      }
    }
    return new ScriptFlags(set, true);
  }
}
