package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * Streams without consumer groups side by side with redis-server 7.0, in RESP2 and RESP3: XADD's ids
 * and options, trimming exactly and approximately (node by node, so a stream of a few hundred entries
 * must be cut where Redis cuts it), ranges, XDEL, XSETID, non-blocking XREAD, and the errors of each.
 */
class StreamsMatchRedisTest extends RawSocketTestBase {

  @Test
  void addRangeTrimAndDeleteReplyAsRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    StringBuilder script = new StringBuilder("""
        xadd s 1-1 a 1 b 2
        xadd s 1-1 a 1
        xadd s 1-0 a 1
        xadd s 1-* c 3
        xadd s 1-* c 4 d 5
        xadd s 2-* e 6
        xadd s 0-0 a 1
        xadd s 0-* a 1
        xadd new 0-* a 1
        xadd new2 0-0 a 1
        exists new2
        xadd s 3 a
        xadd s 3
        xadd s nomkstream 4-1 a 1
        xadd missing nomkstream 4-1 a 1
        exists missing
        xadd s "5-x" a 1
        xadd s -5 a 1
        xadd s " 5-1" a 1
        xadd s "+6-1" a 1
        xadd s 18446744073709551616-1 a 1
        xadd s 18446744073709551615-18446744073709551614 a 1
        xadd s 18446744073709551615-* a 1
        xadd s 18446744073709551615-* a 1
        xadd s * a 1
        del s
        xadd s maxlen a 1-1 a 1
        xadd s maxlen -1 1-1 a 1
        xadd s maxlen 1 minid 1 1-1 a 1
        xadd s limit 5 1-1 a 1
        xadd s maxlen 5 limit 5 1-1 a 1
        xadd s maxlen = 5 limit 5 1-1 a 1
        xadd s maxlen ~ 5 limit -1 1-1 a 1
        xadd s maxlen ~ 5 limit x 1-1 a 1
        xadd s minid x 1-1 a 1
        xadd s foo 1-1 a 1
        xlen s
        xlen nokey
        xrange s - +
        xrange s + -
        xrange nokey - +
        xrange s - + count
        xrange s - + count x
        xrange s - + foo 1
        xrange s x +
        xrange s "(-" +
        xrange s - "(+"
        xrange s "(18446744073709551615-18446744073709551615" +
        xrange s - "(0-0"
        xrevrange s + -
        xrevrange s x -
        del s
        """);
    for (int i = 1; i <= 350; i++) {
      script.append("xadd s ").append(i).append("-1 field value").append(i).append('\n');
    }
    script.append("""
        xadd s 351-1 other x
        xadd s 352-1 field v other w
        xlen s
        xrange s - + count 3
        xrange s 5 10
        xrange s 5-1 5-1
        xrange s (5-1 (8-1
        xrange s - + count 0
        xrange s - + count -1
        xrevrange s + - count 3
        xrevrange s (300-1 (290
        xrevrange s 10 5
        xrevrange s 200 -
        xdel s 10-1 11-1 11-1 999-1
        xdel s 10-1
        xdel s x
        xdel nokey x
        xrange s 9 12
        xrevrange s 12 9
        xtrim s maxlen ~ 320
        xlen s
        xrange s - + count 1
        xtrim s maxlen ~ 320
        xtrim s maxlen = 320
        xlen s
        xrange s - + count 1
        xtrim s minid ~ 150
        xrange s - + count 1
        xtrim s minid 160-1
        xrange s - + count 1
        xtrim s maxlen ~ 10 limit 100
        xrange s - + count 1
        xlen s
        xtrim s maxlen ~ 10 limit 0
        xlen s
        xtrim s
        xtrim s maxlen
        xtrim s maxlen 1 limit 2
        xtrim s foo 1
        xtrim nokey maxlen 1
        xadd s maxlen 3 400-1 a 1
        xlen s
        xrange s - +
        xadd s minid 400 401-1 a 1
        xrange s - +
        xdel s 400-1 401-1
        xlen s
        xrange s - +
        exists s
        xadd s 402-1 a 1
        xrange s - +
        xsetid s 402-0
        xsetid s 500-5
        xadd s 500-5 a 1
        xadd s 500-* a 1
        xsetid s 600 entriesadded 1
        xsetid s 600 entriesadded -1
        xsetid s 600 maxdeletedid 700
        xsetid s 600 maxdeletedid 500 entriesadded 100
        xsetid s 400
        xsetid s 600 foo
        xsetid nokey 1
        xsetid s x
        xread streams s 500-5
        xread streams s 0
        xread count 1 streams s nokey 0 0
        xread streams s $
        xread streams nokey $
        xread count 2 streams s s 0 500
        xread streams s
        xread streams s s 0
        xread count x streams s 0
        xread block x streams s 0
        xread block -1 streams s 0
        xread group g c streams s 0
        xread noack streams s 0
        xread streams s >
        xread streams s x
        xread foo streams s 0
        xread count 1
        set str x
        xadd str 1-1 a 1
        xrange str - +
        xlen str
        xread streams str 0
        xdel str 1-1
        xtrim str maxlen 1
        xsetid str 1
        type s
        object encoding s
        eval "return redis.call('xread','block',0,'streams',KEYS[1],'$')" 1 s
        eval "return redis.call('xread','count',1,'streams',KEYS[1],'0')" 1 s
        eval "return redis.call('xadd',KEYS[1],'900-1','from','script')" 1 s
        xrevrange s + - count 1
        """);
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n!flushall\n" + script);
      }
    }
  }

  /** Sends {@code command} on both connections of {@code waiting} without reading a reply: it blocks. */
  private static void sendBoth(SideBySide waiting, String... command) throws Exception {
    waiting.redis.send(RawClient.command(command));
    waiting.verdis.send(RawClient.command(command));
  }

  /**
   * Waits until both servers count {@code blocked} blocked clients (as Redis's tests wait_for_blocked_client):
   * a command sent on another connection has no order with the blocking one until it is blocked.
   */
  private static void awaitBlocked(SideBySide observer, int blocked) throws Exception {
    Info.await(observer.redis, "clients", "blocked_clients:" + blocked);
    Info.await(observer.verdis, "clients", "blocked_clients:" + blocked);
  }

  /** Extra connections to both servers, one pair each, for clients that block while another writes. */
  private static final class Waiters implements AutoCloseable {
    private final List<RawClient> opened = new java.util.ArrayList<>();
    private final SideBySide[] pairs;

    Waiters(RealRedis redis, int count) throws Exception {
      pairs = new SideBySide[count];
      for (int i = 0; i < count; i++) {
        RawClient verdis = client();
        opened.add(verdis);
        RawClient redisClient = new RawClient(redis.port);
        opened.add(redisClient);
        pairs[i] = new SideBySide(verdis, redisClient);
      }
    }

    SideBySide get(int i) {
      return pairs[i];
    }

    /** HELLO on every connection: the replies (which name the server) are not compared. */
    void hello(int protocol) throws Exception {
      for (SideBySide both : pairs) {
        both.redis.call("HELLO", String.valueOf(protocol));
        both.verdis.call("HELLO", String.valueOf(protocol));
      }
    }

    @Override
    public void close() throws Exception {
      for (RawClient client : opened) {
        client.close();
      }
    }
  }

  @Test
  void blockedReadsWakeAsRedisWakesThem(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String first = keyOnShard("first", 0);
    String second = keyOnShard("second", 1);
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client(); Waiters waiters = new Waiters(redis, 2)) {
      SideBySide writer = new SideBySide(verdis, redis.client());
      SideBySide reader = waiters.get(0);
      SideBySide other = waiters.get(1);
      for (int protocol : new int[] {2, 3}) {
        waiters.hello(protocol);
        writer.same("FLUSHALL");
        writer.same("XADD", first, "1-1", "a", "1");

        // $ stands for the last id when the client blocked, not when it is woken.
        sendBoth(reader, "XREAD", "BLOCK", "0", "STREAMS", first, "$");
        sendBoth(other, "XREAD", "BLOCK", "0", "STREAMS", first, "0");
        awaitBlocked(writer, 1);
        other.sameNext("a read with data is answered at once");
        writer.same("XADD", first, "2-1", "b", "2");
        reader.sameNext("woken by XADD");

        // Waiting on keys of two shards: the one that gets an entry answers, alone.
        sendBoth(reader, "XREAD", "COUNT", "5", "BLOCK", "0", "STREAMS", first, second, "$", "$");
        awaitBlocked(writer, 1);
        writer.same("XADD", second, "7-1", "c", "3");
        reader.sameNext("woken by the second shard's key");
        sendBoth(reader, "XREAD", "BLOCK", "0", "STREAMS", second, first, "$", "$");
        awaitBlocked(writer, 1);
        writer.same("XADD", first, "3-1", "d", "4");
        reader.sameNext("woken by the first shard's key");

        // A key that does not exist yet; XDEL and another type do not wake it with data.
        sendBoth(reader, "XREAD", "BLOCK", "0", "STREAMS", "fresh", "$");
        awaitBlocked(writer, 1);
        writer.same("SET", "unrelated", "x");
        writer.same("XADD", "fresh", "1-1", "e", "5");
        reader.sameNext("woken on a stream created while it waited");

        // Several waiters, first come first served, each getting the entry.
        sendBoth(reader, "XREAD", "BLOCK", "0", "STREAMS", first, "$");
        awaitBlocked(writer, 1);
        sendBoth(other, "XREAD", "BLOCK", "0", "STREAMS", first, "$");
        awaitBlocked(writer, 2);
        writer.same("XADD", first, "4-1", "f", "6");
        reader.sameNext("first waiter");
        other.sameNext("second waiter");

        // Entries added by a transaction or a script wake the waiter once they are done.
        sendBoth(reader, "XREAD", "BLOCK", "0", "STREAMS", first, second, "$", "$");
        awaitBlocked(writer, 1);
        writer.same("MULTI");
        writer.same("XADD", first, "4-5", "in", "multi");
        writer.same("XADD", second, "8-1", "in", "multi");
        writer.same("EXEC");
        reader.sameNext("woken by MULTI/EXEC");
        sendBoth(reader, "XREAD", "BLOCK", "0", "STREAMS", first, "$");
        awaitBlocked(writer, 1);
        writer.same("EVAL", "redis.call('xadd', KEYS[1], '4-6', 'in', 'script') return 1", "1", first);
        reader.sameNext("woken by a script");

        // A timeout answers a null array; inside MULTI a blocking read does not wait.
        reader.same("XREAD", "BLOCK", "50", "STREAMS", first, "$");
        writer.same("MULTI");
        writer.same("XREAD", "BLOCK", "0", "STREAMS", first, "$");
        writer.same("EXEC");
        // An id past the end: woken only once an entry goes beyond it.
        sendBoth(reader, "XREAD", "BLOCK", "0", "STREAMS", first, "10-0");
        awaitBlocked(writer, 1);
        writer.same("XADD", first, "5-1", "g", "7");
        writer.same("XADD", first, "11-1", "h", "8");
        reader.sameNext("woken past the given id");
      }
    }
  }

  @Test
  void blockedGroupReadsWakeAsRedisWakesThem(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String first = keyOnShard("gfirst", 0);
    String second = keyOnShard("gsecond", 2);
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client(); Waiters waiters = new Waiters(redis, 2)) {
      SideBySide writer = new SideBySide(verdis, redis.client());
      SideBySide reader = waiters.get(0);
      SideBySide other = waiters.get(1);
      for (int protocol : new int[] {2, 3}) {
        waiters.hello(protocol);
        writer.same("FLUSHALL");
        writer.same("XGROUP", "CREATE", first, "g", "$", "MKSTREAM");
        writer.same("XGROUP", "CREATE", second, "g", "$", "MKSTREAM");

        // Two consumers of one group: each new entry goes to the first waiter only.
        sendBoth(reader, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", first, ">");
        awaitBlocked(writer, 1);
        sendBoth(other, "XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", first, ">");
        awaitBlocked(writer, 2);
        writer.same("XADD", first, "1-1", "job", "1");
        reader.sameNext("alice gets the entry");
        writer.same("XADD", first, "2-1", "job", "2");
        other.sameNext("bob gets the next");
        writer.same("XPENDING", first, "g");

        // Across shards, with NOACK: the entry is delivered and not pending.
        sendBoth(reader, "XREADGROUP", "GROUP", "g", "alice", "NOACK", "BLOCK", "0", "STREAMS", first, second, ">", ">");
        awaitBlocked(writer, 1);
        writer.same("XADD", second, "5-1", "job", "5");
        reader.sameNext("woken by the second shard");
        writer.same("XPENDING", second, "g");

        // The group destroyed, the stream deleted: the waiter gets Redis's error.
        sendBoth(reader, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", first, ">");
        awaitBlocked(writer, 1);
        writer.same("XGROUP", "DESTROY", first, "g");
        reader.sameNext("NOGROUP after XGROUP DESTROY");
        sendBoth(reader, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", second, ">");
        awaitBlocked(writer, 1);
        writer.same("DEL", second);
        reader.sameNext("UNBLOCKED after DEL");

        // A plain XREAD is not woken by DEL; it times out.
        writer.same("XADD", first, "9-1", "x", "y");
        sendBoth(reader, "XREAD", "BLOCK", "200", "STREAMS", first, "$");
        awaitBlocked(writer, 1);
        writer.same("DEL", first);
        reader.sameNext("XREAD times out after DEL");
      }
    }
  }

  /** Nodes end where Redis's end (stream-node-max-bytes and -entries), so approximate trims remove as much. */
  @Test
  void nodesAreCutWhereRedisCutsThem(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    StringBuilder script = new StringBuilder("config set stream-node-max-bytes 120\nconfig set stream-node-max-entries 0\n");
    for (int i = 1; i <= 30; i++) {
      script.append("xadd bytes ").append(i).append("-0 field value").append(i).append('\n');
    }
    script.append("xtrim bytes maxlen ~ 10\nxlen bytes\nxtrim bytes minid ~ 25\nxlen bytes\n");
    script.append("config set stream-node-max-bytes 4096\nconfig set stream-node-max-entries 100\n");
    String payload = "p".repeat(60);
    for (int i = 1; i <= 300; i++) {
      // Mixed fields and integer-looking values, which Redis's listpack stores as integers.
      script.append("xadd big ").append(i).append("-").append(i % 3).append(i % 5 == 0 ? " other " : " payload ")
          .append(i % 2 == 0 ? payload : Integer.toString(i * 1000)).append('\n');
    }
    script.append("xtrim big maxlen ~ 150\nxlen big\nxadd big maxlen ~ 50 301-0 payload x\nxlen big\n");
    script.append("config set stream-node-max-entries 7\n");
    for (int i = 1; i <= 40; i++) {
      script.append("xadd few ").append(i).append("-0 f v\n");
    }
    script.append("xdel few 8-0 9-0 10-0 11-0 12-0 13-0 14-0\nxtrim few maxlen ~ 20\nxlen few\nxrange few - + count 1\n");
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      new SideBySide(verdis, redis.client()).assertSameReplies(script.toString());
    }
  }

  /**
   * A stream waiter the new entry is not for does not hold up the ones queued after it (each waits
   * past its own id, or for its own group), and SWAPDB and DEL answer XREADGROUP's waiters behind it.
   */
  @Test
  void waitersTheEntryIsNotForDoNotHoldUpOthers(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client(); Waiters pairs = new Waiters(redis, 3)) {
      SideBySide writer = new SideBySide(verdis, redis.client());
      SideBySide[] waiters = {pairs.get(0), pairs.get(1), pairs.get(2)};
      writer.same("XADD", "s", "1-1", "a", "1");
      // A waits past an id far ahead; B for anything new: the entry is B's.
      sendBoth(waiters[0], "XREAD", "BLOCK", "300", "STREAMS", "s", "99999999999999-0");
      awaitBlocked(writer, 1);
      sendBoth(waiters[1], "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
      awaitBlocked(writer, 2);
      writer.same("XADD", "s", "2-1", "b", "2");
      waiters[1].sameNext("the waiter behind one the entry is not for");
      waiters[0].sameNext("the first times out");

      // Two consumers of g1 and one of g2: one entry goes to g1's first and to g2's.
      writer.same("XGROUP", "CREATE", "s", "g1", "$");
      writer.same("XGROUP", "CREATE", "s", "g2", "$");
      sendBoth(waiters[0], "XREADGROUP", "GROUP", "g1", "a1", "BLOCK", "0", "STREAMS", "s", ">");
      awaitBlocked(writer, 1);
      sendBoth(waiters[1], "XREADGROUP", "GROUP", "g1", "b1", "BLOCK", "300", "STREAMS", "s", ">");
      awaitBlocked(writer, 2);
      sendBoth(waiters[2], "XREADGROUP", "GROUP", "g2", "c2", "BLOCK", "0", "STREAMS", "s", ">");
      awaitBlocked(writer, 3);
      writer.same("XADD", "s", "3-1", "c", "3");
      waiters[0].sameNext("g1's first consumer");
      waiters[2].sameNext("g2's consumer, behind g1's second");
      waiters[1].sameNext("g1's second times out");

      // An XREAD ahead of an XREADGROUP on a key that is deleted: the XREADGROUP is answered.
      sendBoth(waiters[0], "XREAD", "BLOCK", "300", "STREAMS", "s", "$");
      awaitBlocked(writer, 1);
      sendBoth(waiters[1], "XREADGROUP", "GROUP", "g1", "a1", "BLOCK", "0", "STREAMS", "s", ">");
      awaitBlocked(writer, 2);
      writer.same("DEL", "s");
      waiters[1].sameNext("UNBLOCKED behind an XREAD");
      waiters[0].sameNext("the XREAD times out");

      // SWAPDB with an empty database takes the stream away.
      writer.same("XGROUP", "CREATE", "t", "g", "$", "MKSTREAM");
      sendBoth(waiters[0], "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "t", ">");
      awaitBlocked(writer, 1);
      writer.same("SWAPDB", "0", "1");
      waiters[0].sameNext("UNBLOCKED by SWAPDB");
      writer.same("SWAPDB", "0", "1");

      // FLUSHALL takes it away too.
      sendBoth(waiters[0], "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "t", ">");
      awaitBlocked(writer, 1);
      writer.same("FLUSHALL");
      waiters[0].sameNext("UNBLOCKED by FLUSHALL");

      // A woken read without COUNT, or with COUNT 0, takes at most 1000 entries, as Redis's.
      sendBoth(waiters[0], "XREAD", "COUNT", "0", "BLOCK", "0", "STREAMS", "many", "$");
      awaitBlocked(writer, 1);
      writer.same("EVAL", "for i = 1, 1501 do redis.call('XADD', KEYS[1], i .. '-1', 'n', i) end return 1", "1", "many");
      waiters[0].sameNext("1000 entries of the 1501");
    }
  }
}
