package io.verdis.server;

import java.util.Locale;

/**
* Memory amounts as Redis writes them in redis.conf ({@code memtoull} and
* {@code rewriteConfigFormatMemory} in Redis 7): a byte count with an optional unit, where the
* single letters are powers of 1000 and the "b" forms powers of 1024.
*/
final class MemorySize {

  static final String NOT_A_MEMORY_VALUE = "argument must be a memory value";

  private static final long KB = 1024;
  private static final long MB = 1024 * KB;
  private static final long GB = 1024 * MB;

  private MemorySize() {
  }

  /**
  * Bytes in {@code 100}, {@code 100b}, {@code 1k} (1000), {@code 1kb} (1024), {@code 1m},
  * {@code 1mb}, {@code 1g}, {@code 1gb}; units are case-insensitive. Like Redis, a missing
  * number counts as 0 ({@code mb} is 0 bytes); negative numbers and overflow are rejected.
  */
  static long parse(String text) throws InvalidValueException {
    int digitsEnd = 0;
    while (digitsEnd < text.length() && text.charAt(digitsEnd) >= '0' && text.charAt(digitsEnd) <= '9') {
      digitsEnd++;
    }
    long unit = unit(text.substring(digitsEnd).toLowerCase(Locale.ROOT));
    if (digitsEnd == 0) {
      return 0;
    }
    try {
      return Math.multiplyExact(Long.parseLong(text.substring(0, digitsEnd)), unit);
    } catch (ArithmeticException | NumberFormatException overflow) {
      throw new InvalidValueException(NOT_A_MEMORY_VALUE);
    }
  }

  /** The shortest exact form for a config file: {@code 512mb} rather than 536870912. */
  static String format(long bytes) {
    if (bytes != 0 && bytes % GB == 0) {
      return bytes / GB + "gb";
    } else if (bytes != 0 && bytes % MB == 0) {
      return bytes / MB + "mb";
    } else if (bytes != 0 && bytes % KB == 0) {
      return bytes / KB + "kb";
    }
    return Long.toString(bytes);
  }

  private static long unit(String suffix) throws InvalidValueException {
    return switch (suffix) {
      case "", "b" -> 1;
      case "k" -> 1000;
      case "kb" -> KB;
      case "m" -> 1000 * 1000;
      case "mb" -> MB;
      case "g" -> 1000L * 1000 * 1000;
      case "gb" -> GB;
      default -> throw new InvalidValueException(NOT_A_MEMORY_VALUE);
    };
  }
}
