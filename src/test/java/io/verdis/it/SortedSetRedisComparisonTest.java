package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sorted-set commands against a real redis-server 7.0, reply for reply, byte for byte (see
 * {@link SideBySide}): score formatting, option parsing and its errors, edge cases of ranges,
 * RESP2 and RESP3 shapes, listpack and skiplist alike. Random replies (ZRANDMEMBER, ZSCAN of a
 * skip list) are left to {@link SortedSetCommandsTest}.
 */
class SortedSetRedisComparisonTest extends RawSocketTestBase {
  private static Path redisDir;
  private static RealRedis redis;
  private RawClient verdis;
  private SideBySide both;

  @BeforeAll
  static void startRedis() throws IOException, InterruptedException {
    RealRedis.assumeInstalled();
    redisDir = Files.createTempDirectory("zset-redis");
    redis = RealRedis.start(redisDir);
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.close();
      TestServer.deleteTree(redisDir);
    }
  }

  @BeforeEach
  void connect() throws IOException {
    redis.call("FLUSHALL");
    verdis = client();
    both = new SideBySide(verdis, redis.client());
  }

  @AfterEach
  void disconnect() throws IOException {
    both.assertSameReplies("!HELLO 2");
    verdis.close();
  }

  @Test
  void scoresPrintAsRedisPrintsThemInBothProtocols() throws IOException {
    String script = """
        ZADD z 0.1 a 1.5 b 1e100 c -0 d inf e -inf f 1e17 g 123456789012345678 h 0.00001 i 1e-5 j 12345.678 k
        ZADD z 2.5e-10 l -7 m 1e16 n 3.0000000000000004 o 100 p 0.3 q 1e-300 r 4.9e-324 s 1.7976931348623157e308 t
        ZRANGE z 0 -1 WITHSCORES
        ZSCORE z d
        ZSCORE z a
        ZMSCORE z a b nope t
        ZINCRBY z 0.2 a
        ZINCRBY z 1 nope
        ZADD z INCR 0.1 q
        ZSCAN z 0
        """;
    both.assertSameReplies(script);
    both.assertSameReplies("!HELLO 3\n" + script.replace("ZADD z", "ZADD y"));
  }

  @Test
  void negativeZeroStaysInASkiplistAndBecomesZeroInAListpack() throws IOException {
    StringBuilder big = new StringBuilder("ZADD big");
    for (int i = 0; i < 130; i++) {
      big.append(' ').append(i).append(" m").append(i);
    }
    both.assertSameReplies(big + """

        ZADD big -0 zero
        ZSCORE big zero
        ZADD small -0 zero
        ZSCORE small zero
        ZINCRBY big 0 zero
        ZINCRBY big -0 zero
        ZSCORE big zero
        ZINCRBY small -0 zero
        ZADD small INCR -0 other
        ZSCORE small other
        ZUNION 2 big small WEIGHTS -1 1 WITHSCORES
        ZUNIONSTORE u 1 small WEIGHTS -1
        ZRANGE u 0 -1 WITHSCORES
        ZUNION 1 small WEIGHTS -1 WITHSCORES
        """);
  }

  @Test
  void scoreArgumentsParseAsRedisDoes() throws IOException {
    both.assertSameReplies("""
        ZADD z 0x10 hex 0X1P-2 hexp +5 plus .5 dot 5. dot2 1e3 exp INF inf1 +infinity inf2 -Infinity inf3
        ZRANGE z 0 -1 WITHSCORES
        ZADD z 1e400 big
        ZADD z -1e400 big
        ZADD z 1e-400 tiny
        ZADD z 4.9e-324 denormal
        ZADD z " 1" space
        ZADD z "1 " space
        ZADD z "" empty
        ZADD z nan x
        ZADD z -nan x
        ZADD z 1e x
        ZADD z 0x x
        ZADD z infinit x
        ZADD z "1\\x00" nul
        ZADD z abc x
        ZINCRBY z abc x
        ZRANGEBYSCORE z "" ""
        ZRANGEBYSCORE z " 0" "( 1e400"
        ZRANGEBYSCORE z "(" "+inf"
        ZRANGEBYSCORE z nan 1
        ZRANGEBYSCORE z 1 nan
        ZRANGEBYSCORE z " " 1
        ZRANGEBYSCORE z 1x 2
        ZRANGEBYSCORE z "(1\\x00junk" 100 WITHSCORES
        ZRANGEBYSCORE z 0x1p3 +inf WITHSCORES
        ZCOUNT z -inf (16
        ZCOUNT z ((1 2
        """);
  }

  @Test
  void zaddOptionsAndTheirConflicts() throws IOException {
    both.assertSameReplies("""
        ZADD t 1 a
        ZADD t
        ZADD t 1
        ZADD t 1 a 2
        ZADD t nx
        ZADD t nx xx 1 a
        ZADD t gt lt 1 a
        ZADD t nx gt 1 a
        ZADD t nx lt 1 a
        ZADD t incr 1 a 2 b
        ZADD t nx xx incr 1 a 2 b
        ZADD t ch ch 1 a
        ZADD t ch 1 a 3 b
        ZADD t gt ch 0 a 5 b
        ZADD t lt ch 0 a 5 b
        ZADD t lt incr 10 b
        ZADD t gt incr 10 b
        ZADD t gt incr -10 b
        ZADD t xx gt 100 b 100 new
        ZADD t GT 1 zz
        ZADD t xx 1 new
        ZADD t xx incr 1 new
        ZADD t nx incr 1 a
        ZADD t nx incr 1 fresh
        ZADD t nx 7 a 8 other
        ZADD t xx ch 9 a 9 nothere
        ZADD t incr 5 a
        ZADD t 5 a
        ZADD t ch 5 a
        ZRANGE t 0 -1 WITHSCORES
        ZADD t inf i
        ZINCRBY t -inf i
        ZADD t incr -inf i
        ZSCORE t i
        ZADD absent xx 1 a
        ZADD absent xx incr 1 a
        EXISTS absent
        ZINCRBY t 1
        ZINCRBY t 1 a b
        SET str x
        ZADD str 1 a
        ZADD str xx 1 a
        ZADD str 1 a 2
        ZINCRBY str 1 a
        """);
  }

  @Test
  void singleMemberCommands() throws IOException {
    both.assertSameReplies("""
        ZADD z 1 a 2 b 3 c
        ZREM z a nope a
        ZREM z
        ZREM nokey a
        ZCARD z
        ZCARD nokey
        ZSCORE z nope
        ZSCORE nokey a
        ZMSCORE z b nope c
        ZMSCORE nokey a b
        ZMSCORE z
        ZRANK z c
        ZRANK z nope
        ZREVRANK z c
        ZREVRANK nokey c
        ZRANK z
        ZREM z b c
        EXISTS z
        SET str x
        ZREM str a
        ZCARD str
        ZSCORE str a
        ZMSCORE str a
        ZRANK str a
        ZREVRANK str a
        ZCOUNT str 0 1
        ZLEXCOUNT str - +
        ZCOUNT str x 1
        ZLEXCOUNT str x +
        """);
  }

  @Test
  void rangesAndTheirErrors() throws IOException {
    both.assertSameReplies("""
        ZADD z 1 a 2 b 3 c 4 d 5 e
        ZRANGE z 0 -1 limit 0 1
        ZRANGE z 0 -1 rev limit 0 1
        ZRANGE z 1 3 byscore limit 1 1
        ZRANGE z 1 3 byscore bylex
        ZRANGE z 1 3 byscore byscore
        ZRANGE z [a [c bylex
        ZRANGE z (a [c bylex withscores
        ZRANGE z a c bylex
        ZRANGE z 5 1 byscore rev
        ZRANGE z 5 1 byscore rev withscores limit 1 -1
        ZRANGE z 0 -1 rev rev
        ZRANGE z 0 -1 withscores withscores
        ZRANGE z 0 -1 foo
        ZRANGE z 0 -1 limit 0
        ZRANGE z 0 -1 limit a 1
        ZRANGE z 0 -1 limit 0 1 limit 0 2
        ZRANGE z x 1
        ZRANGE z 0 x
        ZRANGE z x 1 byscore
        ZRANGE z (1 (2 byscore
        ZRANGE z (1 [2 byscore
        ZRANGE z -inf +inf byscore limit 0 2 withscores
        ZRANGE z +inf -inf byscore rev limit 1 2 withscores
        ZRANGE z 0 -1 limit 0 -1
        ZRANGE z 0 -1 limit 5 -1
        ZRANGE z 0 -1 byscore limit -1 2
        ZRANGE z -inf +inf byscore limit 1 0
        ZRANGE z -inf +inf byscore limit 1 -5
        ZRANGE z -inf +inf byscore limit 9 5
        ZRANGE z -100 100
        ZRANGE z 3 1
        ZRANGE z -2 -3
        ZRANGE z 5 10
        ZRANGE z -1 -1 withscores
        ZRANGE z 0 -1 rev withscores
        ZRANGE z 1 2 rev
        ZRANGE z 9223372036854775807 -9223372036854775808
        ZRANGE z -9223372036854775808 9223372036854775807
        ZRANGEBYSCORE z -inf +inf withscores limit 0 2
        ZRANGEBYSCORE z -inf +inf limit 0
        ZRANGEBYSCORE z -inf +inf limit 0 1 x
        ZRANGEBYSCORE z -inf +inf foo
        ZRANGEBYSCORE z 1 5 rev
        ZRANGEBYSCORE z 1 5 byscore
        ZRANGEBYSCORE z 5 1
        ZRANGEBYSCORE z 2 2
        ZRANGEBYSCORE z (2 2
        ZREVRANGEBYSCORE z +inf -inf withscores
        ZREVRANGEBYSCORE z 4 (2
        ZREVRANGEBYSCORE z 1 5
        ZREVRANGEBYSCORE z +inf -inf limit 1 2 withscores
        ZREVRANGE z 0 1 withscores
        ZREVRANGE z 0 1 limit 0 1
        ZREVRANGE z 5 1 byscore
        ZREVRANGE z 0 -1 rev
        ZREVRANGE z -2 -1
        ZRANGEBYLEX z - + withscores
        ZRANGEBYLEX z - + limit 0 -1
        ZRANGEBYLEX z - + limit 1 2
        ZRANGEBYLEX z - +a
        ZRANGEBYLEX z -a +
        ZRANGEBYLEX z [ +
        ZRANGEBYLEX z ( +
        ZRANGEBYLEX z [ ]
        ZRANGEBYLEX z "" +
        ZRANGEBYLEX z + -
        ZRANGEBYLEX z - -
        ZRANGEBYLEX z + +
        ZRANGEBYLEX z [b [b
        ZRANGEBYLEX z (b [b
        ZRANGEBYLEX z "+\\x00x" -
        ZREVRANGEBYLEX z + -
        ZREVRANGEBYLEX z [c (a
        ZREVRANGEBYLEX z - +
        ZREVRANGEBYLEX z + - limit 1 2
        ZRANGE z + - bylex rev limit 0 2
        ZRANGE z 0 -1 bylex
        ZRANGE z - + byscore
        ZRANGE nokey 0 -1
        ZRANGE nokey x 1
        ZRANGEBYSCORE nokey 0 1
        ZRANGEBYLEX nokey - +
        SET str x
        ZRANGE str 0 -1
        ZRANGE str a b
        ZRANGE str 0 1 byscore
        ZRANGE str 0 1 limit 0 1
        ZREVRANGEBYLEX str + -
        """);
  }

  @Test
  void zrangestoreStoresDeletesAndChecks() throws IOException {
    both.assertSameReplies("""
        ZADD z 1 a 2 b 3 c 4 d 5 e
        ZRANGESTORE dst z 0 -1
        ZRANGE dst 0 -1 WITHSCORES
        OBJECT ENCODING dst
        ZRANGESTORE dst z 0 -1 withscores
        ZRANGESTORE dst z 0 -1 limit 0 1
        ZRANGESTORE dst z - + bylex limit 0 2
        ZRANGE dst 0 -1
        ZRANGESTORE dst z 5 1 byscore rev limit 1 2
        ZRANGE dst 0 -1 WITHSCORES
        ZRANGESTORE dst z 10 20
        EXISTS dst
        ZRANGESTORE dst z 0 0
        ZRANGESTORE dst nokey 0 -1
        EXISTS dst
        SET str x
        ZRANGESTORE str z 0 1
        TYPE str
        SET str2 x
        ZRANGESTORE dst str2 0 1
        ZRANGESTORE z z 1 2
        ZRANGE z 0 -1 WITHSCORES
        ZRANGESTORE dst z
        """);
  }

  @Test
  void removingRanges() throws IOException {
    both.assertSameReplies("""
        ZADD z 1 a 2 b 3 c 4 d 5 e 6 f 7 g
        ZREMRANGEBYRANK z x 1
        ZREMRANGEBYSCORE z x 1
        ZREMRANGEBYLEX z x 1
        ZREMRANGEBYRANK z 5 1
        ZREMRANGEBYRANK z 10 20
        ZREMRANGEBYRANK z -1 -1
        ZREMRANGEBYRANK z -100 0
        ZRANGE z 0 -1
        ZREMRANGEBYSCORE z (2 4
        ZREMRANGEBYSCORE z 10 20
        ZRANGE z 0 -1
        ZREMRANGEBYLEX z - [b
        ZREMRANGEBYLEX z + -
        ZRANGE z 0 -1
        ZREMRANGEBYSCORE z -inf +inf
        EXISTS z
        ZREMRANGEBYRANK nokey 0 1
        ZREMRANGEBYSCORE nokey 0 1
        ZREMRANGEBYLEX nokey - +
        SET str x
        ZREMRANGEBYRANK str 0 1
        ZREMRANGEBYSCORE str 0 1
        ZREMRANGEBYLEX str - +
        ZREMRANGEBYRANK z 0
        """);
  }

  @Test
  void lexicalRangesOverBinaryMembers() throws IOException {
    both.assertSameReplies("""
        ZADD lex 0 a 0 aa 0 ab 0 b 0 ba 0 c 0 "\\x80" 0 "\\xff" 0 "" 0 zz 0 "a\\x00b"
        ZRANGEBYLEX lex - +
        ZRANGEBYLEX lex [a (b
        ZRANGEBYLEX lex (a [b
        ZREVRANGEBYLEX lex [b [a
        ZREVRANGEBYLEX lex + - limit 1 3
        ZLEXCOUNT lex - +
        ZLEXCOUNT lex [b +
        ZLEXCOUNT lex + -
        ZLEXCOUNT lex - -
        ZLEXCOUNT lex [ [
        ZLEXCOUNT lex ( [
        ZLEXCOUNT lex [a [a
        ZLEXCOUNT nokey - +
        ZRANGEBYLEX lex [ (a
        ZRANGEBYLEX lex "(\\x80" +
        ZRANGEBYLEX lex "[a\\x00" +
        ZREMRANGEBYLEX lex [aa [b
        ZRANGE lex 0 -1
        """);
  }

  @Test
  void popsInBothProtocols() throws IOException {
    String script = """
        ZADD z 1 a 2 b 3 c 4 d 5 e
        ZPOPMIN z
        ZPOPMAX z
        ZPOPMIN z 2
        ZPOPMAX z 0
        ZPOPMIN z 10
        EXISTS z
        ZPOPMIN nokey
        ZPOPMIN nokey 2
        ZPOPMIN nokey 0
        ZADD z 1 a 2 b 3 c
        ZPOPMIN z -1
        ZPOPMIN z x
        ZPOPMIN z 1 2
        SET str x
        ZPOPMIN str
        ZPOPMIN str 0
        ZPOPMAX str 2
        BZPOPMIN z 0
        BZPOPMAX nokey z 0
        BZPOPMIN nokey 0.01
        BZPOPMIN nokey x
        BZPOPMIN nokey -1
        BZPOPMIN str x
        BZPOPMIN nokey str 0
        BZPOPMIN str z 0
        ZADD z 1 a 2 b 3 c 4 d 5 e
        ZMPOP 1 z min
        ZMPOP 1 z max count 2
        ZMPOP 2 nokey z max count 10
        EXISTS z
        ZMPOP 1 nokey min
        ZMPOP 0 z min
        ZMPOP -1 z min
        ZMPOP a z min
        ZMPOP 1 z
        ZMPOP 1 z foo
        ZMPOP 1 z min count 0
        ZMPOP 1 z min count -1
        ZMPOP 1 z min count a
        ZMPOP 1 z min count 1 count 2
        ZMPOP 1 z min count
        ZMPOP 2 z min
        ZMPOP 1 z min foo
        ZMPOP 1 str min
        ZMPOP 2 nokey str min
        ZMPOP 9223372036854775807 z min
        ZADD z 1 a 2 b
        ZMPOP 2 z str min
        BZMPOP 0.1 0 z min
        BZMPOP x 1 z min
        BZMPOP x 0 z min
        BZMPOP -1 1 z min
        BZMPOP 0.01 1 nokey min
        BZMPOP 0 1 z max count 5
        BZMPOP 0 2 str z min
        BZMPOP 0 1 z min count 0
        """;
    both.assertSameReplies(script);
    both.assertSameReplies("!HELLO 3\nDEL z str\n" + script);
  }

  @Test
  void setOperationsWeightsAndAggregates() throws IOException {
    String script = """
        ZADD z 1 a 2 b 3 c 4 d 5 e
        ZADD z2 1 x 2 a 0.5 c
        ZADD z3 10 a 10 x 10 q
        ZUNION 0 z
        ZUNION -1 z
        ZUNION 3 z
        ZUNION 2 z z2 weights 1
        ZUNION 2 z z2 weights 1 a
        ZUNION 2 z z2 weights 1 nan
        ZUNION 2 z z2 aggregate foo
        ZUNION 2 z z2 aggregate
        ZUNION 2 z z2 aggregate max withscores
        ZUNION 2 z z2 aggregate min withscores
        ZUNION 3 z z2 z3 withscores
        ZUNION 3 z z2 z3 weights 1 2 3 withscores
        ZUNION 3 z z2 z3 weights 0.1 0.2 0.3 withscores
        ZUNION 2 z z2 weights inf -inf withscores
        ZUNION 2 z z2 weights 0 inf withscores
        ZUNION 1 z weights inf
        ZUNION 2 z nokey withscores
        ZUNION 2 nokey nokey2 withscores
        ZUNIONSTORE d 2 z z2 withscores
        ZUNIONSTORE d 3 z z2 z3 weights 2 3 4 aggregate max
        ZRANGE d 0 -1 WITHSCORES
        OBJECT ENCODING d
        ZINTER 2 z z2
        ZINTER 2 z z2 withscores
        ZINTER 3 z z2 z3 withscores
        ZINTER 3 z z2 z3 weights 1 2 3 aggregate min withscores
        ZINTER 2 z z2 weights inf 0 withscores
        ZINTER 2 z z2 weights inf 0 aggregate max withscores
        ZINTER 2 z nokey
        ZINTER 2 z z weights 1 2 withscores
        ZINTERSTORE d 2 z z2
        ZRANGE d 0 -1 WITHSCORES
        ZINTERSTORE d 2 z nokey
        EXISTS d
        ZINTER 1 z limit 1
        ZDIFF 2 z z2 weights 1 1
        ZDIFF 2 z z2 aggregate sum
        ZDIFF 2 z z2 withscores
        ZDIFF 3 z z2 z3 withscores
        ZDIFF 2 z z
        ZDIFF 1 z withscores
        ZDIFF 2 nokey z
        ZDIFFSTORE d 2 z z2
        ZRANGE d 0 -1 WITHSCORES
        ZDIFFSTORE d 2 z z
        EXISTS d
        ZUNIONSTORE d 0 z
        ZUNIONSTORE d a z
        ZUNION a z
        ZUNION 2147483648 z
        ZINTERCARD 1 z limit 1
        ZINTERCARD 2 z z2
        ZINTERCARD 2 z z2 limit 0
        ZINTERCARD 2 z z2 limit 1
        ZINTERCARD 1 z limit -1
        ZINTERCARD 1 z limit x
        ZINTERCARD 0 z
        ZINTERCARD 2 z
        ZINTERCARD 1 z foo
        ZINTERCARD 1 z limit
        ZINTERCARD 1 z withscores
        ZINTERCARD 1 z weights 1
        ZINTERCARD 2 z nokey
        SET str x
        ZUNION 2 z str
        ZUNION 2 z str weights x
        ZINTER 2 str nokey
        ZINTERCARD 1 str
        ZDIFF 2 z str
        ZUNIONSTORE str 1 z
        TYPE str
        """;
    both.assertSameReplies(script);
    both.assertSameReplies("!HELLO 3\nDEL str d\n" + script);
  }

  @Test
  void zrandmemberAndZscanOfDeterministicCases() throws IOException {
    String script = """
        ZADD q 1 a 2 b 3 c
        ZRANDMEMBER q 0
        ZRANDMEMBER q 0 withscores
        ZRANDMEMBER q x
        ZRANDMEMBER q 1 foo
        ZRANDMEMBER q 1 withscores foo
        ZRANDMEMBER q -9223372036854775808
        ZRANDMEMBER q 9223372036854775807
        ZRANDMEMBER q 3 withscores
        ZRANDMEMBER q 10
        ZRANDMEMBER q -4611686018427387904 withscores
        ZRANDMEMBER q 4611686018427387904 withscores
        ZRANDMEMBER nokey
        ZRANDMEMBER nokey 2
        ZRANDMEMBER nokey x
        ZRANDMEMBER nokey 2 withscores
        ZADD one 7 only
        ZRANDMEMBER one
        ZRANDMEMBER one -3 withscores
        ZRANDMEMBER one 1 withscores
        SET str x
        ZRANDMEMBER str
        ZRANDMEMBER str 2
        ZADD lp 1 a 1e17 b 123456789012345678 c 0.5 d 1e20 e -3 f
        ZSCAN lp 0
        ZSCAN lp 12345 count 1
        ZSCAN lp 0 match [a-c]
        ZSCAN lp 0 match *
        ZSCAN lp 0 count 0
        ZSCAN lp 0 count x
        ZSCAN lp 0 type zset
        ZSCAN lp 0 novalues
        ZSCAN lp 0 match
        ZSCAN lp x
        ZSCAN lp -1
        ZSCAN lp " 1"
        ZSCAN nokey 0 foo
        ZSCAN str 0
        ZSCAN nokey x
        """;
    both.assertSameReplies(script);
    both.assertSameReplies("!HELLO 3\nDEL str\n" + script);
  }

  @Test
  void encodingsAndConversion() throws IOException {
    StringBuilder script = new StringBuilder();
    script.append(zadd("big", 0, 128)).append('\n');
    script.append("OBJECT ENCODING big\nZADD big 128 m128\nOBJECT ENCODING big\n");
    script.append(zrem("big", 0, 125)).append("\nOBJECT ENCODING big\nZCARD big\nZRANGE big 0 -1 WITHSCORES\n");
    script.append("ZADD long 1 ").append("x".repeat(64)).append("\nOBJECT ENCODING long\n");
    script.append("ZADD long 2 ").append("y".repeat(65)).append("\nOBJECT ENCODING long\n");
    script.append("ZADD long2 1 a 2 ").append("y".repeat(65)).append("\nOBJECT ENCODING long2\n");
    script.append("ZADD long3 1 ").append("y".repeat(65)).append("\nOBJECT ENCODING long3\n");
    script.append("ZADD many");
    for (int i = 0; i < 129; i++) {
      script.append(" 1 same");
    }
    script.append("\nOBJECT ENCODING many\nZCARD many\n");
    script.append(zadd("src", 0, 200)).append('\n');
    script.append("""
        ZRANGESTORE small src 0 9
        OBJECT ENCODING small
        ZRANGESTORE large src 0 149
        OBJECT ENCODING large
        ZRANGESTORE s2 src 0 +inf BYSCORE LIMIT 0 10
        OBJECT ENCODING s2
        ZUNIONSTORE u 1 small
        OBJECT ENCODING u
        ZUNIONSTORE u 2 small large
        OBJECT ENCODING u
        ZINTERSTORE i 2 small large
        OBJECT ENCODING i
        ZDIFFSTORE d 2 large small
        OBJECT ENCODING d
        ZUNIONSTORE u 2 small long
        OBJECT ENCODING u
        """);
    both.assertSameReplies(script.toString());
  }

  @Test
  void aSkiplistAnswersAsRedisDoesUnderManyOperations() throws IOException {
    Random random = new Random(5);
    List<String[]> commands = new ArrayList<>();
    for (int chunk = 0; chunk < 3000; chunk += 500) {
      List<String> zadd = new ArrayList<>(List.of("ZADD", "sl"));
      for (int i = chunk; i < chunk + 500; i++) {
        int kind = random.nextInt(3);
        String score = kind == 0 ? Integer.toString(random.nextInt(101) - 50)
            : kind == 1 ? Double.toString(random.nextDouble() * 100) : "-0";
        zadd.add(score);
        zadd.add("k" + i);
      }
      commands.add(zadd.toArray(String[]::new));
    }
    commands.addAll(SideBySide.parse("""
        ZCARD sl
        OBJECT ENCODING sl
        ZRANGE sl 0 20 WITHSCORES
        ZRANGE sl -20 -1 WITHSCORES
        ZREVRANGE sl 100 130 WITHSCORES
        ZRANGEBYSCORE sl 10 20 WITHSCORES
        ZRANGEBYSCORE sl (10 (20 WITHSCORES LIMIT 3 7
        ZREVRANGEBYSCORE sl 20 10 WITHSCORES LIMIT 2 5
        ZCOUNT sl -inf +inf
        ZCOUNT sl (0 (1
        ZCOUNT sl 0 0
        ZRANGEBYSCORE sl 0 0
        ZRANK sl k17
        ZREVRANK sl k17
        ZSCORE sl k2999
        ZRANGE sl 1500 1510
        ZRANGESTORE dst sl 100 300
        OBJECT ENCODING dst
        ZRANGE dst 0 5 WITHSCORES
        ZINCRBY sl 1000 k5
        ZRANK sl k5
        ZINCRBY sl -2000 k5
        ZRANK sl k5
        ZADD sl XX GT CH 0 k6 10000 k7
        ZREVRANK sl k7
        ZREMRANGEBYRANK sl 0 9
        ZREMRANGEBYSCORE sl (40 50
        ZREMRANGEBYRANK sl -10 -1
        ZCARD sl
        ZPOPMIN sl 3
        ZPOPMAX sl 3
        ZMPOP 1 sl MIN COUNT 5
        ZREM sl k100 k200 k300 nope
        ZCARD sl
        ZUNIONSTORE u 2 sl dst WEIGHTS 2 0.5
        ZRANGE u 0 30 WITHSCORES
        ZCARD u
        ZINTERSTORE i 2 sl sl AGGREGATE MAX
        ZRANGE i 0 10 WITHSCORES
        ZDIFFSTORE d 2 sl dst
        ZCARD d
        ZINTERCARD 2 sl dst LIMIT 100
        ZINTERCARD 2 sl dst
        ZRANGE sl 0 -1 WITHSCORES
        """));
    StringBuilder lex = new StringBuilder("ZADD lexbig");
    for (int i = 0; i < 1000; i++) {
      lex.append(String.format(" 0 w%05d", i));
    }
    commands.addAll(SideBySide.parse(lex + """

        ZRANGEBYLEX lexbig [w00100 (w00110
        ZLEXCOUNT lexbig [w005 +
        ZREVRANGEBYLEX lexbig (w00900 - LIMIT 0 4
        ZREMRANGEBYLEX lexbig - [w00499
        ZCARD lexbig
        ZRANGEBYLEX lexbig - + LIMIT 0 3
        """));
    both.assertSameReplies(commands);
  }

  private static String zadd(String key, int from, int to) {
    StringBuilder command = new StringBuilder("ZADD ").append(key);
    for (int i = from; i < to; i++) {
      command.append(' ').append(i).append(" m").append(i);
    }
    return command.toString();
  }

  private static String zrem(String key, int from, int to) {
    StringBuilder command = new StringBuilder("ZREM ").append(key);
    for (int i = from; i < to; i++) {
      command.append(" m").append(i);
    }
    return command.toString();
  }
}
