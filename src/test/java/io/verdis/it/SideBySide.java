package io.verdis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One connection to Verdis and one to a real redis-server, to send both the same command and
 * require the same reply, byte for byte. Arguments are byte[] as given, anything else as its text in
 * ISO-8859-1 (one byte per char).
 */
public final class SideBySide {
  public final RawClient verdis;
  public final RawClient redis;

  public SideBySide(RawClient verdis, RawClient redis) {
    this.verdis = verdis;
    this.redis = redis;
  }

  /** Sends the command to both; asserts the raw replies are equal; returns Redis's. */
  public String same(Object... args) throws IOException {
    byte[] request = RawClient.command(bytes(args));
    String expected = redis.send(request).readReply();
    String actual = verdis.send(request).readReply();
    assertEquals(expected, actual, "reply to " + describe(args));
    return expected;
  }

  /** Gives Verdis Redis's value of {@code key} (with no TTL), through DUMP and RESTORE. */
  public void copyFromRedis(String key) throws IOException {
    byte[] payload = (byte[]) redis.request("DUMP", key);
    assertEquals("OK", verdis.request("RESTORE", key, 0, payload, "REPLACE"));
  }

  private static byte[][] bytes(Object[] args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i] instanceof byte[] b ? b : String.valueOf(args[i]).getBytes(StandardCharsets.ISO_8859_1);
    }
    return bytes;
  }

  private static String describe(Object[] args) {
    StringBuilder text = new StringBuilder();
    for (Object arg : args) {
      text.append(text.length() == 0 ? "" : " ").append(arg instanceof byte[] b ? "<" + b.length + " bytes>" : arg);
    }
    return text.toString();
  }
}
