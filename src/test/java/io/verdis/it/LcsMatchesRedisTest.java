package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * LCS side by side with redis-server 7.0, in RESP2 and RESP3: every option and their mixes, the
 * ranges IDX gives (same ranges, same order), missing keys, wrong types and bad arguments, with
 * the two keys on different shards of Verdis.
 */
class LcsMatchesRedisTest extends RawSocketTestBase {

  @Test
  void lcsRepliesAsRedisDoesWithEveryOption(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 1);
    String script = """
        set A ohmytext
        set B mynewtext
        lcs A B
        lcs B A
        lcs A B len
        lcs A B LEN
        lcs A B idx
        lcs A B idx withmatchlen
        lcs A B idx minmatchlen 4
        lcs A B idx minmatchlen 4 withmatchlen
        lcs A B withmatchlen minmatchlen 2 idx
        lcs A B idx minmatchlen -5
        lcs A B idx minmatchlen 0
        lcs A B idx minmatchlen 100
        lcs A B minmatchlen 3
        lcs A B withmatchlen
        lcs A B len withmatchlen
        lcs A B len idx
        lcs A B idx len
        lcs A B minmatchlen
        lcs A B minmatchlen x
        lcs A B minmatchlen 99999999999999999999
        lcs A B foo
        lcs A B len len
        lcs A A idx withmatchlen
        lcs A nokey
        lcs nokey A idx
        lcs nokey nokey2 len
        lcs nokey nokey2 idx withmatchlen
        lcs A
        lcs
        set A "ACCGGTCGAGTGCGCGGAAGCCGGCCGAA"
        set B "GTCGTTCGGAATGCCGTTGCTCTGTAAA"
        lcs A B
        lcs A B len
        lcs A B idx withmatchlen
        lcs A B idx minmatchlen 2 withmatchlen
        lcs B A idx withmatchlen
        set A "\\x00\\xff\\x00abc\\xff"
        set B "\\xffabc\\x00"
        lcs A B
        lcs A B idx withmatchlen
        set A ""
        lcs A B
        lcs A B idx
        set A aaaa
        set B aa
        lcs A B idx withmatchlen
        set A abcabcabc
        set B cbacbacba
        lcs A B idx withmatchlen
        lcs B A idx withmatchlen
        rpush L x
        lcs L B
        lcs B L len
        lcs L nokey idx
        lcs B L foo
        hset H f v
        lcs H L
        """.replace(" A", " " + a).replace(" B", " " + b);
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n!flushall\n" + script);
      }
    }
  }

  @Test
  void aTableLargerThanProtoMaxBulkLenIsRefusedAsRedisRefusesIt(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 2);
    // 601 x 601 cells of 4 bytes: 1.4 MB, over a 1 MB limit; 400 x 400 fit.
    String script = "!config set proto-max-bulk-len 1mb\n"
        + "set " + a + " " + "ab".repeat(300) + "\n"
        + "set " + b + " " + "ba".repeat(300) + "\n"
        + "lcs " + a + " " + b + " len\n"
        + "lcs " + a + " " + b + " idx\n"
        + "set " + b + " " + "ba".repeat(200) + "\n"
        + "lcs " + a + " " + b + " len\n"
        + "!config set proto-max-bulk-len 512mb\n"
        + "lcs " + a + " " + b + " len\n";
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      new SideBySide(verdis, redis.client()).assertSameReplies(script);
    }
  }
}
