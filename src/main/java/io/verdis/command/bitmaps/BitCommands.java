package io.verdis.command.bitmaps;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.pubsub.NotifyType;

import java.util.Arrays;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/** The bitmap family (Redis's bitops.c): bit operations on string values. BITFIELD is {@link Bitfield}. */
public final class BitCommands {
  static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
  private static final String BAD_BIT = "ERR bit is not an integer or out of range";
  /** Java's own limit on an array's length, below Integer.MAX_VALUE. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private BitCommands() {
  }

  /**
   * Redis's getBitOffsetFromArgument: a bit offset, or with {@code hashWidth} > 0 a "#n" counting
   * fields of that width (BITFIELD); at most proto-max-bulk-len bytes' worth of bits.
   */
  static long bitOffset(KeyspaceCall c, byte[] arg, int hashWidth) {
    boolean fields = hashWidth > 0 && arg.length > 0 && arg[0] == '#';
    byte[] digits = fields ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
    long offset = Args.parseLong(digits, BAD_OFFSET);
    if (fields) {
      offset *= hashWidth;
    }
    if (offset < 0 || (offset >> 3) >= c.server().config().protoMaxBulkLen()) {
      throw new CommandException(BAD_OFFSET);
    }
    return offset;
  }

  /**
   * A private copy of the string at key long enough to hold bit {@code highestBit}, zero-padded
   * (Redis's lookupStringForBitCommand, which grows the value in place; ours may be shared with a
   * reply being written, so it is copied).
   */
  static byte[] writableCopy(byte[] old, long highestBit) {
    long length = (highestBit >> 3) + 1;
    if (length > MAX_ARRAY) {
      throw new CommandException(Errors.STRING_TOO_LONG);
    }
    return Arrays.copyOf(old == null ? new byte[0] : old, (int) Math.max(length, old == null ? 0 : old.length));
  }

  static void setbit(KeyspaceCall c) {
    byte[] key = c.arg(1);
    long offset = bitOffset(c, c.arg(2), 0);
    long bit = Args.parseLong(c.arg(3), BAD_BIT);
    if ((bit & ~1) != 0) {
      throw new CommandException(BAD_BIT);
    }
    byte[] old = Types.asString(c.db().lookup(key));
    int previous = BitString.get(old, offset);
    // As Redis 7.0: a write that changes neither the bit nor the length is no change at all.
    if (old != null && previous == bit && (offset >> 3) < old.length) {
      c.reply().integer(previous);
      return;
    }
    byte[] updated = writableCopy(old, offset);
    BitString.set(updated, offset, (int) bit);
    c.db().overwrite(key, updated);
    c.notify(NotifyType.STRING, "setbit", key);
    c.reply().integer(previous);
  }

  static void getbit(KeyspaceCall c) {
    long offset = bitOffset(c, c.arg(2), 0);
    c.reply().integer(BitString.get(Types.asString(c.db().lookupRead(c.arg(1))), offset));
  }

  /** BITCOUNT key [start end [BYTE|BIT]]: Redis 7.0 looks the key up before it reads the range. */
  static void bitcount(KeyspaceCall c) {
    byte[] value = Types.asString(c.db().lookupRead(c.arg(1)));
    if (value == null) {
      c.reply().integer(0);
      return;
    }
    BitRange range;
    if (c.argc() == 4 || c.argc() == 5) {
      long start = Args.parseLong(c.arg(2));
      long end = Args.parseLong(c.arg(3));
      boolean inBits = c.argc() == 5 && BitRange.inBits(c.arg(4));
      // Only BITCOUNT checks this before clamping: -1 -5 on a one-byte string would clamp to 0 0.
      range = start < 0 && end < 0 && start > end ? BitRange.whole(0) : BitRange.of(value.length, start, end, inBits);
    } else if (c.argc() == 2) {
      range = BitRange.whole(value.length);
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    c.reply().integer(range.isEmpty() ? 0 : BitString.count(value, range.first(), range.last()));
  }

  /**
   * BITPOS key bit [start [end [BYTE|BIT]]]. A missing key is an endless run of zeros. A clear bit
   * not found without an explicit end is reported just past the range: the string reads as
   * zero-padded on its right (Redis's bitposCommand).
   */
  static void bitpos(KeyspaceCall c) {
    long bit = Args.parseLong(c.arg(2));
    if (bit != 0 && bit != 1) {
      throw new CommandException("ERR The bit argument must be 1 or 0.");
    }
    byte[] value = Types.asString(c.db().lookupRead(c.arg(1)));
    if (value == null) {
      c.reply().integer(bit == 1 ? -1 : 0);
      return;
    }
    if (c.argc() > 6) {
      throw new CommandException(Errors.SYNTAX);
    }
    BitRange range = BitRange.whole(value.length);
    boolean endGiven = c.argc() >= 5;
    if (c.argc() >= 4) {
      long start = Args.parseLong(c.arg(3));
      boolean inBits = c.argc() == 6 && BitRange.inBits(c.arg(5));
      long end = endGiven ? Args.parseLong(c.arg(4)) : (inBits ? ((long) value.length << 3) + 7 : value.length - 1L);
      range = BitRange.of(value.length, start, end, inBits);
    }
    if (range.isEmpty()) {
      c.reply().integer(-1);
      return;
    }
    long found = BitString.find(value, range.first(), range.last(), (int) bit);
    if (found == -1 && bit == 0 && !endGiven) {
      found = range.last() + 1;
    }
    c.reply().integer(found);
  }

  /** BITOP AND|OR|XOR|NOT destkey key…: missing keys are empty strings, shorter ones zero-padded. */
  static void bitop(KeyspaceCall c) {
    BitOperation operation = BitOperation.parse(c.arg(1));
    if (operation == BitOperation.NOT && c.argc() != 4) {
      throw new CommandException("ERR BITOP NOT must be called with a single source key.");
    }
    byte[][] sources = new byte[c.argc() - 3][];
    int longest = 0;
    for (int i = 3; i < c.argc(); i++) {
      byte[] source = Types.asString(c.db().lookupRead(c.arg(i)));
      sources[i - 3] = source == null ? new byte[0] : source;
      longest = Math.max(longest, sources[i - 3].length);
    }
    byte[] destination = c.arg(2);
    if (longest > 0) {
      c.db().set(destination, operation.apply(sources, longest));
      c.notify(NotifyType.STRING, "set", destination);
    } else if (c.db().delete(destination)) {
      c.notify(NotifyType.GENERIC, "del", destination);
    }
    c.reply().integer(longest);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("setbit", 4, key, BitCommands::setbit).flags(WRITE, DENYOOM)
            .doc("Sets or clears the bit at offset in the string value stored at key", "2.2.0", "bitmap", "O(1)"))
        .add(CommandSpec.keyspace("getbit", 3, key, BitCommands::getbit).flags(READONLY, FAST)
            .doc("Returns the bit value at offset in the string value stored at key", "2.2.0", "bitmap", "O(1)"))
        .add(CommandSpec.keyspace("bitcount", -2, key, BitCommands::bitcount).flags(READONLY)
            .doc("Count set bits in a string", "2.6.0", "bitmap", "O(N)"))
        .add(CommandSpec.keyspace("bitpos", -3, key, BitCommands::bitpos).flags(READONLY)
            .doc("Find first bit set or clear in a string", "2.8.7", "bitmap", "O(N)"))
        .add(CommandSpec.keyspace("bitop", -4, new KeySpec(2, -1, 1), BitCommands::bitop).flags(WRITE, DENYOOM)
            .doc("Perform bitwise operations between strings", "2.6.0", "bitmap", "O(N)"))
        .add(CommandSpec.keyspace("bitfield", -2, key.withFlags(Bitfield::keyFlags), Bitfield::bitfield).flags(WRITE, DENYOOM)
            .doc("Perform arbitrary bitfield integer operations on strings", "3.2.0", "bitmap",
                "O(1) for each subcommand specified"))
        .add(CommandSpec.keyspace("bitfield_ro", -2, key, Bitfield::bitfieldReadOnly).flags(READONLY, FAST)
            .doc("Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", "6.0.0",
                "bitmap", "O(1) for each subcommand specified"));
  }
}
