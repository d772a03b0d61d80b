package io.verdis.persist.rdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The serialized form of one value that DUMP returns and RESTORE takes, exactly as Redis builds it
 * (createDumpPayload): the RDB type byte, the value in RDB encoding, the RDB version as 2 bytes
 * little-endian, and the CRC-64 of all that as 8 bytes little-endian. Redis 7.0 loads what
 * {@link #serialize} writes (version 10, the encodings of {@link ValueEncoder}).
 */
public final class Dump {
  static final int FOOTER = 10;
  static final int SMALL_BUFFER = 256;

  private Dump() {
  }

  public static byte[] serialize(RdbValue value) {
    ValueEncoder.check(value);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RdbOutput out = new RdbOutput(bytes, SMALL_BUFFER);
    try {
      out.writeByte(ValueEncoder.typeOf(value).code);
      new ValueEncoder(out).write(value);
      finish(out);
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail to be written", e);
    }
    return bytes.toByteArray();
  }

  /** The footer of every payload (a key's, FUNCTION DUMP's): the RDB version, then the CRC-64 of all before it. */
  static void finish(RdbOutput out) throws IOException {
    out.writeLittleEndian(RdbWriter.VERSION, 2);
    out.writeLittleEndian(out.checksum(), 8);
    out.flush();
  }

  /**
   * Redis's verifyDumpPayload: long enough for the footer, an RDB version this reader knows (up to
   * 11, so payloads of Redis 7.2 load too, where Redis 7.0 refuses them), and a matching checksum.
   */
  public static boolean verify(byte[] payload) {
    int length = payload.length;
    if (length < FOOTER) {
      return false;
    }
    int version = (payload[length - FOOTER] & 0xff) | (payload[length - FOOTER + 1] & 0xff) << 8;
    if (version > RdbReader.MAX_VERSION) {
      return false;
    }
    Crc64 crc = new Crc64();
    crc.update(payload, 0, length - 8);
    long stored = 0;
    for (int i = 0; i < 8; i++) {
      stored |= (long) (payload[length - 8 + i] & 0xff) << (8 * i);
    }
    return crc.value() == stored;
  }

  /**
   * The value of a payload that passed {@link #verify}. As in Redis (which reads the value from the
   * whole payload buffer), a value that runs into the footer is read into it.
   *
   * @throws RdbFormatException when the value is corrupt or of a type Verdis cannot hold (a module value)
   */
  public static RdbValue deserialize(byte[] payload) throws RdbFormatException {
    return RdbReader.readValue(payload);
  }
}
