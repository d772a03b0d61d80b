package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.types.stream.ConsumerGroup;
import io.verdis.types.stream.PendingEntry;

/**
 * The records Redis 7.0 logs for changes to a consumer group that its commands do not log as
 * themselves (t_stream.c's streamPropagate* functions): each replays to the same group state
 * wherever and whenever it is replayed. Pass them to {@code KeyspaceCall.propagateEach}.
 */
public final class GroupRecords {
  private static final byte[] XCLAIM = Args.bytes("XCLAIM");
  private static final byte[] XGROUP = Args.bytes("XGROUP");
  private static final byte[] SETID = Args.bytes("SETID");
  private static final byte[] ENTRIESREAD = Args.bytes("ENTRIESREAD");
  private static final byte[] CREATECONSUMER = Args.bytes("CREATECONSUMER");
  private static final byte[] ZERO = Args.bytes("0");
  private static final byte[] TIME = Args.bytes("TIME");
  private static final byte[] RETRYCOUNT = Args.bytes("RETRYCOUNT");
  private static final byte[] FORCE = Args.bytes("FORCE");
  private static final byte[] JUSTID = Args.bytes("JUSTID");
  private static final byte[] LASTID = Args.bytes("LASTID");

  private GroupRecords() {
  }

  /**
   * streamPropagateXCLAIM: {@code XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID
   * LASTID id}, giving {@code entry} to its consumer with its delivery time and count, and the
   * group its last id. {@code id} is the id as the command got it (XCLAIM passes its argument on).
   * Replayed for an entry no longer in the stream, it drops the entry from the group's PEL.
   */
  public static byte[][] claim(byte[] key, ConsumerGroup group, byte[] id, PendingEntry entry) {
    return new byte[][] {XCLAIM, key, group.name(), entry.consumer().name(), ZERO, id, TIME,
        Args.bytes(entry.deliveryTimeMs()), RETRYCOUNT, Args.bytes(entry.deliveryCount()), FORCE, JUSTID, LASTID,
        group.lastId().toBytes()};
  }

  /** streamPropagateGroupID: {@code XGROUP SETID key group last-id ENTRIESREAD n}. */
  public static byte[][] setId(byte[] key, ConsumerGroup group) {
    return new byte[][] {XGROUP, SETID, key, group.name(), group.lastId().toBytes(), ENTRIESREAD,
        Args.bytes(group.entriesRead())};
  }

  /** streamPropagateConsumerCreation: {@code XGROUP CREATECONSUMER key group consumer}. */
  public static byte[][] createConsumer(byte[] key, ConsumerGroup group, byte[] consumer) {
    return new byte[][] {XGROUP, CREATECONSUMER, key, group.name(), consumer};
  }
}
