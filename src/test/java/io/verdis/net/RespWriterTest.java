package io.verdis.net;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Integers and lengths written digit by digit must read exactly as Long.toString's. */
class RespWriterTest {

  private static String integer(long value) {
    RespWriter writer = RespWriter.allocate(16);
    writer.integer(value);
    return writer.buffer().toString(StandardCharsets.US_ASCII);
  }

  @Test
  void integersOfEverySizeAndSign() {
    long[] values = {0, 1, 9999, 10_000, 10_001, 99_999, 123_456_789, -1, -10, -10_000,
        999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE};
    for (long value : values) {
      assertEquals(":" + value + "\r\n", integer(value));
    }
  }

  @Test
  void longBulkLengths() {
    RespWriter writer = RespWriter.allocate(16);
    writer.bulk(new byte[12_345]);
    assertEquals("$12345\r\n", writer.buffer().toString(0, 8, StandardCharsets.US_ASCII));
    assertEquals(8 + 12_345 + 2, writer.position());
  }
}
