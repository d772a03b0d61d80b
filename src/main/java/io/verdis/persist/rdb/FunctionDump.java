package io.verdis.persist.rdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of FUNCTION DUMP and FUNCTION RESTORE, as Redis 7.0 builds it (functionDumpCommand):
 * each library as an RDB file holds it (opcode FUNCTION2, then its code as a string), then the
 * footer of a key's DUMP payload (see {@link Dump}), so the payloads of redis-server and Verdis
 * restore into each other.
 */
public final class FunctionDump {
  private FunctionDump() {
  }

  public static byte[] serialize(Iterable<byte[]> codes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RdbOutput out = new RdbOutput(bytes, Dump.SMALL_BUFFER);
    try {
      for (byte[] code : codes) {
        out.writeByte(Opcode.FUNCTION2);
        out.writeString(code);
      }
      Dump.finish(out);
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail to be written", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The library codes of a payload that passed {@link Dump#verify}, read as Redis's
   * functionRestoreCommand reads them: while more than the footer is left, an opcode and a string
   * (LZF-compressed, as redis-server writes long code, or not). As there, a string that runs into
   * the footer is read into it.
   *
   * @throws RdbFormatException whose {@link RdbFormatException#problem} is Redis's error text
   */
  public static List<byte[]> deserialize(byte[] payload) throws RdbFormatException {
    RdbInput in = new RdbInput(new ByteArrayInputStream(payload));
    List<byte[]> codes = new ArrayList<>();
    try {
      while (payload.length - in.offset() > Dump.FOOTER) {
        long at = in.offset();
        int opcode = in.readUnsignedByte();
        if (opcode == Opcode.FUNCTION_PRE_GA) {
          throw in.error(at, "Pre-GA function format not supported");
        }
        if (opcode != Opcode.FUNCTION2) {
          throw in.error(at, "given type is not a function");
        }
        try {
          codes.add(in.readString());
        } catch (RdbFormatException e) {
          throw in.error(at, "Failed loading library payload");
        }
      }
    } catch (RdbFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail to be read", e);
    }
    return codes;
  }
}
