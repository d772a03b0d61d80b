package io.verdis.cluster;

import io.verdis.replication.ReplicaOf;
import io.verdis.server.Config;
import io.verdis.server.VerdisNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * This node's copy of another node's slots: a node of its own inside this JVM (own Vert.x with one
 * event loop, not clustered, memory only, its port on loopback behind a random password) that is
 * a Redis replica of the followed node. Everything the replica side does applies here unchanged —
 * full and partial resyncs, the stream with its transactions, FLUSHALL and expirations — and the
 * followed node's WAIT counts it. Kept apart from this node's own shards, so no count, scan, expiry
 * or snapshot of this node ever sees the copy; a promotion carries its keys over (see
 * {@link Followers#promote}).
 */
final class FollowerCopy {
  private final String owner;
  private final VerdisNode node;
  /** The offset applied when the copy stopped following (a promotion), or -1 while it follows. */
  private volatile long stoppedAt = -1;

  private FollowerCopy(String owner, VerdisNode node) {
    this.owner = owner;
    this.node = node;
  }

  /**
   * Starts a copy of {@code owner}'s data, replicating it at {@code address}; the owner lists it
   * among its replicas (INFO, ROLE, WAIT) under this node's address {@code self}.
   */
  static Future<FollowerCopy> start(Config live, String owner, NodeAddress address, NodeAddress self) {
    try {
      Path dir = Path.of(live.dir(), "followers", owner);
      Files.createDirectories(dir);
      List<String> args = new ArrayList<>(List.of(
          "--port", "0", "--bind", "127.0.0.1", "--pizzaria-port", "0", "--http-port", "0",
          "--requirepass", randomPassword(),
          "--appendonly", "no", "--save", "", "--dir", dir.toString(),
          "--shards", "1", "--event-loops", "1", "--metrics-vertx", "no",
          "--databases", Integer.toString(live.databases()),
          "--io-transport", live.ioTransport(),
          "--loglevel", live.loglevel(),
          "--replicaof", address.host(), Integer.toString(address.port())));
      if (self != null) {
        args.addAll(List.of("--replica-announce-ip", self.host(), "--replica-announce-port", Integer.toString(self.port())));
      }
      if (live.tlsCluster()) {
        args.addAll(tlsLink(live));
      }
      String auth = live.masterauth().isEmpty() ? live.requirepass() : live.masterauth();
      if (!auth.isEmpty()) {
        args.addAll(List.of("--masterauth", auth));
      }
      Config config = Config.load(args.toArray(new String[0]), Map.of());
      // Started from a thread of no Vert.x instance: the copy's Vert.x is its own, not nested in ours.
      Promise<VerdisNode> started = Promise.promise();
      Thread starter = new Thread(() -> VerdisNode.start(config).onComplete(started), "verdis-follower-start");
      starter.setDaemon(true);
      starter.start();
      return started.future().map(node -> new FollowerCopy(owner, node));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Under tls-cluster the followed node's announced port is its TLS port: the copy's link speaks
   * TLS, presenting this node's client certificate and trusting its CA.
   */
  private static List<String> tlsLink(Config live) {
    List<String> args = new ArrayList<>(List.of("--tls-replication", "yes",
        "--tls-cert-file", live.tlsClientCertFile(), "--tls-key-file", live.tlsClientKeyFile()));
    Map<String, String> optional = Map.of("--tls-key-file-pass", live.tlsClientKeyFilePass(),
        "--tls-ca-cert-file", live.tlsCaCertFile(), "--tls-ca-cert-dir", live.tlsCaCertDir(),
        "--tls-protocols", live.tlsProtocols(), "--tls-ciphers", live.tlsCiphers(),
        "--tls-ciphersuites", live.tlsCiphersuites());
    optional.forEach((name, value) -> {
      if (!value.isEmpty()) {
        args.addAll(List.of(name, value));
      }
    });
    return args;
  }

  String owner() {
    return owner;
  }

  /**
   * Deletes what copies of a previous run of this node left under {@code dir/followers} (a copy
   * keeps nothing on disk but the RDB of a full sync in progress, which a kill -9 leaves behind).
   * Blocking; at start-up, before any copy starts.
   */
  static void removeLeftovers(Config live) {
    Path root = Path.of(live.dir(), "followers");
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      Logger.getLogger(FollowerCopy.class.getName())
          .warning("Could not delete what earlier copies left in " + root + ": " + e.getMessage());
    }
  }

  /** The followed node moved (restarted on another address): follow it there. */
  void follow(NodeAddress address) {
    replicaOf().replicaOf(address.host(), address.port());
  }

  /** Whether the copy holds the owner's data: a full sync from it completed at least once. */
  boolean synced() {
    return replicaOf().hasPrimaryData();
  }

  /** How much of the owner's write stream the copy has applied (its replication offset). */
  long appliedOffset() {
    if (stoppedAt >= 0) {
      return stoppedAt;
    }
    ReplicaOf.View view = replicaOf().view();
    return view == null ? -1 : view.appliedOffset();
  }

  /** Stops following: nothing the owner sends from now on changes the copy. */
  Future<Void> stopFollowing() {
    stoppedAt = Math.max(0, appliedOffset());
    return replicaOf().noOne();
  }

  /**
   * The copy's keys of {@code slots}, as values that travel. Only those: the copy may hold keys of
   * slots its owner gave away (their DELs still on the way) or of slots it never owned.
   */
  Future<List<SlotKeys.Entry>> entries(BitSet slots) {
    return SlotKeys.collect(node.state().shards(), slots, store -> { });
  }

  Future<Void> close() {
    return node.close();
  }

  private ReplicaOf replicaOf() {
    return node.state().replication().replicaOf();
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
