package io.verdis.net;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes a stream of RESP2/RESP3 replies into {@link Reply} values, in order. Bytes may arrive in
 * any chunks; an incomplete reply waits for the rest. Attributes ({@code |}) are skipped, as
 * clients that do not ask for them do.
 */
public final class ReplyDecoder {
  private final ByteBuf pending = Buffers.heap(256);
  private final Consumer<Reply> sink;

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
      Reply reply = read(in);
      if (reply == null) {
        in.readerIndex(start);
        break;
      }
      sink.accept(reply);
    }
    if (in != pending) {
      pending.writeBytes(in);
    }
    pending.discardReadBytes();
  }

  /** One complete reply, or null when the buffer ends first. */
  private static Reply read(ByteBuf in) {
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
      case '*' -> aggregate(in, line, Reply.Type.ARRAY, 1);
      case '~' -> aggregate(in, line, Reply.Type.SET, 1);
      case '>' -> aggregate(in, line, Reply.Type.PUSH, 1);
      case '%' -> aggregate(in, line, Reply.Type.MAP, 2);
      case '|' -> attributeThenReply(in, line);
      default -> throw new IllegalStateException("not a RESP reply: '" + (char) marker + "'");
    };
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

  private static Reply aggregate(ByteBuf in, byte[] header, Reply.Type type, int perEntry) {
    long count = parse(header);
    if (count < 0) {
      return Reply.NULL;
    }
    List<Reply> elements = new ArrayList<>((int) Math.min(count * perEntry, 1024));
    for (long i = 0; i < count * perEntry; i++) {
      Reply element = read(in);
      if (element == null) {
        return null;
      }
      elements.add(element);
    }
    return Reply.aggregate(type, elements);
  }

  private static Reply attributeThenReply(ByteBuf in, byte[] header) {
    return aggregate(in, header, Reply.Type.MAP, 2) == null ? null : read(in);
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
}
