package io.verdis.replication;

import io.vertx.core.Context;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The WAITs not answered yet (Redis's clients blocked on WAIT): each is answered once enough
 * replicas acknowledged its offset, or with the count so far when its timeout passes. Used on the
 * replication context; {@link #any()} may be read from anywhere.
 */
final class AckWaits {
  private record AckWait(long offset, int replicas, Promise<Long> answer, long[] timer) {
  }

  private final Context context;
  /** Replicas that acknowledged at least the given offset. */
  private final LongUnaryOperator ackedAtLeast;
  private final List<AckWait> waits = new ArrayList<>();
  private volatile int count;

  AckWaits(Context context, LongUnaryOperator ackedAtLeast) {
    this.context = context;
    this.ackedAtLeast = ackedAtLeast;
  }

  /**
   * Answers at once when {@code replicas} acknowledged {@code offset} already; else waits (and
   * returns true: the replicas should be asked for an acknowledgement). Timeout 0 waits for ever.
   */
  boolean await(long offset, int replicas, long timeoutMs, Promise<Long> answer) {
    long acked = ackedAtLeast.applyAsLong(offset);
    if (acked >= replicas) {
      answer.complete(acked);
      return false;
    }
    AckWait wait = new AckWait(offset, replicas, answer, new long[] {-1});
    waits.add(wait);
    count = waits.size();
    if (timeoutMs > 0) {
      wait.timer()[0] = context.owner().setTimer(timeoutMs, id -> context.runOnContext(ignored -> {
        if (waits.remove(wait)) {
          count = waits.size();
          answer.complete(ackedAtLeast.applyAsLong(wait.offset()));
        }
      }));
    }
    return true;
  }

  /** After an acknowledgement: answers the waits it satisfies. */
  void answer() {
    waits.removeIf(wait -> {
      long acked = ackedAtLeast.applyAsLong(wait.offset());
      if (acked < wait.replicas()) {
        return false;
      }
      if (wait.timer()[0] >= 0) {
        context.owner().cancelTimer(wait.timer()[0]);
      }
      wait.answer().complete(acked);
      return true;
    });
    count = waits.size();
  }

  boolean any() {
    return count > 0;
  }
}
