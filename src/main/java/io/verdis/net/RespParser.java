package io.verdis.net;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.List;

/**
 * Incremental RESP request parser (multibulk and inline), following Redis's networking.c.
 *
 * <p>Bytes may arrive in any split, and each byte costs the same however it is split: completed
 * arguments are kept, a line that arrives in many reads is searched for its end once (the part
 * already searched is remembered), and an argument of {@link #BIG_ARG} bytes or more is gathered
 * straight into its own array, which doubles as it fills: gathering a 500 MB value copies about
 * twice its size in all (a Netty buffer grows 4 MB at a time past 4 MB, copying itself whole each
 * time: 33 s of copying for 500 MB). A bulk length is checked against {@code proto-max-bulk-len}
 * before any byte of it is buffered, and what is allocated for a claimed length never exceeds
 * twice what has arrived of it (or {@link #BIG_ARG}).
 */
public final class RespParser {
  /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or length line. */
  static final int MAX_LINE = 64 * 1024;
  /** Redis's PROTO_MBULK_BIG_ARG: from this length an argument is gathered in its own array. */
  static final int BIG_ARG = 32 * 1024;
  /** An emptied buffer larger than this is dropped rather than kept for the next partial request. */
  private static final int KEEP_CAPACITY = 64 * 1024;
  /** Redis's limits for clients that have not authenticated yet. */
  private static final int UNAUTHENTICATED_MAX_ARGS = 10;
  private static final int UNAUTHENTICATED_MAX_BULK = 16384;
  /** The longest argument a Java array holds. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Receives each complete command, or the protocol error that ends the connection. */
  public interface Sink {
    void command(byte[][] argv);

    void protocolError(String message);

    /** Whether the client has authenticated (stricter limits apply before). */
    boolean authenticated();

    long maxBulkLength();
  }

  private ByteBuf pending;
  private byte[][] args;
  private int argCount;
  private int argsExpected;
  private long bulkLength = -1;
  private final LineScanner lines = new LineScanner();
  /** The big argument being gathered, and how many of its bytes (then of its CRLF) have arrived. */
  private byte[] bigArg;
  private int bigArgRead;
  private boolean failed;

  /** Parses what {@code in} holds; keeps an incomplete tail for the next call. Does not release {@code in}. */
  public void feed(ByteBuf in, Sink sink) {
    if (failed) {
      return;
    }
    ByteBuf buf = in;
    if (pending != null && pending.isReadable()) {
      pending.writeBytes(in);
      buf = pending;
    }
    parse(buf, sink);
    if (failed) {
      pending = null;
      bigArg = null;
      return;
    }
    if (buf == in) {
      if (in.isReadable()) {
        if (pending == null) {
          pending = Buffers.heap(Math.max(256, in.readableBytes()));
        }
        pending.clear().writeBytes(in);
      }
    } else if (!pending.isReadable()) {
      if (pending.capacity() > KEEP_CAPACITY) {
        // One large request must not hold its buffer for the connection's lifetime (CLIENT LIST's
        // qbuf-free, what maxmemory-clients counts), as Redis shrinks an idle query buffer.
        pending = null;
      } else {
        pending.clear();
      }
    } else if (pending.readerIndex() > pending.capacity() / 2) {
      pending.discardReadBytes();
    }
  }

  /*
   * The three figures below are CLIENT LIST's, read from other threads too: each field is read
   * once into a local, so a parse going on meanwhile gives a stale figure, never a failure.
   */

  /** Bytes buffered for an incomplete request (CLIENT LIST's qbuf). */
  public int bufferedBytes() {
    ByteBuf buffer = pending;
    byte[] big = bigArg;
    return (buffer == null ? 0 : buffer.readableBytes()) + (big == null ? 0 : bigArgRead);
  }

  /** Room allocated beyond those bytes: the buffer's and the big argument's (CLIENT LIST's qbuf-free). */
  public int bufferFree() {
    ByteBuf buffer = pending;
    byte[] big = bigArg;
    int free = buffer == null ? 0 : Math.max(0, buffer.capacity() - buffer.readableBytes());
    return free + (big == null ? 0 : Math.max(0, big.length - bigArgRead));
  }

  /** The arguments of the incomplete request parsed so far, a reference each besides their bytes (argv-mem). */
  public long argvBytes() {
    byte[][] parsed = args;
    int count = Math.min(argCount, parsed == null ? 0 : parsed.length);
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      byte[] arg = parsed[i];
      bytes += arg == null ? 0 : arg.length + 8;
    }
    return bytes;
  }

  private void parse(ByteBuf buf, Sink sink) {
    while (true) {
      if (argsExpected == 0) {
        if (!buf.isReadable()) {
          return;
        }
        if (buf.getByte(buf.readerIndex()) != '*') {
          if (!parseInline(buf, sink)) {
            return;
          }
          continue;
        }
        if (!parseMultibulkLength(buf, sink)) {
          return;
        }
        if (argsExpected == 0) {
          continue;
        }
      }
      while (argCount < argsExpected) {
        if (bigArg != null) {
          if (!gatherBigArg(buf)) {
            return;
          }
          continue;
        }
        if (bulkLength < 0 && !parseBulkLength(buf, sink)) {
          return;
        }
        if (buf.readableBytes() >= bulkLength + 2) {
          byte[] arg = new byte[(int) bulkLength];
          buf.readBytes(arg);
          buf.skipBytes(2);
          addArg(arg);
        } else if (bulkLength >= BIG_ARG) {
          bigArg = new byte[(int) Math.min(bulkLength, Math.max(BIG_ARG, 2L * buf.readableBytes()))];
          bigArgRead = 0;
        } else {
          return;
        }
      }
      byte[][] argv = args.length == argCount ? args : Arrays.copyOf(args, argCount);
      args = null;
      argCount = 0;
      argsExpected = 0;
      sink.command(argv);
    }
  }

  /**
   * Moves what {@code buf} holds of the big argument into its array, doubling the array when it
   * must grow (never past the argument's length, so the full array is the argument, not copied
   * again). True once the argument and its CRLF are complete; false when {@code buf} ran out.
   */
  private boolean gatherBigArg(ByteBuf buf) {
    int length = (int) bulkLength;
    int take = Math.min(length - Math.min(bigArgRead, length), buf.readableBytes());
    if (take > 0) {
      if (bigArgRead + take > bigArg.length) {
        bigArg = Arrays.copyOf(bigArg, (int) Math.min(length, Math.max(bigArgRead + take, 2L * bigArg.length)));
      }
      buf.readBytes(bigArg, bigArgRead, take);
      bigArgRead += take;
    }
    // The CRLF after the bytes is skipped unread, as Redis does.
    int crlf = Math.min(length + 2 - bigArgRead, buf.readableBytes());
    buf.skipBytes(crlf);
    bigArgRead += crlf;
    if (bigArgRead < length + 2) {
      return false;
    }
    byte[] arg = bigArg;
    bigArg = null;
    addArg(arg);
    return true;
  }

  private void addArg(byte[] arg) {
    if (argCount == args.length) {
      args = Arrays.copyOf(args, Math.min(argsExpected, args.length * 2));
    }
    args[argCount++] = arg;
    bulkLength = -1;
  }

  /** Redis's processInlineBuffer: a line up to '\n' (a '\r' before it dropped), split as sdssplitargs does. */
  private boolean parseInline(ByteBuf buf, Sink sink) {
    int start = buf.readerIndex();
    int newline = lines.find(buf, (byte) '\n');
    if (newline < 0) {
      if (buf.readableBytes() > MAX_LINE) {
        fail(sink, "too big inline request");
      }
      return false;
    }
    int end = newline > start && buf.getByte(newline - 1) == '\r' ? newline - 1 : newline;
    byte[] line = new byte[end - start];
    buf.getBytes(start, line);
    consumeLine(buf, newline + 1);
    List<byte[]> split = InlineArgs.split(line, 0, line.length);
    if (split == null) {
      fail(sink, "unbalanced quotes in request");
      return false;
    }
    if (!split.isEmpty()) {
      sink.command(split.toArray(new byte[0][]));
    }
    return true;
  }

  private boolean parseMultibulkLength(ByteBuf buf, Sink sink) {
    long count = parseLengthLine(buf, sink, "too big mbulk count string");
    if (count == NEED_MORE || failed) {
      return false;
    }
    if (count == INVALID || count > Integer.MAX_VALUE) {
      fail(sink, "invalid multibulk length");
      return false;
    }
    if (!sink.authenticated() && count > UNAUTHENTICATED_MAX_ARGS) {
      fail(sink, "unauthenticated multibulk length");
      return false;
    }
    if (count > 0) {
      argsExpected = (int) count;
      args = new byte[(int) Math.min(count, 1024)][];
    }
    return true;
  }

  /** Redis checks a bulk length for validity first, then against the limit before AUTH. */
  private boolean parseBulkLength(ByteBuf buf, Sink sink) {
    if (!buf.isReadable()) {
      return false;
    }
    byte type = buf.getByte(buf.readerIndex());
    if (type != '$') {
      fail(sink, "expected '$', got '" + (char) (type & 0xFF) + "'");
      return false;
    }
    long length = parseLengthLine(buf, sink, "too big bulk count string");
    if (length == NEED_MORE || failed) {
      return false;
    }
    if (length == INVALID || length < 0 || length > sink.maxBulkLength() || length > MAX_ARRAY) {
      fail(sink, "invalid bulk length");
      return false;
    }
    if (!sink.authenticated() && length > UNAUTHENTICATED_MAX_BULK) {
      fail(sink, "unauthenticated bulk length");
      return false;
    }
    bulkLength = length;
    return true;
  }

  private static final long NEED_MORE = Long.MIN_VALUE;
  private static final long INVALID = Long.MIN_VALUE + 1;

  /**
   * Reads "&lt;type&gt;&lt;integer&gt;\r\n". As in Redis, only a buffer of more than
   * {@link #MAX_LINE} bytes with no '\r' at all is "too big"; a '\r' found further on ends a line
   * whose integer is invalid.
   */
  private long parseLengthLine(ByteBuf buf, Sink sink, String tooBig) {
    int start = buf.readerIndex();
    int cr = lines.find(buf, (byte) '\r');
    if (cr < 0) {
      if (buf.readableBytes() > MAX_LINE) {
        fail(sink, tooBig);
      }
      return NEED_MORE;
    }
    if (cr + 1 >= buf.writerIndex()) {
      return NEED_MORE;
    }
    consumeLine(buf, cr + 2);
    return parseLong(buf, start + 1, cr);
  }

  private void consumeLine(ByteBuf buf, int next) {
    buf.readerIndex(next);
    lines.lineConsumed();
  }

  /** Redis's string2ll: optional '-', digits only, no leading zeros, no overflow. */
  private static long parseLong(ByteBuf buf, int from, int to) {
    if (from >= to || to - from > 20) {
      return INVALID;
    }
    boolean negative = buf.getByte(from) == '-';
    int i = negative ? from + 1 : from;
    if (i >= to || (buf.getByte(i) == '0' && to - i > 1)) {
      return INVALID;
    }
    long value = 0;
    for (; i < to; i++) {
      int digit = buf.getByte(i) - '0';
      if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
        return INVALID;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private void fail(Sink sink, String reason) {
    failed = true;
    sink.protocolError("ERR Protocol error: " + reason);
  }
}
