package io.verdis.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Puts a WebSocket's data frames together into messages, as RFC 6455 asks: a message (all its
 * fragments) larger than the limit closes the connection with 1009, and a text message that is not
 * valid UTF-8 with 1007. Vert.x's own assembly drops an oversize fragmented message silently and
 * turns invalid UTF-8 into U+FFFD. (Frame-level faults, such as RSV bits without an extension,
 * are Netty's decoder's: see {@link PubSubSocket}.)
 */
final class WebSocketMessages implements Handler<WebSocketFrame> {
  /** What becomes of the messages. */
  interface Receiver {
    void text(String message);

    void binary();

    /** The peer broke the protocol: close with this RFC 6455 status. */
    void fail(int status, String reason);
  }

  static final int MESSAGE_TOO_BIG = 1009;
  static final int INVALID_PAYLOAD = 1007;

  private final int maxMessageBytes;
  private final Receiver receiver;
  /** The text message being assembled; null between messages or in a binary one. */
  private Buffer text;
  private long size;
  private boolean failed;

  WebSocketMessages(int maxMessageBytes, Receiver receiver) {
    this.maxMessageBytes = maxMessageBytes;
    this.receiver = receiver;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (failed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return;
    }
    // Netty's decoder already refuses a continuation with no message begun, or a new message
    // inside a fragmented one (1002), so a frame here is always in order.
    if (!frame.isContinuation()) {
      size = 0;
      text = frame.isText() ? Buffer.buffer() : null;
    }
    Buffer data = frame.binaryData();
    size += data.length();
    if (size > maxMessageBytes) {
      fail(MESSAGE_TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
      return;
    }
    if (text != null) {
      text.appendBuffer(data);
    }
    if (!frame.isFinal()) {
      return;
    }
    if (text == null) {
      receiver.binary();
      return;
    }
    Buffer whole = text;
    text = null;
    String message = JsonBytes.utf8OrNull(whole.getBytes());
    if (message == null) {
      fail(INVALID_PAYLOAD, "text message is not valid UTF-8");
    } else {
      receiver.text(message);
    }
  }

  private void fail(int status, String reason) {
    failed = true;
    text = null;
    receiver.fail(status, reason);
  }
}
