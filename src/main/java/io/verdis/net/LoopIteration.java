package io.verdis.net;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;

/**
 * Work deferred to the end of the event loop's current iteration, after its reads and tasks: the
 * flush of everything a burst of published messages wrote to one client, one system call for all.
 */
public final class LoopIteration {
  private LoopIteration() {
  }

  public static void after(EventLoop loop, Runnable task) {
    if (loop instanceof SingleThreadEventLoop singleThread) {
      singleThread.executeAfterEventLoopIteration(task);
    } else {
      loop.execute(task);
    }
  }
}
