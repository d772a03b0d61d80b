package io.verdis.pubsub;

import io.verdis.command.GlobPattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's one pub/sub registry, shared by RESP connections, WebSockets and keyspace
 * notifications: channel, pattern and shard-channel subscriptions, and publishing to them from
 * any thread. It keeps who listens to what; each subscriber keeps its own list of what it listens
 * to (for the counts in its replies).
 *
 * <p>Subscribing and unsubscribing run on the subscriber's loop; publishing may run anywhere
 * (a client's loop, a shard emitting keyspace notifications) and takes no lock.
 *
 * <p>In a cluster, {@link #publish} and {@link #spublish} also hand the message to
 * {@link ClusterWide}, which brings it to the other nodes' hubs ({@link #deliver}); a standalone
 * node pays one volatile read for that.
 */
public final class PubSubHub {
  private final ConcurrentHashMap<Name, Audience> channels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Name, Audience> shardChannels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Name, Audience> patterns = new ConcurrentHashMap<>();
  /** The patterns with subscribers, as an array publishers scan without a lock. */
  private volatile PatternAudience[] patternList = new PatternAudience[0];

  /** The other nodes of the cluster; null on a standalone node. */
  private volatile ClusterWide cluster;

  private record PatternAudience(byte[] pattern, Audience audience) { }

  /** Cluster mode: publications go to the other nodes too, through {@code cluster}. */
  public void attach(ClusterWide cluster) {
    this.cluster = cluster;
  }

  public void detach(ClusterWide cluster) {
    if (this.cluster == cluster) {
      this.cluster = null;
    }
  }

  /** What answers PUBSUB's counts for the whole cluster; null on a standalone node. */
  public ClusterWide cluster() {
    return cluster;
  }

  /** Returns false if it was already subscribed. */
  public boolean subscribe(Subscriber subscriber, byte[] channel) {
    return add(channels, subscriber, channel);
  }

  public boolean unsubscribe(Subscriber subscriber, byte[] channel) {
    return remove(channels, subscriber, channel);
  }

  public boolean ssubscribe(Subscriber subscriber, byte[] channel) {
    return add(shardChannels, subscriber, channel);
  }

  public boolean sunsubscribe(Subscriber subscriber, byte[] channel) {
    return remove(shardChannels, subscriber, channel);
  }

  public synchronized boolean psubscribe(Subscriber subscriber, byte[] pattern) {
    boolean added = add(patterns, subscriber, pattern);
    refreshPatterns();
    return added;
  }

  public synchronized boolean punsubscribe(Subscriber subscriber, byte[] pattern) {
    boolean removed = remove(patterns, subscriber, pattern);
    refreshPatterns();
    return removed;
  }

  /**
   * PUBLISH: delivers to the channel's subscribers and to every matching pattern's, here and on
   * every other node of a cluster. Returns the receivers on this node only, as Redis Cluster 7.0
   * does (it broadcasts the message and replies with its local count).
   */
  public int publish(byte[] channel, byte[] message) {
    int receivers = deliver(channel, message, false);
    ClusterWide others = cluster;
    if (others != null) {
      others.publish(channel, message, false);
    }
    return receivers;
  }

  /**
   * SPUBLISH: to the shard channel's subscribers here and, in a cluster, on every other node
   * (Verdis lets a client SSUBSCRIBE on any node). Returns the receivers on this node.
   */
  public int spublish(byte[] channel, byte[] message) {
    int receivers = deliver(channel, message, true);
    ClusterWide others = cluster;
    if (others != null) {
      others.publish(channel, message, true);
    }
    return receivers;
  }

  /**
   * Delivers to this node's subscribers only: a message another node published, or one that
   * concerns this node alone (its live stats). Shard channels have no patterns.
   */
  public int deliver(byte[] channel, byte[] message, boolean sharded) {
    if (sharded) {
      Audience audience = shardChannels.get(new Name(channel));
      return audience == null ? 0 : audience.deliver(new Publication(channel, message, true), null);
    }
    Publication publication = new Publication(channel, message, false);
    int receivers = 0;
    Audience audience = channels.get(new Name(channel));
    if (audience != null) {
      receivers += audience.deliver(publication, null);
    }
    for (PatternAudience entry : patternList) {
      if (GlobPattern.matches(entry.pattern(), channel, false)) {
        receivers += entry.audience().deliver(publication, entry.pattern());
      }
    }
    return receivers;
  }

  /**
   * Whether anyone at all may listen: keyspace notifications skip building messages nobody gets.
   * In a cluster a subscriber may be on any node, and this node cannot know without asking, so
   * the answer is yes there (notify-keyspace-events is off unless the operator turns it on).
   */
  public boolean hasSubscribers() {
    return !channels.isEmpty() || patternList.length > 0 || cluster != null;
  }

  /** PUBSUB CHANNELS / SHARDCHANNELS: the active channels, matching {@code pattern} if not null. */
  public List<byte[]> channels(byte[] pattern, boolean sharded) {
    List<byte[]> names = new ArrayList<>();
    for (Name name : (sharded ? shardChannels : channels).keySet()) {
      if (pattern == null || GlobPattern.matches(pattern, name.bytes(), false)) {
        names.add(name.bytes());
      }
    }
    return names;
  }

  /** PUBSUB NUMSUB / SHARDNUMSUB for one channel. */
  public int subscribers(byte[] channel, boolean sharded) {
    Audience audience = (sharded ? shardChannels : channels).get(new Name(channel));
    return audience == null ? 0 : audience.size();
  }

  /** The patterns with at least one subscriber. */
  public List<byte[]> patterns() {
    List<byte[]> names = new ArrayList<>();
    for (PatternAudience entry : patternList) {
      names.add(entry.pattern());
    }
    return names;
  }

  /** PUBSUB NUMPAT, INFO pubsub_patterns: patterns with at least one subscriber. */
  public int patternCount() {
    return patternList.length;
  }

  /** Active channels (or shard channels): PUBSUB CHANNELS without a pattern, counted without a list. */
  public int channelCount(boolean sharded) {
    return (sharded ? shardChannels : channels).size();
  }

  /**
   * Subscribers (RESP clients, WebSockets) subscribed to at least one channel, pattern or shard
   * channel. Walks every audience: for statistics once in a while, not for each message.
   */
  public int subscriberCount() {
    Set<Subscriber> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    channels.values().forEach(audience -> audience.addMembersTo(distinct));
    shardChannels.values().forEach(audience -> audience.addMembersTo(distinct));
    patterns.values().forEach(audience -> audience.addMembersTo(distinct));
    return distinct.size();
  }

  private static boolean add(ConcurrentHashMap<Name, Audience> map, Subscriber subscriber, byte[] name) {
    boolean[] added = new boolean[1];
    map.compute(new Name(name), (key, audience) -> {
      Audience target = audience == null ? new Audience() : audience;
      added[0] = target.add(subscriber);
      return target;
    });
    return added[0];
  }

  private static boolean remove(ConcurrentHashMap<Name, Audience> map, Subscriber subscriber, byte[] name) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(new Name(name), (key, audience) -> {
      removed[0] = audience.remove(subscriber);
      return audience.isEmpty() ? null : audience;
    });
    return removed[0];
  }

  private void refreshPatterns() {
    List<PatternAudience> list = new ArrayList<>();
    patterns.forEach((name, audience) -> list.add(new PatternAudience(name.bytes(), audience)));
    patternList = list.toArray(new PatternAudience[0]);
  }
}
