package io.verdis.persist.rdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Assembles an RDB file by hand, opcode by opcode, for formats RdbWriter does not produce. */
final class TestRdbFile {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final RdbOutput out = new RdbOutput(bytes);
  private final int version;

  TestRdbFile(int version) throws IOException {
    this.version = version;
    out.writeBytes(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
  }

  TestRdbFile selectDb(int db) throws IOException {
    out.writeByte(Opcode.SELECTDB);
    out.writeLength(db);
    return this;
  }

  TestRdbFile expireAtMs(long ms) throws IOException {
    out.writeByte(Opcode.EXPIRETIME_MS);
    out.writeLittleEndian(ms, 8);
    return this;
  }

  /** A key of {@code type} whose value is one string: a ziplist, listpack, intset or zipmap. */
  TestRdbFile blobEntry(RdbType type, String key, byte[] blob) throws IOException {
    key(type, key);
    out.writeString(blob);
    return this;
  }

  TestRdbFile key(RdbType type, String key) throws IOException {
    out.writeByte(type.code);
    out.writeString(Bytes.of(key));
    return this;
  }

  /** EOF opcode and, from version 5, the CRC-64 (or 0, as Redis writes with rdbchecksum off). */
  byte[] finish(boolean checksum) throws IOException {
    out.writeByte(Opcode.EOF);
    if (version >= 5) {
      out.writeLittleEndian(checksum ? out.checksum() : 0, 8);
    }
    out.flush();
    return bytes.toByteArray();
  }
}
