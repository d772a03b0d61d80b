package io.verdis.persist.aof;

import io.verdis.net.InlineArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a manifest with the rules of Redis 7.0's aofLoadManifestFromFile, line for line: lines are
 * taken as {@code fgets} takes them (at most 1024 bytes), '#' lines are skipped, the rest are
 * trimmed and split with sdssplitargs rules into key/value pairs in any order.
 */
final class ManifestParser {
  /** Redis's MANIFEST_MAX_LINE: a longer line makes the manifest invalid. */
  static final int MAX_LINE = 1024;

  private final byte[] text;
  private int pos;
  private int lineNumber;
  private AofFileInfo base;
  private final List<AofFileInfo> history = new ArrayList<>();
  private final List<AofFileInfo> incrs = new ArrayList<>();
  private long maxIncrSeq;

  private ManifestParser(byte[] text) {
    this.text = text;
  }

  static AofManifest parse(byte[] text) throws AofManifestException {
    return new ManifestParser(text).parse();
  }

  private AofManifest parse() throws AofManifestException {
    while (pos < text.length) {
      int start = pos;
      int limit = Math.min(text.length, start + MAX_LINE);
      int end = start;
      while (end < limit && text[end] != '\n') {
        end++;
      }
      boolean complete = end < limit;
      pos = complete ? end + 1 : end;
      lineNumber++;
      if (text[start] == '#') {
        continue;
      }
      if (!complete) {
        // Also a last line without its newline: Redis cannot tell it from an overlong one.
        throw new AofManifestException("The AOF manifest file contains too long line", 0, null);
      }
      readLine(start, end);
    }
    if (lineNumber == 0) {
      throw new AofManifestException("Found an empty AOF manifest", 0, null);
    }
    long incrSeq = incrs.isEmpty() ? 0 : incrs.get(incrs.size() - 1).seq();
    return new AofManifest(base, history, incrs, base == null ? 0 : base.seq(), incrSeq);
  }

  private void readLine(int start, int end) throws AofManifestException {
    while (start < end && isTrimmed(text[start])) {
      start++;
    }
    while (end > start && isTrimmed(text[end - 1])) {
      end--;
    }
    String line = new String(text, start, end - start, StandardCharsets.UTF_8);
    if (start == end) {
      throw invalid(line);
    }
    List<byte[]> argv = InlineArgs.split(text, start, end);
    // At least the three pairs, and pairs only: more keys are allowed for forward compatibility.
    if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) {
      throw invalid(line);
    }
    String name = null;
    long seq = 0;
    int typeCode = 0;
    for (int i = 0; i < argv.size(); i += 2) {
      String key = ascii(argv.get(i));
      byte[] value = argv.get(i + 1);
      if (key.equalsIgnoreCase("file")) {
        name = new String(value, StandardCharsets.UTF_8);
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
          throw new AofManifestException("File can't be a path, just a filename", lineNumber, line);
        }
      } else if (key.equalsIgnoreCase("seq")) {
        seq = atoll(value);
      } else if (key.equalsIgnoreCase("type")) {
        typeCode = value.length == 0 ? 0 : value[0] & 0xFF;
      }
    }
    if (name == null || seq == 0 || typeCode == 0) {
      throw invalid(line);
    }
    AofFileInfo.Type type = AofFileInfo.Type.ofCode(typeCode);
    if (type == null) {
      throw new AofManifestException("Unknown AOF file type", lineNumber, line);
    }
    AofFileInfo info = new AofFileInfo(name, seq, type);
    switch (type) {
      case BASE -> {
        if (base != null) {
          throw new AofManifestException("Found duplicate base file information", lineNumber, line);
        }
        base = info;
      }
      case HISTORY -> history.add(info);
      case INCR -> {
        if (seq <= maxIncrSeq) {
          throw new AofManifestException("Found a non-monotonic sequence number", lineNumber, line);
        }
        incrs.add(info);
        maxIncrSeq = seq;
      }
    }
  }

  private AofManifestException invalid(String line) {
    return new AofManifestException("Invalid AOF manifest file format", lineNumber, line);
  }

  private static boolean isTrimmed(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** C's atoll, which Redis 7.0 uses for the seq: "12x" is 12, "x" is 0, overflow saturates. */
  static long atoll(byte[] s) {
    int i = 0;
    while (i < s.length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
      i++;
    }
    boolean negative = false;
    if (i < s.length && (s[i] == '+' || s[i] == '-')) {
      negative = s[i] == '-';
      i++;
    }
    long value = 0;
    for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
      int digit = s[i] - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }
}
