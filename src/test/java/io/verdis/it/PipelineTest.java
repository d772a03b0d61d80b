package io.verdis.it;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Deep pipelines against a 3-shard node: one write holds thousands of commands, the node splits
 * them by shard, and the replies must still come back in exactly request order.
 */
class PipelineTest extends RawSocketTestBase {

  private static int shardOf(String key) {
    return SLOTS.shardOf(key.getBytes(StandardCharsets.UTF_8));
  }

  /** A pipeline being written into one buffer, with the replies it must produce, in order. */
  private static final class Pipeline {
    private final ByteArrayOutputStream requests = new ByteArrayOutputStream();
    private final List<String> expected = new ArrayList<>();

    void expect(String reply, String... command) {
      requests.writeBytes(RawClient.command(command));
      expected.add(reply);
    }

    int size() {
      return expected.size();
    }

    byte[] bytes() {
      return requests.toByteArray();
    }

    /** Reads every reply and compares it with the expected one at the same position. */
    void assertRepliesFrom(RawClient raw) throws IOException {
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), raw.readReply(), "reply #" + i);
      }
    }
  }

  private static String bulk(String value) {
    return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
  }

  private static String integer(long value) {
    return ":" + value + "\r\n";
  }

  private static final String OK = "+OK\r\n";
  private static final String NIL = "$-1\r\n";

  @Test
  void tenThousandCommandsInOneWriteOverEveryShardAreAnsweredInRequestOrder() throws IOException {
    int keys = 50;
    Set<Integer> shardsUsed = new HashSet<>();
    Pipeline pipeline = new Pipeline();
    for (int step = 0; pipeline.size() < 10_000; step++) {
      String counter = "counter:" + step % keys;
      String value = "value:" + step % keys;
      shardsUsed.add(shardOf(counter));
      shardsUsed.add(shardOf(value));
      // Each INCR must see every earlier INCR of its key, each GET the SET just before it.
      pipeline.expect(integer(step / keys + 1), "incr", counter);
      pipeline.expect(OK, "set", value, "step" + step);
      pipeline.expect(bulk("step" + step), "get", value);
    }
    assertEquals(Set.of(0, 1, 2), shardsUsed);
    try (RawClient raw = client()) {
      raw.send(pipeline.bytes());
      pipeline.assertRepliesFrom(raw);
      assertEquals(integer(keys * 2L), raw.call("dbsize"));
    }
  }

  @Test
  void crossShardMsetMgetAndDelInAPipelineKeepOrderAndSemanticsWithSingleKeyCommands() throws IOException {
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 1);
    String c = keyOnShard("c", 2);
    Pipeline pipeline = new Pipeline();
    for (int round = 0; round < 300; round++) {
      String r = Integer.toString(round);
      pipeline.expect(OK, "set", a, "single" + r);
      pipeline.expect(OK, "mset", a, "a" + r, b, "b" + r, c, "c" + r);
      pipeline.expect(bulk("b" + r), "get", b);
      pipeline.expect("*3\r\n" + bulk("a" + r) + bulk("b" + r) + bulk("c" + r), "mget", a, b, c);
      pipeline.expect(integer(round + 1), "incr", "rounds");
      pipeline.expect(integer(2), "del", a, b);
      pipeline.expect(NIL, "get", a);
      pipeline.expect(integer(1), "exists", a, b, c);
      pipeline.expect(OK, "set", b, "x" + r);
      pipeline.expect("*3\r\n" + NIL + bulk("x" + r) + bulk("c" + r), "mget", a, b, c);
      pipeline.expect(integer(3), "dbsize");
    }
    try (RawClient raw = client()) {
      raw.send(pipeline.bytes());
      pipeline.assertRepliesFrom(raw);
    }
  }

  /**
   * 100,000 commands whose replies (about 26 MB) far exceed every socket buffer: the node must stop
   * reading while the client does not read, then resume, rather than buffer everything or stall.
   * The write runs on its own thread because it blocks while the node holds off.
   */
  @Test
  void aClientThatWrites100000CommandsAndReadsOnlyLaterGetsEveryReplyInOrder() throws Exception {
    String big = "v".repeat(512);
    Pipeline pipeline = new Pipeline();
    pipeline.expect(OK, "set", "big", big);
    for (int i = 0; i < 100_000; i++) {
      if (i % 2 == 0) {
        pipeline.expect(integer(i / 2 + 1), "incr", "n");
      } else {
        pipeline.expect(bulk(big), "get", "big");
      }
    }
    try (RawClient raw = client()) {
      byte[] bytes = pipeline.bytes();
      CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
        try {
          raw.send(bytes);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      // Not reading for a while lets the replies back up until the node pauses this socket.
      Thread.sleep(500);
      pipeline.assertRepliesFrom(raw);
      written.get();
      assertEquals(bulk("50000"), raw.call("get", "n"));
    }
  }

  @Test
  void aClientThatSendsHalfACommandAndVanishesDoesNotDisturbAnother() throws IOException {
    try (RawClient steady = client()) {
      assertEquals(OK, steady.call("set", "before", "1"));
      RawClient vanishing = client();
      vanishing.send("*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$10\r\nabc");
      Pipeline during = new Pipeline();
      for (int i = 0; i < 1000; i++) {
        during.expect(integer(i + 1), "incr", "steady");
      }
      steady.send(during.bytes());
      during.assertRepliesFrom(steady);
      vanishing.close();
      assertEquals(bulk("1"), steady.call("get", "before"));
      assertEquals(integer(1001), steady.call("incr", "steady"));
      assertEquals(integer(0), steady.call("exists", "half"));
    }
  }

  @Test
  void aClientThatClosesWithThousandsOfRepliesUnreadDoesNotDisturbAnother() throws Exception {
    String[] floodKeys = {keyOnShard("flood", 0), keyOnShard("flood", 1), keyOnShard("flood", 2)};
    Pipeline flood = new Pipeline();
    for (int i = 0; i < 50_000; i++) {
      flood.expect(integer(i / 3 + 1), "incr", floodKeys[i % 3]);
    }
    try (RawClient steady = client()) {
      try (RawClient leaving = client()) {
        leaving.send(flood.bytes());
      }
      Pipeline after = new Pipeline();
      for (int i = 0; i < 1000; i++) {
        after.expect(integer(1), "incr", "steady:" + i);
      }
      steady.send(after.bytes());
      after.assertRepliesFrom(steady);
      assertEquals(1, eventuallyOneClient(steady), "the node still lists the client that left");
    }
  }

  /** Polls CLIENT LIST (bounded) until the caller is the only client; the last count seen. */
  private static int eventuallyOneClient(RawClient raw) throws IOException, InterruptedException {
    int clients = 0;
    for (int attempt = 0; attempt < 500; attempt++) {
      String list = raw.call("client", "list");
      clients = list.split(" laddr=", -1).length - 1;
      if (clients == 1) {
        break;
      }
      Thread.sleep(10);
    }
    return clients;
  }
}
