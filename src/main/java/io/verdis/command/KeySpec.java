package io.verdis.command;

/**
 * Where a command's keys are in its arguments: Redis's legacy (first, last, step) triple.
 * {@code last} counts from the end when negative (-1 is the last argument).
 *
 * <p>Commands whose keys move with their arguments (LMPOP numkeys …, ZUNIONSTORE dest numkeys …,
 * SORT … BY pattern) also have a {@link KeyFinder}: Redis's "movablekeys".
 *
 * <p>{@code notKey}: the positions hold shard channels, not keys (SSUBSCRIBE, SPUBLISH). Redis
 * declares them as a key spec flagged not_key, so a cluster routes them by slot, but they touch no
 * data: COMMAND GETKEYS says the command has no keys.
 *
 * <p>{@code flags}: for the few commands whose keys' flags depend on the call (Redis's
 * "variable_flags" and "unknown" key specs: SET with or without GET, BITFIELD, SORT … STORE), the
 * flags COMMAND GETKEYSANDFLAGS gives; null for all others, whose flags come from Redis's key specs.
 */
public record KeySpec(int first, int last, int step, KeyFinder finder, boolean notKey, KeyFlags flags) {
  public static final KeySpec NONE = new KeySpec(0, 0, 0);
  private static final int[] NO_KEYS = new int[0];

  /** Finds the key positions in one call's arguments. */
  @FunctionalInterface
  public interface KeyFinder {
    /**
     * The indexes of the keys; empty when the arguments are malformed (the command reports that
     * itself); null when the command may touch any key (SORT with BY or GET patterns).
     */
    int[] find(byte[][] argv);
  }

  /** The flags of the key at {@code index} of one call, as Redis's getkeys procedure gives them. */
  @FunctionalInterface
  public interface KeyFlags {
    java.util.List<String> of(byte[][] argv, int index);
  }

  public KeySpec(int first, int last, int step) {
    this(first, last, step, null, false, null);
  }

  public KeySpec(int first, int last, int step, KeyFinder finder) {
    this(first, last, step, finder, false, null);
  }

  /** The same key positions, with the flags of each key decided by the call. */
  public KeySpec withFlags(KeyFlags keyFlags) {
    return new KeySpec(first, last, step, finder, notKey, keyFlags);
  }

  /** Shard channels at {@code first}..{@code last} (-1: to the end), one every argument. */
  public static KeySpec shardChannels(int first, int last) {
    return new KeySpec(first, last, 1, null, true, null);
  }

  public static KeySpec single(int position) {
    return new KeySpec(position, position, 1);
  }

  /**
   * {@code fixed} keys at 1.. (ZUNIONSTORE's destination: 1, else 0), then a count at
   * {@code numkeysAt} followed by that many keys (Redis reports (fixed ? 1 : 0, fixed, 1) plus movablekeys).
   */
  public static KeySpec numkeys(int fixed, int numkeysAt) {
    return new KeySpec(fixed > 0 ? 1 : 0, fixed, fixed > 0 ? 1 : 0, argv -> numkeysIndexes(argv, fixed, numkeysAt));
  }

  public boolean hasKeys() {
    return !notKey && (first > 0 || finder != null);
  }

  public boolean movable() {
    return finder != null;
  }

  /** Index of the last key argument for a call with {@code argc} arguments (the legacy triple). */
  public int lastIndex(int argc) {
    return last >= 0 ? Math.min(last, argc - 1) : argc + last;
  }

  /** The indexes of the keys of this call (see {@link KeyFinder#find} for empty and null). */
  public int[] indexes(byte[][] argv) {
    if (finder != null) {
      return finder.find(argv);
    }
    if (first <= 0 || first >= argv.length) {
      return NO_KEYS;
    }
    int lastKey = lastIndex(argv.length);
    int[] indexes = new int[Math.max(0, (lastKey - first) / step + 1)];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = first + i * step;
    }
    return indexes;
  }

  private static int[] numkeysIndexes(byte[][] argv, int fixed, int numkeysAt) {
    if (numkeysAt >= argv.length) {
      return NO_KEYS;
    }
    long count = Args.parseLongOr(argv[numkeysAt], -1);
    if (count <= 0 || count > argv.length - numkeysAt - 1) {
      return NO_KEYS;
    }
    int[] indexes = new int[fixed + (int) count];
    for (int i = 0; i < fixed; i++) {
      indexes[i] = 1 + i;
    }
    for (int i = 0; i < count; i++) {
      indexes[fixed + i] = numkeysAt + 1 + i;
    }
    return indexes;
  }
}
