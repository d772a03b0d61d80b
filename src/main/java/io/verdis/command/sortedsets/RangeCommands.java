package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.sortedsets.RangeRequest.By;
import io.verdis.command.sortedsets.RangeRequest.Slice;
import io.verdis.pubsub.NotifyType;
import io.verdis.types.SortedSetValue;
import io.verdis.types.ZsetLimits;

import java.util.function.Function;

/**
 * ZRANGE in all its forms (Redis's zrangeGenericCommand: one parser, one walk over the selected
 * ranks, replying or storing) and the ZREMRANGEBY* commands, which select the same ways.
 */
final class RangeCommands {
  private RangeCommands() {
  }

  static void zrange(KeyspaceCall c) {
    range(c, null, 1, null, null);
  }

  static void zrangestore(KeyspaceCall c) {
    range(c, c.arg(1), 2, null, null);
  }

  static void zrevrange(KeyspaceCall c) {
    range(c, null, 1, By.RANK, true);
  }

  static void zrangebyscore(KeyspaceCall c) {
    range(c, null, 1, By.SCORE, false);
  }

  static void zrevrangebyscore(KeyspaceCall c) {
    range(c, null, 1, By.SCORE, true);
  }

  static void zrangebylex(KeyspaceCall c) {
    range(c, null, 1, By.LEX, false);
  }

  static void zrevrangebylex(KeyspaceCall c) {
    range(c, null, 1, By.LEX, true);
  }

  /** @param destination ZRANGESTORE's destination, null to reply with the elements */
  private static void range(KeyspaceCall c, byte[] destination, int keyAt, By by, Boolean reverse) {
    RangeRequest request = RangeRequest.parse(c, keyAt, by, reverse, destination != null);
    SortedSetValue z = SortedSetCommands.read(c, c.arg(keyAt));
    Slice slice = z == null ? Slice.EMPTY : request.slice(z);
    if (destination != null) {
      store(c, destination, z, slice);
      return;
    }
    ScoredReply shape = ScoredReply.of(c.reply(), request.withScores());
    shape.header(c.reply(), slice.count());
    if (slice.count() > 0) {
      slice.forEach(z, (member, score) -> shape.element(c.reply(), member, score));
    }
  }

  /** ZRANGESTORE: the destination gets the slice, or is deleted when it is empty. */
  private static void store(KeyspaceCall c, byte[] destination, SortedSetValue z, Slice slice) {
    if (slice.count() == 0) {
      if (c.db().delete(destination)) {
        c.notify(NotifyType.GENERIC, "del", destination);
      }
      c.reply().integer(0);
      return;
    }
    ZsetLimits limits = c.server().config().zsetLimits();
    SortedSetValue stored = SortedSetValue.sized(slice.count(), 0, limits);
    slice.forEach(z, (member, score) -> stored.insert(member, score, limits));
    c.db().set(destination, stored);
    c.notify(NotifyType.ZSET, "zrangestore", destination);
    c.reply().integer(stored.size());
  }

  static void zremrangebyrank(KeyspaceCall c) {
    long start = Args.parseLong(c.arg(2));
    long end = Args.parseLong(c.arg(3));
    removeRange(c, "zremrangebyrank", z -> Slice.ofRanks(start, end, z.size(), false));
  }

  static void zremrangebyscore(KeyspaceCall c) {
    ScoreRange range = ScoreRange.parse(c.arg(2), c.arg(3));
    removeRange(c, "zremrangebyscore", z -> new Slice(range.start(z), range.count(z), false));
  }

  static void zremrangebylex(KeyspaceCall c) {
    LexRange range = LexRange.parse(c.arg(2), c.arg(3));
    removeRange(c, "zremrangebylex", z -> new Slice(range.start(z), range.count(z), false));
  }

  private static void removeRange(KeyspaceCall c, String event, Function<SortedSetValue, Slice> select) {
    byte[] key = c.arg(1);
    SortedSetValue z = SortedSetCommands.write(c, key);
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    Slice slice = select.apply(z);
    int removed = slice.count() == 0 ? 0 : z.removeRange(slice.first(), slice.count());
    SortedSetCommands.removed(c, key, z, removed, event);
    c.reply().integer(removed);
  }
}
