package io.verdis.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.verdis.pubsub.Publication;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JSON text frames of WebSocket pub/sub. A publication's frame is encoded once, however many
 * WebSockets it reaches, and cached in the publication itself (one slot beside its RESP encodings).
 */
final class WebFrames {
  private static final byte[] MESSAGE = ascii("{\"type\":\"message\",");

  private WebFrames() {
  }

  /** {@code {"type":"message","channel":"c","data":"m"}}, built once per publication. */
  private static final Publication.Encoding<byte[]> MESSAGE_FRAME =
      new Publication.Encoding<>((publication, pattern) -> concat(MESSAGE, tail(publication)));
  /** {@code {"type":"pmessage","pattern":"p","channel":"c","data":"m"}}, built once per publication and pattern. */
  private static final Publication.Encoding<byte[]> PMESSAGE_FRAME = new Publication.Encoding<>((publication, pattern) ->
      concat(("{\"type\":\"pmessage\",\"pattern\":" + Json.encode(JsonBytes.toJson(pattern)) + ",")
          .getBytes(StandardCharsets.UTF_8), tail(publication)));

  static ByteBuf message(Publication publication) {
    return Unpooled.wrappedBuffer(publication.encoded(MESSAGE_FRAME));
  }

  static ByteBuf pmessage(byte[] pattern, Publication publication) {
    return Unpooled.wrappedBuffer(publication.encoded(PMESSAGE_FRAME, pattern));
  }

  /** Any other frame (confirmations, errors), encoded on its own. */
  static ByteBuf frame(JsonObject json) {
    return Unpooled.wrappedBuffer(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] prefix, byte[] tail) {
    byte[] frame = java.util.Arrays.copyOf(prefix, prefix.length + tail.length);
    System.arraycopy(tail, 0, frame, prefix.length, tail.length);
    return frame;
  }

  /** The message as a JSON string if it is UTF-8, else its base64 with {@code "encoding":"base64"}. */
  private static byte[] tail(Publication publication) {
    StringBuilder json = new StringBuilder(publication.message().length + 64)
        .append("\"channel\":").append(Json.encode(JsonBytes.toJson(publication.channel())))
        .append(",\"data\":");
    String text = JsonBytes.utf8OrNull(publication.message());
    if (text != null) {
      json.append(Json.encode(text)).append('}');
    } else {
      json.append('"').append(Base64.getEncoder().encodeToString(publication.message()))
          .append("\",\"encoding\":\"base64\"}");
    }
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
