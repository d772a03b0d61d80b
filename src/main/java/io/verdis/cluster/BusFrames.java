package io.verdis.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.StandardCharsets;

/**
 * The binary frames forwarded commands travel in on the clustered event bus. Commands and replies
 * stay RESP (binary-safe, and what both ends already parse and write); a small header says which
 * link they belong to.
 *
 * <pre>
 * to the owner  (verdis.node.&lt;owner&gt;.in.&lt;loop&gt;):  kind(1) link(8) flags(1) originLoop(4) origin(40) RESP commands
 * to the origin (verdis.node.&lt;origin&gt;.out.&lt;loop&gt;): kind(1) link(8) RESP replies
 * </pre>
 */
final class BusFrames {
  static final byte OPEN = 1;
  static final byte COMMANDS = 2;
  static final byte CLOSE = 3;
  static final byte REPLIES = 4;
  static final byte GONE = 5;

  static final byte IMPORTER = 1;
  static final byte PIZZARIA = 2;

  static final int REQUEST_HEADER = 1 + 8 + 1 + 4 + NodeIdentity.ID_LENGTH;
  static final int REPLY_HEADER = 1 + 8;

  private BusFrames() {
  }

  static String in(String node, int loop) {
    return "verdis.node." + node + ".in." + loop;
  }

  static String out(String node, int loop) {
    return "verdis.node." + node + ".out." + loop;
  }

  static String control(String node) {
    return "verdis.node." + node + ".control";
  }

  /** A request frame with room for RESP commands after the header: write them, then {@link #wrap}. */
  static ByteBuf request(byte kind, long link, byte flags, int originLoop, String origin, int expectedBytes) {
    ByteBuf out = Unpooled.buffer(REQUEST_HEADER + expectedBytes);
    out.writeByte(kind).writeLong(link).writeByte(flags).writeInt(originLoop);
    out.writeCharSequence(origin, StandardCharsets.US_ASCII);
    return out;
  }

  static ByteBuf reply(byte kind, long link, int expectedBytes) {
    ByteBuf out = Unpooled.buffer(REPLY_HEADER + expectedBytes);
    out.writeByte(kind).writeLong(link);
    return out;
  }

  static Buffer wrap(ByteBuf frame) {
    return BufferInternal.buffer(frame);
  }

  static ByteBuf unwrap(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf();
  }

  static byte kind(ByteBuf frame) {
    return frame.getByte(0);
  }

  static long link(ByteBuf frame) {
    return frame.getLong(1);
  }

  static byte flags(ByteBuf frame) {
    return frame.getByte(9);
  }

  static int originLoop(ByteBuf frame) {
    return frame.getInt(10);
  }

  static String origin(ByteBuf frame) {
    return frame.toString(14, NodeIdentity.ID_LENGTH, StandardCharsets.US_ASCII);
  }
}
