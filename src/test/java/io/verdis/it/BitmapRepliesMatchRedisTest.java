package io.verdis.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO) run on Verdis
 * and on redis-server 7.0 side by side: every reply must be the same bytes, in RESP2 and in RESP3.
 * Verdis runs three shards, and BITOP's keys are placed on all of them.
 */
class BitmapRepliesMatchRedisTest extends RawSocketTestBase {
  @TempDir
  Path dir;

  private void inBothProtocols(String script) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n!flushall\n" + script);
      }
    }
  }

  /** The highest offset is only read (a SETBIT there would make both servers allocate 512 MB). */
  @Test
  @DisplayName("SETBIT and GETBIT grow, read past the end, keep the TTL and refuse bad offsets and bits")
  void setbitAndGetbit() throws Exception {
    inBothProtocols("""
        setbit k 7 1
        get k
        setbit k 7 1
        setbit k 7 0
        setbit k 0 1
        get k
        setbit k 100 1
        strlen k
        get k
        getbit k 100
        getbit k 101
        getbit k 100000
        getbit nokey 3
        getbit k 4294967295
        setbit k 4294967296 1
        getbit k 4294967296
        setbit k -1 1
        getbit k -1
        setbit k x 1
        getbit k x
        setbit k 1 2
        setbit k 1 -1
        setbit k 1 x
        setbit k x x
        set n 12345
        setbit n 3 1
        get n
        getbit n 2
        set t v EX 100
        setbit t 30 1
        ttl t
        lpush l a
        setbit l 1 1
        getbit l 1
        setbit k 1
        getbit k
        set e ""
        getbit e 0
        setbit e 0 0
        get e
        """);
  }

  @Test
  @DisplayName("BITCOUNT counts whole strings, byte ranges and bit ranges, negative and reversed ones")
  void bitcount() throws Exception {
    inBothProtocols("""
        set s foobar
        bitcount s
        bitcount s 0 0
        bitcount s 1 1
        bitcount s 1 1 byte
        bitcount s 5 30 bit
        bitcount s 5 30 BIT
        bitcount s 0 -1 bit
        bitcount s -1 -1
        bitcount s -3 -1
        bitcount s -1 -3
        bitcount s -100 100
        bitcount s 100 200
        bitcount s 3 1
        bitcount s -5 -3 bit
        bitcount s 7 7 bit
        bitcount s 1 1 bit
        bitcount s 0 47 bit
        bitcount s 0 1000 bit
        bitcount s 0 1 bits
        bitcount s 0
        bitcount s 0 1 bit x
        bitcount s x 1
        bitcount s 0 x
        bitcount nokey
        bitcount nokey 0
        bitcount nokey 0 1 foo
        set e ""
        bitcount e
        bitcount e 0 -1
        bitcount e 0 -1 bit
        set n -12
        bitcount n
        sadd set a
        bitcount set
        bitcount set 0 1
        """);
  }

  @Test
  @DisplayName("BITPOS finds set and clear bits with and without an end, in bytes and bits")
  void bitpos() throws Exception {
    inBothProtocols("""
        set s "\\xff\\xf0\\x00"
        bitpos s 0
        bitpos s 1
        bitpos s 1 2
        bitpos s 0 0 0
        bitpos s 0 0 1
        bitpos s 0 0 1 byte
        bitpos s 0 7 15 bit
        bitpos s 0 7 11 bit
        bitpos s 0 12 bit
        bitpos s 1 12 bit
        bitpos s 1 12 -1 bit
        bitpos s 1 -13 -1 bit
        bitpos s 0 -1
        bitpos s 1 -1
        bitpos s 0 5 3
        bitpos s 1 100
        bitpos s 0 100
        set ones "\\xff\\xff"
        bitpos ones 0
        bitpos ones 0 1
        bitpos ones 0 0 -1
        bitpos ones 0 3 bit
        bitpos ones 0 3 14 bit
        bitpos ones 0 3 15 bit
        bitpos ones 1 3 2 bit
        set zeros "\\x00\\x00"
        bitpos zeros 1
        bitpos zeros 0
        bitpos zeros 1 0 -1 bit
        bitpos zeros 0 9 bit
        bitpos nokey 0
        bitpos nokey 1
        bitpos nokey 1 0 1 foo
        bitpos s 2
        bitpos s x
        bitpos s 1 x
        bitpos s 1 0 x
        bitpos s 1 0 1 bits
        bitpos s 1 0 1 bit x
        set e ""
        bitpos e 0
        bitpos e 1
        bitpos e 0 0 -1
        hset h f v
        bitpos h 1
        bitpos h 2
        """);
  }

  @Test
  @DisplayName("BITOP AND, OR, XOR and NOT across shards, with missing and shorter keys")
  void bitop() throws Exception {
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 1);
    String c = keyOnShard("c", 2);
    String d = keyOnShard("d", 1);
    inBothProtocols(("""
        set A "\\x0f\\xf0\\xaa"
        set B "\\xff\\x0f"
        bitop and D A B
        get D
        bitop or D A B C
        get D
        bitop xor D A B
        get D
        bitop XOR D A A
        get D
        bitop not D A
        get D
        bitop not D B A
        bitop not D
        bitop nand D A B
        bitop and D C
        exists D
        set D x
        bitop or D C
        exists D
        set D x EX 100
        bitop or D A
        ttl D
        bitop and A A C
        get A
        set e ""
        bitop or D e C
        exists D
        sadd S m
        bitop and D A S
        bitop and S A
        type S
        bitop and D C S
        get D
        multi
        bitop xor D A B
        setbit D 100 1
        bitcount D
        exec
        eval "return redis.call('bitop', 'or', KEYS[1], KEYS[2])" 2 D A
        get D
        """).replace("A", a).replace("B", b).replace("C", c).replace("D", d).replace("S", "s"));
  }

  @Test
  @DisplayName("BITFIELD GET, SET and INCRBY with each overflow mode, signed and unsigned edges, # offsets")
  void bitfield() throws Exception {
    inBothProtocols("""
        bitfield k set u8 0 255 get u8 0 get i8 0
        get k
        bitfield k incrby u8 0 1
        bitfield k overflow sat incrby u8 0 10 incrby u8 0 -300
        bitfield k overflow fail incrby u8 0 -1 incrby u8 0 1 get u8 0
        bitfield k overflow wrap incrby i8 0 127 incrby i8 0 1
        bitfield k set i8 #1 -128 get i8 #1 get u8 #1 get u4 #2 get i4 #3
        bitfield k set u63 0 9223372036854775807 get u63 0 get i64 0
        bitfield k set i64 0 -9223372036854775808 incrby i64 0 -1 overflow sat incrby i64 0 -1 overflow fail incrby i64 0 -1
        bitfield k overflow sat set i64 0 9223372036854775807 incrby i64 0 1 overflow wrap incrby i64 0 1
        bitfield k set u63 0 -1 overflow sat set u63 0 -1 overflow fail set u63 0 -1 get u63 0
        bitfield k overflow sat incrby u63 0 9223372036854775807 incrby u63 0 -9223372036854775808
        bitfield k set u1 100 1 get u1 100 incrby u1 100 1 overflow sat incrby u1 100 1
        bitfield k set i1 101 1 get i1 101 incrby i1 101 -1 overflow sat incrby i1 101 -5
        bitfield k set i5 3 100 overflow sat set i5 20 100 set i5 30 -100 overflow fail set i5 40 -100
        get k
        bitfield k get u8 1000 get i16 #1000
        bitfield n overflow fail incrby u8 0 300
        get n
        bitfield n2 get u8 0
        exists n2
        bitfield k
        bitfield k overflow sat
        bitfield k get u64 0
        bitfield k get i65 0
        bitfield k get u0 0
        bitfield k get x8 0
        bitfield k get u 0
        bitfield k get U8 0 get I8 0
        bitfield k get u8 -1
        bitfield k get u8 x
        bitfield k get u8 #-1
        bitfield k get u8 4294967288
        bitfield k get u8 4294967296
        bitfield k get u8 #536870911
        bitfield k get u8 #536870912
        bitfield k set u8 0 x
        bitfield k incrby u8 0
        bitfield k get u8
        bitfield k foo u8 0
        bitfield k overflow foo get u8 0
        bitfield k get u8 0 set u8 bad 1
        set t v EX 100
        bitfield t set u8 8 65
        get t
        ttl t
        rpush l a
        bitfield l get u8 0
        bitfield l set u8 0 1
        bitfield l foo
        bitfield_ro k get u8 0 get i16 #1
        bitfield_ro nokey get u8 0
        bitfield_ro k set u8 0 1
        bitfield_ro k incrby u8 0 1
        bitfield_ro k overflow sat get u8 0
        bitfield_ro l get u8 0
        bitfield_ro l set u8 0 1
        bitfield_ro k
        """);
  }

  /** Random strings (runs of 0x00 and 0xff among random bytes) and random ranges, in bytes and bits. */
  @Test
  @DisplayName("BITCOUNT, BITPOS and BITFIELD GET agree with Redis on random strings and ranges")
  void randomRanges() throws Exception {
    RealRedis.assumeInstalled();
    java.util.Random random = new java.util.Random(7);
    StringBuilder script = new StringBuilder();
    for (int s = 0; s < 6; s++) {
      StringBuilder value = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int i = 0; i < length; i++) {
        int kind = random.nextInt(3);
        int b = kind == 0 ? 0 : kind == 1 ? 0xff : random.nextInt(256);
        value.append(String.format("\\x%02x", b));
      }
      script.append("set s \"").append(value).append("\"\n");
      for (int i = 0; i < 60; i++) {
        int start = random.nextInt(2 * length * 8 + 1) - length * 8;
        int end = random.nextInt(2 * length * 8 + 1) - length * 8;
        String unit = random.nextBoolean() ? "bit" : "byte";
        int bit = random.nextInt(2);
        script.append("bitcount s ").append(start).append(' ').append(end).append(' ').append(unit).append('\n');
        script.append("bitpos s ").append(bit).append(' ').append(start).append(' ').append(end).append(' ')
            .append(unit).append('\n');
        script.append("bitpos s ").append(bit).append(' ').append(start).append('\n');
        int width = 1 + random.nextInt(64);
        script.append("bitfield_ro s get i").append(width).append(' ').append(Math.abs(start))
            .append(" get u").append(Math.min(width, 63)).append(' ').append(Math.abs(end)).append('\n');
      }
    }
    inBothProtocols(script.toString());
  }

  /** Random widths, offsets, values and overflow modes near the edges of each width. */
  @Test
  @DisplayName("BITFIELD SET and INCRBY agree with Redis on random fields, values and overflow modes")
  void randomBitfieldWrites() throws Exception {
    RealRedis.assumeInstalled();
    java.util.Random random = new java.util.Random(11);
    String[] modes = {"wrap", "sat", "fail"};
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      boolean signed = random.nextBoolean();
      int width = 1 + random.nextInt(signed ? 64 : 63);
      long edge = signed ? (width == 64 ? Long.MAX_VALUE : (1L << (width - 1)) - 1) : (1L << width) - 1;
      long value = switch (random.nextInt(5)) {
        case 0 -> edge;
        case 1 -> -edge - 1;
        case 2 -> edge + random.nextInt(3) - 1;
        case 3 -> random.nextLong();
        default -> random.nextInt(21) - 10;
      };
      String field = (signed ? "i" : "u") + width + " " + (random.nextBoolean() ? "#" + random.nextInt(4) : random.nextInt(100));
      String op = random.nextBoolean() ? "set" : "incrby";
      script.append("bitfield k overflow ").append(modes[random.nextInt(3)]).append(' ').append(op).append(' ')
          .append(field).append(' ').append(value).append(" get ").append(field).append('\n');
    }
    script.append("get k\n");
    inBothProtocols(script.toString());
  }

  /** COMMAND INFO and DOCS as {@link CommandDeclarations} compares them, and COMMAND GETKEYS. */
  @Test
  @DisplayName("COMMAND INFO and COMMAND DOCS describe the bitmap commands as Redis does")
  void declarations() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      RawClient real = redis.client();
      CommandDeclarations.assertSameAsRedis(real, verdis,
          "setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro");
      SideBySide both = new SideBySide(verdis, real);
      both.assertSameReplies("""
          command getkeys bitop and d a b c
          command getkeys bitfield k get u8 0
          """);
    }
  }
}
