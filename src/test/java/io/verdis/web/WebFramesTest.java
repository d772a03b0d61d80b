package io.verdis.web;

import io.netty.buffer.ByteBuf;
import io.verdis.pubsub.Publication;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

@DisplayName("WebSocket frames and byte strings in JSON")
class WebFramesTest {

  private static String text(ByteBuf frame) {
    return frame.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  @DisplayName("a publication is encoded once, however many frames are made of it")
  void encodedOnce() {
    Publication publication = new Publication("c".getBytes(StandardCharsets.UTF_8),
        "m \"q\"".getBytes(StandardCharsets.UTF_8), false);
    assertEquals("{\"type\":\"message\",\"channel\":\"c\",\"data\":\"m \\\"q\\\"\"}", text(WebFrames.message(publication)));
    assertSame(WebFrames.message(publication).array(), WebFrames.message(publication).array());
    byte[] pattern = "c*".getBytes(StandardCharsets.UTF_8);
    assertEquals("{\"type\":\"pmessage\",\"pattern\":\"c*\",\"channel\":\"c\",\"data\":\"m \\\"q\\\"\"}",
        text(WebFrames.pmessage(pattern, publication)));
    assertSame(WebFrames.pmessage(pattern, publication).array(), WebFrames.pmessage(pattern, publication).array());
    assertEquals(new JsonObject(text(WebFrames.pmessage(pattern, publication))),
        new JsonObject(text(WebFrames.pmessage(pattern, publication))));
  }

  @Test
  @DisplayName("a payload that is not UTF-8 is base64 with encoding base64; a channel name that is not, {\"base64\":...}")
  void binary() {
    Publication publication = new Publication(bytes(0xff), bytes(0xc3), false);
    assertEquals(new JsonObject().put("type", "message").put("channel", new JsonObject().put("base64", "/w=="))
        .put("data", "ww==").put("encoding", "base64"), new JsonObject(text(WebFrames.message(publication))));
  }

  @Test
  @DisplayName("UTF-8 is checked strictly: overlong forms, encoded surrogates and cut sequences are not text")
  void strictUtf8() {
    assertEquals("\u00e9\uD83D\uDE00", JsonBytes.utf8OrNull(bytes(0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80)));
    assertNull(JsonBytes.utf8OrNull(bytes(0xc0, 0x80)));
    assertNull(JsonBytes.utf8OrNull(bytes(0xed, 0xa0, 0x80)));
    assertNull(JsonBytes.utf8OrNull(bytes(0xe2, 0x82)));
    assertNull(JsonBytes.utf8OrNull(bytes(0xf4, 0x90, 0x80, 0x80)));
  }

  @Test
  @DisplayName("JSON inputs take a string or {\"base64\":...} and nothing else")
  void fromJson() {
    assertArrayEquals("h\u00e9".getBytes(StandardCharsets.UTF_8), JsonBytes.fromJson("h\u00e9"));
    assertArrayEquals(bytes(0, 0xff), JsonBytes.fromJson(new JsonObject().put("base64", "AP8=")));
    assertNull(JsonBytes.fromJson(new JsonObject().put("base64", "A P8")));
    assertNull(JsonBytes.fromJson(new JsonObject().put("base64", "AP8=").put("x", 1)));
    assertNull(JsonBytes.fromJson(42));
    assertNull(JsonBytes.fromJson(null));
  }
}
