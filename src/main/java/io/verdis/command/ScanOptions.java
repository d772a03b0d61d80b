package io.verdis.command;

import io.verdis.net.RespWriter;

import java.util.List;

/**
 * The arguments of SCAN, SSCAN, HSCAN and ZSCAN, read as Redis's scanGenericCommand reads them.
 * The cursor is parsed first and the options only after the key was looked up: Redis answers an
 * empty scan for a missing key whatever the options, and WRONGTYPE before a syntax error.
 *
 * @param count   COUNT, 10 by default
 * @param pattern MATCH, or null when absent or a lone {@code *} (which Redis does not even run)
 * @param type    TYPE (SCAN only), or null
 */
public record ScanOptions(long count, byte[] pattern, byte[] type) {

  /** The options in {@code c}'s arguments from {@code from} on; TYPE only where {@code typeAllowed}. */
  public static ScanOptions parse(KeyspaceCall c, int from, boolean typeAllowed) {
    long count = 10;
    byte[] pattern = null;
    byte[] type = null;
    for (int i = from; i < c.argc(); i += 2) {
      byte[] option = c.arg(i);
      boolean hasValue = i + 1 < c.argc();
      if (Args.is(option, "count") && hasValue) {
        count = Args.parseLong(c.arg(i + 1));
        if (count < 1) {
          throw new CommandException(Errors.SYNTAX);
        }
      } else if (Args.is(option, "match") && hasValue) {
        byte[] match = c.arg(i + 1);
        pattern = match.length == 1 && match[0] == '*' ? null : match;
      } else if (Args.is(option, "type") && typeAllowed && hasValue) {
        type = c.arg(i + 1);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return new ScanOptions(count, pattern, type);
  }

  /**
   * Redis's parseScanCursorOrReply: strtoul, so "+5", leading zeros and "-1" (wrapping to 2^64-1)
   * are accepted, an empty cursor is 0, and leading spaces, junk or overflow are refused.
   */
  public static long cursor(byte[] arg) {
    if (arg.length > 0 && isSpace(arg[0])) {
      throw new CommandException("ERR invalid cursor");
    }
    int i = arg.length > 0 && (arg[0] == '+' || arg[0] == '-') ? 1 : 0;
    int digits = i;
    long value = 0;
    for (; i < arg.length && arg[i] >= '0' && arg[i] <= '9'; i++) {
      long next = value * 10 + (arg[i] - '0');
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0 || Long.compareUnsigned(next, value * 10) < 0) {
        throw new CommandException("ERR invalid cursor");
      }
      value = next;
    }
    if (i == digits) {
      i = 0;
    }
    if (i < arg.length && arg[i] != 0) {
      throw new CommandException("ERR invalid cursor");
    }
    return arg.length > 0 && arg[0] == '-' ? -value : value;
  }

  /** A cursor as SCAN replies it: unsigned decimal. */
  public static byte[] format(long cursor) {
    return Args.bytes(Long.toUnsignedString(cursor));
  }

  /** A SCAN-family reply: the cursor to continue from (0 when done), then the elements found. */
  public static void reply(RespWriter reply, long next, List<byte[]> found) {
    reply.array(2);
    reply.bulk(format(next));
    reply.array(found.size());
    for (byte[] element : found) {
      reply.bulk(element);
    }
  }

  /** Whether {@code element} passes MATCH; no pattern (or a lone "*") passes everything. */
  public boolean matches(byte[] element) {
    return pattern == null || GlobPattern.matches(pattern, element, false);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}
