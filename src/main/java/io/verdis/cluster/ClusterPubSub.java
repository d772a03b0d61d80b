package io.verdis.cluster;

import io.verdis.pubsub.ClusterWide;
import io.verdis.pubsub.PubSubHub;
import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Pub/sub across the cluster. As Redis Cluster broadcasts every PUBLISH on its bus, each message
 * published here (PUBLISH, SPUBLISH, a WebSocket publish, a keyspace notification raised by the
 * shard that owns the key) goes to every node as one {@link PubSubFrames} frame published at
 * {@value PubSubFrames#PUBLICATIONS}; each node hands the frames of the others to its hub, which
 * delivers them to its own subscribers, RESP and WebSocket alike (a node skips its own frames: its
 * hub delivered those already). PUBSUB's counts ask every node up at
 * {@code verdis.node.<id>.pubsub} and merge the answers.
 *
 * <p>One instance per node, deployed with the cluster's other verticles; the hub calls it only
 * once it is attached, so a standalone node never does.
 */
public final class ClusterPubSub extends VerticleBase implements ClusterWide {
  private static final Logger LOG = Logger.getLogger(ClusterPubSub.class.getName());
  /** A node that does not answer in time counts as having no subscribers: it is failing, and Hazelcast will say so. */
  private static final DeliveryOptions ASKING = new DeliveryOptions().setSendTimeout(5000);

  private final ServerState server;
  private final byte[] self;
  private MessageConsumer<Buffer> publications;
  private MessageConsumer<Buffer> questions;

  public ClusterPubSub(ServerState server) {
    this.server = server;
    this.self = server.cluster().self().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public Future<?> start() {
    publications = vertx.eventBus().consumer(PubSubFrames.PUBLICATIONS, this::onPublication);
    questions = vertx.eventBus().consumer(PubSubFrames.questions(server.cluster().self()), this::onQuestion);
    return Future.all(publications.completion(), questions.completion())
        .onSuccess(ignored -> server.pubsub().attach(this));
  }

  @Override
  public Future<?> stop() {
    server.pubsub().detach(this);
    return Future.join(publications.unregister(), questions.unregister());
  }

  @Override
  public void publish(byte[] channel, byte[] message, boolean sharded) {
    vertx.eventBus().publish(PubSubFrames.PUBLICATIONS, PubSubFrames.publication(self, channel, message, sharded));
  }

  private void onPublication(Message<Buffer> frame) {
    Buffer body = frame.body();
    if (!PubSubFrames.from(body, self)) {
      server.pubsub().deliver(PubSubFrames.channel(body), PubSubFrames.message(body), PubSubFrames.sharded(body));
    }
  }

  private void onQuestion(Message<Buffer> question) {
    PubSubHub hub = server.pubsub();
    Buffer body = question.body();
    boolean sharded = PubSubFrames.questionSharded(body);
    List<byte[]> names = PubSubFrames.questionNames(body);
    switch (PubSubFrames.op(body)) {
      case PubSubFrames.CHANNELS ->
          question.reply(PubSubFrames.names(hub.channels(names.isEmpty() ? null : names.get(0), sharded)));
      case PubSubFrames.NUMSUB -> question.reply(PubSubFrames.counts(countsHere(names, sharded)));
      case PubSubFrames.PATTERNS -> question.reply(PubSubFrames.names(hub.patterns()));
      default -> question.fail(400, "unknown pub/sub question " + PubSubFrames.op(body));
    }
  }

  @Override
  public Future<List<byte[]>> channels(byte[] pattern, boolean sharded) {
    List<byte[]> here = server.pubsub().channels(pattern, sharded);
    List<byte[]> names = pattern == null ? List.of() : List.of(pattern);
    return askOthers(PubSubFrames.question(PubSubFrames.CHANNELS, sharded, names)).map(answers -> union(here, answers));
  }

  @Override
  public Future<long[]> subscribers(List<byte[]> channels, boolean sharded) {
    long[] total = countsHere(channels, sharded);
    return askOthers(PubSubFrames.question(PubSubFrames.NUMSUB, sharded, channels)).map(answers -> {
      for (Buffer answer : answers) {
        long[] counts = PubSubFrames.counts(answer);
        for (int i = 0; i < Math.min(counts.length, total.length); i++) {
          total[i] += counts[i];
        }
      }
      return total;
    });
  }

  /** Distinct patterns: two nodes with subscribers to one pattern count it once, as one node does. */
  @Override
  public Future<Integer> patternCount() {
    List<byte[]> here = server.pubsub().patterns();
    return askOthers(PubSubFrames.question(PubSubFrames.PATTERNS, false, List.of()))
        .map(answers -> union(here, answers).size());
  }

  private long[] countsHere(List<byte[]> channels, boolean sharded) {
    long[] counts = new long[channels.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = server.pubsub().subscribers(channels.get(i), sharded);
    }
    return counts;
  }

  /** This node's names, then the others' not seen yet. */
  private static List<byte[]> union(List<byte[]> here, List<Buffer> answers) {
    Set<ByteBuffer> seen = new HashSet<>();
    List<byte[]> all = new ArrayList<>();
    for (byte[] name : here) {
      if (seen.add(ByteBuffer.wrap(name))) {
        all.add(name);
      }
    }
    for (Buffer answer : answers) {
      for (byte[] name : PubSubFrames.names(answer)) {
        if (seen.add(ByteBuffer.wrap(name))) {
          all.add(name);
        }
      }
    }
    return all;
  }

  /** The answers of every other node up; a node that fails to answer is left out. */
  private Future<List<Buffer>> askOthers(Buffer question) {
    ClusterView view = server.cluster().view();
    List<Future<Message<Buffer>>> asked = new ArrayList<>();
    for (String node : view.up()) {
      if (!node.equals(view.self())) {
        asked.add(vertx.eventBus().request(PubSubFrames.questions(node), question, ASKING));
      }
    }
    return Future.join(asked).transform(ignored -> {
      List<Buffer> answers = new ArrayList<>(asked.size());
      for (Future<Message<Buffer>> answer : asked) {
        if (answer.succeeded()) {
          answers.add(answer.result().body());
        } else {
          LOG.fine(() -> "a node did not answer a PUBSUB count: " + answer.cause().getMessage());
        }
      }
      return Future.succeededFuture(answers);
    });
  }
}
