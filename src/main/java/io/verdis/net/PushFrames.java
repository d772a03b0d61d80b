package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.verdis.pubsub.Publication;

import java.nio.charset.StandardCharsets;

/**
 * The RESP frames of published messages, as Redis's addReplyPubsubMessage and
 * addReplyPubsubPatMessage write them: {@code message}/{@code smessage} channel payload, or
 * {@code pmessage} pattern channel payload; an array in RESP2, a push in RESP3. Each is encoded
 * once per publication and shared by every subscriber speaking that protocol.
 */
final class PushFrames {
  private static final byte[] MESSAGE = ascii("message");
  private static final byte[] SMESSAGE = ascii("smessage");
  private static final byte[] PMESSAGE = ascii("pmessage");

  static final Publication.Encoding<byte[]> MESSAGE_RESP2 = new Publication.Encoding<>((p, pattern) -> encode(p, null, 2));
  static final Publication.Encoding<byte[]> MESSAGE_RESP3 = new Publication.Encoding<>((p, pattern) -> encode(p, null, 3));
  static final Publication.Encoding<byte[]> PMESSAGE_RESP2 = new Publication.Encoding<>((p, pattern) -> encode(p, pattern, 2));
  static final Publication.Encoding<byte[]> PMESSAGE_RESP3 = new Publication.Encoding<>((p, pattern) -> encode(p, pattern, 3));

  private PushFrames() {
  }

  static byte[] message(Publication publication, int protocol) {
    return publication.encoded(protocol >= 3 ? MESSAGE_RESP3 : MESSAGE_RESP2);
  }

  static byte[] pmessage(byte[] pattern, Publication publication, int protocol) {
    return publication.encoded(protocol >= 3 ? PMESSAGE_RESP3 : PMESSAGE_RESP2, pattern);
  }

  private static byte[] encode(Publication publication, byte[] pattern, int protocol) {
    byte[] channel = publication.channel();
    byte[] message = publication.message();
    int size = 64 + channel.length + message.length + (pattern == null ? 0 : pattern.length);
    ByteBuf buffer = Buffers.heap(size);
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
    return ByteBufUtil.getBytes(buffer);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
