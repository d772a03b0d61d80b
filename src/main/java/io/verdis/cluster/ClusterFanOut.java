package io.verdis.cluster;

import io.netty.buffer.ByteBuf;
import io.verdis.client.ClientSession;
import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.ScanOptions;
import io.verdis.net.Reply;
import io.verdis.net.ReplyDecoder;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;
import io.verdis.shard.CommandBatch;
import io.vertx.core.Context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Cluster mode with forward routing: the keyless commands that look at the whole keyspace answer
 * for the whole cluster from any node, as one server would. The command runs here and on every
 * other slot owner that is up (a down one is left out, as it could not answer) and the replies
 * are merged: DBSIZE sums, KEYS concatenates, FLUSHALL and FLUSHDB answer OK once every node has
 * flushed, FUNCTION LOAD, DELETE, FLUSH and RESTORE give this node's reply once every node agreed, RANDOMKEY picks one node's key at random, INFO sums its keyspace section (its other
 * sections stay this node's own). SCAN asks one node per call: its cursor says which
 * ({@link ClusterCursor}).
 *
 * <p>Each other node runs its part in this connection's forwarded session there, where the command
 * is node-local (a forwarded session never fans out), as Redis Cluster runs all of these. Under
 * redirect routing they stay node-local here too, as in Redis Cluster; so they do inside MULTI and
 * scripts. A slot moving meanwhile may have its keys on both nodes for a moment: counted twice or
 * seen twice, as a SCAN may return a key twice.
 */
public final class ClusterFanOut implements CommandBatch.Owner {
  private enum Kind { DBSIZE, KEYS, SCAN, FLUSH, RANDOMKEY, INFO, EVERY_NODE }

  private static final byte[][] INFO_KEYSPACE = {Args.bytes("INFO"), Args.bytes("keyspace")};

  private final ServerState server;
  private final Kind kind;
  private final ClientSession session;
  private final List<CommandBatch> parts = new ArrayList<>(4);
  private CommandBatch target;
  private int pending;
  /** SCAN: the owner walked, by its index among {@link #scanOwners}. */
  private int scanNode;
  private int scanOwners;

  private ClusterFanOut(ServerState server, Kind kind, ClientSession session) {
    this.server = server;
    this.kind = kind;
    this.session = session;
  }

  /**
   * The fan-out of {@code spec}, or null when it runs here as usual: not one of these commands,
   * redirect routing, a forwarded session (the per-node part of some node's fan-out), or INFO
   * without its keyspace section.
   */
  public static ClusterFanOut of(ServerState server, CommandSpec spec, byte[][] argv, ClientSession session) {
    if (spec.keys().hasKeys() || !server.config().clusterForwards() || session.forwarded()) {
      return null;
    }
    Kind kind = switch (spec.fullName()) {
      case "dbsize" -> Kind.DBSIZE;
      case "keys" -> Kind.KEYS;
      case "scan" -> Kind.SCAN;
      case "flushall", "flushdb" -> Kind.FLUSH;
      case "randomkey" -> Kind.RANDOMKEY;
      case "info" -> asksKeyspace(argv) ? Kind.INFO : null;
      // Function libraries are the same on every node, so FCALL works wherever its keys live.
      case "function|load", "function|delete", "function|flush", "function|restore" -> Kind.EVERY_NODE;
      default -> null;
    };
    if (kind == Kind.EVERY_NODE) {
      return new ClusterFanOut(server, kind, session);
    }
    // Only the RESP table's own commands: Pizzaria's KEYS is another command of the same name.
    if (kind == null || server.commands().get(spec.fullName()) != spec) {
      return null;
    }
    return new ClusterFanOut(server, kind, session);
  }

  /** Whether INFO's arguments include the keyspace section (no argument means the default sections). */
  private static boolean asksKeyspace(byte[][] argv) {
    if (argv.length == 1) {
      return true;
    }
    for (int i = 1; i < argv.length; i++) {
      if (Args.is(argv[i], "keyspace") || Args.is(argv[i], "default") || Args.is(argv[i], "all")
          || Args.is(argv[i], "everything")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Answers {@code target} (a barrier batch of the one command, on {@code context}'s loop) once
   * every node did: {@code runHere} runs a batch on this node's shards, {@code links} reach the others.
   */
  public void run(CommandBatch target, Context context, ConnectionLinks links, Consumer<CommandBatch> runHere) {
    this.target = target;
    ClusterView view = server.cluster().view();
    byte[][] argv = target.argv(0);
    if (kind == Kind.SCAN) {
      scan(view, argv, context, links, runHere);
      return;
    }
    List<String> others = new ArrayList<>();
    for (String node : view.table().owners()) {
      if (!node.equals(view.self()) && view.isUp(node)) {
        others.add(node);
      }
    }
    // Every part is made before any is sent: none can answer before the count is complete.
    CommandBatch here = part(argv, context);
    List<CommandBatch> remote = new ArrayList<>(others.size());
    for (String ignored : others) {
      remote.add(part(kind == Kind.INFO ? INFO_KEYSPACE : argv, context));
    }
    runHere.accept(here);
    for (int i = 0; i < others.size(); i++) {
      links.to(others.get(i)).send(remote.get(i));
    }
  }

  /** SCAN: the node the cursor points at walks on from its own cursor. */
  private void scan(ClusterView view, byte[][] argv, Context context, ConnectionLinks links,
                    Consumer<CommandBatch> runHere) {
    List<String> owners = new ArrayList<>(view.table().owners());
    owners.sort(null);
    scanOwners = Math.min(owners.size(), ClusterCursor.MAX_NODES);
    ClusterCursor cursor;
    try {
      cursor = ClusterCursor.decode(ScanOptions.cursor(argv[1]));
    } catch (CommandException e) {
      answer(reply -> reply.error(e.getMessage()));
      return;
    }
    if (cursor.node() >= scanOwners) {
      // Past the last owner (a cursor from a larger cluster): the walk is over, as a shard index
      // past the last shard ends a node's own SCAN.
      answer(reply -> ScanOptions.reply(reply, 0, List.of()));
      return;
    }
    scanNode = cursor.node();
    String node = owners.get(scanNode);
    if (!node.equals(view.self()) && !view.isUp(node)) {
      // Its keys cannot be walked now: the client may try the same cursor again.
      answer(reply -> reply.error(ClusterErrors.DOWN));
      return;
    }
    byte[][] local = argv.clone();
    local[1] = ScanOptions.format(cursor.local());
    CommandBatch part = part(local, context);
    if (node.equals(view.self())) {
      runHere.accept(part);
    } else {
      links.to(node).send(part);
    }
  }

  private CommandBatch part(byte[][] argv, Context context) {
    CommandBatch part = new CommandBatch(this, context, session);
    part.add(target.spec(0), argv, target.db(0), target.protocol(0));
    parts.add(part);
    pending++;
    return part;
  }

  @Override
  public void batchDone(CommandBatch part) {
    if (--pending > 0) {
      return;
    }
    answer(this::merge);
  }

  /** Writes the reply and hands it to the connection; a reply that cannot be made is an error reply, never none. */
  private void answer(Consumer<RespWriter> write) {
    RespWriter reply = target.replies();
    reply.protocol(target.protocol(0));
    long start = reply.written();
    try {
      write.accept(reply);
    } catch (RuntimeException e) {
      reply.rewind(start);
      reply.error(e instanceof CommandException ? e.getMessage() : "ERR cluster fan-out failed: " + e);
    }
    target.replyWritten(0);
    target.executed();
  }

  /** The nodes' replies as one; the first error any node answered, if one did. */
  private void merge(RespWriter reply) {
    if (kind == Kind.KEYS) {
      mergeKeys(reply);
      return;
    }
    List<Reply> replies = new ArrayList<>(parts.size());
    for (CommandBatch part : parts) {
      Reply decoded = decode(part);
      if (decoded.isError()) {
        reply.error(decoded.text());
        return;
      }
      replies.add(decoded);
    }
    switch (kind) {
      case DBSIZE -> reply.integer(replies.stream().mapToLong(Reply::integer).sum());
      case FLUSH -> reply.ok();
      case RANDOMKEY -> randomKey(reply, replies);
      case INFO -> info(reply, replies);
      case SCAN -> scanReply(reply, replies.get(0));
      case EVERY_NODE -> parts.get(0).replies().forEachPiece(0, parts.get(0).replyEnd(0),
          piece -> reply.raw(piece, piece.readerIndex(), piece.readableBytes()));
      default -> throw new IllegalStateException(kind.name());
    }
  }

  /**
   * A key of a node picked at random among those that have keys: uniform over nodes rather than
   * over keys, which is near enough with balanced slots (and Redis's own RANDOMKEY is not uniform).
   */
  private static void randomKey(RespWriter reply, List<Reply> replies) {
    List<Reply> keys = replies.stream().filter(r -> !r.isNull()).toList();
    if (keys.isEmpty()) {
      reply.nullBulk();
    } else {
      reply.bulk(keys.get(ThreadLocalRandom.current().nextInt(keys.size())).bytes());
    }
  }

  /** This node's INFO (the first part) with the keyspace section summed over all the nodes. */
  private static void info(RespWriter reply, List<Reply> replies) {
    KeyspaceTotals totals = new KeyspaceTotals();
    for (Reply part : replies) {
      totals.add(part.text());
    }
    reply.verbatim(totals.replaceIn(replies.get(0).text()));
  }

  private void scanReply(RespWriter reply, Reply scanned) {
    long next = ClusterCursor.after(scanNode, ScanOptions.cursor(scanned.get(0).bytes()), scanOwners);
    List<Reply> keys = scanned.get(1).elements();
    reply.array(2);
    reply.bulk(ScanOptions.format(next));
    reply.array(keys.size());
    for (Reply key : keys) {
      reply.bulk(key.bytes());
    }
  }

  /**
   * KEYS: one array of every node's keys, copied as they are encoded (a large keyspace's keys are
   * not decoded one by one). Each reply is an array header and its bulk strings, or an error.
   */
  private void mergeKeys(RespWriter reply) {
    long total = 0;
    int[] headers = new int[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      CommandBatch part = parts.get(i);
      ByteBuf first = firstPiece(part);
      if (first.getByte(first.readerIndex()) != '*') {
        reply.error(decode(part).text());
        return;
      }
      int lineEnd = first.indexOf(first.readerIndex(), first.writerIndex(), (byte) '\r');
      total += Long.parseLong(first.toString(first.readerIndex() + 1, lineEnd - first.readerIndex() - 1,
          StandardCharsets.US_ASCII));
      headers[i] = lineEnd + 2 - first.readerIndex();
    }
    reply.array((int) total);
    for (int i = 0; i < parts.size(); i++) {
      CommandBatch part = parts.get(i);
      part.replies().forEachPiece(part.replyStart(0) + headers[i], part.replyEnd(0),
          piece -> reply.raw(piece, piece.readerIndex(), piece.readableBytes()));
    }
  }

  /**
   * The first piece of a part's reply: it holds the whole first line, as only bulk payloads are
   * ever kept apart ({@link RespWriter#forEachPiece}).
   */
  private static ByteBuf firstPiece(CommandBatch part) {
    ByteBuf[] first = new ByteBuf[1];
    part.replies().forEachPiece(part.replyStart(0), part.replyEnd(0), piece -> {
      if (first[0] == null) {
        first[0] = piece;
      }
    });
    return first[0];
  }

  static Reply decode(CommandBatch part) {
    Reply[] decoded = new Reply[1];
    ReplyDecoder decoder = new ReplyDecoder(reply -> decoded[0] = reply);
    part.replies().forEachPiece(part.replyStart(0), part.replyEnd(0), decoder::feed);
    return decoded[0];
  }
}
