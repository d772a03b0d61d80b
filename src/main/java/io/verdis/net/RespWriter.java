package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Encodes replies in RESP2 or RESP3 into a growing buffer.
 *
 * <p>One writer serves a whole batch of commands; the protocol can change between commands
 * ({@code HELLO 3} in the middle of a pipeline), so it is set per command. The types RESP3 adds
 * (null, map, set, double, boolean, verbatim) degrade to their RESP2 shapes exactly as Redis does.
 *
 * <p>A writer made {@link #forReplies} takes large values ({@link #SHARED_BYTES} and more, given
 * whole to {@link #bulk} or {@link #raw}) by reference instead of copying them: a pipeline
 * of 600 {@code GET} of a 4 MB value costs 600 references, not 2.4 GB of copies. Such values must
 * never change afterwards; stored values do not (APPEND, SETRANGE, INCR ... store new arrays). Its
 * bytes are then no longer all in {@link #buffer()}: positions count both, and
 * {@link #forEachPiece} hands a range out. Writers whose buffer is used as it is (the AOF) copy.
 */
public final class RespWriter {
  /** Values from this size on are shared, not copied, by a writer made {@link #forReplies}. */
  public static final int SHARED_BYTES = 32 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] OK = ascii("+OK\r\n");
  private static final byte[] NULL_BULK2 = ascii("$-1\r\n");
  private static final byte[] NULL_ARRAY2 = ascii("*-1\r\n");
  private static final byte[] NULL3 = ascii("_\r\n");
  private static final byte[] TRUE3 = ascii("#t\r\n");
  private static final byte[] FALSE3 = ascii("#f\r\n");
  private static final int SHARED_INTEGERS = 10_000;
  private static final byte[][] INTEGER_REPLIES = new byte[SHARED_INTEGERS][];
  private static final byte[][] DIGITS = new byte[SHARED_INTEGERS][];

  static {
    for (int i = 0; i < SHARED_INTEGERS; i++) {
      DIGITS[i] = ascii(Integer.toString(i));
      INTEGER_REPLIES[i] = ascii(":" + i + "\r\n");
    }
  }

  private final ByteBuf out;
  private final boolean sharesValues;
  private boolean resp3;
  /**
   * The values taken by reference, in order: where each starts (a position), the buffer's writer
   * index there (so their position less it is the length of the values before it), and its bytes.
   */
  private long[] sharedAt;
  private int[] sharedOutIndex;
  private byte[][] shared;
  private int sharedCount;
  /** Their total length: a position is this plus the buffer's writer index. */
  private long sharedBytes;

  public RespWriter(ByteBuf out) {
    this(out, false);
  }

  private RespWriter(ByteBuf out, boolean sharesValues) {
    this.out = out;
    this.sharesValues = sharesValues;
  }

  /** A writer whose bytes are all in {@link #buffer()}. */
  public static RespWriter allocate(int initialCapacity) {
    return new RespWriter(Buffers.heap(initialCapacity));
  }

  /** A writer of replies for a client: large values are shared with the store, not copied. */
  public static RespWriter forReplies(int initialCapacity) {
    return new RespWriter(Buffers.heap(initialCapacity), true);
  }

  /**
   * The encoded bytes, or for a writer {@link #forReplies} that took values by reference
   * ({@link #hasSharedValues()}), the bytes around them. Append to it freely; to drop what was
   * written, use {@link #rewind}.
   */
  public ByteBuf buffer() {
    return out;
  }

  /** Where {@link #buffer()} ends: the bytes written by a writer that shares nothing. */
  public int position() {
    return out.writerIndex();
  }

  /** How many bytes were written, shared values included: a mark for {@link #rewind}. */
  public long written() {
    return out.writerIndex() + sharedBytes;
  }

  /** Drops what was written after {@code position} (from {@link #written()}: a failed command's partial reply). */
  public void rewind(long position) {
    while (sharedCount > 0 && sharedAt[sharedCount - 1] >= position) {
      sharedCount--;
      sharedBytes -= shared[sharedCount].length;
      shared[sharedCount] = null;
    }
    out.writerIndex((int) (position - sharedBytes));
  }

  /** Whether some values were taken by reference: then {@link #buffer()} alone is not the reply. */
  public boolean hasSharedValues() {
    return sharedCount > 0;
  }

  /**
   * Hands the bytes from {@code from} to {@code to} (positions) to {@code sink} in order: the
   * encoded parts as buffers over {@link #buffer()}'s array (valid while nothing is rewound), the
   * shared values wrapped, never copied.
   */
  public void forEachPiece(long from, long to, Consumer<ByteBuf> sink) {
    int next = firstSharedEndingAfter(from);
    long position = from;
    while (position < to) {
      long sharedStart = next < sharedCount ? sharedAt[next] : Long.MAX_VALUE;
      if (position < sharedStart) {
        int start = (int) (position - sharedBefore(next));
        int length = (int) (Math.min(to, sharedStart) - position);
        sink.accept(Unpooled.wrappedBuffer(out.array(), out.arrayOffset() + start, length));
        position += length;
      } else {
        byte[] value = shared[next];
        int offset = (int) (position - sharedStart);
        int length = (int) Math.min(to - position, value.length - offset);
        sink.accept(Unpooled.wrappedBuffer(value, offset, length));
        position += length;
        next++;
      }
    }
  }

  /** The first shared value that ends after {@code position} (binary search), or the count. */
  private int firstSharedEndingAfter(long position) {
    int low = 0;
    int high = sharedCount;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sharedAt[middle] + shared[middle].length <= position) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The length of the shared values before the one at {@code index}. */
  private long sharedBefore(int index) {
    return index == sharedCount ? sharedBytes : sharedAt[index] - sharedOutIndex[index];
  }

  /** Takes {@code value} by reference at the current position. */
  private void share(byte[] value) {
    if (sharedAt == null) {
      sharedAt = new long[4];
      sharedOutIndex = new int[4];
      shared = new byte[4][];
    } else if (sharedCount == shared.length) {
      sharedAt = Arrays.copyOf(sharedAt, sharedCount * 2);
      sharedOutIndex = Arrays.copyOf(sharedOutIndex, sharedCount * 2);
      shared = Arrays.copyOf(shared, sharedCount * 2);
    }
    sharedAt[sharedCount] = written();
    sharedOutIndex[sharedCount] = out.writerIndex();
    shared[sharedCount++] = value;
    sharedBytes += value.length;
  }

  public void protocol(int version) {
    this.resp3 = version >= 3;
  }

  /**
   * Whether the current command speaks RESP3: for the replies whose shape changes beyond what
   * {@link #map} and {@link #set} cover, e.g. HRANDFIELD WITHVALUES (pairs nested in RESP3, flat in RESP2).
   */
  public boolean resp3() {
    return resp3;
  }

  public void ok() {
    out.writeBytes(OK);
  }

  public void simple(String text) {
    out.writeByte('+');
    writeAscii(text);
    out.writeBytes(CRLF);
  }

  /** {@code message} is the full error line without the leading '-', e.g. "ERR syntax error". */
  public void error(String message) {
    out.writeByte('-');
    writeUtf8Line(message);
    out.writeBytes(CRLF);
  }

  /** A HELP reply: the lines as an array of status strings, as Redis's addReplyHelp writes them. */
  public void help(java.util.List<String> lines) {
    array(lines.size());
    for (String line : lines) {
      simple(line);
    }
  }

  public void integer(long value) {
    if (value >= 0 && value < SHARED_INTEGERS) {
      out.writeBytes(INTEGER_REPLIES[(int) value]);
      return;
    }
    out.writeByte(':');
    writeDecimal(value);
    out.writeBytes(CRLF);
  }

  public void bulk(byte[] value) {
    bulk(value, 0, value.length);
  }

  /**
   * A whole large {@code value} is shared, not copied, by a writer {@link #forReplies}; part of an
   * array is always copied (packed containers change their arrays in place).
   */
  public void bulk(byte[] value, int offset, int length) {
    if (length >= SHARED_BYTES && offset == 0 && length == value.length && sharesValues) {
      sharedBulk(value);
      return;
    }
    out.writeByte('$');
    writeDecimal(length);
    out.writeBytes(CRLF);
    out.writeBytes(value, offset, length);
    out.writeBytes(CRLF);
  }

  /** Out of {@link #bulk}'s way: the small replies' path stays as short as it was. */
  private void sharedBulk(byte[] value) {
    out.writeByte('$');
    writeDecimal(value.length);
    out.writeBytes(CRLF);
    share(value);
    out.writeBytes(CRLF);
  }

  public void bulk(String value) {
    bulk(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A double (ZSCORE, ZINCRBY …) as Redis 7.0's addReplyDouble: a RESP3 double ',', else a bulk
   * string; the text is "%.17g" in both ({@link DoubleText}).
   */
  public void doubleValue(double value) {
    byte[] text = value >= 0 && value < SHARED_INTEGERS && value == (int) value && !(value == 0 && 1 / value < 0)
        ? DIGITS[(int) value] : DoubleText.format(value);
    if (resp3) {
      out.writeByte(',');
      out.writeBytes(text);
      out.writeBytes(CRLF);
    } else {
      bulk(text);
    }
  }

  /**
   * A double already printed (Redis's addReplyHumanLongDouble, GEOPOS): a RESP3 double ',', else
   * a bulk string of the same text.
   */
  public void doubleText(byte[] text) {
    if (resp3) {
      out.writeByte(',');
      out.writeBytes(text);
      out.writeBytes(CRLF);
    } else {
      bulk(text);
    }
  }

  public void nullBulk() {
    out.writeBytes(resp3 ? NULL3 : NULL_BULK2);
  }

  public void nullArray() {
    out.writeBytes(resp3 ? NULL3 : NULL_ARRAY2);
  }

  public void array(int length) {
    header('*', length);
  }

  /** A map of {@code pairs} entries: RESP3 '%', or a flat array of twice the length in RESP2. */
  public void map(int pairs) {
    if (resp3) {
      header('%', pairs);
    } else {
      header('*', pairs * 2L);
    }
  }

  /**
   * An out-of-band message (pub/sub): a RESP3 push '>', an array in RESP2. Redis also answers
   * SUBSCRIBE and the other (un)subscribe commands with pushes in RESP3.
   */
  public void push(int length) {
    header(resp3 ? '>' : '*', length);
  }

  public void set(int length) {
    header(resp3 ? '~' : '*', length);
  }

  public void bool(boolean value) {
    if (resp3) {
      out.writeBytes(value ? TRUE3 : FALSE3);
    } else {
      integer(value ? 1 : 0);
    }
  }

  /** Free text such as INFO or CLIENT LIST: RESP3 verbatim string of format "txt", RESP2 bulk. */
  public void verbatim(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!resp3) {
      bulk(bytes);
      return;
    }
    out.writeByte('=');
    writeDecimal(bytes.length + 4L);
    out.writeBytes(CRLF);
    writeAscii("txt:");
    out.writeBytes(bytes);
    out.writeBytes(CRLF);
  }

  /**
   * Bytes written as they are: the Pizzaria protocol and pre-encoded replies. Large ones are shared
   * as {@link #bulk(byte[])} shares them: they must not change afterwards.
   */
  public void raw(byte[] bytes) {
    if (bytes.length >= SHARED_BYTES && sharesValues) {
      share(bytes);
      return;
    }
    out.writeBytes(bytes);
  }

  /** {@code length} bytes of {@code source} from {@code index}, as they are: a reply encoded elsewhere (another node). */
  public void raw(ByteBuf source, int index, int length) {
    out.writeBytes(source, index, length);
  }

  private void header(char type, long length) {
    out.writeByte(type);
    writeDecimal(length);
    out.writeBytes(CRLF);
  }

  /** Without allocating: LPUSH onto a long list replies with a large length on every call. */
  private void writeDecimal(long value) {
    if (value >= 0 && value < SHARED_INTEGERS) {
      out.writeBytes(DIGITS[(int) value]);
      return;
    }
    if (value == Long.MIN_VALUE) {
      writeAscii(Long.toString(value));
      return;
    }
    if (value < 0) {
      out.writeByte('-');
      value = -value;
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
      digits++;
    }
    out.ensureWritable(digits);
    int start = out.writerIndex();
    for (int i = start + digits - 1; i >= start; i--) {
      out.setByte(i, (int) ('0' + value % 10));
      value /= 10;
    }
    out.writerIndex(start + digits);
  }

  private void writeAscii(String text) {
    out.writeCharSequence(text, StandardCharsets.US_ASCII);
  }

  /** Error and status lines must stay one line: CR and LF inside them become spaces, as Redis does. */
  private void writeUtf8Line(String text) {
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      text = text.replace('\r', ' ').replace('\n', ' ');
    }
    out.writeCharSequence(text, StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
