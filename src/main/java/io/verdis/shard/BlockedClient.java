package io.verdis.shard;

import io.verdis.command.CommandSpec;
import io.verdis.net.RespWriter;
import io.verdis.types.ListValue;
import io.verdis.types.SortedSetValue;
import io.verdis.types.stream.StreamValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A client waiting in a blocking command (BLPOP, BZPOPMIN …) for one of its keys to get a value.
 * It may wait on keys of several shards at once; whoever finishes it first (a shard serving it,
 * its timeout, CLIENT UNBLOCK, its disconnection) wins {@link #finish()}, so it is answered exactly
 * once and takes exactly one element. The command is the only one of its batch.
 */
public final class BlockedClient {
  /** Where one awaited key lives. */
  record AwaitedKey(int shard, byte[] key) {
  }

  private final CommandBatch batch;
  private final long deadlineMs;
  private final boolean retryOnWake;
  private final List<AwaitedKey> keys = new ArrayList<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean retry;
  private volatile boolean abandoned;

  BlockedClient(CommandBatch batch, long deadlineMs, boolean retryOnWake) {
    this.batch = batch;
    this.deadlineMs = deadlineMs;
    this.retryOnWake = retryOnWake;
  }

  CommandBatch batch() {
    return batch;
  }

  CommandSpec spec() {
    return batch.spec(0);
  }

  int db() {
    return batch.db(0);
  }

  void awaits(int shard, byte[] key) {
    keys.add(new AwaitedKey(shard, key));
  }

  List<AwaitedKey> keys() {
    return keys;
  }

  /** Whether it waits on a key of {@code shard} (so that shard must forget it once it is answered). */
  public boolean waitsIn(int shard) {
    for (AwaitedKey key : keys) {
      if (key.shard() == shard) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether, when woken, the command must run again through its connection rather than on the
   * waking shard: it also writes keys of another shard (BLMOVE to a destination elsewhere).
   */
  boolean retryOnWake() {
    return retryOnWake;
  }

  /**
   * Whether the key now holding {@code value} (null: gone) is to run this command again: when it holds
   * what the command takes (a sorted set for BZPOPMIN and the like, a stream for XREAD, else a list),
   * and for XREADGROUP also when the stream went, which it answers with Redis's UNBLOCKED error.
   */
  boolean wakesOn(Object value) {
    return switch (spec().doc().group()) {
      case "sorted-set" -> value instanceof SortedSetValue;
      case "stream" -> value instanceof StreamValue || spec().fullName().equals("xreadgroup");
      default -> value instanceof ListValue;
    };
  }

  /**
   * Whether, when this client gets nothing from a key, the clients queued after it wait too: true for
   * list and sorted-set pops (they all want the same elements), false for stream reads (each wants
   * entries past its own id, or its own group's).
   */
  boolean holdsQueue() {
    return !"stream".equals(spec().doc().group());
  }

  /** Absolute deadline in ms, 0 for none. */
  public long deadlineMs() {
    return deadlineMs;
  }

  /** True for exactly one caller: the one that answers the client. */
  public boolean finish() {
    return finished.compareAndSet(false, true);
  }

  public boolean finished() {
    return finished.get();
  }

  /**
   * A shard that won {@link #finish} found nothing to give after all and keeps the client waiting.
   * A timeout that fired meanwhile lost the race and did nothing, so a past deadline is honoured here.
   */
  void unfinish() {
    if (abandoned || (deadlineMs != 0 && System.currentTimeMillis() >= deadlineMs)) {
      timeOut();
      return;
    }
    finished.set(false);
    if (abandoned && finish()) {
      // Abandoned between the check and the release, whose finish() lost: end the wait here.
      timeOut();
    }
  }

  /**
   * The client went away: true when the caller won {@link #finish} and must end the wait itself.
   * A shard that holds it meanwhile (trying to serve it) then answers it rather than keep it
   * waiting (see {@link #unfinish}), since nothing else would ever end the wait.
   */
  public boolean abandon() {
    abandoned = true;
    return finish();
  }

  /**
   * After winning {@link #finish}: the timeout reply, a null array for every blocking command (BLMOVE
   * too: Redis's replyToBlockedClientTimedOut; only inside MULTI does BLMOVE answer a null bulk).
   */
  public void timeOut() {
    answer(RespWriter::nullArray);
  }

  /** After winning {@link #finish}: an error reply (CLIENT UNBLOCK … ERROR). */
  public void fail(String message) {
    answer(reply -> reply.error(message));
  }

  /** After winning {@link #finish}: the connection is to run the command again from the start. */
  void wakeForRetry() {
    retry = true;
    batch.executed();
  }

  /** Whether the connection must run the command again (see {@link #wakeForRetry}). */
  public boolean retryRequested() {
    return retry;
  }

  private void answer(Consumer<RespWriter> write) {
    RespWriter reply = batch.replies();
    reply.protocol(batch.protocol(0));
    write.accept(reply);
    batch.replyWritten(0);
    batch.executed();
  }
}
