package io.verdis.command.strings;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;

import java.util.ArrayList;
import java.util.List;

/**
* LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN], as Redis 7.0's lcsCommand: the
* classic dynamic-programming table, walked back from its corner to build the common subsequence
* and, with IDX, its matching ranges (last first, as Redis emits them). Missing keys count as
* empty strings.
*/
final class Lcs {
  private static final String NOT_STRINGS = "ERR The specified keys must contain string values";
  private static final String LEN_AND_IDX = "ERR If you want both the length and indexes, please just use IDX.";
  private static final String OVER_BULK_LEN =
      "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
  private static final String NO_MEMORY = "ERR Insufficient memory, failed allocating transient memory for LCS";
  private static final byte[] EMPTY = new byte[0];

  private Lcs() {
  }

  /** One IDX range: where a run of matching bytes starts and ends in each string. */
  private record Match(int aStart, int aEnd, int bStart, int bEnd) {
    int length() {
      return aEnd - aStart + 1;
    }
  }

  static void lcs(KeyspaceCall c) {
    byte[] a = string(c.db().lookupRead(c.arg(1)));
    byte[] b = string(c.db().lookupRead(c.arg(2)));
    boolean getLen = false;
    boolean getIdx = false;
    boolean withMatchLen = false;
    long minMatchLen = 0;
    for (int j = 3; j < c.argc(); j++) {
      byte[] option = c.arg(j);
      boolean moreArgs = j < c.argc() - 1;
      if (Args.is(option, "idx")) {
        getIdx = true;
      } else if (Args.is(option, "len")) {
        getLen = true;
      } else if (Args.is(option, "withmatchlen")) {
        withMatchLen = true;
      } else if (Args.is(option, "minmatchlen") && moreArgs) {
        minMatchLen = Math.max(0, Args.parseLong(c.arg(++j)));
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (getIdx && getLen) {
      throw new CommandException(LEN_AND_IDX);
    }
    int[] table = table(a, b, c.server().config().protoMaxBulkLen());
    int columns = b.length + 1;
    int length = table[a.length * columns + b.length];
    if (getLen) {
      c.reply().integer(length);
      return;
    }
    byte[] result = new byte[length];
    List<Match> matches = walkBack(a, b, table, result, minMatchLen);
    if (!getIdx) {
      c.reply().bulk(result);
      return;
    }
    RespWriter reply = c.reply();
    reply.map(2);
    reply.bulk("matches");
    reply.array(matches.size());
    for (Match match : matches) {
      reply.array(withMatchLen ? 3 : 2);
      reply.array(2);
      reply.integer(match.aStart());
      reply.integer(match.aEnd());
      reply.array(2);
      reply.integer(match.bStart());
      reply.integer(match.bEnd());
      if (withMatchLen) {
        reply.integer(match.length());
      }
    }
    reply.bulk("len");
    reply.integer(length);
  }

  /** A key's string, "" when missing; Redis's own error (not WRONGTYPE) for another type. */
  private static byte[] string(Object value) {
    if (value == null) {
      return EMPTY;
    }
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    throw new CommandException(NOT_STRINGS);
  }

  /** LCS[i][j] = length of the LCS of a[0..i) and b[0..j), in one array of (|a|+1)(|b|+1) ints. */
  private static int[] table(byte[] a, byte[] b, long protoMaxBulkLen) {
    long cells = (long) (a.length + 1) * (b.length + 1);
    if (cells * Integer.BYTES > protoMaxBulkLen) {
      throw new CommandException(OVER_BULK_LEN);
    }
    if (cells > Integer.MAX_VALUE - 8) {
      throw new CommandException(NO_MEMORY);
    }
    int columns = b.length + 1;
    int[] lcs = new int[(int) cells];
    for (int i = 1; i <= a.length; i++) {
      int row = i * columns;
      int above = row - columns;
      for (int j = 1; j <= b.length; j++) {
        lcs[row + j] = a[i - 1] == b[j - 1]
            ? lcs[above + j - 1] + 1
            : Math.max(lcs[above + j], lcs[row + j - 1]);
      }
    }
    return lcs;
  }

  /**
  * Fills {@code result} from the end and returns the ranges of at least {@code minMatchLen}
  * bytes, following Redis's walk exactly (ties go left in b), so IDX gives the same ranges.
  */
  private static List<Match> walkBack(byte[] a, byte[] b, int[] lcs, byte[] result, long minMatchLen) {
    List<Match> matches = new ArrayList<>();
    int columns = b.length + 1;
    int idx = result.length;
    int none = a.length; // Redis's marker for "no range open"
    int aStart = none;
    int aEnd = 0;
    int bStart = 0;
    int bEnd = 0;
    int i = a.length;
    int j = b.length;
    while (i > 0 && j > 0) {
      boolean emit = false;
      if (a[i - 1] == b[j - 1]) {
        result[idx - 1] = a[i - 1];
        if (aStart == none) {
          aStart = i - 1;
          aEnd = i - 1;
          bStart = j - 1;
          bEnd = j - 1;
        } else if (aStart == i && bStart == j) {
          aStart--;
          bStart--;
        } else {
          emit = true;
        }
        if (aStart == 0 || bStart == 0) {
          emit = true;
        }
        idx--;
        i--;
        j--;
      } else {
        if (lcs[(i - 1) * columns + j] > lcs[i * columns + j - 1]) {
          i--;
        } else {
          j--;
        }
        if (aStart != none) {
          emit = true;
        }
      }
      if (emit) {
        Match match = new Match(aStart, aEnd, bStart, bEnd);
        if (minMatchLen == 0 || match.length() >= minMatchLen) {
          matches.add(match);
        }
        aStart = none;
      }
    }
    return matches;
  }
}
