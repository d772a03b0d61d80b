package io.verdis.replication;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An output stream into a replica's socket, for a worker thread writing an RDB to it: bytes go out
 * in chunks, and the writer waits while the socket holds more than {@link #HIGH_WATER} bytes the
 * replica has not taken, so a slow replica paces the encoding instead of filling the heap.
 */
final class SocketOutput extends OutputStream {
  static final long HIGH_WATER = 8L << 20;
  private static final int CHUNK = 256 * 1024;
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ReplicaSocket socket;
  private final BooleanSupplier wanted;
  private byte[] chunk = new byte[CHUNK];
  private int length;

  SocketOutput(ReplicaSocket socket, BooleanSupplier wanted) {
    this.socket = socket;
    this.wanted = wanted;
  }

  @Override
  public void write(int b) throws IOException {
    if (length == chunk.length) {
      send();
    }
    chunk[length++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    while (count > 0) {
      if (length == chunk.length) {
        send();
      }
      int part = Math.min(count, chunk.length - length);
      System.arraycopy(bytes, offset, chunk, length, part);
      length += part;
      offset += part;
      count -= part;
    }
  }

  @Override
  public void flush() throws IOException {
    if (length > 0) {
      send();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  private void send() throws IOException {
    socket.write(length == chunk.length ? chunk : Arrays.copyOf(chunk, length));
    chunk = new byte[CHUNK];
    length = 0;
    while (socket.pendingBytes() > HIGH_WATER) {
      if (!wanted.getAsBoolean()) {
        throw new IOException("the replica is gone");
      }
      LockSupport.parkNanos(NAP_NANOS);
    }
    if (!wanted.getAsBoolean()) {
      throw new IOException("the replica is gone");
    }
  }
}
