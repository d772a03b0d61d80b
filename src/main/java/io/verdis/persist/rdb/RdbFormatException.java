package io.verdis.persist.rdb;

import java.io.IOException;

/** An RDB file that is corrupt, truncated or uses something this codec cannot load. */
public final class RdbFormatException extends IOException {
  private final long offset;
  private final String problem;

  public RdbFormatException(long offset, String problem) {
    super("RDB at byte offset " + offset + ": " + problem);
    this.offset = offset;
    this.problem = problem;
  }

  /** The bytes of a key or value for a message: printable ASCII as is, the rest as \xHH, cut at 64 bytes. */
  static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    int shown = Math.min(bytes.length, 64);
    for (int i = 0; i < shown; i++) {
      int b = bytes[i] & 0xff;
      if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02x", b));
      }
    }
    if (shown < bytes.length) {
      text.append("…(").append(bytes.length).append(" bytes)");
    }
    return text.toString();
  }

  /** Byte offset from the start of the file (the "R" of "REDIS") where the problem was found. */
  public long offset() {
    return offset;
  }

  /** What was wrong, without the offset. */
  public String problem() {
    return problem;
  }
}
