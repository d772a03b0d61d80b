package io.verdis.net;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** Writes commands as a client sends them: RESP arrays of bulk strings. */
public final class CommandEncoder {
  private CommandEncoder() {
  }

  public static void write(ByteBuf out, byte[][] argv) {
    header(out, '*', argv.length);
    for (byte[] arg : argv) {
      header(out, '$', arg.length);
      out.writeBytes(arg);
      out.writeByte('\r').writeByte('\n');
    }
  }

  /** About how many bytes {@link #write} takes for {@code argv}. */
  public static int sizeOf(byte[][] argv) {
    int size = 16;
    for (byte[] arg : argv) {
      size += arg.length + 16;
    }
    return size;
  }

  private static void header(ByteBuf out, char marker, int count) {
    out.writeByte(marker);
    out.writeCharSequence(Integer.toString(count), StandardCharsets.US_ASCII);
    out.writeByte('\r').writeByte('\n');
  }
}
