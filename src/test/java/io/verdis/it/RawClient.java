package io.verdis.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain TCP client for protocol edge cases: writes bytes as given, reads what comes back. */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
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

  /** Reads exactly {@code length} bytes. */
  public String read(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Reads until the text read so far ends with {@code suffix}. */
  public String readUntil(String suffix) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    while (!buffer.toString(StandardCharsets.UTF_8).endsWith(suffix)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + buffer.toString(StandardCharsets.UTF_8));
      }
      buffer.write(b);
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

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
