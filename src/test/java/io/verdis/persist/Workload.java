package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RawClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A varied string dataset written with the commands a user would run, the same against Verdis and
 * Redis: binary keys and values, values over 1 MB, every way of setting a TTL, values computed by
 * the server (INCR, INCRBYFLOAT, APPEND, SETRANGE), deletions, renames and MSETs over many keys (so
 * over several shards), several databases with SWAPDB, FLUSHDB, MOVE and COPY between them. What a
 * file must reproduce is what the server then holds, read with {@link KeyspaceImage}, not a list
 * kept here.
 */
final class Workload {
  /**
   * Something to run halfway, e.g. starting an AOF rewrite: the writes after it land in a new
   * incremental file, and, when the step does not wait for the rewrite, race with it.
   */
  interface Step {
    void run() throws Exception;
  }

  private static final int PLAIN_KEYS = 300;
  private static final long HOUR_MS = 3_600_000;
  private static final List<String> NUMBERS = List.of("0", "-1", "12", "127", "-128", "255", "-129", "4096",
      "32767", "-32769", "8388608", "2147483647", "-2147483649", "9223372036854775807", "-9223372036854775808",
      "12345678901234567890", "007", "-0", "1.5", " 1");

  private final RawClient client;
  private final Random random = new Random(20261123);
  private boolean transactions;

  Workload(RawClient client) {
    this.client = client;
  }

  /** Also runs MULTI/EXEC blocks (Redis; Verdis has no transactions yet). */
  Workload withTransactions() {
    transactions = true;
    return this;
  }

  void run(Step midway) throws Exception {
    long now = System.currentTimeMillis();
    ok("SELECT", 0);
    for (int i = 0; i < 3; i++) {
      ok("SET", "short-lived:" + i, "expires while the workload runs", "PX", 50);
    }
    plainKeys();
    binaryKeys();
    bigValues();
    expiries(now);
    computed();
    midway.run();
    if (transactions) {
      transaction();
    }
    deletionsAndRenames();
    ok(mset());
    databases();
    awaitExpired("short-lived:0", "short-lived:1", "short-lived:2");
  }

  private void plainKeys() throws IOException {
    for (int i = 0; i < PLAIN_KEYS; i++) {
      Object value = switch (i % 4) {
        case 0 -> NUMBERS.get(i / 4 % NUMBERS.size());
        case 1 -> "value-" + i + "-" + "x".repeat(i % 70);
        case 2 -> bytes(random.nextInt(120));
        default -> ("lzf " + i + " ").repeat(40);
      };
      ok("SET", "key:" + i, value);
    }
  }

  private void binaryKeys() throws IOException {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] reversed = new byte[256];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = (byte) (255 - i);
    }
    ok("SET", everyByte, reversed);
    // RESP's own syntax inside a key and a value: a writer that does not count bytes breaks here.
    ok("SET", "bin\r\nkey\0\u00ff", "\r\n*1\r\n$3\r\nSET\r\n");
    ok("SET", "", "the empty key");
    ok("SET", "empty-value", "");
    ok("SET", "utf8:ключ".getBytes(StandardCharsets.UTF_8), "日本語 ✓".getBytes(StandardCharsets.UTF_8));
  }

  private void bigValues() throws IOException {
    ok("SET", "big:random", bytes(1_500_000));
    StringBuilder text = new StringBuilder();
    while (text.length() < 1_200_000) {
      text.append("verdis redis aof rdb ").append(random.nextInt(1000)).append('\n');
    }
    ok("SET", "big:text", text.toString(), "EX", 7200);
  }

  private void expiries(long now) throws IOException {
    for (int i = 0; i < 10; i++) {
      ok("SET", "ttl:ex:" + i, "v" + i, "EX", 3600 + i);
      ok("SET", "ttl:px:" + i, "v" + i, "PX", 5 * HOUR_MS + i);
      ok("SETEX", "ttl:setex:" + i, 5000 + i, "v" + i);
      ok("SET", "ttl:expire:" + i, "v" + i);
      one("EXPIRE", "ttl:expire:" + i, 7200 + i);
      ok("SET", "ttl:pexpireat:" + i, "v" + i);
      one("PEXPIREAT", "ttl:pexpireat:" + i, now + 10 * HOUR_MS + i);
      ok("SET", "ttl:getex:" + i, "v" + i);
      client.request("GETEX", "ttl:getex:" + i, "EX", 4000 + i);
    }
    ok("SET", "ttl:persisted", "v", "EX", 100);
    one("PERSIST", "ttl:persisted");
    // A TTL kept across overwrites with KEEPTTL, and dropped by a plain SET.
    ok("SET", "ttl:kept", "first", "EX", 9000);
    ok("SET", "ttl:kept", "second", "KEEPTTL");
    ok("SET", "ttl:dropped", "first", "EX", 9000);
    ok("SET", "ttl:dropped", "second");
    // An expiry in the past deletes the key (the file must say DEL, not a PEXPIREAT it then replays).
    ok("SET", "gone", "soon");
    one("PEXPIREAT", "gone", now - 1000);
  }

  private void computed() throws IOException {
    for (int i = 0; i < 50; i++) {
      client.request("INCR", "counter");
    }
    client.request("INCRBY", "counter:by", -7_000_000_000L);
    client.request("DECR", "counter:by");
    client.request("INCRBYFLOAT", "float", "1.5");
    for (int i = 0; i < 3; i++) {
      client.request("INCRBYFLOAT", "float", "0.1");
    }
    client.request("INCRBYFLOAT", "float", "3.0e3");
    ok("SET", "float:ttl", "10", "EX", 6000);
    client.request("INCRBYFLOAT", "float:ttl", "-0.25");
    ok("SET", "incr:ttl", "41", "PX", 8 * HOUR_MS);
    client.request("INCR", "incr:ttl");
    for (int i = 0; i < 20; i++) {
      client.request("APPEND", "log:" + (i % 3), "entry " + i + "\r\n");
    }
    client.request("APPEND", "log:binary", bytes(300));
    client.request("SETRANGE", "range", 0, "hello");
    client.request("SETRANGE", "range", 10, "world");
    client.request("SETRANGE", "range:new", 5, "x");
    client.request("SETRANGE", "key:1", 3, "OVERWRITTEN");
  }

  private void transaction() throws IOException {
    ok("MULTI");
    assertEquals("QUEUED", client.request("INCR", "tx:counter"));
    assertEquals("QUEUED", client.request("SET", "tx:key", "in a transaction", "EX", 3000));
    assertEquals("QUEUED", client.request("APPEND", "key:5", "+tx"));
    assertEquals(3, ((List<?>) client.request("EXEC")).size());
  }

  private void deletionsAndRenames() throws IOException {
    List<Object> del = new ArrayList<>(List.of("DEL"));
    for (int i = 0; i < 30; i++) {
      del.add("key:" + i);
    }
    del.add("no-such-key");
    assertEquals(30L, client.request(del.toArray()));
    for (int i = 30; i < 60; i++) {
      ok("RENAME", "key:" + i, "renamed:" + i);
    }
    ok("RENAME", "ttl:ex:0", "renamed:ttl");
    ok("RENAME", "key:60", "key:61");
  }

  private Object[] mset() {
    List<Object> mset = new ArrayList<>(List.of("MSET"));
    for (int i = 0; i < 40; i++) {
      mset.add("m:" + i);
      mset.add(i % 2 == 0 ? Integer.toString(i * 1000) : "mset value " + i);
    }
    // MSET over an existing key with a TTL: the TTL goes.
    mset.add("ttl:ex:1");
    mset.add("overwritten by MSET");
    return mset.toArray();
  }

  private void databases() throws IOException {
    ok("SELECT", 1);
    for (int i = 0; i < 30; i++) {
      ok("SET", "db1:" + i, "one " + i, "EX", 20_000 + i);
    }
    ok("SELECT", 2);
    for (int i = 0; i < 20; i++) {
      ok("SET", "db2:" + i, "two " + i);
    }
    ok("SWAPDB", 1, 2);
    ok("SELECT", 3);
    for (int i = 0; i < 10; i++) {
      ok("SET", "db3:" + i, "flushed");
    }
    ok("FLUSHDB");
    ok("SELECT", 0);
    one("MOVE", "key:100", 5);
    one("MOVE", "ttl:ex:2", 5);
    one("COPY", "key:101", "copied:101");
    one("COPY", "key:102", "key:102", "DB", 11);
    one("COPY", "ttl:ex:3", "ttl:copied", "DB", 6);
    one("COPY", "key:103", "key:104", "REPLACE");
    // The last writes go to a database other than 0, so whatever is appended next needs its own SELECT.
    ok("SELECT", 15);
    ok("SET", "last", "in db 15");
  }

  /** Writes through the Pizzaria protocol (database 0), which the AOF must record like RESP writes. */
  static void pizzaria(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 20; i++) {
        String value = i == 1 ? "pizzaria|value with | bars" : "topping " + i;
        assertEquals("success\r", exchange(out, in, "write pizza:" + i + "|" + value + "\r"));
      }
      assertEquals("success\r", exchange(out, in, "write pizza:2|rewritten\r"));
      assertEquals("success\r", exchange(out, in, "delete pizza:3\r"));
      // The Pizzaria key space is database 0's: overwrite and delete RESP keys too.
      assertEquals("success\r", exchange(out, in, "write key:200|from pizzaria\r"));
      assertEquals("success\r", exchange(out, in, "delete key:201\r"));
    }
  }

  private static String exchange(OutputStream out, InputStream in, String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    StringBuilder answer = new StringBuilder();
    int c;
    do {
      c = in.read();
      if (c < 0) {
        throw new IOException("Pizzaria closed the connection after: " + answer);
      }
      answer.append((char) c);
    } while (c != '\r');
    return answer.toString();
  }

  /** The dataset is what the workload means it to be: not empty, not one db, with TTLs and big values. */
  static void assertShape(KeyspaceImage image) {
    assertTrue(image.keyCount() > 300, "keys: " + image.keyCount());
    assertTrue(image.dbs.keySet().size() >= 5, "databases: " + image.dbs.keySet());
    assertFalse(image.dbs.containsKey(3), "db 3 was flushed");
    assertTrue(image.keysWithExpiry() > 50, "keys with a TTL: " + image.keysWithExpiry());
    assertTrue(image.largestValue() > 1_000_000, "largest value: " + image.largestValue());
  }

  /** Waits (not a timing assertion: 10 s is only a bound on a hang) until expiry has removed the keys. */
  private void awaitExpired(String... keys) throws IOException, InterruptedException {
    ok("SELECT", 0);
    List<Object> exists = new ArrayList<>(List.of("EXISTS"));
    exists.addAll(List.of(keys));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!client.request(exists.toArray()).equals(0L)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("keys with PX 50 did not expire: " + List.of(keys));
      }
      Thread.sleep(20);
    }
  }

  private void ok(Object... command) throws IOException {
    assertEquals("OK", client.request(command), () -> String.valueOf(command[0]));
  }

  private void one(Object... command) throws IOException {
    assertEquals(1L, client.request(command), () -> String.valueOf(command[0]));
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
