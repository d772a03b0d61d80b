package io.verdis.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What one subscriber listens to, kept by the subscriber itself on its own loop: the counts in
 * its replies come from here, and the hub is told of every change. RESP connections and
 * WebSockets each own one.
 *
 * <p>Names are kept in subscription order, so UNSUBSCRIBE without arguments answers in that order
 * (Redis answers in its hash table's order).
 */
public final class Subscriptions {
  /** The three kinds of subscription, with the reply names Redis gives them. */
  public enum Kind {
    CHANNEL("subscribe", "unsubscribe"),
    PATTERN("psubscribe", "punsubscribe"),
    SHARD_CHANNEL("ssubscribe", "sunsubscribe");

    private final String subscribeReply;
    private final String unsubscribeReply;

    Kind(String subscribeReply, String unsubscribeReply) {
      this.subscribeReply = subscribeReply;
      this.unsubscribeReply = unsubscribeReply;
    }

    public String subscribeReply() {
      return subscribeReply;
    }

    public String unsubscribeReply() {
      return unsubscribeReply;
    }
  }

  private final PubSubHub hub;
  private final Subscriber owner;
  private final Runnable onChange;
  private final LinkedHashSet<Name> channels = new LinkedHashSet<>();
  private final LinkedHashSet<Name> patterns = new LinkedHashSet<>();
  private final LinkedHashSet<Name> shardChannels = new LinkedHashSet<>();

  /** {@code onChange} runs after every change of the counts (CLIENT LIST, statistics). */
  public Subscriptions(PubSubHub hub, Subscriber owner, Runnable onChange) {
    this.hub = hub;
    this.owner = owner;
    this.onChange = onChange;
  }

  /** Returns false if it was subscribed already. */
  public boolean subscribe(Kind kind, byte[] name) {
    if (!names(kind).add(new Name(name))) {
      return false;
    }
    switch (kind) {
      case CHANNEL -> hub.subscribe(owner, name);
      case PATTERN -> hub.psubscribe(owner, name);
      case SHARD_CHANNEL -> hub.ssubscribe(owner, name);
      default -> throw new IllegalArgumentException(kind.name());
    }
    onChange.run();
    return true;
  }

  /** Returns false if it was not subscribed. */
  public boolean unsubscribe(Kind kind, byte[] name) {
    if (!names(kind).remove(new Name(name))) {
      return false;
    }
    leave(kind, name);
    onChange.run();
    return true;
  }

  /** The names of {@code kind}, in subscription order (a copy: unsubscribing from them is fine). */
  public List<byte[]> list(Kind kind) {
    List<byte[]> list = new ArrayList<>(names(kind).size());
    for (Name name : names(kind)) {
      list.add(name.bytes());
    }
    return list;
  }

  public int count(Kind kind) {
    return names(kind).size();
  }

  /** The count SUBSCRIBE, PSUBSCRIBE and their UNSUBSCRIBEs reply with: channels and patterns together. */
  public int channelsAndPatterns() {
    return channels.size() + patterns.size();
  }

  public int total() {
    return channels.size() + patterns.size() + shardChannels.size();
  }

  /** Leaves everything without a reply (RESET, disconnection): the hub keeps nothing of this subscriber. */
  public void clear() {
    if (total() == 0) {
      return;
    }
    for (Kind kind : Kind.values()) {
      for (Name name : names(kind)) {
        leave(kind, name.bytes());
      }
      names(kind).clear();
    }
    onChange.run();
  }

  private void leave(Kind kind, byte[] name) {
    switch (kind) {
      case CHANNEL -> hub.unsubscribe(owner, name);
      case PATTERN -> hub.punsubscribe(owner, name);
      case SHARD_CHANNEL -> hub.sunsubscribe(owner, name);
      default -> throw new IllegalArgumentException(kind.name());
    }
  }

  private LinkedHashSet<Name> names(Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD_CHANNEL -> shardChannels;
    };
  }
}
