package io.verdis.persist.rdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads RDB files of versions 1 to 11 (Redis up to 7.2), every value type except module values,
 * which fail with an {@link RdbFormatException} naming the type and the key.
 *
 * <p>Decisions where Verdis and Redis differ:
 * <ul>
 *   <li>Function libraries (opcode FUNCTION2) go to {@link RdbVisitor#function}. The pre-release
 *       format of Redis 7.0 RCs (opcode 0xF6) is refused, as Redis 7.0 itself refuses it.
 *   <li>Module auxiliary data (opcode 0xF7) is refused: its layout belongs to the module.
 *   <li>LRU idle times and LFU frequencies are read and dropped.
 *   <li>Values are handed over as they are in the file: an empty collection or a NaN score, which
 *       Redis would drop or reject, reaches the visitor for the server to decide.
 * </ul>
 */
public final class RdbReader {
  static final int MIN_VERSION = 1;
  static final int MAX_VERSION = 11;
  /** RDB version 5 added the CRC-64 after the EOF opcode. */
  private static final int FIRST_VERSION_WITH_CHECKSUM = 5;
  private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

  private final RdbInput in;
  private final ValueDecoder values;
  private final RdbVisitor visitor;

  private RdbReader(RdbInput in, RdbVisitor visitor) {
    this.in = in;
    this.values = new ValueDecoder(in);
    this.visitor = visitor;
  }

  /**
   * Reads a whole RDB file (from its "REDIS" magic to the EOF opcode and checksum), calling
   * {@code visitor} for each part in file order. Holds at most one value in memory at a time.
   *
   * <p>{@code in} is consumed exactly up to the last byte of the checksum and never beyond (there is
   * no read-ahead), so an AOF base file with an RDB preamble can go on being read from the same stream
   * afterwards. For the same reason {@code in} should be buffered (a {@link java.io.BufferedInputStream}):
   * the reader asks it for small pieces. It is not closed.
   *
   * @throws RdbFormatException when the file is corrupt or truncated (the checksum, when the file has
   *     one that is not 0, is verified), or holds something this codec cannot load
   * @throws IOException when {@code in} fails
   */
  public static void read(InputStream in, RdbVisitor visitor) throws IOException {
    new RdbReader(new RdbInput(in), visitor).readFile();
  }

  private void readFile() throws IOException {
    int version = readHeader();
    int db = 0;
    long expireAtMs = -1;
    while (true) {
      long at = in.offset();
      int code = in.readUnsignedByte();
      switch (code) {
        case Opcode.EOF -> {
          readChecksum(version);
          return;
        }
        case Opcode.SELECTDB -> {
          db = in.readSmallLength("database number");
          visitor.selectDb(db);
        }
        case Opcode.RESIZEDB -> {
          long size = in.readLength();
          visitor.resizeDb(size, in.readLength());
        }
        case Opcode.AUX -> {
          byte[] name = in.readString();
          visitor.aux(name, in.readString());
        }
        // A negative time is long past; clamp it so it cannot read as "no TTL".
        case Opcode.EXPIRETIME_MS -> expireAtMs = Math.max(0, in.readLittleEndian(8));
        case Opcode.EXPIRETIME -> expireAtMs = Math.max(0, 1000L * (int) in.readLittleEndian(4));
        case Opcode.IDLE -> in.readLength();
        case Opcode.FREQ -> in.readUnsignedByte();
        case Opcode.FUNCTION2 -> visitor.function(in.readString());
        case Opcode.FUNCTION_PRE_GA -> throw in.error(at, "a function library in the format of Redis 7.0"
            + " release candidates (opcode 0xF6), which Redis 7.0 itself no longer loads");
        case Opcode.MODULE_AUX -> throw in.error(at, "module auxiliary data (opcode 0xF7):"
            + " Redis modules are not supported");
        default -> {
          readEntry(at, code, db, expireAtMs);
          expireAtMs = -1;
        }
      }
    }
  }

  private int readHeader() throws IOException {
    byte[] header = new byte[9];
    in.readFully(header, 0, header.length);
    if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw in.error(0, "not an RDB file: it does not start with \"REDIS\"");
    }
    String digits = new String(header, MAGIC.length, 4, StandardCharsets.US_ASCII);
    if (!digits.chars().allMatch(Character::isDigit)) {
      throw in.error(MAGIC.length, "the version \"" + digits + "\" is not a number");
    }
    int version = Integer.parseInt(digits);
    if (version < MIN_VERSION || version > MAX_VERSION) {
      throw in.error(MAGIC.length, "RDB version " + version + " is not supported (only "
          + MIN_VERSION + " to " + MAX_VERSION + ", as written by Redis up to 7.2)");
    }
    return version;
  }

  private void readEntry(long at, int code, int db, long expireAtMs) throws IOException {
    RdbType type = RdbType.of(code);
    if (type == null) {
      throw in.error(at, "unknown value type or opcode 0x" + Integer.toHexString(code));
    }
    byte[] key = in.readString();
    String unsupported = unsupported(type);
    if (unsupported != null) {
      throw in.error(at, "key \"" + RdbFormatException.printable(key) + "\" holds " + unsupported + ", " + type
          + ", which is not supported");
    }
    RdbValue value;
    try {
      value = values.read(type);
    } catch (RdbFormatException e) {
      throw in.error(e.offset(), e.problem() + " (in the value of key \"" + RdbFormatException.printable(key)
          + "\", " + type + ")");
    }
    visitor.entry(db, key, value, expireAtMs);
  }

  /**
   * One value on its own, as a DUMP payload holds it: the type byte, then the value in any encoding
   * of that type. Bytes after the value are ignored, as Redis's RESTORE ignores them.
   *
   * @throws RdbFormatException when the bytes are corrupt or truncated, or hold a type this codec cannot load
   */
  static RdbValue readValue(byte[] bytes) throws RdbFormatException {
    RdbInput in = new RdbInput(new ByteArrayInputStream(bytes));
    try {
      int code = in.readUnsignedByte();
      RdbType type = RdbType.of(code);
      if (type == null || unsupported(type) != null) {
        throw in.error(0, "value type 0x" + Integer.toHexString(code) + " is not supported");
      }
      return new ValueDecoder(in).read(type);
    } catch (RdbFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail to be read", e);
    }
  }

  /** What a type the server cannot hold is, for a message; null for the types it loads. */
  private static String unsupported(RdbType type) {
    return switch (type) {
      case MODULE_PRE_GA, MODULE_2 -> "a module value";
      default -> null;
    };
  }

  private void readChecksum(int version) throws IOException {
    if (version < FIRST_VERSION_WITH_CHECKSUM) {
      return;
    }
    long computed = in.checksum();
    long at = in.offset();
    long stored = in.readLittleEndian(8);
    // Redis writes 0 when rdbchecksum is off.
    if (stored != 0 && stored != computed) {
      throw in.error(at, String.format("checksum mismatch: the file says %016x, its contents give %016x"
          + " (corrupt file)", stored, computed));
    }
  }
}
