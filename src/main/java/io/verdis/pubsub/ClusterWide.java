package io.verdis.pubsub;

import io.vertx.core.Future;

import java.util.List;

/**
 * Pub/sub across a cluster, as the hub and the PUBSUB command see it: messages go to every other
 * node, and PUBSUB's answers count every node. Implemented by the cluster package (it knows the
 * nodes and the event bus); absent on a standalone node.
 */
public interface ClusterWide {
  /** Hands a message published here to every other node, whose hubs deliver it to their own subscribers. */
  void publish(byte[] channel, byte[] message, boolean sharded);

  /**
   * PUBSUB CHANNELS / SHARDCHANNELS: the active channels of every node (each once), matching
   * {@code pattern} if not null.
   */
  Future<List<byte[]>> channels(byte[] pattern, boolean sharded);

  /** PUBSUB NUMSUB / SHARDNUMSUB: each channel's subscribers, summed over the nodes. */
  Future<long[]> subscribers(List<byte[]> channels, boolean sharded);

  /** PUBSUB NUMPAT: the distinct patterns subscribed to on any node. */
  Future<Integer> patternCount();
}
