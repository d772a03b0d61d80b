package io.verdis.net;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes a stream of RESP2/RESP3 replies into {@link Reply} values, in order. Bytes may arrive in
 * any chunks; an incomplete reply waits for the rest. Attributes ({@code |}) are skipped, as
 * clients that do not ask for them do.
 *
 * <p>Decoding resumes where it stopped: the aggregates still open keep the elements read so far,
 * and only the one unfinished element is read again when more bytes come. An array of a million
 * elements arriving in a thousand pieces is read once, not once per piece.
 */
public final class ReplyDecoder {
  /** What {@link #item} returns after reading the header of a non-empty aggregate, now open. */
  private static final Reply OPENED = new Reply(Reply.Type.NULL, null, 0, null, "opened");

  private final ByteBuf pending = Buffers.heap(256);
  private final Consumer<Reply> sink;
  /** The aggregates being read, innermost first. */
  private final ArrayDeque<Open> open = new ArrayDeque<>();
  /** Bytes read so far, including those read again after a piece ended inside an element. */
  private long bytesRead;

  public ReplyDecoder(Consumer<Reply> sink) {
    this.sink = sink;
  }

  /** Decodes what it can of {@code bytes} (not kept, not released). */
  public void feed(ByteBuf bytes) {
    ByteBuf in;
    if (pending.isReadable()) {
      pending.writeBytes(bytes);
      in = pending;
    } else {
      in = bytes;
    }
    while (in.isReadable()) {
      int start = in.readerIndex();
      Reply item = item(in);
      bytesRead += in.readerIndex() - start;
      if (item == null) {
        in.readerIndex(start);
        break;
      }
      if (item != OPENED) {
        complete(item);
      }
    }
    if (in != pending) {
      pending.writeBytes(in);
    }
    pending.discardReadBytes();
  }

  /** Bytes examined since this decoder was made: what was fed, plus the elements read again. */
  long bytesRead() {
    return bytesRead;
  }

  /** Adds a complete reply to the innermost open aggregate, closing those it completes, or emits it. */
  private void complete(Reply reply) {
    while (true) {
      Open innermost = open.peek();
      if (innermost == null) {
        sink.accept(reply);
        return;
      }
      if (!innermost.add(reply)) {
        return;
      }
      open.pop();
      if (innermost.attribute) {
        return; // the reply it annotates comes next, in the attribute's place
      }
      reply = Reply.aggregate(innermost.type, innermost.elements);
    }
  }

  /**
   * One complete scalar or empty aggregate; {@link #OPENED} after the header of an aggregate with
   * elements (opened); null when the buffer ends first.
   */
  private Reply item(ByteBuf in) {
    if (!in.isReadable()) {
      return null;
    }
    byte marker = in.readByte();
    byte[] line = line(in);
    if (line == null) {
      return null;
    }
    return switch (marker) {
      case '+' -> Reply.text(Reply.Type.SIMPLE, line);
      case '-' -> Reply.text(Reply.Type.ERROR, line);
      case ':' -> Reply.number(Reply.Type.INTEGER, parse(line));
      case ',' -> Reply.text(Reply.Type.DOUBLE, line);
      case '(' -> Reply.text(Reply.Type.BIGNUM, line);
      case '#' -> Reply.number(Reply.Type.BOOLEAN, line.length == 1 && line[0] == 't' ? 1 : 0);
      case '_' -> Reply.NULL;
      case '$' -> blob(in, line, Reply.Type.BULK);
      case '!' -> blob(in, line, Reply.Type.ERROR);
      case '=' -> verbatim(in, line);
      case '*' -> aggregate(line, Reply.Type.ARRAY, 1, false);
      case '~' -> aggregate(line, Reply.Type.SET, 1, false);
      case '>' -> aggregate(line, Reply.Type.PUSH, 1, false);
      case '%' -> aggregate(line, Reply.Type.MAP, 2, false);
      case '|' -> aggregate(line, Reply.Type.MAP, 2, true);
      default -> throw new IllegalStateException("not a RESP reply: '" + (char) marker + "'");
    };
  }

  /** The aggregate when it is null or empty; otherwise opens it and returns {@link #OPENED}. */
  private Reply aggregate(byte[] header, Reply.Type type, int perEntry, boolean attribute) {
    long count = parse(header);
    if (count < 0) {
      return Reply.NULL;
    }
    if (count == 0) {
      // An empty attribute annotates nothing: nothing to emit, the reply it precedes comes next.
      return attribute ? OPENED : Reply.aggregate(type, new ArrayList<>(0));
    }
    open.push(new Open(type, count * perEntry, attribute));
    return OPENED;
  }

  private static Reply blob(ByteBuf in, byte[] header, Reply.Type type) {
    long length = parse(header);
    if (length < 0) {
      return Reply.NULL;
    }
    if (in.readableBytes() < length + 2) {
      return null;
    }
    byte[] bytes = new byte[(int) length];
    in.readBytes(bytes);
    in.skipBytes(2);
    return Reply.text(type, bytes);
  }

  private static Reply verbatim(ByteBuf in, byte[] header) {
    Reply blob = blob(in, header, Reply.Type.VERBATIM);
    if (blob == null || blob.bytes().length < 4) {
      return blob;
    }
    byte[] all = blob.bytes();
    byte[] content = java.util.Arrays.copyOfRange(all, 4, all.length);
    return new Reply(Reply.Type.VERBATIM, content, 0, null, new String(all, 0, 3, StandardCharsets.US_ASCII));
  }

  /** The bytes up to CRLF (consumed), or null when there is no CRLF yet. */
  private static byte[] line(ByteBuf in) {
    int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
    if (end < 0 || end + 1 >= in.writerIndex()) {
      return null;
    }
    byte[] line = new byte[end - in.readerIndex()];
    in.readBytes(line);
    in.skipBytes(2);
    return line;
  }

  private static long parse(byte[] digits) {
    return Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
  }

  /** An aggregate whose elements are still arriving. */
  private static final class Open {
    final Reply.Type type;
    final boolean attribute;
    final List<Reply> elements;
    long missing;

    Open(Reply.Type type, long entries, boolean attribute) {
      this.type = type;
      this.attribute = attribute;
      this.missing = entries;
      // An attribute's entries are dropped; a count announced by the peer is not trusted for sizing.
      this.elements = attribute ? List.of() : new ArrayList<>((int) Math.min(entries, 1024));
    }

    /** Takes the next element; whether it was the last. */
    boolean add(Reply element) {
      if (!attribute) {
        elements.add(element);
      }
      return --missing == 0;
    }
  }
}
