package io.verdis.persist.rdb;

import static io.verdis.persist.rdb.CompactEncodings.listpack;
import static io.verdis.persist.rdb.CompactEncodings.ziplist;
import static io.verdis.persist.rdb.CompactEncodings.zipmap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Damaged files and unsupported contents end in an RdbFormatException that says where and what. */
class RdbCorruptionTest {

  private static byte[] writtenFile() throws IOException {
    Dataset data = new Dataset();
    data.put(0, "string", Stored.string("the quick brown fox", -1));
    data.put(0, "number", Stored.string("-12345", 1_000));
    data.put(0, "compressed", Stored.string("abcabcabc".repeat(10), -1));
    data.put(0, "list", Stored.list(List.of("a", "1", "b"), -1));
    data.put(2, "set", Stored.set(List.of("x", "y"), -1));
    data.put(2, "hash", Stored.hash(List.of("f", "v"), -1));
    data.put(2, "zset", Stored.zset(Map.of("m", 1.5, "n", Double.NEGATIVE_INFINITY), -1));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (RdbWriter writer = new RdbWriter(file)) {
      data.write(writer);
      writer.finish();
    }
    return file.toByteArray();
  }

  /** Every compact encoding, so corruption reaches the ziplist, listpack, intset and zipmap decoders. */
  private static byte[] compactFile(boolean checksum) throws IOException {
    List<String> entries = List.of("", "a", "x".repeat(70), "0", "12", "-1", "200", "-5000", "70000", "-9000000",
        "3000000000", "9223372036854775807");
    TestRdbFile file = new TestRdbFile(11).selectDb(0);
    file.blobEntry(RdbType.LIST_ZIPLIST, "zl", ziplist(entries));
    file.blobEntry(RdbType.HASH_ZIPMAP, "zm", zipmap(List.of("f", "v", "g", "w"), 2));
    file.blobEntry(RdbType.ZSET_LISTPACK, "zs", listpack(List.of("m", "1.5", "n", "-3")));
    file.blobEntry(RdbType.SET_LISTPACK, "sl", listpack(entries));
    file.key(RdbType.SET_INTSET, "is");
    ByteArrayOutputStream intset = new ByteArrayOutputStream();
    CompactEncodings.littleEndian(intset, 4, 4);
    CompactEncodings.littleEndian(intset, 2, 4);
    CompactEncodings.littleEndian(intset, -70000, 4);
    CompactEncodings.littleEndian(intset, 70000, 4);
    file.out.writeString(intset.toByteArray());
    file.key(RdbType.LIST_QUICKLIST_2, "ql").out.writeLength(2);
    file.out.writeLength(1);
    file.out.writeString(Bytes.of("plain"));
    file.out.writeLength(2);
    file.out.writeString(listpack(entries));
    return file.finish(checksum);
  }

  private static void readIgnoringContents(byte[] file) throws IOException {
    RdbReader.read(new ByteArrayInputStream(file), (db, key, value, expireAtMs) -> { });
  }

  @Test
  void aFlippedByteInAValueIsAChecksumMismatchAtTheChecksumOffset() throws Exception {
    byte[] file = writtenFile();
    int at = Bytes.text(file).indexOf("quick");
    file[at] ^= 0x20;

    RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbContents.read(file));

    assertEquals(file.length - 8, e.offset());
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertTrue(e.getMessage().startsWith("RDB at byte offset " + (file.length - 8) + ": "), e.getMessage());
  }

  @Test
  void everySingleByteCorruptionIsAnRdbFormatException() throws Exception {
    for (byte[] original : List.of(writtenFile(), compactFile(true))) {
      for (int at = 0; at < original.length; at++) {
        if (at >= 5 && at < 9) {
          // A version digit can turn "0011" into "0001": a valid version without checksum, after which
          // the checksum bytes are trailing data a streaming reader must leave alone (Redis too).
          continue;
        }
        for (int mask : new int[] {0x01, 0x80, 0xFF}) {
          byte[] file = original.clone();
          file[at] ^= mask;
          try {
            readIgnoringContents(file);
            fail("corruption at byte " + at + " (xor " + mask + ") went unnoticed");
          } catch (RdbFormatException expected) {
            assertTrue(expected.offset() >= 0 && expected.offset() <= file.length, expected.getMessage());
          }
        }
      }
    }
  }

  /**
   * Without a checksum nothing catches a changed byte early, so the decoders meet the damage
   * themselves: they may read a different valid value, but must never fail any other way than with
   * an RdbFormatException (no index errors, no huge allocations).
   */
  @Test
  void withoutAChecksumDamagedStructuresStillFailOnlyWithRdbFormatException() throws Exception {
    byte[] written = writtenFile();
    Arrays.fill(written, written.length - 8, written.length, (byte) 0);
    for (byte[] original : List.of(compactFile(false), written)) {
      for (int at = 9; at < original.length - 8; at++) {
        for (int value = 0; value < 256; value += 5) {
          byte[] file = original.clone();
          file[at] = (byte) value;
          try {
            readIgnoringContents(file);
          } catch (RdbFormatException expected) {
            // The only acceptable failure.
          }
        }
      }
    }
  }

  @Test
  void everyTruncationIsReportedAsATruncatedFile() throws Exception {
    byte[] file = writtenFile();
    for (int length = 0; length < file.length; length++) {
      byte[] truncated = Arrays.copyOf(file, length);

      RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbContents.read(truncated));

      assertEquals(length, e.offset());
      assertTrue(e.getMessage().contains("truncated file?"), e.getMessage());
    }
  }

  @Test
  void aZeroChecksumMeansRdbchecksumWasOffAndIsNotVerified() throws Exception {
    byte[] file = writtenFile();
    Arrays.fill(file, file.length - 8, file.length, (byte) 0);

    assertEquals(Bytes.text(Bytes.of("the quick brown fox")),
        RdbContents.read(file).dbs.get(0).get("string").content());
  }

  @Test
  void aModuleValueFailsNamingTheKey() throws Exception {
    byte[] file = new TestRdbFile(10).selectDb(0).key(RdbType.MODULE_2, "bloom\u0001").finish(true);

    RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbContents.read(file));

    assertTrue(e.getMessage().contains("key \"bloom\\x01\" holds a module value, module_2 (type 7)"), e.getMessage());
  }

  @Test
  void moduleAuxDataAndPreReleaseFunctionsAreRefusedClearly() throws Exception {
    for (int opcode : new int[] {Opcode.MODULE_AUX, Opcode.FUNCTION_PRE_GA}) {
      TestRdbFile file = new TestRdbFile(10);
      file.out.writeByte(opcode);
      byte[] bytes = file.finish(true);

      RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbContents.read(bytes));

      assertEquals(9, e.offset());
      String expected = opcode == Opcode.MODULE_AUX ? "modules are not supported" : "release candidates";
      assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
  }

  @Test
  void unknownVersionsAndForeignFilesAreRefused() throws Exception {
    RdbFormatException newer = assertThrows(RdbFormatException.class,
        () -> RdbContents.read(new TestRdbFile(12).finish(true)));
    assertTrue(newer.getMessage().contains("RDB version 12 is not supported"), newer.getMessage());

    RdbFormatException foreign = assertThrows(RdbFormatException.class,
        () -> RdbContents.read(Bytes.of("*1\r\n$4\r\nPING\r\n")));
    assertTrue(foreign.getMessage().contains("does not start with \"REDIS\""), foreign.getMessage());
  }

  @Test
  void aDamagedListpackIsReportedWithItsKeyAndPosition() throws Exception {
    byte[] listpack = listpack(List.of("a", "b"));
    listpack[4] = 3; // The header now claims three entries.
    byte[] file = new TestRdbFile(10).selectDb(0).blobEntry(RdbType.SET_LISTPACK, "myset", listpack).finish(true);

    RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbContents.read(file));

    assertTrue(e.getMessage().contains("in the listpack stored here (13 bytes), at its byte 13:"
        + " the header says 3 entries, there are 2 (in the value of key \"myset\", set_listpack (type 20))"),
        e.getMessage());
  }
}
