package io.verdis.pubsub;

/**
 * The classes of keyspace events (Redis's NOTIFY_* flags), each with its letter in
 * {@code notify-keyspace-events} and its bit in the parsed flags (Redis's values, so the flags
 * read as Redis's). A command names the class of each event it emits, as Redis's
 * notifyKeyspaceEvent calls do: only the classes that are switched on are published.
 */
public enum NotifyType {
  GENERIC('g', 1 << 2),
  STRING('$', 1 << 3),
  LIST('l', 1 << 4),
  SET('s', 1 << 5),
  HASH('h', 1 << 6),
  ZSET('z', 1 << 7),
  EXPIRED('x', 1 << 8),
  EVICTED('e', 1 << 9),
  STREAM('t', 1 << 10),
  /** Not part of 'A': a read of a missing key ("keymiss"). */
  KEY_MISS('m', 1 << 11),
  MODULE('d', 1 << 13),
  /** Not part of 'A': a key was created ("new"). */
  NEW('n', 1 << 14);

  final char letter;
  final int bit;

  NotifyType(char letter, int bit) {
    this.letter = letter;
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }
}
