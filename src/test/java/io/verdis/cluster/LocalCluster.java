package io.verdis.cluster;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.persist.VerdisProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Verdis cluster nodes as real processes on 127.0.0.1, each with its own ports and {@code dir},
 * all listing each other as members: what README's "Cluster" section has a user do by hand.
 * Nodes can be added, stopped (SIGTERM), killed (SIGKILL) and started again on their ports and dir.
 */
public final class LocalCluster implements AutoCloseable {
  /** What Hazelcast asks the JVM for (the jar's manifest says the same for java -jar). */
  static final List<String> JVM_OPTIONS = List.of(
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Every node process started, so none outlives the test JVM, whatever ends it. */
  private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
  }

  /** One node: its ports (kept across restarts) and its process while it runs. */
  public static final class Node {
    final int index;
    final int port;
    final int pizzariaPort;
    final int httpPort;
    final int clusterPort;
    final int busPort;
    /** Its tls-port, given only in a cluster started with {@link #startWithTlsPorts}. */
    final int tlsPort;
    final Path dir;
    VerdisProcess process;

    Node(int index, Path dir) throws IOException {
      this.index = index;
      this.dir = dir;
      this.port = VerdisProcess.freePort();
      this.pizzariaPort = VerdisProcess.freePort();
      this.httpPort = VerdisProcess.freePort();
      this.clusterPort = VerdisProcess.freePort();
      this.busPort = VerdisProcess.freePort();
      this.tlsPort = VerdisProcess.freePort();
    }

    public int tlsPort() {
      return tlsPort;
    }

    public int busPort() {
      return busPort;
    }

    public int port() {
      return port;
    }

    public int httpPort() {
      return httpPort;
    }

    public int pizzariaPort() {
      return pizzariaPort;
    }

    public Path dir() {
      return dir;
    }

    public VerdisProcess process() {
      return process;
    }

    public boolean running() {
      return process != null && process.process().isAlive();
    }

    public RawClient client() throws IOException {
      return new RawClient(port);
    }

    /** The node's cluster id, from its node file. */
    public String id() {
      return NodeIdentity.loadOrCreate(dir, "nodes.conf").id();
    }

    /** CLUSTER INFO as field → value. */
    public Map<String, String> clusterInfo() throws IOException {
      try (RawClient client = client()) {
        String reply = client.call("CLUSTER", "INFO");
        Map<String, String> fields = new HashMap<>();
        for (String line : reply.split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0 && !line.startsWith("$")) {
            fields.put(line.substring(0, colon), line.substring(colon + 1));
          }
        }
        return fields;
      }
    }

    public String log() throws IOException {
      return process.log();
    }

    @Override
    public String toString() {
      return "node " + index + " (port " + port + ")";
    }
  }

  private final Path root;
  private final List<String> directives;
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> members = new ArrayList<>();
  private final boolean tlsPorts;

  private LocalCluster(Path root, List<String> directives, boolean tlsPorts) {
    this.root = root;
    this.directives = directives;
    this.tlsPorts = tlsPorts;
  }

  /** Starts {@code count} nodes at once and waits until they form one cluster with every slot served. */
  public static LocalCluster start(Path root, int count, String... directives) throws Exception {
    return start(new LocalCluster(root, List.of(directives), false), count);
  }

  /** As {@link #start}, each node also given its own tls-port (the directives bring the certificates). */
  public static LocalCluster startWithTlsPorts(Path root, int count, String... directives) throws Exception {
    return start(new LocalCluster(root, List.of(directives), true), count);
  }

  private static LocalCluster start(LocalCluster cluster, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      cluster.plan();
    }
    try {
      for (Node node : cluster.nodes) {
        cluster.launch(node);
      }
      cluster.awaitSettled();
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close(); // nobody else holds the processes yet
      throw e;
    }
  }

  private Node plan() throws IOException {
    Node node = new Node(nodes.size(), root.resolve("node" + nodes.size()));
    nodes.add(node);
    members.add("127.0.0.1:" + node.clusterPort);
    return node;
  }

  /** Adds a node (under whatever load the test runs) and returns it once it is ready. */
  public Node addNode() throws Exception {
    Node node = plan();
    launch(node);
    awaitReady(node);
    return node;
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** The nodes running now. */
  public List<Node> running() {
    return nodes.stream().filter(Node::running).toList();
  }

  /**
   * Starts {@code node}. The failure detector's timeout is 5 s: at 3 s, nodes on a loaded 2-core
   * machine missed heartbeats for that long and were taken for dead (and with the minority rule a
   * false verdict fences a node, a failover promotes its follower).
   */
  public void launch(Node node) throws IOException {
    List<String> args = new ArrayList<>(List.of(
        "--http-port", Integer.toString(node.httpPort),
        "--pizzaria-port", Integer.toString(node.pizzariaPort),
        "--cluster-enabled", "yes",
        "--cluster-port", Integer.toString(node.clusterPort),
        "--cluster-bus-port", Integer.toString(node.busPort),
        "--cluster-members", String.join(" ", members),
        "--cluster-node-timeout", "5000"));
    if (tlsPorts) {
      args.addAll(List.of("--tls-port", Integer.toString(node.tlsPort)));
    }
    args.addAll(directives);
    node.process = VerdisProcess.launchOn(node.dir, node.port, JVM_OPTIONS, args.toArray(new String[0]));
    STARTED.add(node.process.process());
  }

  /** SIGTERM, as Kubernetes sends it; waits for the process to exit. */
  public int terminate(Node node, long seconds) throws InterruptedException {
    node.process.process().destroy();
    return node.process.awaitExit(seconds);
  }

  public void kill9(Node node) throws InterruptedException {
    node.process.kill9();
  }

  /** Whether {@code node} runs and its /health/ready answers 200 now. */
  public static boolean isReady(Node node) {
    if (!node.running()) {
      return false;
    }
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until {@code node}'s /health/ready answers 200. */
  public static void awaitReady(Node node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!node.process.process().isAlive()) {
        throw new IllegalStateException(node + " exited:\n" + node.log());
      }
      try {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
            + "/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(node + " did not become ready:\n" + node.log());
  }

  /**
   * Waits until every running node is ready and they agree: all of them up, every slot served,
   * nothing moving, and each owning its fair share.
   */
  public void awaitSettled() throws Exception {
    List<Node> live = running();
    for (Node node : live) {
      awaitReady(node);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = "";
    while (System.nanoTime() < deadline) {
      if (settled(live)) {
        return;
      }
      last = describe(live);
      Thread.sleep(100);
    }
    StringBuilder logs = new StringBuilder();
    for (Node node : live) {
      String log = node.log();
      logs.append("\n--- ").append(node).append(" log (end) ---\n").append(log.substring(Math.max(0, log.length() - 4000)));
    }
    throw new IllegalStateException("the cluster did not settle: " + last + logs);
  }

  /**
   * Waits until every running node has {@code count} followers (cluster-replicas) streaming from
   * it: as many replicas connected, each online.
   */
  public void awaitFollowersOnline(int count) throws Exception {
    for (Node node : running()) {
      try (RawClient client = node.client()) {
        Info.await(client, "replication", "connected_slaves:" + count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (String.join("\n", Info.lines(client, "replication")).split("state=online", -1).length - 1 < count) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError(node + " has no " + count + " online replicas: " + Info.lines(client, "replication"));
          }
          Thread.sleep(100);
        }
      }
    }
  }

  private static boolean settled(List<Node> live) throws IOException {
    long epoch = -1;
    int fair = 16384 / live.size();
    for (Node node : live) {
      Map<String, String> info = node.clusterInfo();
      if (!"ok".equals(info.get("cluster_state"))
          || !Integer.toString(live.size()).equals(info.get("cluster_nodes_up"))
          || !"0".equals(info.get("cluster_migrating_slots"))) {
        return false;
      }
      int mine = Integer.parseInt(info.getOrDefault("cluster_my_slots", "0"));
      if (mine < fair || mine > fair + 1) {
        return false;
      }
      long nodeEpoch = Long.parseLong(info.get("cluster_current_epoch"));
      if (epoch >= 0 && nodeEpoch != epoch) {
        return false;
      }
      epoch = nodeEpoch;
    }
    return true;
  }

  private static String describe(List<Node> live) {
    StringBuilder text = new StringBuilder();
    for (Node node : live) {
      try {
        text.append(node).append(": ").append(node.clusterInfo()).append('\n');
      } catch (IOException e) {
        text.append(node).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return text.toString();
  }

  @Override
  public void close() throws Exception {
    for (Node node : nodes) {
      if (node.process != null) {
        node.process.close();
      }
    }
    keepLogs();
  }

  /** With -Dverdis.cluster.logs=DIR, the nodes' logs are copied there (the test's own dir goes with it). */
  private void keepLogs() throws IOException {
    String keep = System.getProperty("verdis.cluster.logs", "");
    if (keep.isEmpty()) {
      return;
    }
    Path target = Path.of(keep).resolve(root.getFileName() + "-" + System.currentTimeMillis());
    java.nio.file.Files.createDirectories(target);
    for (Node node : nodes) {
      Path log = node.dir.resolve("verdis-" + node.port + ".log");
      if (java.nio.file.Files.exists(log)) {
        java.nio.file.Files.copy(log, target.resolve("node" + node.index + ".log"));
      }
    }
  }
}
