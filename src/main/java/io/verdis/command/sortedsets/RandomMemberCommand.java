package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.types.SortedSetValue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZRANDMEMBER key [count [WITHSCORES]] (Redis's zrandmemberCommand): a positive count gives
 * distinct members, a negative one may repeat them. Members are drawn by random rank, each with
 * the same chance.
 */
final class RandomMemberCommand {
  /** Beyond this many elements a reply could not be built; Redis would try, and run out of memory. */
  private static final long MAX_REPLY = Integer.MAX_VALUE / 4;

  private RandomMemberCommand() {
  }

  static void zrandmember(KeyspaceCall c) {
    if (c.argc() < 3) {
      SortedSetValue z = SortedSetCommands.read(c, c.arg(1));
      if (z == null) {
        c.reply().nullBulk();
      } else {
        c.reply().bulk(z.memberOf(z.atRank(ThreadLocalRandom.current().nextInt(z.size()))));
      }
      return;
    }
    long count = Args.parseLong(c.arg(2));
    if (count == Long.MIN_VALUE) {
      throw new CommandException("ERR value is out of range, value must between " + -Long.MAX_VALUE + " and "
          + Long.MAX_VALUE);
    }
    if (c.argc() > 4 || (c.argc() == 4 && !Args.is(c.arg(3), "withscores"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    boolean withScores = c.argc() == 4;
    if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
      throw new CommandException("ERR value is out of range");
    }
    withCount(c, count, withScores);
  }

  private static void withCount(KeyspaceCall c, long requested, boolean withScores) {
    SortedSetValue z = SortedSetCommands.read(c, c.arg(1));
    if (z == null || requested == 0) {
      c.reply().array(0);
      return;
    }
    ScoredReply shape = ScoredReply.of(c.reply(), withScores);
    int size = z.size();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (requested < 0 || requested == 1) {
      long count = Math.abs(requested);
      if (count > MAX_REPLY) {
        throw new CommandException("ERR value is out of range");
      }
      shape.header(c.reply(), (int) count);
      for (long i = 0; i < count; i++) {
        int node = z.atRank(random.nextInt(size));
        shape.element(c.reply(), z.memberOf(node), z.scoreOf(node));
      }
      return;
    }
    if (requested >= size) {
      // Redis walks the whole set from its tail.
      shape.header(c.reply(), size);
      for (int node = z.atRank(size - 1); node != SortedSetValue.NONE; node = z.prev(node)) {
        shape.element(c.reply(), z.memberOf(node), z.scoreOf(node));
      }
      return;
    }
    int count = (int) requested;
    shape.header(c.reply(), count);
    for (int rank : distinctRanks(count, size, random)) {
      int node = z.atRank(rank);
      shape.element(c.reply(), z.memberOf(node), z.scoreOf(node));
    }
  }

  /** {@code count} distinct ranks below {@code size}, in random order. */
  private static int[] distinctRanks(int count, int size, ThreadLocalRandom random) {
    int[] ranks = new int[count];
    if (count * 3L > size) {
      // Most of the set: shuffle all ranks partially (Redis copies the set and drops random ones).
      int[] all = new int[size];
      for (int i = 0; i < size; i++) {
        all[i] = i;
      }
      for (int i = 0; i < count; i++) {
        int j = i + random.nextInt(size - i);
        int swap = all[i];
        all[i] = all[j];
        all[j] = swap;
      }
      System.arraycopy(all, 0, ranks, 0, count);
      return ranks;
    }
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < count; ) {
      int rank = random.nextInt(size);
      if (seen.add(rank)) {
        ranks[i++] = rank;
      }
    }
    return ranks;
  }
}
