package io.verdis.command.sortedsets;

import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.types.SortedSetValue;
import io.verdis.types.ZsetLimits;

import static io.verdis.command.CommandFlag.BLOCKING;
import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * The sorted-set family (Redis's t_zset.c). This class holds the single-member commands and the
 * family's registration; ranges, pops, the set operations, ZRANDMEMBER and ZSCAN have their own
 * classes. Scores go out as Redis 7.0 prints them ({@link RespWriter#doubleValue}).
 */
public final class SortedSetCommands {
  private static final String GROUP = "sorted-set";

  private SortedSetCommands() {
  }

  /** The sorted set at {@code key} for reading, null when absent, WRONGTYPE for another type. */
  public static SortedSetValue read(KeyspaceCall c, byte[] key) {
    return Types.as(c.db().lookupRead(key), SortedSetValue.class);
  }

  /** The sorted set at {@code key} to change in place (see io.verdis.shard.Database#lookupWrite), or null. */
  static SortedSetValue write(KeyspaceCall c, byte[] key) {
    return Types.as(c.db().lookupWrite(key), SortedSetValue.class);
  }

  /**
   * After {@code event} removed {@code removed} elements in place: publishes it and reports the
   * change, deleting the key once empty ("del" after the event).
   */
  static void removed(KeyspaceCall c, byte[] key, SortedSetValue z, int removed, String event) {
    if (removed == 0) {
      return;
    }
    c.notify(NotifyType.ZSET, event, key);
    if (z.size() == 0) {
      c.db().delete(key);
      c.notify(NotifyType.GENERIC, "del", key);
    } else {
      c.db().changed(key, removed);
    }
  }

  static void zadd(KeyspaceCall c) {
    add(c, ZAddOptions.parse(c));
  }

  static void zincrby(KeyspaceCall c) {
    add(c, ZAddOptions.ZINCRBY);
  }

  /** Redis's zaddGenericCommand: every score is checked before anything changes. */
  private static void add(KeyspaceCall c, ZAddOptions options) {
    int pairs = options.pairs(c);
    int at = options.scoreIndex();
    double[] scores = new double[pairs];
    byte[][] members = new byte[pairs][];
    for (int j = 0; j < pairs; j++) {
      scores[j] = Strtod.parseWhole(c.arg(at + 2 * j), Errors.NOT_FLOAT);
      members[j] = c.arg(at + 1 + 2 * j);
    }
    add(c, options, scores, members);
  }

  /**
   * ZADD's work once its arguments are checked: also GEOADD's, which Redis turns into a ZADD of
   * geohash scores (so it raises "zadd" too).
   */
  public static void add(KeyspaceCall c, ZAddOptions options, double[] scores, byte[][] members) {
    int pairs = scores.length;
    ZsetLimits limits = c.server().config().zsetLimits();
    byte[] key = c.arg(1);
    SortedSetValue z = write(c, key);
    boolean created = z == null;
    if (created) {
      if (options.xx()) {
        replyAdded(c, options, 0, 0, false, 0);
        return;
      }
      // Redis 7.0 starts a listpack unless the first member is too long; more pairs convert it later.
      z = SortedSetValue.sized((int) Math.min(pairs, limits.maxEntries()), members[0].length, limits);
    }
    int added = 0;
    int updated = 0;
    boolean processed = false;
    double last = 0;
    for (int j = 0; j < pairs; j++) {
      byte[] member = members[j];
      double score = scores[j];
      double current = z.score(member);
      if (Double.isNaN(current)) {
        if (!options.xx()) {
          z.insert(member, score, limits);
          added++;
          processed = true;
          last = score;
        }
        continue;
      }
      if (options.nx()) {
        continue;
      }
      if (options.incr()) {
        score += current;
        if (Double.isNaN(score)) {
          throw new CommandException("ERR resulting score is not a number (NaN)");
        }
      }
      if ((options.lt() && score >= current) || (options.gt() && score <= current)) {
        continue;
      }
      processed = true;
      last = score;
      // -0 and 0 compare equal: like Redis, the stored score keeps its sign then.
      if (score != current) {
        z.update(member, score);
        updated++;
      }
    }
    if (created) {
      c.db().set(key, z);
    } else if (added + updated > 0) {
      c.db().changed(key, added + updated);
    }
    if (added + updated > 0) {
      c.notify(NotifyType.ZSET, options.incr() ? "zincr" : "zadd", key);
    }
    replyAdded(c, options, added, updated, processed, last);
  }

  private static void replyAdded(KeyspaceCall c, ZAddOptions options, int added, int updated, boolean processed,
      double score) {
    if (!options.incr()) {
      c.reply().integer(options.ch() ? added + updated : added);
    } else if (processed) {
      c.reply().doubleValue(score);
    } else {
      c.reply().nullBulk();
    }
  }

  static void zrem(KeyspaceCall c) {
    byte[] key = c.arg(1);
    SortedSetValue z = write(c, key);
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    int deleted = 0;
    for (int j = 2; j < c.argc() && z.size() > 0; j++) {
      if (z.remove(c.arg(j))) {
        deleted++;
      }
    }
    removed(c, key, z, deleted, "zrem");
    c.reply().integer(deleted);
  }

  static void zscore(KeyspaceCall c) {
    SortedSetValue z = read(c, c.arg(1));
    replyScore(c.reply(), z == null ? Double.NaN : z.score(c.arg(2)));
  }

  static void zmscore(KeyspaceCall c) {
    SortedSetValue z = read(c, c.arg(1));
    c.reply().array(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      replyScore(c.reply(), z == null ? Double.NaN : z.score(c.arg(j)));
    }
  }

  /** A score, or nil for NaN (absent). */
  private static void replyScore(RespWriter reply, double score) {
    if (Double.isNaN(score)) {
      reply.nullBulk();
    } else {
      reply.doubleValue(score);
    }
  }

  static void zcard(KeyspaceCall c) {
    SortedSetValue z = read(c, c.arg(1));
    c.reply().integer(z == null ? 0 : z.size());
  }

  static void zcount(KeyspaceCall c) {
    ScoreRange range = ScoreRange.parse(c.arg(2), c.arg(3));
    SortedSetValue z = read(c, c.arg(1));
    c.reply().integer(z == null ? 0 : range.count(z));
  }

  static void zlexcount(KeyspaceCall c) {
    LexRange range = LexRange.parse(c.arg(2), c.arg(3));
    SortedSetValue z = read(c, c.arg(1));
    c.reply().integer(z == null ? 0 : range.count(z));
  }

  static void zrank(KeyspaceCall c) {
    rank(c, false);
  }

  static void zrevrank(KeyspaceCall c) {
    rank(c, true);
  }

  private static void rank(KeyspaceCall c, boolean reverse) {
    SortedSetValue z = read(c, c.arg(1));
    int rank = z == null ? -1 : z.rank(c.arg(2));
    if (rank < 0) {
      c.reply().nullBulk();
    } else {
      c.reply().integer(reverse ? z.size() - 1 - rank : rank);
    }
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    String logN = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements";
    String byLimit = " If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).";
    table
        .add(CommandSpec.keyspace("zadd", -4, key, SortedSetCommands::zadd).flags(WRITE, DENYOOM, FAST)
            .doc("Add one or more members to a sorted set, or update its score if it already exists", "1.2.0", GROUP,
                "O(log(N)) for each item added, where N is the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("zincrby", 4, key, SortedSetCommands::zincrby).flags(WRITE, DENYOOM, FAST)
            .doc("Increment the score of a member in a sorted set", "1.2.0", GROUP,
                "O(log(N)) where N is the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("zrem", -3, key, SortedSetCommands::zrem).flags(WRITE, FAST)
            .doc("Remove one or more members from a sorted set", "1.2.0", GROUP,
                "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed."))
        .add(CommandSpec.keyspace("zscore", 3, key, SortedSetCommands::zscore).flags(READONLY, FAST)
            .doc("Get the score associated with the given member in a sorted set", "1.2.0", GROUP, "O(1)"))
        .add(CommandSpec.keyspace("zmscore", -3, key, SortedSetCommands::zmscore).flags(READONLY, FAST)
            .doc("Get the score associated with the given members in a sorted set", "6.2.0", GROUP,
                "O(N) where N is the number of members being requested."))
        .add(CommandSpec.keyspace("zcard", 2, key, SortedSetCommands::zcard).flags(READONLY, FAST)
            .doc("Get the number of members in a sorted set", "1.2.0", GROUP, "O(1)"))
        .add(CommandSpec.keyspace("zcount", 4, key, SortedSetCommands::zcount).flags(READONLY, FAST)
            .doc("Count the members in a sorted set with scores within the given values", "2.0.0", GROUP,
                "O(log(N)) with N being the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("zlexcount", 4, key, SortedSetCommands::zlexcount).flags(READONLY, FAST)
            .doc("Count the number of members in a sorted set between a given lexicographical range", "2.8.9", GROUP,
                "O(log(N)) with N being the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("zrank", 3, key, SortedSetCommands::zrank).flags(READONLY, FAST)
            .doc("Determine the index of a member in a sorted set", "2.0.0", GROUP, "O(log(N))"))
        .add(CommandSpec.keyspace("zrevrank", 3, key, SortedSetCommands::zrevrank).flags(READONLY, FAST)
            .doc("Determine the index of a member in a sorted set, with scores ordered from high to low", "2.0.0", GROUP,
                "O(log(N))"))
        .add(CommandSpec.keyspace("zrange", -4, key, RangeCommands::zrange).flags(READONLY)
            .doc("Return a range of members in a sorted set", "1.2.0", GROUP, logN + " returned."))
        .add(CommandSpec.keyspace("zrangestore", -5, new KeySpec(1, 2, 1), RangeCommands::zrangestore)
            .flags(WRITE, DENYOOM)
            .doc("Store a range of members from sorted set into another key", "6.2.0", GROUP,
                logN + " stored into the destination key."))
        .add(CommandSpec.keyspace("zrevrange", -4, key, RangeCommands::zrevrange).flags(READONLY)
            .doc("Return a range of members in a sorted set, by index, with scores ordered from high to low", "1.2.0",
                GROUP, logN + " returned."))
        .add(CommandSpec.keyspace("zrangebyscore", -4, key, RangeCommands::zrangebyscore).flags(READONLY)
            .doc("Return a range of members in a sorted set, by score", "1.0.5", GROUP, logN + " being returned." + byLimit))
        .add(CommandSpec.keyspace("zrevrangebyscore", -4, key, RangeCommands::zrevrangebyscore).flags(READONLY)
            .doc("Return a range of members in a sorted set, by score, with scores ordered from high to low", "2.2.0",
                GROUP, logN + " being returned." + byLimit))
        .add(CommandSpec.keyspace("zrangebylex", -4, key, RangeCommands::zrangebylex).flags(READONLY)
            .doc("Return a range of members in a sorted set, by lexicographical range", "2.8.9", GROUP,
                logN + " being returned." + byLimit))
        .add(CommandSpec.keyspace("zrevrangebylex", -4, key, RangeCommands::zrevrangebylex).flags(READONLY)
            .doc("Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
                "2.8.9", GROUP, logN + " being returned." + byLimit))
        .add(CommandSpec.keyspace("zremrangebyscore", 4, key, RangeCommands::zremrangebyscore).flags(WRITE)
            .doc("Remove all members in a sorted set within the given scores", "1.2.0", GROUP,
                logN + " removed by the operation."))
        .add(CommandSpec.keyspace("zremrangebyrank", 4, key, RangeCommands::zremrangebyrank).flags(WRITE)
            .doc("Remove all members in a sorted set within the given indexes", "2.0.0", GROUP,
                logN + " removed by the operation."))
        .add(CommandSpec.keyspace("zremrangebylex", 4, key, RangeCommands::zremrangebylex).flags(WRITE)
            .doc("Remove all members in a sorted set between the given lexicographical range", "2.8.9", GROUP,
                logN + " removed by the operation."))
        .add(CommandSpec.keyspace("zpopmin", -2, key, PopCommands::zpopmin).flags(WRITE, FAST)
            .doc("Remove and return members with the lowest scores in a sorted set", "5.0.0", GROUP,
                "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."))
        .add(CommandSpec.keyspace("zpopmax", -2, key, PopCommands::zpopmax).flags(WRITE, FAST)
            .doc("Remove and return members with the highest scores in a sorted set", "5.0.0", GROUP,
                "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."))
        .add(CommandSpec.keyspace("bzpopmin", -3, new KeySpec(1, -2, 1), PopCommands::bzpopmin)
            .flags(WRITE, NOSCRIPT, BLOCKING, FAST)
            .doc("Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
                "5.0.0", GROUP, "O(log(N)) with N being the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("bzpopmax", -3, new KeySpec(1, -2, 1), PopCommands::bzpopmax)
            .flags(WRITE, NOSCRIPT, BLOCKING, FAST)
            .doc("Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
                "5.0.0", GROUP, "O(log(N)) with N being the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("zmpop", -4, KeySpec.numkeys(0, 1), PopCommands::zmpop).flags(WRITE)
            .doc("Remove and return members with scores in a sorted set", "7.0.0", GROUP,
                "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, "
                    + "and M being the number of elements popped."))
        .add(CommandSpec.keyspace("bzmpop", -5, KeySpec.numkeys(0, 2), PopCommands::bzmpop).flags(WRITE, BLOCKING)
            .doc("Remove and return members with scores in a sorted set or block until one is available", "7.0.0", GROUP,
                "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, "
                    + "and M being the number of elements popped."))
        .add(CommandSpec.keyspace("zunion", -3, KeySpec.numkeys(0, 1), SetOperationCommands::zunion).flags(READONLY)
            .doc("Add multiple sorted sets", "6.2.0", GROUP,
                "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of "
                    + "elements in the resulting sorted set."))
        .add(CommandSpec.keyspace("zinter", -3, KeySpec.numkeys(0, 1), SetOperationCommands::zinter).flags(READONLY)
            .doc("Intersect multiple sorted sets", "6.2.0", GROUP,
                "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input "
                    + "sorted sets and M being the number of elements in the resulting sorted set."))
        .add(CommandSpec.keyspace("zdiff", -3, KeySpec.numkeys(0, 1), SetOperationCommands::zdiff).flags(READONLY)
            .doc("Subtract multiple sorted sets", "6.2.0", GROUP,
                "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of "
                    + "the first set, and K is the size of the result set."))
        .add(CommandSpec.keyspace("zunionstore", -4, KeySpec.numkeys(1, 2), SetOperationCommands::zunionstore)
            .flags(WRITE, DENYOOM)
            .doc("Add multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", GROUP,
                "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of "
                    + "elements in the resulting sorted set."))
        .add(CommandSpec.keyspace("zinterstore", -4, KeySpec.numkeys(1, 2), SetOperationCommands::zinterstore)
            .flags(WRITE, DENYOOM)
            .doc("Intersect multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", GROUP,
                "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input "
                    + "sorted sets and M being the number of elements in the resulting sorted set."))
        .add(CommandSpec.keyspace("zdiffstore", -4, KeySpec.numkeys(1, 2), SetOperationCommands::zdiffstore)
            .flags(WRITE, DENYOOM)
            .doc("Subtract multiple sorted sets and store the resulting sorted set in a new key", "6.2.0", GROUP,
                "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of "
                    + "the first set, and K is the size of the result set."))
        .add(CommandSpec.keyspace("zintercard", -3, KeySpec.numkeys(0, 1), SetOperationCommands::zintercard)
            .flags(READONLY)
            .doc("Intersect multiple sorted sets and return the cardinality of the result", "7.0.0", GROUP,
                "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets."))
        .add(CommandSpec.keyspace("zrandmember", -2, key, RandomMemberCommand::zrandmember).flags(READONLY)
            .doc("Get one or multiple random elements from a sorted set", "6.2.0", GROUP,
                "O(N) where N is the number of elements returned"))
        .add(CommandSpec.keyspace("zscan", -3, key, ScanCommand::zscan).flags(READONLY)
            .doc("Incrementally iterate sorted sets elements and associated scores", "2.8.0", GROUP,
                "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to "
                    + "return back to 0. N is the number of elements inside the collection.."));
  }
}
