package io.verdis.web.admin;

import io.verdis.command.Errors;
import io.verdis.net.InProcessClient;
import io.verdis.net.Reply;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs the admin API's commands through in-process connections named {@value #NAME}, so they are
 * real commands (AOF, keyspace events, stats, slow log) on the same path as a RESP client's.
 *
 * <p>Each batch of one request borrows a connection of its own, selects the database first, and
 * gets its replies in one go; concurrent requests therefore never see each other's SELECT. A few
 * idle connections are kept (they show in CLIENT LIST, as a GUI tool's connection does).
 * Used from the web verticle's event loop only.
 */
final class AdminClient {
  static final String NAME = "verdis-admin";
  private static final int MAX_IDLE = 4;

  private final ServerState server;
  private final Context context;
  private final ArrayDeque<InProcessClient> idle = new ArrayDeque<>();

  AdminClient(ServerState server, Context context) {
    this.server = server;
    this.context = context;
  }

  /** Runs the commands in database {@code db}; their replies (error replies included), in order. */
  Future<List<Reply>> run(int db, List<byte[][]> commands) {
    InProcessClient client = borrow();
    boolean select = client.db() != db;
    List<byte[][]> batch = commands;
    if (select) {
      batch = new ArrayList<>(commands.size() + 1);
      batch.add(select(db));
      batch.addAll(commands);
    }
    return client.send(batch)
        .andThen(ignored -> giveBack(client))
        .map(replies -> {
          if (!select) {
            return replies;
          }
          failOnError(replies.get(0));
          return replies.subList(1, replies.size());
        });
  }

  /** One command; its reply. */
  Future<Reply> call(int db, byte[][] argv) {
    return run(db, Collections.singletonList(argv)).map(replies -> replies.get(0));
  }

  /**
   * A command typed by a person (the console): on a connection of its own, closed afterwards, so
   * that whatever state it leaves (MULTI, subscriptions, HELLO 2, CLIENT SETNAME) goes with it.
   * {@code abandoned} ends it early (the HTTP client went away while BLPOP waits, say).
   */
  Future<ConsoleResult> console(int db, byte[][] argv, Future<?> abandoned) {
    InProcessClient client = InProcessClient.open(server, context, NAME);
    abandoned.onComplete(ignored -> client.close());
    return client.send(List.of(select(db), argv))
        .map(replies -> {
          failOnError(replies.get(0));
          return new ConsoleResult(replies.get(1), client.db());
        })
        .andThen(ignored -> client.close());
  }

  record ConsoleResult(Reply reply, int db) {
  }

  private InProcessClient borrow() {
    while (!idle.isEmpty()) {
      InProcessClient client = idle.pop();
      if (client.isOpen()) {
        return client;
      }
    }
    return InProcessClient.open(server, context, NAME);
  }

  private void giveBack(InProcessClient client) {
    if (!client.isOpen()) {
      return;
    }
    if (idle.size() < MAX_IDLE) {
      idle.push(client);
    } else {
      client.close();
    }
  }

  void close() {
    idle.forEach(InProcessClient::close);
    idle.clear();
  }

  /**
   * A Redis error reply as the API's error: 404 for a missing key, 503 for a write refused for want
   * of replicas (min-replicas-to-write: the request was fine, the node cannot take writes now),
   * 400 for anything else.
   */
  static void failOnError(Reply reply) {
    if (reply.isError()) {
      String message = reply.text();
      int status = message.equals("ERR no such key") ? 404 : message.equals(Errors.NOREPLICAS) ? 503 : 400;
      throw new ApiException(status, message);
    }
  }

  private static byte[][] select(int db) {
    return new byte[][] {"SELECT".getBytes(StandardCharsets.US_ASCII), Integer.toString(db).getBytes(StandardCharsets.US_ASCII)};
  }
}
