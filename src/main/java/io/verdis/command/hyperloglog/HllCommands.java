package io.verdis.command.hyperloglog;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.pubsub.NotifyType;

import java.nio.charset.StandardCharsets;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.MAY_REPLICATE;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * The HyperLogLog family (Redis 7.0's hyperloglog.c): sketches stored as plain string values in
 * Redis's own byte layout ({@link HllSketch}), so DUMP/RESTORE, RDB and AOF carry them both ways.
 */
public final class HllCommands {
  static final String INVALID = "INVALIDOBJ Corrupted HLL object detected";
  private static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";

  private HllCommands() {
  }

  /** Redis's isHLLObjectOrReply: a string (else WRONGTYPE) that looks like a sketch (else the HLL WRONGTYPE). */
  private static byte[] sketchValue(Object value) {
    byte[] bytes = Types.asString(value);
    if (bytes != null && !HllSketch.isValid(bytes)) {
      throw new CommandException(NOT_HLL);
    }
    return bytes;
  }

  private static long sparseMaxBytes(KeyspaceCall c) {
    return c.server().config().hllSparseMaxBytes();
  }

  /** PFADD key [element …]: 1 when a register grew or the key was created. */
  static void pfadd(KeyspaceCall c) {
    byte[] key = c.arg(1);
    byte[] old = sketchValue(c.db().lookup(key));
    HllSketch sketch = old == null ? HllSketch.empty() : HllSketch.copyOf(old);
    int updated = old == null ? 1 : 0;
    long sparseMax = sparseMaxBytes(c);
    for (int j = 2; j < c.argc(); j++) {
      int result = sketch.add(c.arg(j), sparseMax);
      if (result < 0) {
        // Redis changed its value in place: the registers set before the corrupt part stay set.
        if (updated > 0) {
          c.db().overwrite(key, sketch.toBytes());
        }
        throw new CommandException(INVALID);
      }
      updated += result;
    }
    if (updated > 0) {
      sketch.invalidateCache();
      if (old == null) {
        c.db().set(key, sketch.toBytes());
      } else {
        c.db().overwrite(key, sketch.toBytes());
      }
      c.notify(NotifyType.STRING, "pfadd", key);
    }
    c.reply().integer(updated > 0 ? 1 : 0);
  }

  /**
   * PFCOUNT key [key …]. One key: its cached cardinality, or the estimate then written back into the
   * header (the value changes, as in Redis). Several: the estimate of their union, nothing written.
   */
  static void pfcount(KeyspaceCall c) {
    if (c.argc() > 2) {
      int[] max = new int[HllSketch.REGISTERS];
      mergeRegisters(c, 1, max);
      c.reply().integer(HllSketch.count(max));
      return;
    }
    byte[] key = c.arg(1);
    byte[] value = sketchValue(c.db().lookupRead(key));
    if (value == null) {
      c.reply().integer(0);
      return;
    }
    long cached = HllSketch.cachedCardinality(value);
    if (cached >= 0) {
      c.reply().integer(cached);
      return;
    }
    HllSketch sketch = HllSketch.copyOf(value);
    long card = sketch.count();
    if (card < 0) {
      throw new CommandException(INVALID);
    }
    sketch.cache(card);
    c.db().overwrite(key, sketch.toBytes());
    // A read-only command, but the value changed: Redis logs and replicates this PFCOUNT.
    c.propagateAs(c.argv());
    c.reply().integer(card);
  }

  /** Raises {@code max} to the registers of every sketch from argument {@code from} on; missing keys are empty. */
  private static boolean mergeRegisters(KeyspaceCall c, int from, int[] max) {
    boolean anyDense = false;
    for (int j = from; j < c.argc(); j++) {
      byte[] value = sketchValue(c.db().lookupRead(c.arg(j)));
      if (value == null) {
        continue;
      }
      anyDense |= HllSketch.isDense(value);
      if (!HllSketch.mergeInto(value, max)) {
        throw new CommandException(INVALID);
      }
    }
    return anyDense;
  }

  /**
   * PFMERGE destkey [sourcekey …]: the destination (a source too) gets the registers' maxima; it
   * turns dense when any input was dense, else stays sparse as far as hllSparseSet allows.
   */
  static void pfmerge(KeyspaceCall c) {
    int[] max = new int[HllSketch.REGISTERS];
    boolean useDense = mergeRegisters(c, 1, max);
    byte[] key = c.arg(1);
    byte[] old = Types.asString(c.db().lookup(key));
    HllSketch sketch = old == null ? HllSketch.empty() : HllSketch.copyOf(old);
    if (useDense && !sketch.toDense()) {
      throw new CommandException(INVALID);
    }
    long sparseMax = sparseMaxBytes(c);
    for (int j = 0; j < HllSketch.REGISTERS; j++) {
      if (max[j] != 0) {
        sketch.set(j, max[j], sparseMax);
      }
    }
    sketch.invalidateCache();
    if (old == null) {
      c.db().set(key, sketch.toBytes());
    } else {
      c.db().overwrite(key, sketch.toBytes());
    }
    // Redis sends "pfadd" for PFMERGE too: it is a mix of PFADD and PFCOUNT.
    c.notify(NotifyType.STRING, "pfadd", key);
    c.reply().ok();
  }

  /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key: GETREG and TODENSE make a sparse sketch dense. */
  static void pfdebug(KeyspaceCall c) {
    byte[] key = c.arg(2);
    byte[] value = sketchValue(c.db().lookup(key));
    if (value == null) {
      throw new CommandException("ERR The specified key does not exist");
    }
    HllSketch sketch = HllSketch.copyOf(value);
    boolean known = Args.is(c.arg(1), "getreg") || Args.is(c.arg(1), "decode")
        || Args.is(c.arg(1), "encoding") || Args.is(c.arg(1), "todense");
    if (!known) {
      throw new CommandException("ERR Unknown PFDEBUG subcommand '" + new String(c.arg(1), StandardCharsets.ISO_8859_1) + "'");
    }
    if (Args.is(c.arg(1), "getreg")) {
      boolean converted = densify(c, key, sketch);
      byte[] dense = converted ? sketch.toBytes() : value;
      c.reply().array(HllSketch.REGISTERS);
      for (int j = 0; j < HllSketch.REGISTERS; j++) {
        c.reply().integer(HllSketch.denseGet(dense, j));
      }
    } else if (Args.is(c.arg(1), "decode")) {
      if (sketch.encoding() != HllSketch.SPARSE) {
        throw new CommandException("ERR HLL encoding is not sparse");
      }
      c.reply().bulk(sketch.decode());
    } else if (Args.is(c.arg(1), "encoding")) {
      c.reply().simple(sketch.encoding() == HllSketch.DENSE ? "dense" : "sparse");
    } else {
      c.reply().integer(densify(c, key, sketch) ? 1 : 0);
    }
  }

  /** A sparse sketch stored dense (Redis forces its propagation); false when it was dense already. */
  private static boolean densify(KeyspaceCall c, byte[] key, HllSketch sketch) {
    if (sketch.encoding() == HllSketch.DENSE) {
      return false;
    }
    if (!sketch.toDense()) {
      throw new CommandException(INVALID);
    }
    c.db().overwrite(key, sketch.toBytes());
    return true;
  }

  static void pfselftest(KeyspaceCall c) {
    String failure = HllSelfTest.run(sparseMaxBytes(c));
    if (failure != null) {
      throw new CommandException("ERR " + failure);
    }
    c.reply().ok();
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    KeySpec keys = new KeySpec(1, -1, 1);
    table
        .add(CommandSpec.keyspace("pfadd", -2, key, HllCommands::pfadd).flags(WRITE, DENYOOM, FAST)
            .doc("Adds the specified elements to the specified HyperLogLog.", "2.8.9", "hyperloglog",
                "O(1) to add every element."))
        .add(CommandSpec.keyspace("pfcount", -2, keys, HllCommands::pfcount).flags(READONLY, MAY_REPLICATE)
            .doc("Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).", "2.8.9",
                "hyperloglog", "O(1) with a very small average constant time when called with a single key. "
                    + "O(N) with N being the number of keys, and much bigger constant times, when called with "
                    + "multiple keys."))
        .add(CommandSpec.keyspace("pfmerge", -2, keys, HllCommands::pfmerge).flags(WRITE, DENYOOM)
            .doc("Merge N different HyperLogLogs into a single one.", "2.8.9", "hyperloglog",
                "O(N) to merge N HyperLogLogs, but with high constant times."))
        .add(CommandSpec.keyspace("pfdebug", 3, KeySpec.single(2), HllCommands::pfdebug).flags(WRITE, DENYOOM, ADMIN)
            .doc("Internal commands for debugging HyperLogLog values", "2.8.9", "hyperloglog", "N/A"))
        .add(CommandSpec.keyspace("pfselftest", 1, KeySpec.NONE, HllCommands::pfselftest).flags(ADMIN)
            .doc("An internal command for testing HyperLogLog values", "2.8.9", "hyperloglog", "N/A"));
  }
}
