package io.verdis.shard;

import java.util.concurrent.ThreadLocalRandom;

/**
 * lfu-log-factor and lfu-decay-time, in force while the maxmemory-policy is an LFU one. Keys then
 * keep, in place of their last access time, Redis's LFU data (redis/src/evict.c): the minute of
 * the last decrement (16 bits) and a logarithmic access counter (8 bits), which an access raises
 * with a probability that shrinks as it grows and which loses one for every {@code decayTime}
 * minutes without access.
 */
public record LfuSettings(int logFactor, int decayTime) {
  /** A new key's counter (Redis's LFU_INIT_VAL): a fresh key is not evicted before it had a chance. */
  static final int INITIAL_COUNTER = 5;
  private static final int MAX_COUNTER = 255;

  /** The LFU data of a key created at {@code minutes}. */
  static int fresh(int minutes) {
    return minutes << 8 | INITIAL_COUNTER;
  }

  /** The LFU data of a key given {@code counter} at {@code minutes} (RESTORE … FREQ). */
  static int withCounter(int minutes, int counter) {
    return minutes << 8 | counter;
  }

  /** Redis's LFUDecrAndReturn: the counter of {@code data} after the decay since its minute. */
  int counter(int data, int minutes) {
    int counter = data & MAX_COUNTER;
    int periods = decayTime == 0 ? 0 : elapsed(data >>> 8 & 0xFFFF, minutes) / decayTime;
    return periods > counter ? 0 : counter - periods;
  }

  /** Redis's updateLFU: the data after one more access at {@code minutes}. */
  int accessed(int data, int minutes) {
    int counter = counter(data, minutes);
    if (counter < MAX_COUNTER) {
      double base = Math.max(0, counter - INITIAL_COUNTER);
      if (ThreadLocalRandom.current().nextDouble() < 1.0 / (base * logFactor + 1)) {
        counter++;
      }
    }
    return withCounter(minutes, counter);
  }

  /** Minutes from {@code then} to {@code now} on Redis's 16-bit minute clock, which wraps. */
  private static int elapsed(int then, int now) {
    return now >= then ? now - then : 65535 - then + now;
  }
}
