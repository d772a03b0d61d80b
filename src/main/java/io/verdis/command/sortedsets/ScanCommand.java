package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.ScanOptions;
import io.verdis.net.DoubleText;
import io.verdis.net.RespWriter;
import io.verdis.types.SortedSetValue;

import java.util.ArrayList;
import java.util.List;

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count] (Redis's scanGenericCommand on a sorted set):
 * member and score pairs, the scores as strings. A listpack comes whole in one call with cursor
 * 0; a skip list is walked through its member index.
 */
final class ScanCommand {
  /** Redis keeps an integral score in a listpack as an integer (within ±2^62) and ZSCAN prints that. */
  private static final double LISTPACK_INTEGERS = (double) (Long.MAX_VALUE / 2);

  private ScanCommand() {
  }

  /** The cursor is checked before the key, the options after it (a missing key ignores them). */
  static void zscan(KeyspaceCall c) {
    long cursor = ScanOptions.cursor(c.arg(2));
    SortedSetValue z = SortedSetCommands.read(c, c.arg(1));
    RespWriter reply = c.reply();
    if (z == null) {
      ScanOptions.reply(reply, 0, List.of());
      return;
    }
    ScanOptions options = ScanOptions.parse(c, 3, false);
    List<byte[]> found = new ArrayList<>();
    boolean listpack = z.isListpack();
    // Redis stops once its reply list (two entries per element) reaches COUNT.
    int wanted = (int) Math.min((options.count() + 1) / 2, Integer.MAX_VALUE / 10);
    long next = z.scan(cursor, wanted, node -> {
      byte[] member = z.memberOf(node);
      if (options.matches(member)) {
        found.add(member);
        found.add(scoreText(z.scoreOf(node), listpack));
      }
    });
    ScanOptions.reply(reply, next, found);
  }

  private static byte[] scoreText(double score, boolean listpack) {
    if (listpack && score == Math.rint(score) && Math.abs(score) <= LISTPACK_INTEGERS) {
      return Args.bytes((long) score);
    }
    return DoubleText.format(score);
  }
}
