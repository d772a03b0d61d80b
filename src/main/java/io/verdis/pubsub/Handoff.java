package io.verdis.pubsub;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.verdis.net.LoopIteration;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deliveries for subscribers on other event loops, gathered while this loop's iteration runs and
 * handed over when it ends: one task, and at most one wake-up, per other loop and iteration. A
 * publisher pipelining sixteen PUBLISH commands thus gives each other loop one task carrying all
 * sixteen messages, and that loop writes each subscriber's sixteen messages with one system call,
 * as Redis writes a client's replies once per event-loop turn. Handing over each message on its
 * own made the other loop wake up and flush its subscribers per message.
 *
 * <p>Confined to the thread of one loop; a publisher off any event loop hands over at once.
 */
final class Handoff {
  private static final Logger LOG = Logger.getLogger(Handoff.class.getName());
  private static final FastThreadLocal<Handoff> OF_THIS_LOOP = new FastThreadLocal<>() {
    @Override
    protected Handoff initialValue() {
      return new Handoff();
    }
  };

  /** The loops with deliveries waiting, and theirs, in the order they were posted. */
  private final List<Context> targets = new ArrayList<>(4);
  private final List<List<Runnable>> tasks = new ArrayList<>(4);
  private final Runnable handOver = this::handOver;
  private boolean scheduled;

  private Handoff() {
  }

  /** Runs {@code task} on {@code target}'s loop, after this loop's current iteration. */
  static void post(Context target, Runnable task) {
    EventLoop loop = currentLoop();
    if (loop == null) {
      target.runOnContext(ignored -> task.run());
      return;
    }
    OF_THIS_LOOP.get().add(loop, target, task);
  }

  private static EventLoop currentLoop() {
    ContextInternal context = ContextInternal.current();
    if (context == null || !context.isEventLoopContext()) {
      return null;
    }
    EventLoop loop = context.nettyEventLoop();
    return loop.inEventLoop() ? loop : null;
  }

  private void add(EventLoop loop, Context target, Runnable task) {
    int index = targets.indexOf(target);
    if (index < 0) {
      index = targets.size();
      targets.add(target);
      tasks.add(new ArrayList<>());
    }
    tasks.get(index).add(task);
    if (!scheduled) {
      scheduled = true;
      LoopIteration.after(loop, handOver);
    }
  }

  private void handOver() {
    scheduled = false;
    for (int i = 0; i < targets.size(); i++) {
      List<Runnable> batch = tasks.get(i);
      if (!batch.isEmpty()) {
        tasks.set(i, new ArrayList<>(batch.size()));
        targets.get(i).runOnContext(ignored -> runAll(batch));
      }
    }
  }

  private static void runAll(List<Runnable> batch) {
    for (Runnable task : batch) {
      try {
        task.run();
      } catch (RuntimeException bug) {
        LOG.log(Level.SEVERE, "a pub/sub delivery failed; the others of its batch go on", bug);
      }
    }
  }
}
