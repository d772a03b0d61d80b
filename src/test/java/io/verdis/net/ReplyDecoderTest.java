package io.verdis.net;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyDecoderTest {
  private static final String EVERY_TYPE = "+OK\r\n-ERR bad\r\n:-42\r\n$3\r\na\r\n\r\n$-1\r\n*-1\r\n_\r\n"
      + ",3.14\r\n,inf\r\n#t\r\n#f\r\n(12345678901234567890\r\n!9\r\nSYNTAX no\r\n=8\r\ntxt:hi\r\n\r\n"
      + "*2\r\n:1\r\n*0\r\n%1\r\n+k\r\n:1\r\n~1\r\n$1\r\nm\r\n>2\r\n$7\r\nmessage\r\n$1\r\nc\r\n"
      + "|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n";

  private static List<Reply> decode(byte[] bytes, int chunk) {
    List<Reply> replies = new ArrayList<>();
    decode(new ReplyDecoder(replies::add), bytes, chunk);
    return replies;
  }

  private static void decode(ReplyDecoder decoder, byte[] bytes, int chunk) {
    for (int i = 0; i < bytes.length; i += chunk) {
      decoder.feed(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
    }
  }

  @Test
  void decodesEveryRespTypeWhateverTheChunks() {
    byte[] bytes = EVERY_TYPE.getBytes(StandardCharsets.US_ASCII);
    List<Reply> whole = decode(bytes, bytes.length);
    for (int chunk = 1; chunk < 8; chunk++) {
      assertEquals(whole.toString(), decode(bytes, chunk).toString(), "chunks of " + chunk);
    }
    assertEquals(19, whole.size(), whole.toString());
    assertEquals(Reply.Type.SIMPLE, whole.get(0).type());
    assertEquals("ERR bad", whole.get(1).text());
    assertEquals(-42, whole.get(2).integer());
    assertArrayEquals("a\r\n".getBytes(StandardCharsets.US_ASCII), whole.get(3).bytes());
    assertTrue(whole.get(4).isNull() && whole.get(5).isNull() && whole.get(6).isNull());
    assertEquals("3.14", whole.get(7).text());
    assertEquals("inf", whole.get(8).text());
    assertEquals(1, whole.get(9).integer());
    assertEquals(0, whole.get(10).integer());
    assertEquals(Reply.Type.BIGNUM, whole.get(11).type());
    assertEquals(Reply.Type.ERROR, whole.get(12).type());
    assertEquals("SYNTAX no", whole.get(12).text());
    assertEquals("hi\r\n", whole.get(13).text());
    assertEquals("txt", whole.get(13).format());
    assertEquals(0, whole.get(14).get(1).size());
    assertEquals(Reply.Type.MAP, whole.get(15).type());
    assertEquals(Reply.Type.SET, whole.get(16).type());
    assertEquals(Reply.Type.PUSH, whole.get(17).type());
    assertEquals("v", whole.get(18).text(), "an attribute is skipped: the reply after it counts");
  }

  @Test
  void aBigArrayInManyPiecesIsReadOnceNotOncePerPiece() {
    int elements = 200_000;
    StringBuilder resp = new StringBuilder("*" + elements + "\r\n");
    for (int i = 0; i < elements; i++) {
      String element = "element-" + i;
      resp.append('$').append(element.length()).append("\r\n").append(element).append("\r\n");
    }
    resp.append("+after\r\n");
    byte[] bytes = resp.toString().getBytes(StandardCharsets.US_ASCII);
    int piece = 1000;
    List<Reply> replies = new ArrayList<>();
    ReplyDecoder decoder = new ReplyDecoder(replies::add);

    decode(decoder, bytes, piece);

    assertEquals(2, replies.size(), "the array once, complete, then the reply after it");
    Reply array = replies.get(0);
    assertEquals(Reply.Type.ARRAY, array.type());
    assertEquals(elements, array.size());
    for (int i = 0; i < elements; i += 9_973) {
      assertEquals("element-" + i, array.get(i).text());
    }
    assertEquals("element-" + (elements - 1), array.get(elements - 1).text());
    assertEquals("after", replies.get(1).text());
    // Each piece may end inside one element, which is read again with the next piece: at most an
    // element's bytes per piece more than the stream. Restarting the array would read ~pieces/2 times it.
    long pieces = (bytes.length + piece - 1) / piece;
    int longestElement = 32;
    assertTrue(decoder.bytesRead() <= bytes.length + pieces * longestElement,
        decoder.bytesRead() + " bytes read for a stream of " + bytes.length);
  }

  @Test
  void nestedAggregatesAndAttributesSplitAnywhereDecodeAsWhole() {
    byte[] bytes = ("*3\r\n*2\r\n%1\r\n+k\r\n*1\r\n:7\r\n|1\r\n+a\r\n*2\r\n:1\r\n:2\r\n$1\r\nx\r\n"
        + "|0\r\n~0\r\n*0\r\n+end\r\n").getBytes(StandardCharsets.US_ASCII);
    List<Reply> whole = decode(bytes, bytes.length);
    assertEquals("[ARRAY [ARRAY [MAP [SIMPLE k, ARRAY [INTEGER 7]], BULK x], SET [], ARRAY []], SIMPLE end]",
        whole.toString());
    for (int chunk = 1; chunk < bytes.length; chunk++) {
      assertEquals(whole.toString(), decode(bytes, chunk).toString(), "chunks of " + chunk);
    }
  }
}
