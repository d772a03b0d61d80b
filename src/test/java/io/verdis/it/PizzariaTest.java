package io.verdis.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pizzaria protocol on its own port, as {@code nc} speaks it: one request per line ended by
 * '\r', one answer per line ended by '\r' ({@code success}, {@code error}, or the data).
 * It shares database 0 with RESP, across every shard.
 */
class PizzariaTest extends RawSocketTestBase {

  private static RawClient pizzaria() throws IOException {
    return new RawClient(server.pizzariaPort());
  }

  /** Sends one request line (the '\r' is added) and reads one answer line, without its '\r'. */
  private static String ask(RawClient raw, String request) throws IOException {
    raw.send(request + "\r");
    return line(raw);
  }

  private static String line(RawClient raw) throws IOException {
    String line = raw.readUntil("\r");
    return line.substring(0, line.length() - 1);
  }

  /** {@code n} answer lines. */
  private static List<String> lines(RawClient raw, int n) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(line(raw));
    }
    return lines;
  }

  @Test
  void writeAnswersSuccessAndReadAnswersTheValue() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("success", ask(raw, "write pizza|margherita"));
      assertEquals("margherita", ask(raw, "read pizza"));
    }
  }

  @Test
  void readOfAMissingKeyAnswersError() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("error", ask(raw, "read nothing-here"));
    }
  }

  @Test
  void deleteAnswersSuccessOnceThenError() throws IOException {
    try (RawClient raw = pizzaria()) {
      ask(raw, "write gone|soon");
      assertEquals("success", ask(raw, "delete gone"));
      assertEquals("error", ask(raw, "delete gone"));
      assertEquals("error", ask(raw, "read gone"));
    }
  }

  @Test
  void aValueMayContainTheBarBecauseWriteSplitsAtTheFirstOne() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("success", ask(raw, "write order|ham|cheese||olives|"));
      assertEquals("ham|cheese||olives|", ask(raw, "read order"));
    }
  }

  @Test
  void aValueMayBeEmptyOrHoldSpaces() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("success", ask(raw, "write empty|"));
      assertEquals("", ask(raw, "read empty"));
      assertEquals("success", ask(raw, "write spaced|quattro stagioni "));
      assertEquals("quattro stagioni ", ask(raw, "read spaced"));
    }
  }

  @Test
  void writeWithoutABarAnswersError() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("error", ask(raw, "write lonely"));
    }
  }

  @Test
  void keysListsEveryKeyOfEveryShardInByteOrder() throws IOException {
    // "é" is 0xC3 0xA9: after '~' in byte order, whatever Java's signed bytes might suggest.
    List<String> keys = new ArrayList<>(List.of("Zeta", "alpha", "user:10", "user:2", "~tilde", "é", "b", "a1", "a"));
    for (int i = 0; i < 30; i++) {
      keys.add("k" + i);
    }
    try (RawClient raw = pizzaria()) {
      for (String key : keys) {
        assertEquals("success", ask(raw, "write " + key + "|v"));
      }
      raw.send("keys\r");
      List<String> listed = lines(raw, keys.size());
      keys.sort(PizzariaTest::compareBytes);
      assertEquals(keys, listed);
      assertEquals("error", ask(raw, "read absent"), "keys answered more lines than there are keys");
    }
  }

  /**
   * With no keys, {@code keys} answers a lone '\r' (an empty line), as {@code reads} does when no
   * key has the prefix: the reply is never empty, so a client waiting for a line gets one.
   */
  @Test
  void keysOfAnEmptyDatabaseAnswersALoneCarriageReturn() throws IOException {
    try (RawClient raw = pizzaria()) {
      raw.send("keys\rread absent\r");
      assertEquals("\rerror\r", raw.readUntil("error\r"));
    }
  }

  @Test
  void readsAnswersTheValuesOfThePrefixedKeysInKeyOrder() throws IOException {
    try (RawClient raw = pizzaria()) {
      ask(raw, "write user:2|bob");
      ask(raw, "write user:10|carol");
      ask(raw, "write user:1|alice");
      ask(raw, "write users|not a user:");
      ask(raw, "write admin:1|root");
      raw.send("reads user:\r");
      // Key order: user:1 < user:10 < user:2.
      assertEquals(List.of("alice", "carol", "bob"), lines(raw, 3));
      assertEquals("error", ask(raw, "read absent"));
    }
  }

  @Test
  void readsOfAPrefixNoKeyHasAnswersALoneCarriageReturn() throws IOException {
    try (RawClient raw = pizzaria()) {
      ask(raw, "write user:1|alice");
      raw.send("reads nobody:\rread absent\r");
      assertEquals("\rerror\r", raw.readUntil("error\r"));
    }
  }

  @Test
  void statusIsOneLineWithKeysClientsOpsMemoryAndUptime() throws IOException {
    try (RawClient raw = pizzaria()) {
      ask(raw, "write s1|a");
      ask(raw, "write s2|b");
      String status = ask(raw, "status");
      assertTrue(status.matches("keys=2 clients=\\d+ ops=\\d+ memory=\\d+ uptime=\\d+"), status);
      assertEquals("error", ask(raw, "read absent"), "status answered more than one line");
    }
  }

  @Test
  void anUnknownVerbAnswersErrorAndTheConnectionGoesOn() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("error", ask(raw, "bake margherita"));
      assertEquals("error", ask(raw, "read"));
      assertEquals("success", ask(raw, "write still|here"));
    }
  }

  @Test
  void verbsAreCaseInsensitive() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("success", ask(raw, "WRITE upper|case"));
      assertEquals("case", ask(raw, "Read upper"));
    }
  }

  @Test
  void crLfLineEndingsAreToleratedAndGiveOneAnswerPerRequest() throws IOException {
    try (RawClient raw = pizzaria()) {
      raw.send("write crlf|yes\r\nread crlf\r\n\r\nread crlf\n");
      assertEquals(List.of("success", "yes", "yes"), lines(raw, 3));
      assertEquals("error", ask(raw, "read absent"));
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    StringBuilder requests = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      requests.append("write p").append(i).append('|').append(i).append('\r');
      requests.append("read p").append(i).append('\r');
      expected.add("success");
      expected.add(Integer.toString(i));
    }
    try (RawClient raw = pizzaria()) {
      raw.send(requests.toString());
      assertEquals(expected, lines(raw, expected.size()));
    }
  }

  @Test
  void aKeySetThroughRespIsReadableThroughPizzariaAndTheOtherWayRound() throws IOException {
    try (RawClient resp = new RawClient(server.port()); RawClient raw = pizzaria()) {
      assertEquals("+OK\r\n", resp.call("set", "from:resp", "hello"));
      assertEquals("hello", ask(raw, "read from:resp"));
      assertEquals("success", ask(raw, "write from:pizzaria|ciao|bella"));
      assertEquals("$10\r\nciao|bella\r\n", resp.call("get", "from:pizzaria"));
      assertEquals("success", ask(raw, "delete from:resp"));
      assertEquals(":0\r\n", resp.call("exists", "from:resp"));
    }
  }

  /**
   * Pizzaria has no escaping and a line ends at '\r' or '\n': a value holding either (written
   * over RESP) reads as error, as a value that is not a string does, and reads and keys leave out
   * what they cannot show, so the answers that follow stay in step.
   */
  @Test
  void aValueHoldingCrOrLfWrittenOverRespReadsAsErrorAndTheNextAnswersStayInStep() throws IOException {
    try (RawClient resp = new RawClient(server.port()); RawClient raw = pizzaria()) {
      assertEquals("+OK\r\n", resp.call("set", "multi:cr", "line1\rline2"));
      assertEquals("+OK\r\n", resp.call("set", "multi:lf", "line1\nline2"));
      assertEquals("+OK\r\n", resp.call("set", "multi:plain", "one line"));
      raw.send("read multi:cr\rread multi:lf\rread multi:plain\rreads multi:\rread multi:plain\r");
      assertEquals(List.of("error", "error", "one line", "one line", "one line"), lines(raw, 5));
    }
  }

  @Test
  void keysLeavesOutAKeyHoldingCrOrLf() throws IOException {
    try (RawClient resp = new RawClient(server.port()); RawClient raw = pizzaria()) {
      assertEquals("+OK\r\n", resp.call("set", "two\rlines", "v"));
      assertEquals("+OK\r\n", resp.call("set", "two\nlines", "v"));
      assertEquals("+OK\r\n", resp.call("set", "shown", "v"));
      raw.send("keys\rread shown\r");
      assertEquals(List.of("shown", "v"), lines(raw, 2));
      assertEquals(":1\r\n", resp.call("del", "shown"));
      raw.send("keys\rread shown\r");
      assertEquals("\rerror\r", raw.readUntil("error\r"), "no key can be shown: a lone '\\r', as for no key");
    }
  }

  @Test
  void pizzariaSeesOnlyDatabaseZero() throws IOException {
    try (RawClient resp = new RawClient(server.port()); RawClient raw = pizzaria()) {
      resp.call("select", "1");
      assertEquals("+OK\r\n", resp.call("set", "in:db1", "hidden"));
      assertEquals("error", ask(raw, "read in:db1"));
    }
  }

  @Test
  void withRequirepassEveryVerbButAuthAnswersErrorUntilAuthenticated() throws IOException {
    try (TestServer guarded = TestServer.start("--requirepass", "pw");
         RawClient raw = new RawClient(guarded.pizzariaPort())) {
      assertEquals("error", ask(raw, "write k|v"));
      assertEquals("error", ask(raw, "read k"));
      assertEquals("error", ask(raw, "keys"));
      assertEquals("error", ask(raw, "auth wrong"));
      assertEquals("error", ask(raw, "status"));
      assertEquals("success", ask(raw, "auth pw"));
      assertEquals("success", ask(raw, "write k|v"));
      assertEquals("v", ask(raw, "read k"));
    }
  }

  /**
   * Before auth a line may hold 16 KiB, as Redis allows a 16384-byte bulk before AUTH: a longer
   * one, even unfinished, is answered error and the connection closed, instead of being buffered
   * up to proto-max-bulk-len.
   */
  @Test
  void withRequirepassALineLongerThan16KibBeforeAuthAnswersErrorAndCloses() throws IOException {
    try (TestServer guarded = TestServer.start("--requirepass", "pw")) {
      try (RawClient raw = new RawClient(guarded.pizzariaPort())) {
        assertEquals("error", ask(raw, "auth " + "x".repeat(16 * 1024 - 5)));
        assertEquals("success", ask(raw, "auth pw"), "a 16 KiB line is still a request");
      }
      try (RawClient raw = new RawClient(guarded.pizzariaPort())) {
        raw.send("x".repeat(16 * 1024 + 1));
        assertEquals("error\r", raw.readToEnd());
      }
      try (RawClient raw = new RawClient(guarded.pizzariaPort())) {
        raw.send("read k\r" + "x".repeat(20_000) + "\r");
        assertEquals("error\rerror\r", raw.readToEnd());
      }
    }
  }

  @Test
  void withRequirepassALongLineAfterAuthIsARequestLikeAnyOther() throws IOException {
    String value = "v".repeat(1024 * 1024);
    try (TestServer guarded = TestServer.start("--requirepass", "pw");
         RawClient raw = new RawClient(guarded.pizzariaPort())) {
      raw.send("auth pw\rwrite big|" + value + "\rread big\r");
      assertEquals(List.of("success", "success", value), lines(raw, 3));
    }
  }

  /**
   * A wrong password past the free ones is answered later (the throttle), so the requests after it
   * wait; a line over the bound in the same write is still answered after them, then the
   * connection closes, as Redis answers every complete request before a malformed one.
   */
  @Test
  void aLineOverTheBoundIsAnsweredAfterTheRequestsWaitingBeforeIt() throws IOException {
    try (TestServer guarded = TestServer.start("--requirepass", "pw");
         RawClient raw = new RawClient(guarded.pizzariaPort())) {
      raw.send("auth wrong\r".repeat(4) + "read k\r" + "x".repeat(16 * 1024 + 1));
      assertEquals("error\r".repeat(6), raw.readToEnd());
    }
  }

  @Test
  void withoutRequirepassAuthAnswersError() throws IOException {
    try (RawClient raw = pizzaria()) {
      assertEquals("error", ask(raw, "auth anything"));
      assertEquals("success", ask(raw, "write still|open"));
    }
  }

  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aClientThatClosesItsSideAfterSendingStillGetsEveryAnswer() throws IOException {
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      raw.send("write pie|margherita\rread pie\rkeys\r").finishSending();
      assertEquals("success\rmargherita\rpie\r", raw.readToEnd());
    }
  }

}
