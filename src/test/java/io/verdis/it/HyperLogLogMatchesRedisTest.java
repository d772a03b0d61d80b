package io.verdis.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The HyperLogLog commands run on Verdis and on redis-server 7.0 side by side: every reply, and the
 * raw bytes of each sketch read with GET, must be the same in RESP2 and RESP3. Verdis runs three
 * shards; the multi-key commands get keys on all of them.
 */
class HyperLogLogMatchesRedisTest extends RawSocketTestBase {
  @TempDir
  Path dir;

  private void inBothProtocols(String script) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n!flushall\n!config set hll-sparse-max-bytes 3000\n" + script);
      }
    }
  }

  /** PFADD of {@code count} elements named prefix0… in batches, each followed by PFCOUNT, GET and ENCODING. */
  private static String growing(String key, String prefix, int count, int batch) {
    StringBuilder script = new StringBuilder();
    for (int from = 0; from < count; from += batch) {
      script.append("pfadd ").append(key);
      for (int i = from; i < Math.min(count, from + batch); i++) {
        script.append(' ').append(prefix).append(i);
      }
      script.append("\npfcount ").append(key).append("\nget ").append(key)
          .append("\npfdebug encoding ").append(key).append('\n');
    }
    return script.toString();
  }

  @Test
  @DisplayName("PFADD grows a sparse sketch until it turns dense: the same counts and the same bytes")
  void sparseThenDense() throws Exception {
    inBothProtocols("""
        pfadd h
        get h
        pfcount h
        get h
        pfadd h a
        pfadd h a
        get h
        pfcount h
        get h
        pfdebug decode h
        """ + growing("h", "element:", 4000, 40) + """
        pfadd h one more
        get h
        pfcount h
        pfcount h
        pfdebug decode h
        """);
  }

  @Test
  @DisplayName("hll-sparse-max-bytes decides when a sparse sketch turns dense")
  void sparseMaxBytes() throws Exception {
    inBothProtocols("!config set hll-sparse-max-bytes 60\n" + growing("s", "x", 60, 3)
        + "!config set hll-sparse-max-bytes 0\npfadd z 1\nget z\npfdebug encoding z\n");
  }

  @Test
  @DisplayName("PFMERGE of sparse and dense sketches, and PFCOUNT of several keys, on every shard")
  void mergeAndCountSeveral() throws Exception {
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 1);
    String c = keyOnShard("c", 2);
    String d = keyOnShard("d", 1);
    inBothProtocols(growing(a, "e", 100, 100) + growing(b, "f", 3000, 1000) + growing(c, "e", 200, 200) + """
        pfcount A B
        pfcount A C
        pfcount A B C nosuchkey
        get A
        pfmerge D A C
        get D
        pfdebug encoding D
        pfcount D
        get D
        pfmerge D B
        pfdebug encoding D
        get D
        pfcount D
        pfmerge N
        get N
        pfmerge A
        get A
        pfmerge C B
        pfdebug encoding C
        get C
        pfcount C
        pfmerge E nokey1 nokey2
        get E
        pfcount E
        pfdebug getreg A
        pfdebug todense A
        pfdebug todense A
        get A
        pfdebug getreg A
        """.replace("A", a).replace("B", b).replace("C", c).replace("D", d));
  }

  @Test
  @DisplayName("Values that are not sketches, missing keys and bad arguments give Redis's errors")
  void errors() throws Exception {
    inBothProtocols("""
        set s hello
        pfadd s a
        pfcount s
        pfcount s x
        pfmerge s
        pfmerge d s
        pfdebug encoding s
        set short HYLL
        pfcount short
        set enc "HYLL\\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80"
        pfcount enc
        set dense "HYLL\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80"
        pfcount dense
        set bad "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f"
        pfcount bad
        pfadd bad x
        pfmerge d bad
        pfcount bad bad
        pfdebug todense bad
        pfdebug decode bad
        pfadd bad a b c d e f g h i j k l m n o p
        get bad
        set half "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x5f\\xff"
        pfadd half a b c d e f g h i j k l m n o p
        get half
        pfadd half q r s t u v w x y z
        get half
        pfadd half 1 2 3 4 5 6 7 8 9
        get half
        pfcount half
        set cached "HYLL\\x01\\x00\\x00\\x00\\x07\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff"
        pfcount cached
        pfcount cached cached
        set n 123
        pfcount n
        lpush l a
        pfadd l a
        pfcount l
        pfcount l s
        pfmerge l
        pfmerge d l
        pfdebug getreg l
        pfadd
        pfcount
        pfmerge
        pfdebug
        pfdebug encoding
        pfdebug encoding nokey
        pfadd h a b c
        pfdebug nosuch h
        pfdebug encoding h extra
        pfdebug DECODE h extra
        pfdebug todense h
        pfdebug decode h
        pfselftest x
        pfcount nokey
        exists nokey
        """);
  }

  @Test
  @DisplayName("PFSELFTEST passes")
  void selftest() throws Exception {
    inBothProtocols("pfselftest\n");
  }

  @Test
  @DisplayName("A sketch DUMPed by redis-server is RESTOREd into Verdis, then counted and grown alike")
  void restoredFromRedis() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      both.assertSameReplies(growing("sparse", "r", 300, 300) + growing("dense", "r", 5000, 2500));
      for (String key : new String[] {"sparse", "dense"}) {
        both.same("pfadd", key, "extra");
        both.copyFromRedis(key);
        both.same("get", key);
        both.same("pfcount", key);
        both.same("get", key);
        both.same("pfadd", key, "another", "two");
        both.same("get", key);
        both.same("pfcount", key);
        both.same("pfdebug", "encoding", key);
      }
      // And back: Verdis's DUMP restores into redis-server.
      byte[] payload = (byte[]) verdis.request("DUMP", "dense");
      assertEquals("OK", redis.call("RESTORE", "back", 0, payload));
      assertArrayEquals((byte[]) verdis.request("GET", "dense"), (byte[]) redis.call("GET", "back"));
      assertEquals(verdis.request("PFCOUNT", "dense"), redis.call("PFCOUNT", "back"));
    }
  }

  @Test
  @DisplayName("COMMAND INFO, COMMAND DOCS and COMMAND GETKEYS describe the HyperLogLog commands as Redis does")
  void declarations() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      RawClient real = redis.client();
      CommandDeclarations.assertSameAsRedis(real, verdis, "pfadd", "pfcount", "pfmerge", "pfdebug", "pfselftest");
      new SideBySide(verdis, real).assertSameReplies("""
          command getkeys pfcount a b c
          command getkeys pfmerge d a b
          command getkeys pfadd k a b
          """);
    }
  }
}
