package io.verdis.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * One client of a fuzzing round: sessions of requests on fresh connections to one port, until its
 * requests are sent or the round ends. It reads what comes back as it goes and keeps every
 * "internal error" it sees: a server that answers that has a bug. Some sessions end with a reset
 * instead of a close, some before reading their replies.
 *
 * <p>Each session's requests are drawn before it starts, whatever happens to the one before (the
 * server closing it after a protocol error, say), so a seed gives the same requests in every run.
 */
final class FuzzClient implements Callable<FuzzClient.Sent> {
  private static final String INTERNAL_ERROR = "internal error";
  private static final int REPLY_WAIT_MILLIS = 200;

  private final String name;
  private final int port;
  private final boolean pizzaria;
  private final FuzzFrames frames;
  private final Random random;
  private final int requests;
  private final long deadlineNanos;
  private final Set<Socket> open;
  private final Queue<String> internalErrors;
  private final byte[] buffer = new byte[64 * 1024];
  /** The end of what was read last, so a match split over two reads is still found. */
  private String tail = "";
  private int connections;
  private int resets;
  private long bytesRead;

  /** What one client did in its round, for the round's summary line. */
  record Sent(int requests, int connections, int resets, long bytesRead) {
  }

  /**
   * @param open           where the connections live while open, so the round can close those it
   *                       must stop waiting for (a client blocked for good, a writer the server
   *                       no longer reads)
   * @param internalErrors where the "internal error" replies seen go, with their context
   */
  FuzzClient(String name, int port, boolean pizzaria, FuzzFrames frames, Random random, int requests,
             long deadlineNanos, Set<Socket> open, Queue<String> internalErrors) {
    this.name = name;
    this.port = port;
    this.pizzaria = pizzaria;
    this.frames = frames;
    this.random = random;
    this.requests = requests;
    this.deadlineNanos = deadlineNanos;
    this.open = open;
    this.internalErrors = internalErrors;
  }

  @Override
  public Sent call() {
    int sent = 0;
    while (sent < requests && System.nanoTime() < deadlineNanos) {
      int count = Math.min(requests - sent, 1 + random.nextInt(200));
      List<byte[]> bursts = session(count);
      run(bursts, random.nextInt(6) == 0 ? random.nextInt(bursts.size()) : -1);
      sent += count;
    }
    return new Sent(sent, connections, resets, bytesRead);
  }

  /**
   * {@code count} requests in bursts of up to 16, each burst one write: a pipelining client. A
   * RESP session may end with a broken request (last, mostly: the server closes after a protocol
   * error, and what follows goes unread).
   */
  private List<byte[]> session(int count) {
    List<byte[]> requests = new ArrayList<>(count + 1);
    for (int i = 0; i < count; i++) {
      requests.add(pizzaria ? frames.pizzaria() : frames.resp());
    }
    if (!pizzaria && random.nextInt(4) == 0) {
      requests.add(random.nextInt(4) > 0 ? count : random.nextInt(count + 1), frames.broken());
    }
    List<byte[]> bursts = new ArrayList<>();
    for (int i = 0; i < requests.size(); ) {
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      for (int end = Math.min(requests.size(), i + 1 + random.nextInt(16)); i < end; i++) {
        burst.writeBytes(requests.get(i));
      }
      bursts.add(burst.toByteArray());
    }
    return bursts;
  }

  /**
   * Writes the bursts on a new connection, reading the replies after each (as long as they keep
   * coming: a blocked client or a loaded server is not waited for); resets the connection right
   * after writing burst {@code resetAt}, before reading its replies, else closes it at the end.
   */
  private void run(List<byte[]> bursts, int resetAt) {
    Socket socket = new Socket();
    open.add(socket);
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      connections++;
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(REPLY_WAIT_MILLIS);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < bursts.size() && System.nanoTime() < deadlineNanos; i++) {
        out.write(bursts.get(i));
        if (i == resetAt) {
          reset(socket);
          return;
        }
        readReplies(in);
      }
    } catch (IOException closed) {
      // The server closed the connection (protocol error, QUIT), or the round closed it.
    } finally {
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  /** What has come back, waiting a while for the first bytes. */
  private void readReplies(InputStream in) throws IOException {
    try {
      if (!read(in)) {
        throw new EOFException("closed by the server");
      }
      while (in.available() > 0 && read(in)) {
        // all that is there
      }
    } catch (SocketTimeoutException late) {
      // blocked, or slow: on with the next burst
    }
  }

  /** Reads once; false at the end of the stream. */
  private boolean read(InputStream in) throws IOException {
    int n = in.read(buffer);
    if (n < 0) {
      return false;
    }
    bytesRead += n;
    String text = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(INTERNAL_ERROR);
    while (at >= 0) {
      int start = Math.max(0, at - 40);
      String context = text.substring(start, Math.min(text.length(), at + 200));
      internalErrors.add(name + ": ..." + context.replace("\r", "\\r").replace("\n", "\\n"));
      at = text.indexOf(INTERNAL_ERROR, at + 1);
    }
    tail = text.substring(Math.max(0, text.length() - INTERNAL_ERROR.length() + 1));
    return true;
  }

  private void reset(Socket socket) throws IOException {
    resets++;
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
