package io.verdis.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.verdis.net.RespWriter;
import io.verdis.shard.ShardSet;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

/**
 * The server's side of client-side caching (Redis 7.0's tracking.c, less the table, which each
 * shard keeps for its own keys): how an invalidation reaches a tracking client, and the counts INFO
 * shows. Called from shard threads: it only reads sessions and hands frames to their connections.
 */
public final class Tracking {
  /** The channel RESP2 clients subscribe to on the connection they redirect invalidations to. */
  public static final byte[] CHANNEL = ascii("__redis__:invalidate");
  private static final byte[] INVALIDATE = ascii("invalidate");
  private static final byte[] MESSAGE = ascii("message");
  private static final byte[] REDIR_BROKEN = ascii("tracking-redir-broken");

  private final ClientRegistry clients;

  public Tracking(ClientRegistry clients) {
    this.clients = clients;
  }

  /**
   * CLIENT TRACKING ON: client tracks as {@code mode} from now on. A BCAST client's prefixes reach
   * every shard before the future completes (CLIENT TRACKING answers then), so a write after the
   * answer is never missed.
   */
  public Future<Void> start(ClientSession client, TrackingMode mode, ShardSet shards) {
    client.tracking(mode);
    if (!mode.bcast()) {
      return Future.succeededFuture();
    }
    return shards.onEveryShard(store -> store.broadcast(client, mode.prefixes()));
  }

  /** CLIENT TRACKING OFF, or the client went (Redis's disableTracking): it hears nothing more. */
  public Future<Void> stop(ClientSession client, ShardSet shards) {
    TrackingMode mode = client.tracking();
    client.tracking(null);
    client.cachingGiven(false);
    if (mode == null || !mode.bcast()) {
      return Future.succeededFuture();
    }
    return shards.onEveryShard(store -> store.broadcast(client, List.of()));
  }

  /** The connected client with this id, or null (it went). */
  public ClientSession client(long id) {
    return clients.get(id);
  }

  /** Tells {@code tracker} that {@code keys} changed (Redis's sendTrackingMessage with an array of keys). */
  public void invalidate(ClientSession tracker, List<byte[]> keys) {
    send(tracker, keys);
  }

  /** Tells every tracking client that every key went (Redis's trackingInvalidateKeysOnFlush): a null invalidation. */
  public void flushed() {
    for (ClientSession client : clients.all()) {
      if (client.tracking() != null) {
        send(client, null);
      }
    }
  }

  /**
   * As Redis: to the client itself in RESP3, or to the client it redirects to, as a push in RESP3
   * or as a {@code __redis__:invalidate} message in RESP2 when that one is subscribed to something.
   * A redirect to a client that went is reported once per message to a RESP3 tracker
   * ({@code tracking-redir-broken}) and flagged for CLIENT TRACKINGINFO.
   */
  private void send(ClientSession tracker, List<byte[]> keys) {
    TrackingMode mode = tracker.tracking();
    if (mode == null) {
      return;
    }
    ClientSession target = tracker;
    boolean redirected = mode.redirect() != 0;
    if (redirected) {
      target = clients.get(mode.redirect());
      if (target == null) {
        tracker.trackingRedirectBroken(true);
        if (tracker.resp() >= 3) {
          RespWriter out = writer(3);
          out.push(2);
          out.bulk(REDIR_BROKEN);
          out.integer(mode.redirect());
          tracker.pushOut(bytes(out));
        }
        return;
      }
    }
    RespWriter out;
    if (target.resp() >= 3) {
      out = writer(3);
      out.push(2);
      out.bulk(INVALIDATE);
    } else if (redirected && target.isPubSub()) {
      out = writer(2);
      out.push(3);
      out.bulk(MESSAGE);
      out.bulk(CHANNEL);
    } else {
      return; // RESP2 has no pushes: a client neither in RESP3 nor redirecting hears nothing, as in Redis
    }
    if (keys == null) {
      // Redis writes the tracking client's own null (shared.null[c->resp]), even to a redirect target.
      out.protocol(tracker.resp());
      out.nullBulk();
    } else {
      out.array(keys.size());
      for (byte[] key : keys) {
        out.bulk(key);
      }
    }
    target.pushOut(bytes(out));
  }

  /** Clients with tracking on (INFO's tracking_clients). */
  public int clientCount() {
    int count = 0;
    for (ClientSession client : clients.all()) {
      if (client.tracking() != null) {
        count++;
      }
    }
    return count;
  }

  /** Distinct BCAST prefixes of all clients (INFO's tracking_total_prefixes). */
  public int prefixCount() {
    HashSet<String> prefixes = new HashSet<>();
    for (ClientSession client : clients.all()) {
      TrackingMode mode = client.tracking();
      if (mode != null) {
        for (byte[] prefix : mode.prefixes()) {
          prefixes.add(new String(prefix, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return prefixes.size();
  }

  private static RespWriter writer(int protocol) {
    RespWriter out = new RespWriter(Unpooled.buffer(64));
    out.protocol(protocol);
    return out;
  }

  private static byte[] bytes(RespWriter out) {
    ByteBuf buffer = out.buffer();
    byte[] bytes = new byte[buffer.readableBytes()];
    buffer.readBytes(bytes);
    return bytes;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
