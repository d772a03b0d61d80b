package io.verdis.it.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request answered before its body was read (413 for a login body over the limit), on a
 * kept-alive connection written by hand: the rest of the body is dropped as it comes, and the
 * next request on the connection is answered.
 */
@DisplayName("a body refused before it was read does not hold up its connection")
class UnreadBodyTest extends WebTestBase {
  private static final int BODY_BYTES = 512 * 1024;

  @Test
  @DisplayName("after a 413 to a 512 KiB body, the next request on the same connection is answered")
  void theConnectionServesTheNextRequest() throws IOException {
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(loginHead(BODY_BYTES));
      out.flush();
      assertTrue(readResponse(in).startsWith("HTTP/1.1 413"), "the login body is over its limit");
      out.write(new byte[BODY_BYTES]);
      out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String next = readResponse(in);
      assertTrue(next.startsWith("HTTP/1.1 200"), next);
      assertTrue(next.endsWith("{\"status\":\"UP\"}"), next);
    }
  }

  private Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.httpPort());
    socket.setSoTimeout((int) (WAIT_SECONDS * 1000));
    return socket;
  }

  private static byte[] loginHead(long length) {
    return ("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** One response with a Content-Length body: head and body as text. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection ended within a response head: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
