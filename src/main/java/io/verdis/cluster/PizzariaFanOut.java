package io.verdis.cluster;

import io.verdis.client.ClientSession;
import io.verdis.command.Args;
import io.verdis.command.CommandSpec;
import io.verdis.net.Reply;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;
import io.verdis.shard.CommandBatch;
import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cluster mode with forward routing: Pizzaria's {@code keys} and {@code reads prefix} list the
 * whole cluster, as on one node (keys in byte order; the values of the keys with the prefix).
 * Each node is asked with RESP commands in a session of its own ({@code KEYS pattern} on database
 * 0, then {@code MGET} of the keys it has for {@code reads}), since Pizzaria's answers to these two
 * are lines with no end marker; the keys and values are merged here. As the node's own verbs do,
 * keys or values holding '\r' or '\n', and values that are not strings, are left out.
 */
public final class PizzariaFanOut {
  private static final byte[] END = {'\r'};

  private final ServerState server;
  private final ClientSession session;
  private final boolean reads;
  private CommandBatch target;
  private Context context;
  private ConnectionLinks links;
  private Consumer<CommandBatch> runHere;

  private PizzariaFanOut(ServerState server, ClientSession session, boolean reads) {
    this.server = server;
    this.session = session;
    this.reads = reads;
  }

  /** The fan-out of a Pizzaria {@code keys} or {@code reads}, or null (another verb, redirect routing, a forwarded session). */
  public static PizzariaFanOut of(ServerState server, CommandSpec spec, ClientSession session) {
    if (!session.protocolName().equals("pizzaria") || !server.config().clusterForwards() || session.forwarded()) {
      return null;
    }
    return switch (spec.fullName()) {
      case "keys" -> new PizzariaFanOut(server, session, false);
      case "reads" -> new PizzariaFanOut(server, session, true);
      default -> null;
    };
  }

  /** Answers {@code target} (a barrier batch of the verb) once every node did; {@code runHere} runs a batch on this node. */
  public void run(CommandBatch target, Context context, Consumer<CommandBatch> runHere) {
    this.target = target;
    this.context = context;
    this.runHere = runHere;
    this.links = new ConnectionLinks(server.forwarding(), context, false);
    byte[] pattern = reads ? prefixGlob(target.argv(0)[1]) : Args.bytes("*");
    List<String> nodes = nodes();
    Parts keys = new Parts(nodes.size(), this::keysListed);
    for (String node : nodes) {
      keys.send(node, new byte[][] {Args.bytes("KEYS"), pattern}, server.commands().get("keys"));
    }
  }

  /** This node and every other slot owner that is up. */
  private List<String> nodes() {
    ClusterView view = server.cluster().view();
    List<String> nodes = new ArrayList<>();
    nodes.add(view.self());
    for (String owner : view.table().owners()) {
      if (!owner.equals(view.self()) && view.isUp(owner)) {
        nodes.add(owner);
      }
    }
    return nodes;
  }

  private void keysListed(List<String> nodes, List<CommandBatch> answered) {
    List<byte[]> keys = new ArrayList<>();
    List<List<Reply>> byNode = new ArrayList<>();
    for (CommandBatch part : answered) {
      Reply reply = ClusterFanOut.decode(part);
      List<Reply> found = reply.isError() ? List.of() : reply.elements();
      byNode.add(found);
      found.forEach(key -> keys.add(key.bytes()));
    }
    if (!reads) {
      keys.sort(Arrays::compareUnsigned);
      answer(keys);
      return;
    }
    List<String> asked = new ArrayList<>();
    List<List<Reply>> askedKeys = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (!byNode.get(i).isEmpty()) {
        asked.add(nodes.get(i));
        askedKeys.add(byNode.get(i));
      }
    }
    Parts values = new Parts(asked.size(), (ignored, parts) -> valuesRead(askedKeys, parts));
    for (int i = 0; i < asked.size(); i++) {
      List<Reply> nodeKeys = askedKeys.get(i);
      byte[][] mget = new byte[nodeKeys.size() + 1][];
      mget[0] = Args.bytes("MGET");
      for (int k = 0; k < nodeKeys.size(); k++) {
        mget[k + 1] = nodeKeys.get(k).bytes();
      }
      values.send(asked.get(i), mget, server.commands().get("mget"));
    }
  }

  private void valuesRead(List<List<Reply>> keysByNode, List<CommandBatch> answered) {
    List<byte[][]> pairs = new ArrayList<>();
    for (int i = 0; i < answered.size(); i++) {
      Reply reply = ClusterFanOut.decode(answered.get(i));
      if (reply.isError()) {
        continue;
      }
      for (int k = 0; k < reply.size(); k++) {
        Reply value = reply.get(k);
        if (!value.isNull()) {
          pairs.add(new byte[][] {keysByNode.get(i).get(k).bytes(), value.bytes()});
        }
      }
    }
    pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    List<byte[]> values = new ArrayList<>(pairs.size());
    pairs.forEach(pair -> values.add(pair[1]));
    answer(values);
  }

  /** Pizzaria's lines: each item that fits on a line, then '\r'; a lone '\r' when there is none. */
  private void answer(List<byte[]> items) {
    links.closeAll();
    RespWriter reply = target.replies();
    boolean any = false;
    for (byte[] item : items) {
      if (fitsOnALine(item)) {
        reply.raw(item);
        reply.raw(END);
        any = true;
      }
    }
    if (!any) {
      reply.raw(END);
    }
    target.replyWritten(0);
    target.executed();
  }

  private static boolean fitsOnALine(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\r' || b == '\n') {
        return false;
      }
    }
    return true;
  }

  /** A glob matching the keys that start with {@code prefix}: its special characters escaped, then '*'. */
  static byte[] prefixGlob(byte[] prefix) {
    java.io.ByteArrayOutputStream glob = new java.io.ByteArrayOutputStream(prefix.length + 8);
    for (byte b : prefix) {
      if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
        glob.write('\\');
      }
      glob.write(b);
    }
    glob.write('*');
    return glob.toByteArray();
  }

  /** One round of requests, one per node, answered together. */
  private final class Parts implements CommandBatch.Owner {
    private final List<String> nodes = new ArrayList<>();
    private final List<CommandBatch> batches = new ArrayList<>();
    private final java.util.function.BiConsumer<List<String>, List<CommandBatch>> then;
    private int pending;

    Parts(int expected, java.util.function.BiConsumer<List<String>, List<CommandBatch>> then) {
      this.pending = expected;
      this.then = then;
      if (expected == 0) {
        then.accept(nodes, batches);
      }
    }

    void send(String node, byte[][] argv, CommandSpec spec) {
      CommandBatch part = new CommandBatch(this, context, session);
      part.add(spec, argv, 0, 2);
      nodes.add(node);
      batches.add(part);
      if (node.equals(server.cluster().self())) {
        runHere.accept(part);
      } else {
        links.to(node).send(part);
      }
    }

    @Override
    public void batchDone(CommandBatch batch) {
      if (--pending == 0) {
        then.accept(nodes, batches);
      }
    }
  }
}
