package io.verdis.net;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.List;

/**
 * Incremental RESP request parser (multibulk and inline), following Redis's networking.c.
 *
 * <p>Bytes may arrive in any split. Completed arguments are kept, so a huge command arriving over
 * many reads is parsed once; a bulk length is checked against {@code proto-max-bulk-len} before
 * any byte of it is buffered, and nothing is allocated for a claimed length until it has arrived.
 */
public final class RespParser {
  /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or length line. */
  static final int MAX_LINE = 64 * 1024;
  /** Redis's limits for clients that have not authenticated yet. */
  private static final int UNAUTHENTICATED_MAX_ARGS = 10;
  private static final int UNAUTHENTICATED_MAX_BULK = 16384;

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
      pending.clear();
    } else if (pending.readerIndex() > pending.capacity() / 2) {
      pending.discardReadBytes();
    }
  }

  /** Bytes buffered for an incomplete request (CLIENT LIST's qbuf). */
  public int bufferedBytes() {
    return pending == null ? 0 : pending.readableBytes();
  }

  private void parse(ByteBuf buf, Sink sink) {
    while (buf.isReadable()) {
      if (argsExpected == 0) {
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
        if (bulkLength < 0 && !parseBulkLength(buf, sink)) {
          return;
        }
        if (buf.readableBytes() < bulkLength + 2) {
          return;
        }
        byte[] arg = new byte[(int) bulkLength];
        buf.readBytes(arg);
        buf.skipBytes(2);
        if (argCount == args.length) {
          args = Arrays.copyOf(args, Math.min(argsExpected, args.length * 2));
        }
        args[argCount++] = arg;
        bulkLength = -1;
      }
      byte[][] argv = args.length == argCount ? args : Arrays.copyOf(args, argCount);
      args = null;
      argCount = 0;
      argsExpected = 0;
      sink.command(argv);
    }
  }

  private boolean parseInline(ByteBuf buf, Sink sink) {
    int start = buf.readerIndex();
    int newline = buf.indexOf(start, buf.writerIndex(), (byte) '\n');
    if (newline < 0) {
      if (buf.readableBytes() > MAX_LINE) {
        fail(sink, "too big inline request");
      }
      return false;
    }
    int end = newline > start && buf.getByte(newline - 1) == '\r' ? newline - 1 : newline;
    byte[] line = new byte[end - start];
    buf.getBytes(start, line);
    buf.readerIndex(newline + 1);
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
    if (!sink.authenticated() && length > UNAUTHENTICATED_MAX_BULK) {
      fail(sink, "unauthenticated bulk length");
      return false;
    }
    if (length == INVALID || length < 0 || length > sink.maxBulkLength()) {
      fail(sink, "invalid bulk length");
      return false;
    }
    bulkLength = length;
    return true;
  }

  private static final long NEED_MORE = Long.MIN_VALUE;
  private static final long INVALID = Long.MIN_VALUE + 1;

  /** Reads "&lt;type&gt;&lt;integer&gt;\r\n"; the line must end within {@link #MAX_LINE} bytes. */
  private long parseLengthLine(ByteBuf buf, Sink sink, String tooBig) {
    int start = buf.readerIndex();
    int cr = buf.indexOf(start, Math.min(buf.writerIndex(), start + MAX_LINE + 1), (byte) '\r');
    if (cr < 0 || cr + 1 >= buf.writerIndex()) {
      if (buf.readableBytes() > MAX_LINE) {
        fail(sink, tooBig);
      }
      return NEED_MORE;
    }
    buf.readerIndex(cr + 2);
    return parseLong(buf, start + 1, cr);
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
