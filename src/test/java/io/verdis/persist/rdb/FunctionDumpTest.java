package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FUNCTION DUMP's payload: what serialize writes, verify accepts and deserialize reads back. */
class FunctionDumpTest {
  private static final String SMALL = "#!lua name=a\nredis.register_function('a', function() return 1 end)";
  private static final String LARGE = "#!lua name=b\n" + "-- a line that repeats\n".repeat(50)
      + "redis.register_function('b', function() return 2 end)";

  @Test
  void librariesReadBackAsGivenTheLongOneCompressed() throws Exception {
    byte[] payload = FunctionDump.serialize(List.of(Bytes.of(SMALL), Bytes.of(LARGE)));
    assertTrue(Dump.verify(payload));
    assertTrue(payload.length < LARGE.length(), "the long library is LZF-compressed");
    List<byte[]> codes = FunctionDump.deserialize(payload);
    assertEquals(List.of(SMALL, LARGE), codes.stream().map(Bytes::text).toList());
  }

  @Test
  void noLibrariesIsTheFooterAlone() throws Exception {
    byte[] payload = FunctionDump.serialize(List.of());
    assertEquals(10, payload.length);
    assertTrue(Dump.verify(payload));
    assertEquals(List.of(), FunctionDump.deserialize(payload));
  }

  @Test
  void whatIsNotAFunctionIsRefusedWithRedisText() throws Exception {
    byte[] key = Dump.serialize(new RdbValue.StringValue(Bytes.of("a value longer than the footer")));
    assertEquals("given type is not a function",
        assertThrows(RdbFormatException.class, () -> FunctionDump.deserialize(key)).problem());
  }
}
