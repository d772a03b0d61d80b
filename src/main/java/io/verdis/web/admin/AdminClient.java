package io.verdis.web.admin;

import io.verdis.acl.User;
import io.verdis.command.Errors;
import io.verdis.net.InProcessClient;
import io.verdis.net.Reply;
import io.verdis.server.ServerState;
import io.verdis.web.HttpSecurity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the admin API's commands through in-process connections named {@value #NAME}, so they are
 * real commands (AOF, keyspace events, stats, slow log) on the same path as a RESP client's.
 *
 * <p>Each batch of one request borrows a connection of its own, selects the database first, and
 * gets its replies in one go; concurrent requests therefore never see each other's SELECT. Each
 * connection is authenticated as the ACL user of the request's session ({@link #as}), so a command
 * that user may not run gets Redis's -NOPERM, answered 403. A few idle connections are kept per
 * user, never lent to another (they show in CLIENT LIST, as a GUI tool's connection does).
 * Used from the web verticle's event loop only.
 */
final class AdminClient {
  static final String NAME = "verdis-admin";
  private static final int MAX_IDLE = 4;

  private final ServerState server;
  private final Context context;
  /** Idle connections per user: a connection's user is fixed when it opens. */
  private final Map<User, ArrayDeque<InProcessClient>> idle = new HashMap<>();

  AdminClient(ServerState server, Context context) {
    this.server = server;
    this.context = context;
  }

  /** The API's commands for one request, run as the request's ACL user. */
  AsUser as(RoutingContext ctx) {
    return new AsUser(this, HttpSecurity.user(ctx, server));
  }

  /** {@link AdminClient}'s operations bound to one ACL user. */
  record AsUser(AdminClient client, User user) {
    Future<List<Reply>> run(int db, List<byte[][]> commands) {
      return client.run(user, db, commands);
    }

    Future<Reply> call(int db, byte[][] argv) {
      return client.run(user, db, Collections.singletonList(argv)).map(replies -> replies.get(0));
    }

    Future<ConsoleResult> console(int db, byte[][] argv, Future<?> abandoned) {
      return client.console(user, db, argv, abandoned);
    }
  }

  /** Runs the commands in database {@code db} as {@code user}; their replies (error replies included), in order. */
  private Future<List<Reply>> run(User user, int db, List<byte[][]> commands) {
    InProcessClient client = borrow(user);
    boolean select = client.db() != db;
    List<byte[][]> batch = commands;
    if (select) {
      batch = new ArrayList<>(commands.size() + 1);
      batch.add(select(db));
      batch.addAll(commands);
    }
    return client.send(batch)
        .andThen(ignored -> giveBack(user, client))
        .map(replies -> {
          if (!select) {
            return replies;
          }
          failOnError(replies.get(0));
          return replies.subList(1, replies.size());
        });
  }

  /**
   * A command typed by a person (the console): on a connection of its own, closed afterwards, so
   * that whatever state it leaves (MULTI, subscriptions, HELLO 2, CLIENT SETNAME) goes with it.
   * {@code abandoned} ends it early (the HTTP client went away while BLPOP waits, say).
   */
  private Future<ConsoleResult> console(User user, int db, byte[][] argv, Future<?> abandoned) {
    InProcessClient client = InProcessClient.open(server, context, NAME, user);
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

  private InProcessClient borrow(User user) {
    ArrayDeque<InProcessClient> mine = idle.get(user);
    while (mine != null && !mine.isEmpty()) {
      InProcessClient client = mine.pop();
      if (client.isOpen()) {
        return client;
      }
    }
    return InProcessClient.open(server, context, NAME, user);
  }

  /**
   * Keeps an open connection for its user's next request. A user deleted since (ACL DELUSER closes
   * its clients, so its connections are no longer open) leaves no entry behind.
   */
  private void giveBack(User user, InProcessClient client) {
    if (!client.isOpen()) {
      return;
    }
    idle.values().forEach(connections -> connections.removeIf(idleClient -> !idleClient.isOpen()));
    idle.values().removeIf(ArrayDeque::isEmpty);
    ArrayDeque<InProcessClient> mine = idle.computeIfAbsent(user, ignored -> new ArrayDeque<>());
    if (mine.size() < MAX_IDLE) {
      mine.push(client);
    } else {
      client.close();
    }
  }

  void close() {
    idle.values().forEach(connections -> connections.forEach(InProcessClient::close));
    idle.clear();
  }

  /**
   * A Redis error reply as the API's error: 404 for a missing key, 403 for a command, key or
   * channel the session's user may not use (-NOPERM), 503 for a write refused for want of replicas
   * (min-replicas-to-write: the request was fine, the node cannot take writes now), 400 for
   * anything else.
   */
  static void failOnError(Reply reply) {
    if (reply.isError()) {
      String message = reply.text();
      int status = message.equals("ERR no such key") ? 404 : message.startsWith("NOPERM ") ? 403
          : message.equals(Errors.NOREPLICAS) ? 503 : 400;
      throw new ApiException(status, message);
    }
  }

  private static byte[][] select(int db) {
    return new byte[][] {"SELECT".getBytes(StandardCharsets.US_ASCII), Integer.toString(db).getBytes(StandardCharsets.US_ASCII)};
  }
}
