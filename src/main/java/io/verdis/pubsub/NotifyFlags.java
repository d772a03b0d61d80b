package io.verdis.pubsub;

/**
 * The value of {@code notify-keyspace-events} as Redis reads and prints it (notify.c's
 * keyspaceEventsStringToFlags and keyspaceEventsFlagsToString): letters for the event classes,
 * 'A' for all of them but 'm' and 'n', and 'K' / 'E' for the channels the events go to. Nothing
 * is published unless K or E is set as well as some class.
 */
public final class NotifyFlags {
  /** K: {@code __keyspace@<db>__:<key>} carrying the event name. */
  public static final int KEYSPACE = 1;
  /** E: {@code __keyevent@<db>__:<event>} carrying the key. */
  public static final int KEYEVENT = 1 << 1;
  /** A: g$lshzxetd. */
  public static final int ALL = NotifyType.GENERIC.bit | NotifyType.STRING.bit | NotifyType.LIST.bit
      | NotifyType.SET.bit | NotifyType.HASH.bit | NotifyType.ZSET.bit | NotifyType.EXPIRED.bit
      | NotifyType.EVICTED.bit | NotifyType.STREAM.bit | NotifyType.MODULE.bit;
  /** The reason CONFIG SET quotes for a letter that names nothing. */
  public static final String INVALID = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

  /** The classes in the order Redis prints their letters. */
  private static final NotifyType[] PRINTED = {
      NotifyType.GENERIC, NotifyType.STRING, NotifyType.LIST, NotifyType.SET, NotifyType.HASH, NotifyType.ZSET,
      NotifyType.EXPIRED, NotifyType.EVICTED, NotifyType.STREAM, NotifyType.MODULE, NotifyType.NEW};

  private NotifyFlags() {
  }

  /** The flags {@code classes} sets, or -1 if it holds a character that names no class. */
  public static int parse(String classes) {
    int flags = 0;
    for (int i = 0; i < classes.length(); i++) {
      int bit = bitOf(classes.charAt(i));
      if (bit == 0) {
        return -1;
      }
      flags |= bit;
    }
    return flags;
  }

  private static int bitOf(char letter) {
    switch (letter) {
      case 'A':
        return ALL;
      case 'K':
        return KEYSPACE;
      case 'E':
        return KEYEVENT;
      default:
        for (NotifyType type : NotifyType.values()) {
          if (type.letter == letter) {
            return type.bit;
          }
        }
        return 0;
    }
  }

  /**
   * The flags as CONFIG GET shows them: "A" when every class of 'A' is on (and then, as Redis
   * prints it, without 'n' even if that is on too), otherwise each class's letter; then K, E, m.
   */
  public static String render(int flags) {
    StringBuilder text = new StringBuilder();
    if ((flags & ALL) == ALL) {
      text.append('A');
    } else {
      for (NotifyType type : PRINTED) {
        if ((flags & type.bit) != 0) {
          text.append(type.letter);
        }
      }
    }
    if ((flags & KEYSPACE) != 0) {
      text.append('K');
    }
    if ((flags & KEYEVENT) != 0) {
      text.append('E');
    }
    if ((flags & NotifyType.KEY_MISS.bit) != 0) {
      text.append('m');
    }
    return text.toString();
  }
}
