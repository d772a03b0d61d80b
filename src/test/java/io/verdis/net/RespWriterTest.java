package io.verdis.net;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Integers and lengths written digit by digit must read exactly as Long.toString's; a reply writer
 * shares large values and hands any range back byte for byte.
 */
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

  @Test
  void aReplyWriterSharesLargeValuesAndHandsAnyRangeBackByteForByte() {
    byte[] big = new byte[RespWriter.SHARED_BYTES];
    Arrays.fill(big, (byte) 'b');
    RespWriter writer = RespWriter.forReplies(16);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    long[] ends = new long[4];
    writer.integer(7);
    expected.writeBytes(":7\r\n".getBytes(StandardCharsets.US_ASCII));
    ends[0] = writer.written();
    writer.bulk(big);
    expected.writeBytes(("$" + big.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    expected.writeBytes(big);
    expected.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    ends[1] = writer.written();
    writer.raw(big);
    writer.raw("\r".getBytes(StandardCharsets.US_ASCII));
    expected.writeBytes(big);
    expected.writeBytes("\r".getBytes(StandardCharsets.US_ASCII));
    ends[2] = writer.written();
    long mark = writer.written();
    writer.bulk(big);
    writer.simple("dropped");
    writer.rewind(mark);
    writer.bulk("small");
    expected.writeBytes("$5\r\nsmall\r\n".getBytes(StandardCharsets.US_ASCII));
    ends[3] = writer.written();

    assertTrue(writer.hasSharedValues());
    assertEquals(expected.size(), writer.written());
    assertTrue(writer.buffer().readableBytes() < RespWriter.SHARED_BYTES, "the large values were not copied");
    byte[] all = expected.toByteArray();
    long start = 0;
    for (long end : ends) {
      assertArrayEquals(Arrays.copyOfRange(all, (int) start, (int) end), piecesOf(writer, start, end));
      start = end;
    }
    assertArrayEquals(all, piecesOf(writer, 0, writer.written()));
    assertArrayEquals(Arrays.copyOfRange(all, 3, all.length - 3), piecesOf(writer, 3, writer.written() - 3));
  }

  @Test
  void writersOtherThanRepliesCopyEverything() {
    byte[] big = new byte[RespWriter.SHARED_BYTES * 2];
    RespWriter writer = RespWriter.allocate(16);
    writer.bulk(big);
    assertFalse(writer.hasSharedValues());
    assertEquals(writer.written(), writer.buffer().readableBytes());
    RespWriter replies = RespWriter.forReplies(16);
    replies.bulk(big, 1, big.length - 1);
    assertFalse(replies.hasSharedValues(), "part of an array is copied");
    replies.bulk(big);
    byte[][] pieces = new byte[1][];
    replies.forEachPiece(replies.written() - 2 - big.length, replies.written() - 2, piece -> pieces[0] = piece.array());
    assertSame(big, pieces[0], "a whole large value is shared");
  }

  private static byte[] piecesOf(RespWriter writer, long from, long to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.forEachPiece(from, to, piece -> {
      byte[] bytes = new byte[piece.readableBytes()];
      piece.readBytes(bytes);
      out.writeBytes(bytes);
    });
    return out.toByteArray();
  }
}
