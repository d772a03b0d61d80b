package io.verdis.persist.aof;

import java.io.IOException;

/**
 * A manifest Redis would refuse to load, with Redis's reason ("Invalid AOF manifest file format",
 * "Found duplicate base file information", …) and, where Redis reports it, the offending line.
 */
public final class AofManifestException extends IOException {
  private final String reason;
  private final int lineNumber;
  private final String line;

  /** {@code line} is null (and {@code lineNumber} 0) where Redis reports no line. */
  public AofManifestException(String reason, int lineNumber, String line) {
    super(line == null ? reason : reason + " (manifest line " + lineNumber + ": '" + line + "')");
    this.reason = reason;
    this.lineNumber = lineNumber;
    this.line = line;
  }

  public String reason() {
    return reason;
  }

  /** The 1-based line number, or 0 when the error concerns no particular line. */
  public int lineNumber() {
    return lineNumber;
  }

  /** The offending line, trimmed as Redis trims it, or null. */
  public String line() {
    return line;
  }

  /** The report Redis prints (aofLoadManifestFromFile), one message a line, without log prefixes. */
  public String redisReport() {
    StringBuilder report = new StringBuilder("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
    if (line != null) {
      report.append("Reading the manifest file, at line ").append(lineNumber).append('\n');
      report.append(">>> '").append(line).append("'\n");
    }
    return report.append(reason).toString();
  }
}
