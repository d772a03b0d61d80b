package io.verdis.command.bitmaps;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
 * [OVERFLOW WRAP|SAT|FAIL] … and BITFIELD_RO (GETs only), as Redis's bitfieldGeneric: every
 * operation is parsed before any runs, so a bad one changes nothing.
 */
final class Bitfield {
  private static final String BAD_TYPE =
      "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

  enum Kind { GET, SET, INCRBY }

  enum Overflow { WRAP, SAT, FAIL }

  /** What a SET or INCRBY did to its field. */
  private enum Outcome { FAILED, SAME, CHANGED }

  /** One parsed operation: an integer of {@code bits} bits at bit {@code offset}. */
  record Op(Kind kind, boolean signed, int bits, long offset, long value, Overflow overflow) {
  }

  private Bitfield() {
  }

  /**
   * Redis's bitfieldGetKeys: a BITFIELD of GETs (and OVERFLOW) only reads its key; a SET, INCRBY or
   * a malformed call may write it.
   */
  static List<String> keyFlags(byte[][] argv, int index) {
    for (int i = 2; i < argv.length; i++) {
      int left = argv.length - i - 1;
      if (Args.is(argv[i], "get") && left >= 2) {
        i += 2;
      } else if (Args.is(argv[i], "overflow") && left >= 1) {
        i += 1;
      } else {
        return List.of("RW", "access", "update");
      }
    }
    return List.of("RO", "access");
  }

  static void bitfield(KeyspaceCall c) {
    run(c, false);
  }

  static void bitfieldReadOnly(KeyspaceCall c) {
    run(c, true);
  }

  private static void run(KeyspaceCall c, boolean readOnly) {
    List<Op> ops = parse(c);
    long highestBit = -1;
    for (Op op : ops) {
      if (op.kind() != Kind.GET) {
        highestBit = Math.max(highestBit, op.offset() + op.bits() - 1);
      }
    }
    byte[] key = c.arg(1);
    RespWriter reply = c.reply();
    if (highestBit < 0) {
      byte[] value = Types.asString(c.db().lookupRead(key));
      reply.array(ops.size());
      for (Op op : ops) {
        reply.integer(read(value, op));
      }
      return;
    }
    if (readOnly) {
      throw new CommandException("ERR BITFIELD_RO only supports the GET subcommand");
    }
    byte[] old = Types.asString(c.db().lookup(key));
    byte[] value = BitCommands.writableCopy(old, highestBit);
    // As Redis 7.0: an operation counts as a change if it wrote a different value, or the key was
    // created or grown; one failed under OVERFLOW FAIL never does.
    boolean grown = old == null || old.length != value.length;
    reply.array(ops.size());
    int changes = 0;
    for (Op op : ops) {
      if (op.kind() == Kind.GET) {
        reply.integer(read(value, op));
      } else {
        Outcome outcome = write(value, op, reply);
        if (outcome == Outcome.CHANGED || (outcome == Outcome.SAME && grown)) {
          changes++;
        }
      }
    }
    if (changes == 0 && !grown) {
      return;
    }
    // Redis keeps a key it created or grew even when nothing counted as a change (no event then).
    c.db().overwrite(key, value);
    if (changes > 1) {
      c.db().changed(key, changes - 1);
    }
    if (changes > 0) {
      c.notify(NotifyType.STRING, "setbit", key);
    }
  }

  private static long read(byte[] value, Op op) {
    return op.signed() ? BitString.getSigned(value, op.offset(), op.bits())
        : BitString.getUnsigned(value, op.offset(), op.bits());
  }

  /**
   * SET replies the old value, INCRBY the new one; an overflow under FAIL writes nothing and replies nil.
   */
  private static Outcome write(byte[] value, Op op, RespWriter reply) {
    long old = read(value, op);
    boolean increment = op.kind() == Kind.INCRBY;
    long base = increment ? old : op.value();
    long delta = increment ? op.value() : 0;
    Long updated = op.signed() ? signedSum(base, delta, op.bits(), op.overflow())
        : unsignedSum(base, delta, op.bits(), op.overflow());
    if (updated == null) {
      reply.nullBulk();
      return Outcome.FAILED;
    }
    BitString.setField(value, op.offset(), op.bits(), updated);
    reply.integer(increment ? updated : old);
    return updated == old ? Outcome.SAME : Outcome.CHANGED;
  }

  /** Redis's checkSignedBitfieldOverflow applied: value + incr in bits, or null for a FAIL overflow. */
  static Long signedSum(long value, long incr, int bits, Overflow overflow) {
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    long min = -max - 1;
    // These may wrap; they are only read once value is known to be in range, as in Redis.
    long maxIncr = max - value;
    long minIncr = min - value;
    boolean over = value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr);
    boolean under = !over
        && (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr));
    if (!over && !under) {
      return value + incr;
    }
    switch (overflow) {
      case FAIL:
        return null;
      case SAT:
        return over ? max : min;
      default:
        long sum = value + incr;
        if (bits < 64) {
          long high = -1L << bits;
          sum = (sum & (1L << (bits - 1))) != 0 ? sum | high : sum & ~high;
        }
        return sum;
    }
  }

  /** Redis's checkUnsignedBitfieldOverflow applied (bits up to 63; a negative value is a huge unsigned one). */
  static Long unsignedSum(long value, long incr, int bits, Overflow overflow) {
    long max = (1L << bits) - 1;
    boolean over = Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > max - value);
    boolean under = !over && incr < 0 && incr < -value;
    if (!over && !under) {
      return value + incr;
    }
    switch (overflow) {
      case FAIL:
        return null;
      case SAT:
        return over ? max : 0L;
      default:
        return (value + incr) & max;
    }
  }

  private static List<Op> parse(KeyspaceCall c) {
    List<Op> ops = new ArrayList<>();
    Overflow overflow = Overflow.WRAP;
    for (int j = 2; j < c.argc(); j++) {
      int remaining = c.argc() - j - 1;
      byte[] word = c.arg(j);
      Kind kind;
      if (Args.is(word, "get") && remaining >= 2) {
        kind = Kind.GET;
      } else if (Args.is(word, "set") && remaining >= 3) {
        kind = Kind.SET;
      } else if (Args.is(word, "incrby") && remaining >= 3) {
        kind = Kind.INCRBY;
      } else if (Args.is(word, "overflow") && remaining >= 1) {
        overflow = overflowMode(c.arg(++j));
        continue;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
      byte[] type = c.arg(j + 1);
      boolean signed = type.length > 0 && type[0] == 'i';
      int bits = width(type, signed);
      long offset = BitCommands.bitOffset(c, c.arg(j + 2), bits);
      long value = kind == Kind.GET ? 0 : Args.parseLong(c.arg(j + 3));
      ops.add(new Op(kind, signed, bits, offset, value, overflow));
      j += kind == Kind.GET ? 2 : 3;
    }
    return ops;
  }

  private static Overflow overflowMode(byte[] name) {
    for (Overflow mode : Overflow.values()) {
      if (Args.is(name, mode.name().toLowerCase(java.util.Locale.ROOT))) {
        return mode;
      }
    }
    throw new CommandException("ERR Invalid OVERFLOW type specified");
  }

  /** Redis 7.0's getBitfieldTypeFromArgument: i1..i64 or u1..u63, lower case only. */
  private static int width(byte[] type, boolean signed) {
    if (type.length == 0 || !(signed || type[0] == 'u')) {
      throw new CommandException(BAD_TYPE);
    }
    long bits = Args.parseLongOr(Arrays.copyOfRange(type, 1, type.length), -1);
    if (bits < 1 || bits > (signed ? 64 : 63)) {
      throw new CommandException(BAD_TYPE);
    }
    return (int) bits;
  }
}
