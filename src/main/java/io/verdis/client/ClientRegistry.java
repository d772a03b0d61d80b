package io.verdis.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients of this node, for CLIENT LIST/KILL, INFO clients and maxclients. */
public final class ClientRegistry {
  private final ConcurrentHashMap<Long, ClientSession> clients = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);

  public long nextId() {
    return nextId.getAndIncrement();
  }

  public void add(ClientSession session) {
    clients.put(session.id(), session);
  }

  public void remove(ClientSession session) {
    clients.remove(session.id());
    session.gone();
  }

  /** The client with this id, or null (a CLIENT TRACKING redirect target). */
  public ClientSession get(long id) {
    return clients.get(id);
  }

  public int size() {
    return clients.size();
  }

  /** Every client in no particular order, without copying (the clients cron). */
  public Iterable<ClientSession> unordered() {
    return clients.values();
  }

  /** Every client, oldest first, as CLIENT LIST orders them. */
  public List<ClientSession> all() {
    List<ClientSession> all = new ArrayList<>(clients.values());
    all.sort(Comparator.comparingLong(ClientSession::id));
    return all;
  }
}
