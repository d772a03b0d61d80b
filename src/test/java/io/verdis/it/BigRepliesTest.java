package io.verdis.it;

import io.verdis.pubsub.OutputLimit;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large replies (issue 17, item 4 and the output half of item 5): one client that asks for
 * gigabytes and does not read them must not freeze the server or fill its memory; a client over
 * {@code client-output-buffer-limit normal} is closed as Redis closes it; big replies arrive byte
 * for byte whatever surrounds them.
 */
class BigRepliesTest extends RawSocketTestBase {
  private static final int MB = 1 << 20;

  @Test
  void sixHundredPipelinedGetsOfAFourMegabyteValueNeitherFreezeTheServerNorFillItsMemory() throws Exception {
    try (RawClient other = client()) {
      assertEquals("OK", other.request("SET", "big", new byte[4 * MB]));
      long connected = infoLong(other, "clients", "connected_clients");
      long usedBefore = infoLong(other, "memory", "used_memory");
      try (Socket greedy = new Socket("127.0.0.1", server.port())) {
        // 2.4 GB of replies asked for in one write, none of them read.
        greedy.getOutputStream().write("GET big\r\n".repeat(600).getBytes(StandardCharsets.US_ASCII));
        greedy.getOutputStream().flush();
        patient(other);
        assertEquals("PONG", other.request("PING"), "another client is answered meanwhile");
        long usedDuring = infoLong(other, "memory", "used_memory");
        assertTrue(usedDuring - usedBefore < 512L * MB,
            "used_memory grew by " + (usedDuring - usedBefore) / MB + " MB for 2.4 GB of unread replies");
      }
      Info.await(other, "clients", "connected_clients:" + connected);
      assertEquals("PONG", other.request("PING"));
      assertEquals(4L * MB, ((byte[]) other.request("GET", "big")).length);
    }
  }

  @Test
  void aDeepPipelineThatIsNotReadRunsOnlyWhatItsOutputBoundAllowsUntilItIsRead() throws Exception {
    int pipelined = 3000;
    try (RawClient admin = client(); RawClient greedy = client()) {
      admin.request("SET", "v64k", new byte[64 * 1024]);
      admin.request("CONFIG", "RESETSTAT");
      // One write, so one socket read or a few: 190 MB of replies asked for before any is read.
      greedy.send("GET v64k\r\n".repeat(pipelined));
      await("some of the GETs ran", () -> getCalls(admin) > 0);
      Thread.sleep(500);
      long ran = getCalls(admin);
      assertTrue(ran < pipelined, ran + " of the " + pipelined + " GETs ran before any reply was read");
      assertEquals("PONG", admin.request("PING"));
      patient(greedy);
      for (int i = 0; i < pipelined; i++) {
        assertEquals(64 * 1024, greedy.readBulk().length, "reply #" + i);
      }
      assertEquals(pipelined, getCalls(admin), "the rest ran once the client read");
    }
  }

  private static long getCalls(RawClient admin) throws IOException {
    for (String line : Info.lines(admin, "commandstats")) {
      if (line.startsWith("cmdstat_get:calls=")) {
        return Long.parseLong(line.substring("cmdstat_get:calls=".length(), line.indexOf(',')));
      }
    }
    return 0;
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void await(String what, Condition condition) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void threeClientsReadingAHundredMegabyteValueAtOnceGetItWholeWhileOthersAreServed() throws Exception {
    byte[] value = randomBytes(100 * MB, 3);
    try (RawClient other = client()) {
      assertEquals("OK", other.request("SET", "huge", value));
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> readers = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Thread reader = new Thread(() -> {
          try (RawClient raw = client()) {
            patient(raw);
            assertArrayEquals(value, (byte[]) raw.request("GET", "huge"));
          } catch (Throwable failure) {
            failures.add(failure);
          }
        });
        reader.start();
        readers.add(reader);
      }
      patient(other);
      assertEquals("PONG", other.request("PING"));
      for (Thread reader : readers) {
        reader.join(120_000);
      }
      assertEquals(List.of(), failures);
    }
  }

  @Test
  void aClientThatDoesNotReadIsClosedAtTheNormalHardLimitWhileOthersAreServed() throws Exception {
    try (RawClient admin = client(); LogLines log = new LogLines()) {
      assertEquals("OK", admin.request("SET", "mb", new byte[MB]));
      long disconnections = infoLong(admin, "stats", "client_output_buffer_limit_disconnections");
      assertEquals("OK", admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 4mb 0 0"));
      try (Socket stalled = new Socket("127.0.0.1", server.port())) {
        stalled.getOutputStream().write("GET mb\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
        assertTrue(closedByServer(stalled), "the client that does not read was closed");
        assertEquals("PONG", admin.request("PING"));
        assertEquals(disconnections + 1, infoLong(admin, "stats", "client_output_buffer_limit_disconnections"));
        assertTrue(log.any("scheduled to be closed ASAP for overcoming of output buffer limits."), log.toString());
      } finally {
        admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
      }
    }
  }

  /** QUIT after the big reply closes only once it is written, yet the limit still holds meanwhile, as in Redis. */
  @Test
  void aClientThatDoesNotReadIsClosedAtTheNormalLimitEvenWithAQuitPending() throws Exception {
    try (RawClient admin = client()) {
      assertEquals("OK", admin.request("SET", "big", new byte[8 * MB]));
      long disconnections = infoLong(admin, "stats", "client_output_buffer_limit_disconnections");
      assertEquals("OK", admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 1mb 0"));
      try (Socket stalled = new Socket("127.0.0.1", server.port())) {
        stalled.getOutputStream().write("GET big\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        // Nothing is read until the limit closed it: reading would let QUIT close it instead.
        await("the client over the limit was closed",
            () -> infoLong(admin, "stats", "client_output_buffer_limit_disconnections") == disconnections + 1);
        assertTrue(closedByServer(stalled), "the client that does not read was closed");
      } finally {
        admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
      }
    }
  }

  @Test
  void aReadingClientUnderTheNormalLimitGetsEveryReply() throws Exception {
    try (RawClient admin = client(); RawClient reader = client()) {
      assertEquals("OK", admin.request("SET", "mb", new byte[MB]));
      assertEquals("OK", admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 4mb 2mb 1"));
      try {
        reader.send("GET mb\r\n".repeat(2));
        assertEquals(MB, reader.readBulk().length);
        assertEquals(MB, reader.readBulk().length);
        assertEquals("PONG", reader.request("PING"));
      } finally {
        admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
      }
    }
  }

  @Test
  void aPizzariaReadsThatIsNeverReadIsClosedAtTheNormalLimit() throws Exception {
    try (RawClient admin = client(); LogLines log = new LogLines()) {
      for (int i = 0; i < 8; i++) {
        assertEquals("OK", admin.request("SET", "p:" + i, new byte[MB]));
      }
      long disconnections = infoLong(admin, "stats", "client_output_buffer_limit_disconnections");
      assertEquals("OK", admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 4mb 0 0"));
      try (Socket stalled = new Socket("127.0.0.1", server.pizzariaPort())) {
        stalled.getOutputStream().write("reads p:\r".repeat(4).getBytes(StandardCharsets.US_ASCII));
        assertTrue(closedByServer(stalled), "the Pizzaria client that does not read was closed");
        assertEquals("PONG", admin.request("PING"));
        assertEquals(disconnections + 1, infoLong(admin, "stats", "client_output_buffer_limit_disconnections"));
        assertTrue(log.any("laddr=127.0.0.1:" + server.pizzariaPort() + " "), "the log line names the client: " + log);
      } finally {
        admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
      }
    }
  }

  @Test
  void aBigPizzariaReadsArrivesWhole() throws Exception {
    byte[] first = withoutLineEnds(randomBytes(3 * MB, 5));
    byte[] second = withoutLineEnds(randomBytes(100, 6));
    try (RawClient admin = client(); RawClient pizzaria = new RawClient(server.pizzariaPort())) {
      admin.request("SET", "q:1", first);
      admin.request("SET", "q:2", second);
      pizzaria.send("reads q:\r");
      assertArrayEquals(first, pizzaria.readBytes(first.length));
      assertEquals("\r", pizzaria.read(1));
      assertArrayEquals(second, pizzaria.readBytes(second.length));
      assertEquals("\r", pizzaria.read(1));
    }
  }

  /** Pizzaria answers {@code error} for a value holding '\r' or '\n': such bytes become letters. */
  private static byte[] withoutLineEnds(byte[] value) {
    for (int i = 0; i < value.length; i++) {
      if (value[i] == '\r' || value[i] == '\n') {
        value[i] = 'r';
      }
    }
    return value;
  }

  @Test
  void bigRepliesAreByteExactAmongSmallOnesInRespTwoAndThreeAndInsideExec() throws Exception {
    String big1 = keyOnShard("big", 0);
    String big2 = keyOnShard("big", 1);
    String small = keyOnShard("small", 2);
    byte[] value1 = randomBytes(3 * MB + 17, 1);
    byte[] value2 = randomBytes(200 * 1024 + 3, 2);
    try (RawClient raw = client()) {
      patient(raw);
      raw.request("SET", big1, value1);
      raw.request("SET", big2, value2);
      raw.request("SET", small, "s");
      for (int protocol = 2; protocol <= 3; protocol++) {
        if (protocol == 3) {
          raw.send(RawClient.command("HELLO", "3"));
          raw.readReply();
        }
        Pipeline pipeline = new Pipeline();
        for (int round = 0; round < 3; round++) {
          pipeline.add(bulk(value1), "GET", big1);
          pipeline.add("$1\r\ns\r\n", "GET", small);
          pipeline.add(bulk(value2), "GET", big2);
          pipeline.add(":" + (round + 1) + "\r\n", "INCR", "counter" + protocol);
        }
        pipeline.add("*2\r\n" + text(bulk(value1)) + text(bulk(value2)), "MGET", big1, big2);
        pipeline.add("+OK\r\n", "MULTI");
        pipeline.add("+QUEUED\r\n", "GET", big1);
        pipeline.add("+QUEUED\r\n", "GET", small);
        pipeline.add("+QUEUED\r\n", "GET", big2);
        pipeline.add("*3\r\n" + text(bulk(value1)) + "$1\r\ns\r\n" + text(bulk(value2)), "EXEC");
        pipeline.assertRepliesFrom(raw);
      }
      // A value changed right after a reply took it: the reply keeps the bytes it was built with.
      Pipeline pipeline = new Pipeline();
      pipeline.add(bulk(value2), "GET", big2);
      pipeline.add(":" + (value2.length + 1) + "\r\n", "APPEND", big2, "!");
      pipeline.add(bulk(value1), "GET", big1);
      pipeline.add(":" + value1.length + "\r\n", "SETRANGE", big1, "0", "xyz");
      byte[] changed = value1.clone();
      System.arraycopy("xyz".getBytes(StandardCharsets.US_ASCII), 0, changed, 0, 3);
      pipeline.add(bulk(changed), "GETSET", big1, "short");
      pipeline.assertRepliesFrom(raw);
      byte[] appended = java.util.Arrays.copyOf(value2, value2.length + 1);
      appended[value2.length] = '!';
      assertArrayEquals(appended, (byte[]) raw.request("GET", big2));
    }
  }

  /** Commands written at once, with the bytes they must be answered with. */
  private static final class Pipeline {
    private final ByteArrayOutputStream requests = new ByteArrayOutputStream();
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();

    void add(String reply, String... command) {
      add(reply.getBytes(StandardCharsets.ISO_8859_1), command);
    }

    void add(byte[] reply, String... command) {
      requests.writeBytes(RawClient.command(command));
      replies.writeBytes(reply);
    }

    void assertRepliesFrom(RawClient raw) throws IOException {
      raw.send(requests.toByteArray());
      byte[] expected = replies.toByteArray();
      assertArrayEquals(expected, raw.readBytes(expected.length));
    }
  }

  private static byte[] bulk(byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(value);
    out.writeBytes(new byte[] {'\r', '\n'});
    return out.toByteArray();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A generous bound for a loaded machine: the point is that the answer comes, not how fast. */
  private static void patient(RawClient client) throws IOException {
    client.readTimeout(60_000);
  }

  private static long infoLong(RawClient client, String section, String field) throws IOException {
    for (String line : Info.lines(client, section)) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1));
      }
    }
    throw new AssertionError("INFO " + section + " has no " + field);
  }

  /** Reads (and drops) what the server sent until it closes; false if it is still open after 20 s. */
  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(20_000);
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[64 * 1024];
    try {
      while (in.read(sink) >= 0) {
        // what was sent before the close
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** The warnings {@link OutputLimit} logs while open. */
  private static final class LogLines extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(OutputLimit.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogLines() {
      logger.addHandler(this);
    }

    boolean any(String part) {
      return lines.stream().anyMatch(line -> line.contains(part));
    }

    @Override
    public void publish(LogRecord record) {
      lines.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
      logger.removeHandler(this);
    }

    @Override
    public String toString() {
      return lines.toString();
    }
  }
}
