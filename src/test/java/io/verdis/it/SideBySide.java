package io.verdis.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One connection to Verdis and one to a real redis-server, to send both the same command and
 * require the same reply, byte for byte. Arguments are byte[] as given, anything else as its text in
 * ISO-8859-1 (one byte per char): one command with {@link #same}, or a script of them with
 * {@link #assertSameReplies}.
 *
 * <p>A script has one command per line, redis-cli style: words split on spaces, "double quotes"
 * around a word with spaces (or an empty word ""), {@code \xHH} inside quotes for any byte.
 * Blank lines and lines starting with {@code #} are skipped; a line starting with {@code !} runs
 * on both servers without comparing the replies (HELLO, whose reply names the server).
 */
public final class SideBySide implements AutoCloseable {
  public final RawClient verdis;
  public final RawClient redis;

  public SideBySide(RawClient verdis, RawClient redis) {
    this.verdis = verdis;
    this.redis = redis;
  }

  /** Closes both connections. */
  @Override
  public void close() throws IOException {
    try (verdis; redis) {
      // closed by the try
    }
  }

  /** Sends the command to both; asserts the raw replies are equal; returns Redis's. */
  public String same(Object... args) throws IOException {
    byte[] request = RawClient.command(bytes(args));
    String expected = redis.send(request).readReply();
    String actual = verdis.send(request).readReply();
    assertEquals(expected, actual, "reply to " + describe(args));
    return expected;
  }

  /**
   * Reads the next reply from both without sending anything (a pushed pub/sub message, the second
   * confirmation of a multi-channel SUBSCRIBE) and asserts they are equal; returns Redis's.
   */
  public String sameNext(String what) throws IOException {
    String expected = redis.readReply();
    String actual = verdis.readReply();
    assertEquals(expected, actual, what);
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

  /** Runs every command of {@code script}, then fails listing each command whose replies differ. */
  public void assertSameReplies(String script) throws IOException {
    assertSameReplies(parse(script));
  }

  public void assertSameReplies(List<String[]> commands) throws IOException {
    List<String> differences = new ArrayList<>();
    for (String[] command : commands) {
      boolean compare = !command[0].startsWith("!");
      if (!compare) {
        command = command.clone();
        command[0] = command[0].substring(1);
      }
      byte[] request = RawClient.command(bytes(command));
      String expected = redis.send(request).readReply();
      String actual = verdis.send(request).readReply();
      if (compare && !expected.equals(actual)) {
        differences.add(String.join(" ", command) + "\n    redis:  " + printable(expected) + "\n    verdis: "
            + printable(actual));
      }
    }
    if (!differences.isEmpty()) {
      fail(differences.size() + " of " + commands.size() + " replies differ:\n  " + String.join("\n  ", differences));
    }
  }

  private static String printable(String reply) {
    return reply.replace("\r\n", "\\r\\n");
  }

  /** The commands of a script (see the class comment), each as its words (one char per byte). */
  public static List<String[]> parse(String script) {
    List<String[]> commands = new ArrayList<>();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        commands.add(words(trimmed));
      }
    }
    return commands;
  }

  private static String[] words(String line) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      if (line.charAt(i) == ' ') {
        i++;
        continue;
      }
      StringBuilder word = new StringBuilder();
      if (line.charAt(i) == '"') {
        i++;
        while (i < line.length() && line.charAt(i) != '"') {
          if (line.startsWith("\\x", i)) {
            word.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
            i += 4;
          } else {
            word.append(line.charAt(i++));
          }
        }
        i++;
      } else {
        while (i < line.length() && line.charAt(i) != ' ') {
          word.append(line.charAt(i++));
        }
      }
      words.add(word.toString());
    }
    return words.toArray(String[]::new);
  }
}
