package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.verdis.pubsub.Publication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The RESP frames of published messages, as Redis's addReplyPubsubMessage and
 * addReplyPubsubPatMessage write them: {@code message}/{@code smessage} channel payload, or
 * {@code pmessage} pattern channel payload; an array in RESP2, a push in RESP3. Each is encoded
 * once per publication and shared by every subscriber speaking that protocol.
 *
 * <p>A frame is a read-only buffer that many loops read at once, through absolute reads or
 * duplicates only. Small frames are on the heap: subscribers copy them into their burst buffer,
 * which writes a thousand messages in one system call. Large ones ({@link #SHARED_BYTES} and up) are
 * direct memory that every subscriber's socket is written from without a copy; the garbage
 * collector frees that memory once the publication is gone (no reference count to settle between
 * loops).
 */
final class PushFrames {
  static final int SHARED_BYTES = 16 * 1024;
  private static final byte[] MESSAGE = ascii("message");
  private static final byte[] SMESSAGE = ascii("smessage");
  private static final byte[] PMESSAGE = ascii("pmessage");

  private static final Publication.Encoding<ByteBuf> MESSAGE_RESP2 = new Publication.Encoding<>((p, pattern) -> encode(p, null, 2));
  private static final Publication.Encoding<ByteBuf> MESSAGE_RESP3 = new Publication.Encoding<>((p, pattern) -> encode(p, null, 3));
  private static final Publication.Encoding<ByteBuf> PMESSAGE_RESP2 = new Publication.Encoding<>((p, pattern) -> encode(p, pattern, 2));
  private static final Publication.Encoding<ByteBuf> PMESSAGE_RESP3 = new Publication.Encoding<>((p, pattern) -> encode(p, pattern, 3));

  private PushFrames() {
  }

  static ByteBuf message(Publication publication, int protocol) {
    return publication.encoded(protocol >= 3 ? MESSAGE_RESP3 : MESSAGE_RESP2);
  }

  static ByteBuf pmessage(byte[] pattern, Publication publication, int protocol) {
    return publication.encoded(protocol >= 3 ? PMESSAGE_RESP3 : PMESSAGE_RESP2, pattern);
  }

  /**
   * Appends a frame to a subscriber's buffer. A small frame is copied from the array behind its
   * read-only view: into direct memory that is one plain memory copy, where copying from the view
   * itself goes through NIO buffer views, measured at a quarter of a fan-out loop's Java time.
   */
  static void appendTo(ByteBuf into, ByteBuf frame) {
    ByteBuf backing = frame.unwrap();
    if (backing != null && backing.hasArray()) {
      into.writeBytes(backing.array(), backing.arrayOffset() + frame.readerIndex(), frame.readableBytes());
    } else {
      into.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
    }
  }

  private static ByteBuf encode(Publication publication, byte[] pattern, int protocol) {
    byte[] channel = publication.channel();
    byte[] message = publication.message();
    int size = 96 + channel.length + message.length + (pattern == null ? 0 : pattern.length);
    ByteBuf buffer = size < SHARED_BYTES
        ? Buffers.heap(size)
        // Wrapping a JDK direct buffer: Netty never frees it, its Cleaner does once unreachable.
        : Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(size)).clear();
    RespWriter out = new RespWriter(buffer);
    out.protocol(protocol);
    if (pattern == null) {
      out.push(3);
      out.bulk(publication.sharded() ? SMESSAGE : MESSAGE);
    } else {
      out.push(4);
      out.bulk(PMESSAGE);
      out.bulk(pattern);
    }
    out.bulk(channel);
    out.bulk(message);
    return buffer.asReadOnly();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
