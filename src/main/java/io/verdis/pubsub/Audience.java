package io.verdis.pubsub;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The subscribers of one channel or pattern, grouped by event loop: a publish hands each other
 * loop one task for all its subscribers, never one per subscriber. Copy-on-write: subscribing is
 * rare next to publishing, and publishers on any thread read the groups without a lock.
 */
final class Audience {
  private static final Group[] NONE = new Group[0];

  private record Group(Context context, Subscriber[] members) { }

  private volatile Group[] groups = NONE;
  private volatile int size;

  synchronized boolean add(Subscriber subscriber) {
    Group[] current = groups;
    for (int i = 0; i < current.length; i++) {
      if (current[i].context() == subscriber.context()) {
        Subscriber[] members = current[i].members();
        for (Subscriber member : members) {
          if (member == subscriber) {
            return false;
          }
        }
        Subscriber[] grown = Arrays.copyOf(members, members.length + 1);
        grown[members.length] = subscriber;
        Group[] next = current.clone();
        next[i] = new Group(subscriber.context(), grown);
        publish(next);
        return true;
      }
    }
    Group[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = new Group(subscriber.context(), new Subscriber[] {subscriber});
    publish(next);
    return true;
  }

  synchronized boolean remove(Subscriber subscriber) {
    Group[] current = groups;
    for (int i = 0; i < current.length; i++) {
      Subscriber[] members = current[i].members();
      for (int j = 0; j < members.length; j++) {
        if (members[j] == subscriber) {
          Group[] next;
          if (members.length == 1) {
            next = new Group[current.length - 1];
            System.arraycopy(current, 0, next, 0, i);
            System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          } else {
            Subscriber[] shrunk = new Subscriber[members.length - 1];
            System.arraycopy(members, 0, shrunk, 0, j);
            System.arraycopy(members, j + 1, shrunk, j, members.length - j - 1);
            next = current.clone();
            next[i] = new Group(current[i].context(), shrunk);
          }
          publish(next);
          return true;
        }
      }
    }
    return false;
  }

  private void publish(Group[] next) {
    int total = 0;
    for (Group group : next) {
      total += group.members().length;
    }
    size = total;
    groups = next;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void addMembersTo(Set<Subscriber> into) {
    for (Group group : groups) {
      Collections.addAll(into, group.members());
    }
  }

  /** Delivers to every member, on its own loop; {@code pattern} is null for a channel. Returns the receivers. */
  int deliver(Publication publication, byte[] pattern) {
    Group[] snapshot = groups;
    // Vert.x runs HTTP and WebSocket handlers on duplicates of their verticle's context: the loop is the original.
    Context here = Vertx.currentContext() instanceof ContextInternal current ? current.unwrap() : null;
    int receivers = 0;
    for (Group group : snapshot) {
      Subscriber[] members = group.members();
      receivers += members.length;
      if (group.context() == here) {
        deliverAll(members, publication, pattern);
      } else {
        group.context().runOnContext(ignored -> deliverLater(snapshot, group, publication, pattern));
      }
    }
    return receivers;
  }

  /**
   * On the group's loop, after the publish: whoever unsubscribed meanwhile (on this loop, so
   * before this task) must not get the message. The common case costs one comparison.
   */
  private void deliverLater(Group[] snapshot, Group group, Publication publication, byte[] pattern) {
    Group[] now = groups;
    if (now == snapshot) {
      deliverAll(group.members(), publication, pattern);
      return;
    }
    Subscriber[] still = null;
    for (Group current : now) {
      if (current.context() == group.context()) {
        still = current.members();
      }
    }
    if (still == null) {
      return;
    }
    Set<Subscriber> present = Collections.newSetFromMap(new IdentityHashMap<>());
    Collections.addAll(present, still);
    for (Subscriber member : group.members()) {
      if (present.contains(member)) {
        deliverOne(member, publication, pattern);
      }
    }
  }

  private static void deliverAll(Subscriber[] members, Publication publication, byte[] pattern) {
    for (Subscriber member : members) {
      deliverOne(member, publication, pattern);
    }
  }

  private static void deliverOne(Subscriber member, Publication publication, byte[] pattern) {
    if (pattern == null) {
      member.message(publication);
    } else {
      member.pmessage(pattern, publication);
    }
  }
}
