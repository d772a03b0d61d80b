package io.verdis.net;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Encodes replies in RESP2 or RESP3 into a growing buffer.
 *
 * <p>One writer serves a whole batch of commands; the protocol can change between commands
 * ({@code HELLO 3} in the middle of a pipeline), so it is set per command. The types RESP3 adds
 * (null, map, set, double, boolean, verbatim) degrade to their RESP2 shapes exactly as Redis does.
 */
public final class RespWriter {
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
  private boolean resp3;

  public RespWriter(ByteBuf out) {
    this.out = out;
  }

  public static RespWriter allocate(int initialCapacity) {
    return new RespWriter(Buffers.heap(initialCapacity));
  }

  public ByteBuf buffer() {
    return out;
  }

  public int position() {
    return out.writerIndex();
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

  public void bulk(byte[] value, int offset, int length) {
    out.writeByte('$');
    writeDecimal(length);
    out.writeBytes(CRLF);
    out.writeBytes(value, offset, length);
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

  /** Bytes written as they are: the Pizzaria protocol and pre-encoded replies. */
  public void raw(byte[] bytes) {
    out.writeBytes(bytes);
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
