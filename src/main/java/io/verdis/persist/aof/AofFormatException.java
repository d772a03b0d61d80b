package io.verdis.persist.aof;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A record that is not valid RESP, or a file that ends inside a record. The reason is worded as
 * redis-check-aof words it ("Expected prefix '$', got: 'x'", "Expected \r\n, got: 0d58", "Expected
 * to read 6 bytes, got 2 bytes").
 */
public final class AofFormatException extends IOException {
  /** Where the fault lies; check-aof reports each kind differently, as Redis does. */
  enum Fault {
    /** The record starts with neither '*' nor '#'. */
    RECORD_START,
    /** The file ends where a header line should start (Redis reports nothing more). */
    END_BEFORE_LINE,
    /** Anything inside a record or annotation. */
    INSIDE
  }

  private final Path file;
  private final long offset;
  private final long errorOffset;
  private final boolean truncated;
  private final String reason;
  private final Fault fault;
  private final int linesParsed;

  AofFormatException(Path file, long offset, long errorOffset, boolean truncated, String reason,
      Fault fault, int linesParsed) {
    super((truncated ? "Unexpected end of file" : "Bad file format") + " reading the append only file "
        + file.getFileName() + ": " + reason + " at offset " + errorOffset
        + (errorOffset == offset ? "" : " (record starting at offset " + offset + ")"));
    this.file = file;
    this.offset = offset;
    this.errorOffset = errorOffset;
    this.truncated = truncated;
    this.reason = reason;
    this.fault = fault;
    this.linesParsed = linesParsed;
  }

  /**
   * True when the file ended in the middle of its last record (Redis: "Unexpected end of file"),
   * which aof-load-truncated or {@code check-aof --fix} may cut off; false for corruption.
   */
  public boolean truncated() {
    return truncated;
  }

  /** Where the bad or incomplete record (or annotation) starts: where a --fix truncation cuts. */
  public long offset() {
    return offset;
  }

  /** Where exactly the fault was found: the header line or bulk payload at fault. */
  public long errorOffset() {
    return errorOffset;
  }

  public Path file() {
    return file;
  }

  /** What was wrong, in redis-check-aof's words, without file or offset. */
  public String reason() {
    return reason;
  }

  Fault fault() {
    return fault;
  }

  /** CRLF-terminated lines of the bad record read before the fault (redis-check-aof counts them). */
  int linesParsed() {
    return linesParsed;
  }
}
