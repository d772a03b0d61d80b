package io.verdis.client;

import io.verdis.metrics.Counter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Client eviction, as Redis 7.0's evictClients: when the normal and pubsub clients together take
 * maxmemory-clients or more ({@link io.verdis.server.Config#clientEvictionLimit}), the biggest are
 * closed first until they take less. Replicas and the primary's link are neither counted nor
 * closed; a client with CLIENT NO-EVICT on is counted but never closed. Each eviction is logged as
 * Redis logs it and counted in INFO stats evicted_clients.
 *
 * <p>When it looks: each connection reports its memory ({@link ClientMemory#total}) whenever it
 * moved by {@link #REPORT_STEP} or more, which only happens while output waits for the socket or a
 * request arrives in pieces, never per command; a report that takes the reported sum to the limit
 * looks at once, as Redis does before each command. The clients cron looks too, every 100 ms,
 * which catches what small changes not yet reported add up to. Looking means adding up every
 * client's figures afresh: only then does it close anyone.
 */
public final class ClientEviction {
  private static final Logger LOG = Logger.getLogger(ClientEviction.class.getName());
  /** How far a connection's memory moves before it tells: small changes cost no shared write. */
  public static final long REPORT_STEP = 16 * 1024;

  private final ClientRegistry clients;
  private final LongSupplier limit;
  private final Counter evicted;
  /** The sum of the connections' last reports. */
  private final AtomicLong reported = new AtomicLong();
  /** Over the limit with nobody left to close: warned once until the clients are under it again. */
  private boolean overWarned;

  /** {@code limit}: maxmemory-clients in bytes, 0 for none; {@code evicted}: INFO's evicted_clients. */
  public ClientEviction(ClientRegistry clients, LongSupplier limit, Counter evicted) {
    this.clients = clients;
    this.limit = limit;
    this.evicted = evicted;
  }

  /** A connection's memory moved by {@code delta} bytes since its last report (any thread). */
  public void changed(long delta) {
    long total = reported.addAndGet(delta);
    if (delta > 0) {
      long bytes = limit.getAsLong();
      if (bytes > 0 && total >= bytes) {
        evictIfOver();
      }
    }
  }

  /** Closes the biggest evictable clients while all of them together take maxmemory-clients or more. */
  public synchronized void evictIfOver() {
    long bytes = limit.getAsLong();
    if (bytes == 0) {
      overWarned = false;
      return;
    }
    List<Sized> evictable = new ArrayList<>();
    long total = 0;
    for (ClientSession client : clients.unordered()) {
      if (client.evicted() || client.replica() || client.master()) {
        continue;
      }
      long memory = ClientMemory.total(client);
      total += memory;
      if (!client.noEvict()) {
        evictable.add(new Sized(client, memory));
      }
    }
    if (total < bytes) {
      overWarned = false;
      return;
    }
    evictable.sort(Comparator.comparingLong(Sized::memory).reversed());
    long now = System.currentTimeMillis();
    for (Sized victim : evictable) {
      if (total < bytes) {
        return;
      }
      evict(victim.client(), now);
      total -= victim.memory();
    }
    if (total >= bytes && !overWarned) {
      overWarned = true;
      LOG.warning("Over client maxmemory after evicting all evictable clients");
    }
  }

  private void evict(ClientSession client, long nowMs) {
    client.evicted(true);
    LOG.info("Evicting client: " + ClientInfo.line(client, nowMs));
    evicted.increment();
    client.kill();
  }

  private record Sized(ClientSession client, long memory) {
  }
}
