package io.verdis.web.admin;

import io.netty.buffer.Unpooled;
import io.verdis.it.RawClient;
import io.verdis.net.Reply;
import io.verdis.net.ReplyDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayDeque;

/** A RESP3 connection for tests that decodes replies with the server's own {@link ReplyDecoder}. */
final class RespSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final ArrayDeque<Reply> replies = new ArrayDeque<>();
  private final ReplyDecoder decoder = new ReplyDecoder(replies::add);

  RespSocket(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    call("HELLO", "3");
  }

  /** Sends one command (arguments as ISO-8859-1, one byte per char); its decoded reply. */
  Reply call(String... args) throws IOException {
    socket.getOutputStream().write(RawClient.command(latin1(args)));
    byte[] chunk = new byte[8192];
    while (replies.isEmpty()) {
      int n = in.read(chunk);
      if (n < 0) {
        throw new IOException("closed by the server");
      }
      decoder.feed(Unpooled.wrappedBuffer(chunk, 0, n));
    }
    return replies.poll();
  }

  private static byte[][] latin1(String[] args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    return bytes;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
