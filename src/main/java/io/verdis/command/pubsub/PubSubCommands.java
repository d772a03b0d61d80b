package io.verdis.command.pubsub;

import io.verdis.cluster.Cluster;
import io.verdis.cluster.ClusterRouter;
import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.ClusterWide;
import io.verdis.pubsub.PubSubHub;
import io.verdis.pubsub.Subscriptions.Kind;
import io.verdis.pubsub.Subscriptions;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.BiConsumer;

import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.MAY_REPLICATE;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.PUBSUB;
import static io.verdis.command.CommandFlag.STALE;

/**
 * The pub/sub family: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB. They run
 * on the client's own loop, the client being the subscriber (see {@code ClientConnection}); the
 * node's {@link PubSubHub} delivers. On one node every shard channel is local, so SSUBSCRIBE and
 * SPUBLISH run here too, though they declare their channels as Redis does.
 *
 * <p>In a cluster the hub brings every message to every node, and PUBSUB counts every node (see
 * {@code ClusterPubSub}); shard channels are routed by slot only under {@code cluster-routing
 * redirect} ({@link #routeShardChannels}).
 */
public final class PubSubCommands {
  private static final List<String> HELP = List.of(
      "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: '*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
      "HELP",
      "    Prints this help.");

  /** SSUBSCRIBE's and SUNSUBSCRIBE's shard channels, and SPUBLISH's, as keys: for {@link #routeShardChannels}. */
  private static final CommandSpec SHARD_CHANNELS_AS_KEYS =
      CommandSpec.internal("ssubscribe", new KeySpec(1, -1, 1), null);
  private static final CommandSpec SHARD_CHANNEL_AS_KEY = CommandSpec.internal("spublish", KeySpec.single(1), null);

  private PubSubCommands() {
  }

  static void subscribe(ClientCall c) {
    subscribe(c, Kind.CHANNEL);
  }

  static void psubscribe(ClientCall c) {
    subscribe(c, Kind.PATTERN);
  }

  static void ssubscribe(ClientCall c) {
    routeShardChannels(c, SHARD_CHANNELS_AS_KEYS);
    subscribe(c, Kind.SHARD_CHANNEL);
  }

  static void unsubscribe(ClientCall c) {
    unsubscribe(c, Kind.CHANNEL);
  }

  static void punsubscribe(ClientCall c) {
    unsubscribe(c, Kind.PATTERN);
  }

  static void sunsubscribe(ClientCall c) {
    routeShardChannels(c, SHARD_CHANNELS_AS_KEYS);
    unsubscribe(c, Kind.SHARD_CHANNEL);
  }

  /**
   * A cluster under {@code cluster-routing redirect}: a shard channel belongs to the node owning
   * its slot, and a client elsewhere is sent there with -MOVED (channels of several slots:
   * -CROSSSLOT; no owner: -CLUSTERDOWN), as Redis Cluster 7.0 answers SSUBSCRIBE, SUNSUBSCRIBE and
   * SPUBLISH. Their declaration marks the channels not_key, so COMMAND GETKEYS shows no keys and the
   * connection routes them nowhere; this routes them as keys, by ClusterRouter's rules.
   *
   * <p>Under {@code forward} (Verdis's default) they run on whichever node the client is on: the
   * hub's broadcast brings SPUBLISH's messages to shard-channel subscribers on every node, so
   * nothing has to travel to the slot's owner first.
   */
  private static void routeShardChannels(ClientCall c, CommandSpec asKeys) {
    Cluster cluster = c.server().cluster();
    if (cluster != null && !c.server().config().clusterForwards()) {
      ClusterRouter.route(cluster, c.server().config(), asKeys, c.argv(), c.session());
    }
  }

  /** One confirmation per name, repeated names included, each with the count after it. */
  private static void subscribe(ClientCall c, Kind kind) {
    Subscriptions subscriptions = c.subscriptions();
    for (int i = 1; i < c.argc(); i++) {
      subscriptions.subscribe(kind, c.arg(i));
      confirm(c.reply(), kind.subscribeReply(), c.arg(i), count(subscriptions, kind));
    }
  }

  /**
   * The names given, or every subscription of the kind; with none at all, one confirmation with a
   * nil name, as Redis answers so a client waiting for one is not left hanging.
   */
  private static void unsubscribe(ClientCall c, Kind kind) {
    Subscriptions subscriptions = c.subscriptions();
    List<byte[]> names = c.argc() > 1 ? List.of(c.argv()).subList(1, c.argc()) : subscriptions.list(kind);
    if (names.isEmpty()) {
      confirm(c.reply(), kind.unsubscribeReply(), null, count(subscriptions, kind));
    }
    for (byte[] name : names) {
      subscriptions.unsubscribe(kind, name);
      confirm(c.reply(), kind.unsubscribeReply(), name, count(subscriptions, kind));
    }
  }

  /** Channels and patterns count together; shard channels on their own (Redis 7). */
  private static int count(Subscriptions subscriptions, Kind kind) {
    return kind == Kind.SHARD_CHANNEL ? subscriptions.count(kind) : subscriptions.channelsAndPatterns();
  }

  /** [kind, name, count]: an array in RESP2, a push in RESP3. */
  private static void confirm(RespWriter reply, String kind, byte[] name, int count) {
    reply.push(3);
    reply.bulk(kind);
    if (name == null) {
      reply.nullBulk();
    } else {
      reply.bulk(name);
    }
    reply.integer(count);
  }

  /**
   * PUBLISH channel message: the receivers, channel and pattern subscribers together; in a cluster
   * those on this node only, as Redis Cluster 7.0 counts (the message reaches every node).
   */
  static void publish(ClientCall c) {
    c.reply().integer(c.server().pubsub().publish(c.arg(1), c.arg(2)));
    c.server().replication().propagate(c.argv());
  }

  /** SPUBLISH shardchannel message: the receivers on this node, as PUBLISH. */
  static void spublish(ClientCall c) {
    routeShardChannels(c, SHARD_CHANNEL_AS_KEY);
    c.reply().integer(c.server().pubsub().spublish(c.arg(1), c.arg(2)));
    c.server().replication().propagate(c.argv());
  }

  static void channels(ClientCall c) {
    listChannels(c, false);
  }

  static void shardchannels(ClientCall c) {
    listChannels(c, true);
  }

  /** PUBSUB CHANNELS|SHARDCHANNELS [pattern]. */
  private static void listChannels(ClientCall c, boolean sharded) {
    if (c.argc() > 3) {
      throw wrongArguments(c);
    }
    byte[] pattern = c.argc() == 3 ? c.arg(2) : null;
    ClusterWide cluster = c.server().pubsub().cluster();
    if (cluster == null) {
      writeNames(c.reply(), c.server().pubsub().channels(pattern, sharded));
    } else {
      replyLater(c, cluster.channels(pattern, sharded), PubSubCommands::writeNames);
    }
  }

  private static void writeNames(RespWriter reply, List<byte[]> names) {
    reply.array(names.size());
    names.forEach(reply::bulk);
  }

  /**
   * In a cluster PUBSUB answers for every node (where Redis Cluster answers for the node asked):
   * the reply waits for the other nodes' answers, later replies keeping their order.
   */
  private static <T> void replyLater(ClientCall c, Future<T> answer, BiConsumer<RespWriter, T> write) {
    DeferredReply reply = c.defer();
    answer.onComplete(done -> reply.complete(out -> {
      if (done.succeeded()) {
        write.accept(out, done.result());
      } else {
        out.error("ERR " + done.cause().getMessage());
      }
    }));
  }

  static void numsub(ClientCall c) {
    countSubscribers(c, false);
  }

  static void shardnumsub(ClientCall c) {
    countSubscribers(c, true);
  }

  /** PUBSUB NUMSUB|SHARDNUMSUB [channel ...]: name and count, flat (an array in RESP3 too, as Redis). */
  private static void countSubscribers(ClientCall c, boolean sharded) {
    PubSubHub hub = c.server().pubsub();
    List<byte[]> channels = List.of(c.argv()).subList(2, c.argc());
    ClusterWide cluster = hub.cluster();
    if (cluster != null) {
      replyLater(c, cluster.subscribers(channels, sharded),
          (reply, counts) -> writeCounts(reply, channels, counts));
      return;
    }
    long[] counts = new long[channels.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = hub.subscribers(channels.get(i), sharded);
    }
    writeCounts(c.reply(), channels, counts);
  }

  private static void writeCounts(RespWriter reply, List<byte[]> channels, long[] counts) {
    reply.array(channels.size() * 2);
    for (int i = 0; i < counts.length; i++) {
      reply.bulk(channels.get(i));
      reply.integer(counts[i]);
    }
  }

  static void numpat(ClientCall c) {
    ClusterWide cluster = c.server().pubsub().cluster();
    if (cluster == null) {
      c.reply().integer(c.server().pubsub().patternCount());
    } else {
      replyLater(c, cluster.patternCount(), (reply, count) -> reply.integer(count));
    }
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  private static CommandException wrongArguments(ClientCall c) {
    return new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "PUBSUB"));
  }

  public static void register(CommandTable.Builder table) {
    KeySpec allShardChannels = KeySpec.shardChannels(1, -1);
    table
        .add(CommandSpec.client("subscribe", -2, PubSubCommands::subscribe).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .doc("Listens for messages published to channels.", "2.0.0", "pubsub",
                "O(N) where N is the number of channels to subscribe to."))
        .add(CommandSpec.client("unsubscribe", -1, PubSubCommands::unsubscribe).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .doc("Stops listening to messages posted to channels.", "2.0.0", "pubsub",
                "O(N) where N is the number of clients already subscribed to a channel."))
        .add(CommandSpec.client("psubscribe", -2, PubSubCommands::psubscribe).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .doc("Listens for messages published to channels that match one or more patterns.", "2.0.0", "pubsub",
                "O(N) where N is the number of patterns the client is already subscribed to."))
        .add(CommandSpec.client("punsubscribe", -1, PubSubCommands::punsubscribe).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .doc("Stops listening to messages published to channels that match one or more patterns.", "2.0.0",
                "pubsub", "O(N+M) where N is the number of patterns the client is already subscribed and M is the "
                    + "number of total patterns subscribed in the system (by any client)."))
        .add(CommandSpec.client("publish", 3, PubSubCommands::publish).flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE)
            .doc("Posts a message to a channel.", "2.0.0", "pubsub",
                "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total "
                    + "number of subscribed patterns (by any client)."))
        .add(CommandSpec.client("ssubscribe", -2, allShardChannels, PubSubCommands::ssubscribe)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .doc("Listens for messages published to shard channels.", "7.0.0", "pubsub",
                "O(N) where N is the number of shard channels to subscribe to."))
        .add(CommandSpec.client("sunsubscribe", -1, allShardChannels, PubSubCommands::sunsubscribe)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .doc("Stops listening to messages posted to shard channels.", "7.0.0", "pubsub",
                "O(N) where N is the number of clients already subscribed to a shard channel."))
        .add(CommandSpec.client("spublish", 3, KeySpec.shardChannels(1, 1), PubSubCommands::spublish)
            .flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE)
            .doc("Post a message to a shard channel", "7.0.0", "pubsub",
                "O(N) where N is the number of clients subscribed to the receiving shard channel."))
        // Subcommands in the order redis-server 7.0 lists them.
        .add(CommandSpec.container("pubsub")
            .doc("A container for Pub/Sub commands.", "2.8.0", "pubsub", "Depends on subcommand.")
            .sub(CommandSpec.client("numsub", -2, PubSubCommands::numsub).flags(PUBSUB, LOADING, STALE)
                .doc("Returns a count of subscribers to channels.", "2.8.0", "pubsub",
                    "O(N) for the NUMSUB subcommand, where N is the number of requested channels"))
            .sub(CommandSpec.client("channels", -2, PubSubCommands::channels).flags(PUBSUB, LOADING, STALE)
                .doc("Returns the active channels.", "2.8.0", "pubsub", "O(N) where N is the number of active "
                    + "channels, and assuming constant time pattern matching (relatively short channels and patterns)"))
            .sub(CommandSpec.client("help", 2, PubSubCommands::help).flags(LOADING, STALE)
                .doc("Returns helpful text about the different subcommands.", "6.2.0", "pubsub", "O(1)"))
            .sub(CommandSpec.client("numpat", 2, PubSubCommands::numpat).flags(PUBSUB, LOADING, STALE)
                .doc("Returns a count of unique pattern subscriptions.", "2.8.0", "pubsub", "O(1)"))
            .sub(CommandSpec.client("shardchannels", -2, PubSubCommands::shardchannels).flags(PUBSUB, LOADING, STALE)
                .doc("Returns the active shard channels.", "7.0.0", "pubsub", "O(N) where N is the number of active "
                    + "shard channels, and assuming constant time pattern matching (relatively short shard channels)."))
            .sub(CommandSpec.client("shardnumsub", -2, PubSubCommands::shardnumsub).flags(PUBSUB, LOADING, STALE)
                .doc("Returns the count of subscribers of shard channels.", "7.0.0", "pubsub",
                    "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels")));
  }
}
