package io.verdis.it.web;

import io.verdis.it.RawClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A WebSocket client that writes frames built by hand (any header bits, any payload, masked as a
 * client must) over a raw socket, and reads the server's frames as they come.
 */
final class RawWebSocket implements AutoCloseable {
  static final int FIN = 0x80;
  static final int RSV1 = 0x40;
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  private static final byte[] MASK = {0x12, 0x34, 0x56, 0x78};

  /** A frame received: its opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame. */
    int closeStatus() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private final RawClient raw;

  private RawWebSocket(RawClient raw) {
    this.raw = raw;
  }

  /** Connects to {@code path} on the HTTP port and completes the upgrade. */
  static RawWebSocket open(int port, String path) throws IOException {
    RawClient raw = new RawClient(port);
    raw.send(RawHttp.upgrade(path, "Host: 127.0.0.1:" + port));
    String head = raw.readUntil("\r\n\r\n");
    assertEquals(101, RawHttp.status(head), head);
    return new RawWebSocket(raw);
  }

  RawClient raw() {
    return raw;
  }

  /** Sends one frame: {@code firstByte} holds FIN, the RSV bits and the opcode. */
  RawWebSocket send(int firstByte, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = head(firstByte, payload.length);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ MASK[i & 3]);
    }
    raw.send(frame.toByteArray());
    return this;
  }

  /** Sends only the head of a frame announcing {@code length} bytes of payload. */
  RawWebSocket sendHead(int firstByte, long length) throws IOException {
    raw.send(head(firstByte, length).toByteArray());
    return this;
  }

  private static ByteArrayOutputStream head(int firstByte, long length) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream((int) Math.min(length, 1 << 20) + 14);
    frame.write(firstByte);
    if (length < 126) {
      frame.write(0x80 | (int) length);
    } else if (length <= 0xffff) {
      frame.write(0x80 | 126);
      frame.write((int) (length >>> 8));
      frame.write((int) length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (length >>> shift));
      }
    }
    frame.writeBytes(MASK);
    return frame;
  }

  RawWebSocket send(int firstByte, String text) throws IOException {
    return send(firstByte, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame from the server (unmasked, as a server's are). */
  Frame read() throws IOException {
    byte[] head = raw.readBytes(2);
    long length = head[1] & 0x7f;
    if (length == 126) {
      byte[] extended = raw.readBytes(2);
      length = ((extended[0] & 0xff) << 8) | (extended[1] & 0xff);
    } else if (length == 127) {
      length = 0;
      for (byte b : raw.readBytes(8)) {
        length = (length << 8) | (b & 0xff);
      }
    }
    return new Frame(head[0] & 0x0f, raw.readBytes((int) length));
  }

  /** The next frame that is not a ping (the server pings to keep an idle socket alive). */
  Frame readSkippingPings() throws IOException {
    Frame frame = read();
    while (frame.opcode() == PING) {
      frame = read();
    }
    return frame;
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }
}
