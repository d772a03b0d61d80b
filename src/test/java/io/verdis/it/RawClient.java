package io.verdis.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain TCP client for protocol edge cases: writes bytes as given, reads what comes back. */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawClient(int port) throws IOException {
    this("127.0.0.1", port);
  }

  /** A client from another address of the machine (protected mode's non-loopback clients). */
  public RawClient(String host, int port) throws IOException {
    this(new Socket(host, port));
  }

  /** A client on a socket already connected (a TLS socket, for one). */
  public RawClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    // Buffered: replies are read a byte at a time, and a deep pipeline has a great many of them.
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  public RawClient send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  public RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Several multibulk requests in one write: the server reads them as one pipeline. */
  public RawClient sendPipelined(String[]... commands) throws IOException {
    ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
    for (String[] args : commands) {
      pipeline.writeBytes(command(args));
    }
    return send(pipeline.toByteArray());
  }

  /** A RESP multibulk request, binary-safe. */
  public static byte[] command(byte[]... args) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : args) {
      request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(arg);
      request.writeBytes(new byte[] {'\r', '\n'});
    }
    return request.toByteArray();
  }

  /** A RESP multibulk request of UTF-8 arguments. */
  public static byte[] command(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return command(bytes);
  }

  /** Sends one multibulk command and reads its reply. */
  public String call(String... args) throws IOException {
    send(command(args));
    return readReply();
  }

  /** Reads exactly {@code length} bytes. */
  public String read(int length) throws IOException {
    return new String(readBytes(length), StandardCharsets.UTF_8);
  }

  /** Reads exactly {@code length} bytes, failing if the connection ends first. */
  public byte[] readBytes(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new IOException("connection closed after " + bytes.length + " of " + length + " bytes");
    }
    return bytes;
  }

  /** Reads until the text read so far ends with {@code suffix}. */
  public String readUntil(String suffix) throws IOException {
    byte[] end = suffix.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] tail = new byte[end.length];
    int size = 0;
    while (size < end.length || !Arrays.equals(tail, end)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + buffer.toString(StandardCharsets.UTF_8));
      }
      buffer.write(b);
      size++;
      if (end.length > 0) {
        System.arraycopy(tail, 1, tail, 0, end.length - 1);
        tail[end.length - 1] = (byte) b;
      }
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** One RESP reply, whole (nested arrays included), as raw text. */
  public String readReply() throws IOException {
    StringBuilder reply = new StringBuilder();
    readReplyInto(reply);
    return reply.toString();
  }

  private void readReplyInto(StringBuilder reply) throws IOException {
    String line = readUntil("\r\n");
    reply.append(line);
    char type = line.charAt(0);
    long n = type == '$' || type == '*' || type == '%' || type == '~' || type == '=' || type == '>'
        ? Long.parseLong(line.substring(1, line.length() - 2)) : 0;
    if ((type == '$' || type == '=') && n >= 0) {
      reply.append(read((int) n + 2));
    } else if (type == '*' || type == '~' || type == '>') {
      for (long i = 0; i < n; i++) {
        readReplyInto(reply);
      }
    } else if (type == '%') {
      for (long i = 0; i < 2 * n; i++) {
        readReplyInto(reply);
      }
    }
  }

  /** One bulk reply's payload as bytes (binary-safe); null for a nil bulk. */
  public byte[] readBulk() throws IOException {
    String line = readUntil("\r\n");
    if (line.charAt(0) != '$') {
      throw new IOException("expected a bulk reply, got: " + line);
    }
    int n = Integer.parseInt(line.substring(1, line.length() - 2));
    if (n < 0) {
      return null;
    }
    byte[] payload = readBytes(n);
    readBytes(2);
    return payload;
  }

  /**
   * Sends one command and parses its reply, binary-safe: String for a status, Long for an integer,
   * byte[] for a bulk string, List for an array, null for a nil. Arguments are byte[] as given, or
   * any other object as its text in ISO-8859-1 (one byte per char, so a test can spell any byte
   * string; pass byte[] for UTF-8).
   *
   * @throws ErrorReply for an error reply
   */
  public Object request(Object... args) throws IOException {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i] instanceof byte[] b ? b : String.valueOf(args[i]).getBytes(StandardCharsets.ISO_8859_1);
    }
    send(command(bytes));
    return reply();
  }

  /** A parsed reply with bulk strings (also inside arrays) as UTF-8 text. */
  public static Object asText(Object reply) {
    if (reply instanceof List<?> list) {
      return list.stream().map(RawClient::asText).toList();
    }
    return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply;
  }

  /** One RESP2 reply, parsed as {@link #request} describes. */
  public Object reply() throws IOException {
    String line = readUntil("\r\n");
    String body = line.substring(1, line.length() - 2);
    switch (line.charAt(0)) {
      case '+':
        return body;
      case '-':
        throw new ErrorReply(body);
      case ':':
        return Long.parseLong(body);
      case '$': {
        int length = Integer.parseInt(body);
        if (length < 0) {
          return null;
        }
        byte[] bulk = readBytes(length);
        readBytes(2);
        return bulk;
      }
      case '*': {
        int count = Integer.parseInt(body);
        if (count < 0) {
          return null;
        }
        List<Object> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          elements.add(reply());
        }
        return elements;
      }
      default:
        throw new IOException("unexpected reply: " + line);
    }
  }

  /** An error reply to {@link #request}: a runtime exception, so expected errors read as assertThrows. */
  public static final class ErrorReply extends RuntimeException {
    public ErrorReply(String message) {
      super(message);
    }
  }

  /** True when the server has closed the connection (reads EOF within the timeout). */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Like {@link #closedByServer()}, waiting at most {@code millis} for the end of the stream. */
  public boolean closedByServerWithin(int millis) throws IOException {
    int previous = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return closedByServer();
    } finally {
      socket.setSoTimeout(previous);
    }
  }

  /** Everything the server sends until it closes the connection (within the read timeout). */
  public String readToEnd() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        buffer.write(b);
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("server did not close; read so far: " + buffer.toString(StandardCharsets.UTF_8), e);
    } catch (IOException e) {
      // A reset after the last reply counts as the end.
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** Stops reading for a while, or for good: the read timeout in milliseconds (0 = wait forever). */
  public void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** Makes {@link #close()} reset the connection (SO_LINGER 0), as a client that crashes does. */
  public RawClient resetOnClose() throws IOException {
    socket.setSoLinger(true, 0);
    return this;
  }

  /** Closes the sending side only, as {@code printf … | nc} does once its input ends. */
  public RawClient finishSending() throws IOException {
    socket.shutdownOutput();
    return this;
  }

  /** Closes with a reset (SO_LINGER 0 sends an RST), as a client that crashes or is killed goes. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
