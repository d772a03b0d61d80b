package io.verdis.persist.aof;

import io.verdis.persist.aof.AofFormatException.Fault;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Sequential, fast reader of the RESP-array records of one AOF file (base or incremental), with the
 * record rules of Redis's loadSingleAppendOnlyFile, checked as strictly as redis-check-aof checks
 * them: each record is {@code *<argc>\r\n} (argc ≥ 1) and argc times {@code $<len>\r\n<bytes>\r\n};
 * lines starting with '#' are annotations ({@code #TS:1700000000\r\n}) and are skipped.
 *
 * <p>Parses straight from a large heap buffer filled by FileChannel reads: no per-byte calls, and the
 * only allocations are the argv arrays. Arguments larger than the buffer are read straight into
 * their own array. After an exception the reader stays failed: every further call rethrows it.
 */
public final class AofRecordReader implements Closeable {
  static final int DEFAULT_BUFFER_SIZE = 4 << 20;
  static final int MIN_BUFFER_SIZE = 64;
  private static final int MAX_DIGITS = 18;
  /** A header line never needs more: prefix, sign, MAX_DIGITS digits and CRLF. */
  private static final int HEADER_MAX = MAX_DIGITS + 4;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final byte[] RDB_SIGNATURE = {'R', 'E', 'D', 'I', 'S'};
  private static final byte[] EMPTY = new byte[0];

  /** Receives each annotation line (without its line end) as the reader passes it. */
  public interface AnnotationListener {
    void annotation(long offset, byte[] line) throws IOException;
  }

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final boolean rdbPreamble;
  private final byte[] buf;
  private final ByteBuffer window;
  private int pos;
  private int lim;
  // File offset of buf[0]; the channel's position is always bufStart + lim.
  private long bufStart;
  private boolean eof;
  private long consumed;
  private long records;
  private long recordStart = -1;
  private int recordLines;
  private AofFormatException failure;
  private AnnotationListener annotationListener;

  public AofRecordReader(Path file) throws IOException {
    this(file, 0, DEFAULT_BUFFER_SIZE);
  }

  /** Starts at {@code startOffset}: after an RDB preamble that the caller has read. */
  public AofRecordReader(Path file, long startOffset) throws IOException {
    this(file, startOffset, DEFAULT_BUFFER_SIZE);
  }

  AofRecordReader(Path file, long startOffset, int bufferSize) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      size = channel.size();
      rdbPreamble = hasRdbSignature();
      channel.position(startOffset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    // No point in a 4 MiB buffer for a 100-byte INCR file; a file that grows still reads correctly.
    long wanted = Math.min(bufferSize, Math.max(0, size - startOffset) + 1);
    buf = new byte[(int) Math.max(MIN_BUFFER_SIZE, wanted)];
    window = ByteBuffer.wrap(buf);
    bufStart = startOffset;
    consumed = startOffset;
  }

  /** Called for every annotation passed from now on. */
  public void onAnnotation(AnnotationListener listener) {
    this.annotationListener = listener;
  }

  /**
   * The next record's arguments, or null at a clean end of file.
   *
   * @throws AofFormatException for a record that is not valid RESP, or that the file ends inside
   */
  public byte[][] next() throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      while (true) {
        if (pos == lim && !fill()) {
          return null;
        }
        long start = bufStart + pos;
        byte first = buf[pos];
        if (first == '*') {
          byte[][] argv = readRecord(start);
          records++;
          recordStart = start;
          consumed = bufStart + pos;
          return argv;
        }
        if (first != '#') {
          throw new AofFormatException(file, start, start, false,
              "Expected '*' or '#', got: '" + printable(first) + "'", Fault.RECORD_START, 0);
        }
        skipAnnotation(start);
        consumed = bufStart + pos;
      }
    } catch (AofFormatException e) {
      failure = e;
      throw e;
    }
  }

  /** Bytes of the file consumed up to the end of the last complete record or annotation. */
  public long offset() {
    return consumed;
  }

  /** Where the last record returned by {@link #next()} starts (-1 before the first). */
  public long recordStart() {
    return recordStart;
  }

  /** Records returned so far. */
  public long records() {
    return records;
  }

  /** The file's size when it was opened. */
  public long size() {
    return size;
  }

  public Path file() {
    return file;
  }

  /**
   * True when the file begins with "REDIS": a BASE file in RDB format (or an old AOF with an RDB
   * preamble), which the caller reads with an RDB reader before the AOF tail, if any.
   */
  public boolean startsWithRdbPreamble() {
    return rdbPreamble;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private byte[][] readRecord(long start) throws IOException {
    recordLines = 0;
    long argc = readHeader((byte) '*', start);
    recordLines++;
    if (argc < 1 || argc > MAX_ARRAY) {
      throw corrupt(start, start, "Expected a positive number of arguments, got: " + argc);
    }
    // Grown as arguments arrive: a corrupt count must not allocate a huge array up front.
    byte[][] argv = new byte[(int) Math.min(argc, 1024)][];
    for (int i = 0; i < argc; i++) {
      if (i == argv.length) {
        argv = Arrays.copyOf(argv, (int) Math.min(argc, 2L * argv.length));
      }
      argv[i] = readBulk(start);
    }
    return argv;
  }

  /** Reads {@code <prefix><number>\r\n} at pos, leaving pos after it. */
  private long readHeader(byte prefix, long start) throws IOException {
    if (lim - pos < HEADER_MAX) {
      fillAtLeast(HEADER_MAX);
    }
    long headerOffset = bufStart + pos;
    if (pos == lim) {
      throw new AofFormatException(file, start, headerOffset, true, "Unexpected end of file",
          Fault.END_BEFORE_LINE, recordLines);
    }
    if (buf[pos] != prefix) {
      throw corrupt(start, headerOffset,
          "Expected prefix '" + (char) prefix + "', got: '" + printable(buf[pos]) + "'");
    }
    int p = pos + 1;
    boolean negative = p < lim && buf[p] == '-';
    if (negative) {
      p++;
    }
    long value = 0;
    int digits = p;
    int stop = Math.min(lim, p + MAX_DIGITS);
    while (p < stop) {
      int digit = buf[p] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      value = value * 10 + digit;
      p++;
    }
    if (p == digits) {
      // No number: like strtol, the line end is expected right after the prefix.
      p = pos + 1;
    }
    if (p + 1 < lim) {
      if (buf[p] != '\r' || buf[p + 1] != '\n') {
        throw corrupt(start, headerOffset, "Expected \\r\\n, got: " + hex(buf[p]) + hex(buf[p + 1]));
      }
      pos = p + 2;
      return negative ? -value : value;
    }
    // Fewer than two bytes left after the digits although HEADER_MAX were asked for: end of file.
    byte cr = p < lim ? buf[p] : 0;
    String reason = "Expected \\r\\n, got: " + hex(cr) + "00";
    if (p < lim && cr != '\r') {
      throw corrupt(start, headerOffset, reason);
    }
    throw new AofFormatException(file, start, headerOffset, true, reason, Fault.INSIDE, recordLines);
  }

  private byte[] readBulk(long start) throws IOException {
    long headerOffset = bufStart + pos;
    long len = readHeader((byte) '$', start);
    recordLines++;
    if (len < 0 || len > MAX_ARRAY - 2) {
      throw corrupt(start, headerOffset,
          "Expected to read string of " + len + " bytes, which is not in the suitable range");
    }
    int n = (int) len;
    if (lim - pos < n + 2) {
      return readLargeBulk(start, n);
    }
    byte[] arg = n == 0 ? EMPTY : Arrays.copyOfRange(buf, pos, pos + n);
    checkCrlf(start, pos + n, bufStart + pos);
    pos += n + 2;
    recordLines++;
    return arg;
  }

  /** A bulk string not entirely in the buffer: copied in pieces, or read straight into place. */
  private byte[] readLargeBulk(long start, int n) throws IOException {
    long dataOffset = bufStart + pos;
    byte[] arg = new byte[n];
    int copied = 0;
    while (copied < n) {
      if (pos == lim) {
        int remaining = n - copied;
        if (remaining >= buf.length / 2) {
          bufStart += lim;
          pos = 0;
          lim = 0;
          int read = eof ? -1 : channel.read(ByteBuffer.wrap(arg, copied, remaining));
          if (read < 0) {
            eof = true;
            throw shortBulk(start, dataOffset, n, copied);
          }
          copied += read;
          bufStart += read;
          continue;
        }
        if (!fill()) {
          throw shortBulk(start, dataOffset, n, copied);
        }
      }
      int chunk = Math.min(lim - pos, n - copied);
      System.arraycopy(buf, pos, arg, copied, chunk);
      pos += chunk;
      copied += chunk;
    }
    fillAtLeast(2);
    if (lim - pos < 2) {
      throw shortBulk(start, dataOffset, n, n + lim - pos);
    }
    checkCrlf(start, pos, dataOffset);
    pos += 2;
    recordLines++;
    return arg;
  }

  /** Redis reports a missing CRLF at the payload's offset: it reads payload and CRLF together. */
  private void checkCrlf(long start, int at, long dataOffset) throws AofFormatException {
    if (buf[at] != '\r' || buf[at + 1] != '\n') {
      throw corrupt(start, dataOffset, "Expected \\r\\n, got: " + hex(buf[at]) + hex(buf[at + 1]));
    }
  }

  private AofFormatException shortBulk(long start, long dataOffset, int n, long got) {
    return new AofFormatException(file, start, dataOffset, true,
        "Expected to read " + (n + 2L) + " bytes, got " + got + " bytes", Fault.INSIDE, recordLines);
  }

  private AofFormatException corrupt(long start, long errorOffset, String reason) {
    return new AofFormatException(file, start, errorOffset, false, reason, Fault.INSIDE, recordLines);
  }

  /** Passes an annotation line; an annotation the file ends inside counts as a truncated tail. */
  private void skipAnnotation(long start) throws IOException {
    ByteArrayOutputStream text = annotationListener == null ? null : new ByteArrayOutputStream();
    int p = pos + 1;
    while (true) {
      int newline = indexOfNewline(p);
      if (newline >= 0) {
        if (text != null) {
          text.write(buf, pos, newline - pos);
        }
        pos = newline + 1;
        break;
      }
      if (text != null) {
        text.write(buf, pos, lim - pos);
      }
      pos = lim;
      if (!fill()) {
        throw new AofFormatException(file, start, start, true,
            "Unexpected end of file inside an annotation", Fault.INSIDE, 0);
      }
      p = pos;
    }
    if (text != null) {
      byte[] line = text.toByteArray();
      int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
      annotationListener.annotation(start, Arrays.copyOf(line, end));
    }
  }

  private int indexOfNewline(int from) {
    for (int i = from; i < lim; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void fillAtLeast(int wanted) throws IOException {
    while (lim - pos < wanted && fill()) {
      // Keep reading: a single read may return less than asked for.
    }
  }

  /** Moves the unread bytes to the front and reads more after them; false at end of file. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      int unread = lim - pos;
      System.arraycopy(buf, pos, buf, 0, unread);
      bufStart += pos;
      pos = 0;
      lim = unread;
    }
    window.limit(buf.length).position(lim);
    int read;
    do {
      read = channel.read(window);
    } while (read == 0);
    if (read < 0) {
      eof = true;
      return false;
    }
    lim += read;
    return true;
  }

  private boolean hasRdbSignature() throws IOException {
    if (size < RDB_SIGNATURE.length) {
      return false;
    }
    ByteBuffer head = ByteBuffer.allocate(RDB_SIGNATURE.length);
    while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
      // A short read of a regular file is unusual but allowed.
    }
    return Arrays.equals(head.array(), RDB_SIGNATURE);
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xFF);
  }

  private static String printable(byte b) {
    return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
  }
}
