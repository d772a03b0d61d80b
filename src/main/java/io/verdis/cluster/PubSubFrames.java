package io.verdis.cluster;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary frames of cluster pub/sub on the clustered event bus. Channels, patterns and messages
 * are bytes (binary-safe, no JSON or base64 on a path every message takes).
 *
 * <pre>
 * a publication (verdis.pubsub, to every node): kind(1) origin(40) channelLength(4) channel message
 * a question    (verdis.node.&lt;id&gt;.pubsub):  op(1) sharded(1) names
 * its answer:                                names, or count(4) and that many longs
 * names:                                     count(4), then length(4) and bytes for each
 * </pre>
 */
final class PubSubFrames {
  static final String PUBLICATIONS = "verdis.pubsub";
  static final byte CHANNEL = 1;
  static final byte SHARD_CHANNEL = 2;

  /** PUBSUB CHANNELS / SHARDCHANNELS [pattern]: the names are the pattern, or none. */
  static final byte CHANNELS = 1;
  /** PUBSUB NUMSUB / SHARDNUMSUB channel ...: answered with one count per channel. */
  static final byte NUMSUB = 2;
  /** The patterns subscribed to (PUBSUB NUMPAT counts them across nodes). */
  static final byte PATTERNS = 3;

  private static final int ORIGIN = 1;
  private static final int CHANNEL_LENGTH = ORIGIN + NodeIdentity.ID_LENGTH;
  private static final int CHANNEL_AT = CHANNEL_LENGTH + 4;

  private PubSubFrames() {
  }

  static String questions(String node) {
    return "verdis.node." + node + ".pubsub";
  }

  static Buffer publication(byte[] origin, byte[] channel, byte[] message, boolean sharded) {
    return Buffer.buffer(CHANNEL_AT + channel.length + message.length)
        .appendByte(sharded ? SHARD_CHANNEL : CHANNEL)
        .appendBytes(origin)
        .appendInt(channel.length)
        .appendBytes(channel)
        .appendBytes(message);
  }

  /** Whether {@code frame} was published by the node whose id is {@code origin} (ASCII). */
  static boolean from(Buffer frame, byte[] origin) {
    for (int i = 0; i < origin.length; i++) {
      if (frame.getByte(ORIGIN + i) != origin[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean sharded(Buffer frame) {
    return frame.getByte(0) == SHARD_CHANNEL;
  }

  static byte[] channel(Buffer frame) {
    return frame.getBytes(CHANNEL_AT, CHANNEL_AT + frame.getInt(CHANNEL_LENGTH));
  }

  static byte[] message(Buffer frame) {
    return frame.getBytes(CHANNEL_AT + frame.getInt(CHANNEL_LENGTH), frame.length());
  }

  static Buffer question(byte op, boolean sharded, List<byte[]> names) {
    return appendNames(Buffer.buffer().appendByte(op).appendByte((byte) (sharded ? 1 : 0)), names);
  }

  static byte op(Buffer question) {
    return question.getByte(0);
  }

  static boolean questionSharded(Buffer question) {
    return question.getByte(1) != 0;
  }

  static List<byte[]> questionNames(Buffer question) {
    return names(question, 2);
  }

  static Buffer names(List<byte[]> names) {
    return appendNames(Buffer.buffer(), names);
  }

  static List<byte[]> names(Buffer answer) {
    return names(answer, 0);
  }

  static Buffer counts(long[] counts) {
    Buffer out = Buffer.buffer(4 + 8 * counts.length).appendInt(counts.length);
    for (long count : counts) {
      out.appendLong(count);
    }
    return out;
  }

  static long[] counts(Buffer answer) {
    long[] counts = new long[answer.getInt(0)];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = answer.getLong(4 + 8 * i);
    }
    return counts;
  }

  private static Buffer appendNames(Buffer out, List<byte[]> names) {
    out.appendInt(names.size());
    for (byte[] name : names) {
      out.appendInt(name.length).appendBytes(name);
    }
    return out;
  }

  private static List<byte[]> names(Buffer in, int at) {
    int count = in.getInt(at);
    List<byte[]> names = new ArrayList<>(count);
    at += 4;
    for (int i = 0; i < count; i++) {
      int length = in.getInt(at);
      names.add(in.getBytes(at + 4, at + 4 + length));
      at += 4 + length;
    }
    return names;
  }
}
