package io.verdis.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RESP wire protocol as a raw socket sees it, with Redis's exact bytes (each expectation
 * was checked against redis-server 7.0.15 with the same request): inline commands, binary safety,
 * protocol errors that close the connection, RESP3 through HELLO.
 */
class RespProtocolTest extends RawSocketTestBase {

  /** Sends {@code request}, expects exactly {@code error} and then the end of the connection. */
  private static void assertProtocolError(String error, String request) throws IOException {
    assertProtocolError(error, request.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertProtocolError(String error, byte[] request) throws IOException {
    try (RawClient raw = client()) {
      raw.send(request);
      assertEquals(error + "\r\n", raw.readToEnd());
    }
    assertNodeServes();
  }

  /** A fresh client is answered: a protocol error or a hostile request hurt no one else. */
  private static void assertNodeServes() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("+PONG\r\n", raw.send("PING\r\n").readReply());
      assertEquals("+OK\r\n", raw.call("set", "health", "ok"));
      assertEquals("$2\r\nok\r\n", raw.call("get", "health"));
    }
  }

  // Inline commands

  @Test
  void anInlinePingIsAnsweredWithPong() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("+PONG\r\n", raw.send("PING\r\n").read(7));
    }
  }

  @Test
  void inlineArgumentsMayBeDoubleQuotedWithSpacesInside() throws IOException {
    try (RawClient raw = client()) {
      raw.send("set k \"a b\"\r\nget k\r\n");
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$3\r\na b\r\n", raw.readReply());
    }
  }

  @Test
  void inlineDoubleQuotesUnderstandEscapesAndSingleQuotesKeepTextAsItIs() throws IOException {
    try (RawClient raw = client()) {
      raw.send("set k \"\\x41\\t\\\"\"\r\nget k\r\nset s 'a\\nb'\r\nget s\r\n");
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$3\r\nA\t\"\r\n", raw.readReply());
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$4\r\na\\nb\r\n", raw.readReply());
    }
  }

  @Test
  void inlineCommandsMayEndWithALineFeedAlone() throws IOException {
    try (RawClient raw = client()) {
      raw.send("PING\nset k v\nget k\n");
      assertEquals("+PONG\r\n", raw.readReply());
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$1\r\nv\r\n", raw.readReply());
    }
  }

  @Test
  void emptyInlineLinesAreIgnored() throws IOException {
    try (RawClient raw = client()) {
      raw.send("\r\n\n   \r\nPING\r\n");
      assertEquals("+PONG\r\n", raw.readReply());
    }
  }

  @Test
  void nullAndEmptyMultibulkRequestsAreIgnored() throws IOException {
    try (RawClient raw = client()) {
      raw.send("*-1\r\n*0\r\n*1\r\n$4\r\nPING\r\n");
      assertEquals("+PONG\r\n", raw.readReply());
      raw.send("*0\r\nPING\r\n");
      assertEquals("+PONG\r\n", raw.readReply());
    }
  }

  @Test
  void aMultibulkCountEndingOneReadWaitsForItsArgumentsInTheNext() throws IOException, InterruptedException {
    try (RawClient raw = client()) {
      raw.send("*3\r\n");
      // Gives the server the chance to read the count on its own; passes whether or not it does.
      Thread.sleep(100);
      raw.send("$3\r\nSET\r\n$1\r\nk\r\n");
      Thread.sleep(100);
      raw.send("$1\r\nv\r\n");
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$1\r\nv\r\n", raw.call("get", "k"));
    }
  }

  @Test
  void aPipelineSentOneByteAtATimeIsParsedLikeOneSentWhole() throws IOException, InterruptedException {
    byte[] pipeline = ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\nPING\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"
        + "*-1\r\n*0\r\nset q \"x y\"\r\n").getBytes(StandardCharsets.US_ASCII);
    try (RawClient raw = client()) {
      for (byte b : pipeline) {
        raw.send(new byte[] {b});
        Thread.sleep(2);
      }
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("+PONG\r\n", raw.readReply());
      assertEquals("$5\r\nvalue\r\n", raw.readReply());
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$3\r\nx y\r\n", raw.call("get", "q"));
    }
  }

  // Binary safety

  @Test
  void keysAndValuesHoldingEveryByteValueRoundTripUnchanged() throws IOException {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    byte[] reversed = new byte[256];
    for (int i = 0; i < 256; i++) {
      reversed[i] = (byte) (255 - i);
    }
    try (RawClient raw = client()) {
      raw.send(RawClient.command("SET".getBytes(StandardCharsets.US_ASCII), all, reversed));
      assertEquals("+OK\r\n", raw.readReply());
      raw.send(RawClient.command("GET".getBytes(StandardCharsets.US_ASCII), all));
      assertArrayEquals(reversed, raw.readBulk());
      raw.send(RawClient.command("STRLEN".getBytes(StandardCharsets.US_ASCII), all));
      assertEquals(":256\r\n", raw.readReply());
    }
  }

  @Test
  void embeddedCrLfAndNulBytesAreDataNotDelimiters() throws IOException {
    byte[] key = "k\r\n\0ey".getBytes(StandardCharsets.US_ASCII);
    byte[] value = "\r\n*1\r\n$4\r\nPING\r\n\0\0".getBytes(StandardCharsets.US_ASCII);
    try (RawClient raw = client()) {
      raw.send(RawClient.command("SET".getBytes(StandardCharsets.US_ASCII), key, value));
      assertEquals("+OK\r\n", raw.readReply());
      raw.send(RawClient.command("GET".getBytes(StandardCharsets.US_ASCII), key));
      assertArrayEquals(value, raw.readBulk());
      raw.send(RawClient.command("GET".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII)));
      assertEquals("$-1\r\n", raw.readReply());
      raw.send(RawClient.command("EXISTS".getBytes(StandardCharsets.US_ASCII), key));
      assertEquals(":1\r\n", raw.readReply());
    }
  }

  @Test
  void anEmptyKeyAndAnEmptyValueAreValid() throws IOException {
    try (RawClient raw = client()) {
      raw.send("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n*2\r\n$3\r\nGET\r\n$0\r\n\r\n");
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$0\r\n\r\n", raw.readReply());
    }
  }

  // Protocol errors: Redis's text, then the connection is closed

  @Test
  void aNonNumericMultibulkLengthIsAProtocolError() throws IOException {
    assertProtocolError("-ERR Protocol error: invalid multibulk length", "*abc\r\n");
  }

  @Test
  void aNonNumericBulkLengthIsAProtocolError() throws IOException {
    assertProtocolError("-ERR Protocol error: invalid bulk length", "*1\r\n$abc\r\n");
  }

  @Test
  void aNegativeBulkLengthIsAProtocolError() throws IOException {
    assertProtocolError("-ERR Protocol error: invalid bulk length", "*1\r\n$-1\r\n");
  }

  @Test
  void anythingButABulkStringInsideAMultibulkIsAProtocolError() throws IOException {
    assertProtocolError("-ERR Protocol error: expected '$', got '+'", "*1\r\n+x\r\n");
  }

  @Test
  void anInlineCommandWithUnbalancedQuotesIsAProtocolError() throws IOException {
    assertProtocolError("-ERR Protocol error: unbalanced quotes in request", "set \"a\r\n");
  }

  @Test
  void aClosingQuoteFollowedByMoreTextIsUnbalanced() throws IOException {
    assertProtocolError("-ERR Protocol error: unbalanced quotes in request", "set a 'b'c\r\n");
  }

  @Test
  void anInlineRequestLongerThan64KbWithoutNewlineIsAProtocolError() throws IOException {
    assertProtocolError("-ERR Protocol error: too big inline request", "a".repeat(70_000));
  }

  /**
   * As in Redis, only more than 64 KB with no '\r' at all is "too big"; a '\r' that comes later
   * ends a length line whose number is invalid.
   */
  @Test
  void aLengthLineEndingAfter64KbIsAnInvalidLength() throws IOException {
    String digits = "1".repeat(70_000);
    assertProtocolError("-ERR Protocol error: invalid multibulk length", "*" + digits + "\r\n");
    assertProtocolError("-ERR Protocol error: invalid bulk length", "*1\r\n$" + digits + "\r\n");
    assertProtocolError("-ERR Protocol error: too big mbulk count string", "*" + digits);
  }

  @Test
  void aBulkLengthAboveProtoMaxBulkLenIsRefusedWithoutBeingAllocated() throws IOException {
    try (RawClient bystander = client()) {
      assertEquals("+OK\r\n", bystander.call("set", "before", "1"));
      assertProtocolError("-ERR Protocol error: invalid bulk length", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870913\r\n");
      assertEquals("$1\r\n1\r\n", bystander.call("get", "before"));
      assertEquals("$-1\r\n", bystander.call("get", "k"));
    }
  }

  /**
   * Twenty claims just under proto-max-bulk-len add up to about 10 GB, past the default heap of a
   * test JVM on any ordinary machine (a quarter of its memory): were a buffer sized from the claim,
   * the node would fail with OutOfMemoryError. Nothing is allocated for a bulk until its bytes
   * arrive; CLIENT LIST's qbuf shows what is actually held.
   */
  @Test
  void hugeBulkClaimsThatNeverArriveCostNothingAndVanishHarmlessly() throws IOException, InterruptedException {
    List<RawClient> claimers = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        RawClient claimer = client();
        claimers.add(claimer);
        assertEquals("+OK\r\n", claimer.call("client", "setname", "claimer" + i));
        String key = "claim" + i;
        claimer.send("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$524288000\r\nabc");
      }
      try (RawClient observer = client()) {
        Map<String, Long> queued = eventually(observer, list -> list.size() == 20 && !list.containsValue(0L));
        queued.values().forEach(qbuf -> assertTrue(qbuf < 1024, "qbuf=" + qbuf));
      }
      assertNodeServes();
    } finally {
      for (RawClient claimer : claimers) {
        claimer.close();
      }
    }
    try (RawClient observer = client()) {
      assertTrue(eventually(observer, Map::isEmpty).isEmpty());
      assertEquals(":0\r\n", observer.call("exists", "claim0", "claim19"));
    }
    assertNodeServes();
  }

  @Test
  void aClientThatClaims100MbSendsAFewBytesAndDisconnectsLeavesTheNodeFine() throws IOException {
    try (RawClient claimer = client()) {
      claimer.send("*3\r\n$3\r\nSET\r\n$4\r\nhuge\r\n$104857600\r\nonly a few bytes");
    }
    assertNodeServes();
    try (RawClient raw = client()) {
      assertEquals(":0\r\n", raw.call("exists", "huge"));
    }
  }

  private static final Pattern CLAIMER = Pattern.compile("name=(claimer\\d+) .*?qbuf=(\\d+)");

  /** The claimers' qbuf by name from CLIENT LIST, polled (bounded) until {@code done} holds. */
  private static Map<String, Long> eventually(RawClient observer, Predicate<Map<String, Long>> done)
      throws IOException, InterruptedException {
    Map<String, Long> queued = Map.of();
    for (int attempt = 0; attempt < 500; attempt++) {
      String reply = observer.call("client", "list");
      queued = new HashMap<>();
      Matcher m = CLAIMER.matcher(reply);
      while (m.find()) {
        queued.put(m.group(1), Long.parseLong(m.group(2)));
      }
      if (done.test(queued)) {
        return queued;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("CLIENT LIST never settled: " + queued);
  }

  @Test
  void commandsPipelinedBeforeAProtocolErrorAreAnsweredFirstAndNothingAfterItRuns() throws IOException {
    try (RawClient raw = client()) {
      raw.send("PING\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\nget a\r\nincr n\r\n*abc\r\nset after 1\r\n");
      assertEquals("+PONG\r\n+OK\r\n$1\r\n1\r\n:1\r\n-ERR Protocol error: invalid multibulk length\r\n",
          raw.readToEnd());
    }
    try (RawClient raw = client()) {
      assertEquals(":0\r\n", raw.call("exists", "after"));
      assertEquals("$1\r\n1\r\n", raw.call("get", "n"));
    }
  }

  /**
   * WATCH is a barrier: the SET after it waits for it. A protocol error in the same read is still
   * answered after that SET, which runs, as Redis runs and answers every complete request before
   * the malformed one.
   */
  @Test
  void aProtocolErrorBehindACommandThatMustWaitIsAnsweredAfterItAndTheCommandRuns() throws IOException {
    try (RawClient raw = client()) {
      raw.send("WATCH x\r\nSET c 3\r\n*1\r\n$abc\r\n");
      assertEquals("+OK\r\n+OK\r\n-ERR Protocol error: invalid bulk length\r\n", raw.readToEnd());
    }
    try (RawClient raw = client()) {
      assertEquals("$1\r\n3\r\n", raw.call("get", "c"));
    }
  }

  /** QUIT waiting behind WATCH closes the connection when its turn comes: what follows it never runs, as in Redis. */
  @Test
  void nothingAfterAQuitThatWaitedBehindACommandRuns() throws IOException {
    try (RawClient raw = client()) {
      raw.send("WATCH x\r\nQUIT\r\nSET q 1\r\n");
      assertEquals("+OK\r\n+OK\r\n", raw.readToEnd());
    }
    try (RawClient raw = client()) {
      assertEquals(":0\r\n", raw.call("exists", "q"));
    }
  }

  /**
   * More commands than may run ahead of their replies (ClientConnection.DISPATCH_AHEAD), then a
   * protocol error: every one of them runs and is answered before the error, and nothing more.
   */
  @Test
  void aProtocolErrorAfterADeepPipelineComesAfterEveryReplyOfIt() throws IOException {
    int pipelined = 2000;
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < pipelined; i++) {
      requests.append("SET k").append(i).append(" v\r\n");
    }
    try (RawClient raw = client()) {
      raw.send(requests + "*1\r\n$abc\r\nSET after 1\r\n");
      assertEquals("+OK\r\n".repeat(pipelined) + "-ERR Protocol error: invalid bulk length\r\n", raw.readToEnd());
    }
    try (RawClient raw = client()) {
      assertEquals(":" + pipelined + "\r\n", raw.call("dbsize"));
    }
  }

  // Command errors: the connection stays open

  @Test
  void anUnknownCommandQuotesItsFirstArgumentsWithATrailingSpace() throws IOException {
    try (RawClient raw = client()) {
      raw.send(RawClient.command("foo", "a", "b"));
      assertEquals("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n", raw.readReply());
      raw.send("foo a b\r\n");
      assertEquals("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n", raw.readReply());
      assertEquals("+PONG\r\n", raw.send("PING\r\n").readReply());
    }
  }

  @Test
  void anUnknownCommandWithoutArgumentsEndsWithTheColonAndASpace() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-ERR unknown command 'nosuch', with args beginning with: \r\n", raw.call("nosuch"));
    }
  }

  @Test
  void aWrongNumberOfArgumentsNamesTheCommandInLowerCase() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", raw.call("GET"));
      assertEquals("-ERR wrong number of arguments for 'set' command\r\n", raw.call("set", "k"));
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", raw.send("get a b\r\n").readReply());
      assertEquals("+PONG\r\n", raw.send("PING\r\n").readReply());
    }
  }

  // RESP3

  @Test
  void hello3AnswersAMapOfSevenFieldsAndSwitchesNilToTheResp3Null() throws IOException {
    try (RawClient raw = client()) {
      String hello = raw.call("hello", "3");
      assertTrue(hello.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n"), hello);
      assertTrue(hello.contains("$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:"), hello);
      assertTrue(hello.endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
          + "$7\r\nmodules\r\n*0\r\n"), hello);
      assertEquals("_\r\n", raw.call("get", "missing"));
      assertEquals("+OK\r\n", raw.call("set", "k", "v"));
      assertEquals("$1\r\nv\r\n", raw.call("get", "k"));
    }
  }

  @Test
  void helloWithoutAVersionInResp2AnswersTheMapAsAFlatArray() throws IOException {
    try (RawClient raw = client()) {
      assertTrue(raw.call("hello").startsWith("*14\r\n$6\r\nserver\r\n"));
      assertEquals("$-1\r\n", raw.call("get", "missing"));
    }
  }

  @Test
  void hello3WithAuthAndSetnameAuthenticatesAndNamesTheConnectionInOneStep() throws IOException {
    try (TestServer guarded = TestServer.start("--requirepass", "pw");
         RawClient raw = new RawClient(guarded.port())) {
      assertEquals("-NOAUTH Authentication required.\r\n", raw.call("get", "k"));
      String hello = raw.call("hello", "3", "auth", "default", "pw", "setname", "x");
      assertTrue(hello.startsWith("%7\r\n"), hello);
      assertEquals("$1\r\nx\r\n", raw.call("client", "getname"));
      assertEquals("_\r\n", raw.call("get", "k"));
    }
  }

  @Test
  void hello3WithAWrongPasswordIsRefusedAndLeavesTheProtocolUnchanged() throws IOException {
    try (TestServer guarded = TestServer.start("--requirepass", "pw");
         RawClient raw = new RawClient(guarded.port())) {
      assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
          raw.call("hello", "3", "auth", "default", "nope"));
      assertEquals("+OK\r\n", raw.call("auth", "pw"));
      assertEquals("$-1\r\n", raw.call("get", "k"));
    }
  }

  @Test
  void hello4IsRefusedAndTheConnectionStaysOnResp2() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-NOPROTO unsupported protocol version\r\n", raw.call("hello", "4"));
      assertEquals("$-1\r\n", raw.call("get", "missing"));
    }
  }

  @Test
  void aNonNumericHelloVersionIsRefused() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-ERR Protocol version is not an integer or out of range\r\n", raw.call("hello", "abc"));
    }
  }

  @Test
  void resetReturnsAResp3ConnectionToResp2() throws IOException {
    try (RawClient raw = client()) {
      raw.call("hello", "3");
      assertEquals("_\r\n", raw.call("get", "missing"));
      assertEquals("+RESET\r\n", raw.call("reset"));
      assertEquals("$-1\r\n", raw.call("get", "missing"));
    }
  }

  @Test
  void resetInThePipelineAfterHello3AppliesToTheCommandsAfterIt() throws IOException {
    try (RawClient raw = client()) {
      raw.send("HELLO 3\r\nget nokey\r\nRESET\r\nget nokey\r\n");
      assertTrue(raw.readReply().startsWith("%7\r\n"));
      assertEquals("_\r\n", raw.readReply());
      assertEquals("+RESET\r\n", raw.readReply());
      assertEquals("$-1\r\n", raw.readReply());
    }
  }

  @Test
  void aClientThatClosesItsSideAfterSendingStillGetsEveryReply() throws IOException {
    try (RawClient raw = client()) {
      raw.send("SET k v\r\nGET k\r\n*3\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\nDBSIZE\r\n").finishSending();
      assertEquals("+OK\r\n$1\r\nv\r\n+OK\r\n:2\r\n", raw.readToEnd());
    }
  }

}
