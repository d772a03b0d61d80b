package io.verdis.it;

import io.verdis.shard.SlotTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace notifications, event for event against a real redis-server 7.0: the same commands go
 * to both, each server has a subscriber to {@code __key*__:*}, and after every command the events
 * each published are compared (with the replies), so a missing, extra or misordered event fails
 * naming its command. Verdis runs four shards, so most multi-key commands here span shards.
 */
class KeyspaceEventsMatchRedisTest {
  private static final int SHARDS = 4;
  private static final SlotTable SLOTS = new SlotTable(SHARDS);

  @TempDir
  static Path tmp;
  private static RealRedis redis;
  private static TestServer verdis;
  private RawClient redisClient;
  private RawClient verdisClient;
  private KeyspaceEventStream redisEvents;
  private KeyspaceEventStream verdisEvents;

  @BeforeAll
  static void startServers() throws Exception {
    RealRedis.assumeInstalled();
    redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
    verdis = TestServer.start("--shards", Integer.toString(SHARDS), "--event-loops", "2");
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (verdis != null) {
      verdis.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void connect() throws IOException {
    redisClient = new RawClient(redis.port);
    verdisClient = new RawClient(verdis.port());
    redisEvents = new RespEventStream(redis.port);
    verdisEvents = KeyspaceEventStream.verdis(verdis);
    assertSameEvents("""
        FLUSHALL
        CONFIG SET notify-keyspace-events KEA
        """);
  }

  @AfterEach
  void disconnect() throws IOException {
    for (AutoCloseable closeable : new AutoCloseable[] {redisEvents, verdisEvents, redisClient, verdisClient}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  @Test
  @DisplayName("CONFIG SET notify-keyspace-events takes Redis's letters, normalises them and refuses others")
  void directive() throws IOException {
    assertSameEvents("""
        CONFIG SET notify-keyspace-events KEA
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events g$lshzxetd
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events Kx
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events KEAmn
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events Elhn
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events KQ
        CONFIG SET notify-keyspace-events a
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events ""
        CONFIG GET notify-keyspace-events
        SET k v
        CONFIG SET notify-keyspace-events A
        SET k v
        CONFIG SET notify-keyspace-events KEg
        SET k v
        EXPIRE k 100
        CONFIG SET notify-keyspace-events El
        SET k v
        RPUSH l a
        CONFIG SET notify-keyspace-events Kl
        RPUSH l b
        DEL l
        """);
  }

  @Test
  @DisplayName("bitmaps")
  void bitmaps() throws IOException {
    assertSameEvents("""
        SETBIT b 3 1
        SETBIT b 3 1
        SETBIT b 3 0
        SETBIT b 40 0
        SETBIT b x 1
        BITFIELD f SET u8 0 1
        BITFIELD f GET u8 0
        BITFIELD f SET u8 0 1
        BITFIELD f SET u8 0 1 GET u8 0 SET i8 #1 0
        BITFIELD f OVERFLOW SAT INCRBY u8 0 300
        BITFIELD f OVERFLOW FAIL INCRBY u8 0 300
        BITFIELD f2 OVERFLOW FAIL INCRBY u8 0 300
        BITFIELD f2 SET u8 x 1
        BITFIELD_RO f GET u8 0
        BITFIELD_RO nokey GET u8 0
        BITOP AND d b f
        BITOP OR d nokey
        BITOP OR d nokey
        BITOP NOT b nokey
        GETBIT nokey 1
        BITCOUNT nokey
        BITPOS nokey 1
        """);
  }

  @Test
  @DisplayName("hyperloglog")
  void hyperloglog() throws IOException {
    assertSameEvents("""
        PFADD h a b
        PFADD h a
        PFADD e
        PFCOUNT h
        PFCOUNT h e nokey
        PFMERGE m h e
        PFMERGE m
        PFDEBUG TODENSE h
        PFDEBUG GETREG m
        PFCOUNT nokey
        SET s x
        PFADD s a
        """);
  }

  @Test
  @DisplayName("streams: xadd with its xtrim, xdel, xsetid; no event for what changed nothing")
  void streams() throws IOException {
    assertSameEvents("""
        XADD st 1-1 a 1
        XADD st 2-1 b 2
        XADD st MAXLEN 1 3-1 c 3
        XADD st MAXLEN 5 4-1 d 4
        XADD st 4-1 d 4
        XADD nost NOMKSTREAM 1-1 a 1
        XDEL st 3-1 99-1
        XDEL st 99-1
        XTRIM st MAXLEN 0
        XTRIM st MAXLEN 0
        XSETID st 10-1
        XSETID nost 1-1
        XRANGE st - +
        XREAD STREAMS st 0
        XLEN nokey
        SET s x
        XADD s 1-1 a 1
        """);
  }

  @Test
  @DisplayName("geo: GEOADD raises zadd, the stores their own event or del, across shards")
  void geo() throws IOException {
    String[] pair = keysOnTwoShards();
    assertSameEvents("""
        GEOADD %1$s 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
        GEOADD %1$s NX 13.361389 38.115556 Palermo
        GEOADD %1$s XX CH 13.5 38.2 Palermo
        GEOADD %1$s 200 0 bad
        GEOSEARCHSTORE %2$s %1$s FROMMEMBER Palermo BYRADIUS 300 km
        GEOSEARCHSTORE %2$s %1$s FROMMEMBER Palermo BYRADIUS 300 km STOREDIST
        GEOSEARCHSTORE %2$s %1$s FROMLONLAT 0 0 BYRADIUS 1 km
        GEOSEARCHSTORE %2$s %1$s FROMLONLAT 0 0 BYRADIUS 1 km
        GEORADIUS %1$s 15 37 200 km STORE %2$s
        GEORADIUSBYMEMBER %1$s Palermo 200 km STOREDIST %2$s
        GEORADIUS nosuch 15 37 200 km STORE %2$s
        GEOSEARCH %1$s FROMMEMBER Palermo BYRADIUS 300 km
        GEODIST %1$s Palermo Catania
        GEOPOS %1$s Palermo
        GEOHASH nosuch a
        """.formatted(pair[0], pair[1]));
  }

  @Test
  @DisplayName("strings")
  void strings() throws IOException {
    assertSameEvents("""
        SET s v
        SET s9 v PXAT 1
        +GET s9
        SET s v2 NX
        SET s v3 XX
        SET s v4 EX 100
        SET s v5 KEEPTTL
        SET s v6 PX 100000 GET
        SET s2 v GET
        SET s2 v XX
        SETNX s v
        SETNX s3 v
        SETEX s4 100 v
        PSETEX s5 100000 v
        GETSET s v7
        GETSET s6 v
        GETDEL s6
        GETDEL s6
        GETEX s EX 100
        GETEX s PERSIST
        GETEX s PERSIST
        GETEX s
        GETEX s PXAT 1
        MSET a 1 b 2 c 3
        MSETNX a 1 d 4
        MSETNX d 4 e 5
        APPEND a x
        APPEND f y
        SETRANGE a 1 zz
        SETRANGE g 0 ""
        SETRANGE g 2 q
        INCR n
        DECR n
        INCRBY n 10
        DECRBY n 3
        INCRBYFLOAT n 1.5
        INCR a
        RPUSH list x
        INCR list
        APPEND list x
        GET list
        """);
  }

  @Test
  @DisplayName("generic key commands: DEL, UNLINK, EXPIRE family, PERSIST, RENAME, MOVE, COPY, SORT STORE")
  void keys() throws IOException {
    String[] pair = keysOnTwoShards();
    assertSameEvents("""
        MSET a 1 b 2 c 3
        DEL a b nosuch
        UNLINK c nosuch
        SET k v
        EXPIRE k 100
        PEXPIRE k 100000
        EXPIREAT k 99999999999
        PEXPIREAT k 99999999999000
        EXPIRE k 100 NX
        EXPIRE k 200 GT
        PERSIST k
        PERSIST k
        EXPIRE nosuch 10
        EXPIRE k -1
        SET k v
        PEXPIREAT k 1
        SET k v
        EXPIREAT k 0
        SET src v PX 100000
        RENAME src dst
        RENAME dst dst
        SET other x
        RENAME dst other
        RENAMENX other dst
        SET dst y
        RENAMENX other dst
        RENAME nosuch x
        MOVE other 3
        MOVE dst 3
        SET dst z
        MOVE dst 3
        SELECT 3
        GET other
        SELECT 0
        COPY dst dst2
        COPY dst dst2
        COPY dst dst2 REPLACE
        COPY dst dst2 DB 5
        COPY dst dst2 DB 5 REPLACE
        COPY nosuch dst3
        RPUSH nums 3 1 2
        SORT nums STORE sorted
        SORT nosuch STORE sorted
        SORT nosuch STORE sorted
        SORT nums ALPHA LIMIT 0 1 STORE sorted2
        TOUCH dst nosuch
        TYPE dst
        """ + """
        SET %1$s v
        RENAME %1$s %2$s
        SET %1$s w
        RENAME %2$s %1$s
        COPY %1$s %2$s
        RENAMENX %1$s %2$s
        """.formatted(pair[0], pair[1]));
  }

  @Test
  @DisplayName("FLUSHDB, FLUSHALL and SWAPDB publish nothing")
  void flushAndSwap() throws IOException {
    assertSameEvents("""
        SET a 1
        SELECT 1
        SET b 2
        SWAPDB 0 1
        FLUSHDB
        SELECT 0
        FLUSHALL
        SET a 1
        FLUSHALL ASYNC
        """);
  }

  @Test
  @DisplayName("events in another database name it")
  void otherDatabase() throws IOException {
    assertSameEvents("""
        SELECT 9
        SET a 1
        RPUSH l x
        DEL a
        MOVE l 0
        SELECT 0
        LPOP l
        """);
  }

  @Test
  @DisplayName("lists, with the del of a list emptied")
  void lists() throws IOException {
    assertSameEvents("""
        LPUSH l a b c
        RPUSH l d e
        LPUSHX l x
        RPUSHX l y
        LPUSHX nosuch x
        RPUSHX nosuch y
        LINSERT l BEFORE a z
        LINSERT l AFTER nosuch z
        LINSERT nosuch AFTER a z
        LSET l 0 q
        LREM l 0 nosuch
        LREM l 1 q
        LTRIM l 0 -1
        LTRIM l 1 3
        LTRIM nosuch 0 1
        LPOP l
        RPOP l
        LPOP l 0
        RPUSH l a b c
        LPOP l 2
        RPOP l 5
        RPOP l
        RPUSH l a b
        LTRIM l 5 10
        RPUSH l a a
        LREM l 0 a
        RPUSH l a b c
        LMOVE l l2 LEFT RIGHT
        LMOVE l l2 RIGHT LEFT
        LMOVE l l2 LEFT LEFT
        LMOVE l2 l2 LEFT RIGHT
        RPOPLPUSH l2 l3
        RPOPLPUSH l2 l3
        RPOPLPUSH l2 l3
        RPOPLPUSH nosuch l3
        RPUSH m 1 2 3
        LMPOP 2 nosuch m LEFT COUNT 2
        LMPOP 1 m RIGHT
        RPUSH b1 x y
        BLPOP nosuch b1 1
        BRPOP b1 1
        RPUSH b1 x y
        BLMOVE b1 b2 LEFT LEFT 1
        BRPOPLPUSH b1 b2 1
        BLMPOP 1 2 b2 nosuch RIGHT COUNT 5
        SET str x
        LPUSH str a
        LMOVE l3 str LEFT LEFT
        """);
  }

  @Test
  @DisplayName("sets, with SMOVE, SPOP and the STORE forms")
  void sets() throws IOException {
    assertSameEvents("""
        SADD s a b c
        SADD s a
        SREM s nosuch
        SREM s a
        SREM s b c
        SADD s a b c
        SMOVE s t a
        SMOVE s t a
        SADD t b
        SMOVE s t b
        SMOVE s s c
        SMOVE s t c
        SMOVE nosuch t c
        SADD one x
        SPOP one
        SADD p 1 2 3 4 5 6 7 8 9 10
        !SPOP p
        !SPOP p 2
        !SPOP p 7
        SPOP p 0
        SADD q 1 2
        !SPOP q 5
        SADD x 1 2 3
        SADD y 2 3 4
        SINTERSTORE i x y
        SUNIONSTORE u x y
        SDIFFSTORE d x y
        SINTERSTORE i x nosuch
        SINTERSTORE i x nosuch
        SUNIONSTORE u nosuch nosuch2
        SDIFFSTORE d x x
        SDIFFSTORE x x y
        SUNIONSTORE x x
        SRANDMEMBER x
        SISMEMBER x 1
        """);
  }

  @Test
  @DisplayName("hashes")
  void hashes() throws IOException {
    assertSameEvents("""
        HSET h f 1 g 2
        HSET h f 1
        HMSET h a 1
        HSETNX h a 2
        HSETNX h b 2
        HSETNX h2 b 2
        HDEL h nosuch
        HDEL h a b
        HINCRBY h f 5
        HINCRBY h3 f 5
        HINCRBYFLOAT h f 1.5
        HINCRBYFLOAT h4 f 1.5
        HDEL h f g
        HDEL h2 b x
        HGET h2 b
        """);
  }

  @Test
  @DisplayName("sorted sets, with pops, range removals and the STORE forms")
  void sortedSets() throws IOException {
    assertSameEvents("""
        ZADD z 1 a 2 b 3 c
        ZADD z 1 a
        ZADD z 5 a
        ZADD z NX 1 a
        ZADD z XX 1 nosuch
        ZADD z2 XX 1 a
        ZADD z CH 6 a 7 d
        ZADD z INCR 1 a
        ZADD z GT 1 a
        ZADD z NX INCR 1 a
        ZINCRBY z 2 b
        ZINCRBY z3 2 b
        ZREM z nosuch
        ZREM z d
        ZREM z3 b
        ZADD r 1 a 2 b 3 c 4 d 5 e 6 f 7 g
        ZREMRANGEBYSCORE r 1 2
        ZREMRANGEBYSCORE r 100 200
        ZREMRANGEBYRANK r 0 0
        ZREMRANGEBYLEX r [d [e
        ZREMRANGEBYRANK r 0 -1
        ZADD p 1 a 2 b 3 c 4 d
        ZPOPMIN p
        ZPOPMAX p
        ZPOPMIN nosuch
        ZPOPMAX p 5
        ZADD p 1 a 2 b 3 c 4 d
        ZMPOP 2 nosuch p MIN COUNT 2
        BZPOPMIN p 1
        BZPOPMAX nosuch p 1
        ZADD p 1 a 2 b
        BZMPOP 1 1 p MAX COUNT 10
        ZADD x 1 a 2 b 3 c
        ZADD y 2 b 3 c 4 d
        ZINTERSTORE i 2 x y
        ZUNIONSTORE u 2 x y WEIGHTS 1 2
        ZDIFFSTORE d 2 x y
        ZINTERSTORE i 2 x nosuch
        ZINTERSTORE i 2 x nosuch
        ZDIFFSTORE d 2 x x
        ZRANGESTORE rs x 0 1
        ZRANGESTORE rs x 10 20
        ZRANGESTORE rs x 10 20
        ZRANGESTORE rs2 x (1 +inf BYSCORE LIMIT 0 1
        SET str x
        ZADD str 1 a
        ZUNIONSTORE str 1 x
        """);
  }

  @Test
  @DisplayName("a transaction publishes each command's events in order, across shards")
  void transactions() throws IOException {
    String[] pair = keysOnTwoShards();
    assertSameEvents("""
        MULTI
        SET %1$s 1
        RPUSH %2$s a
        RENAME %1$s x%2$s
        LPOP %2$s
        INCR counter
        EXEC
        MULTI
        SET a 1
        LPUSH a x
        DEL a
        EXEC
        MULTI
        SET b 1
        DISCARD
        MULTI
        SET s x
        LPUSH s y
        INCR s
        RPUSH l a
        BLPOP l 0
        BLPOP l 0
        GETEX s EXAT 1
        EXEC
        WATCH w
        SET w 1
        MULTI
        SET w 2
        EXEC
        """.formatted(pair[0], pair[1]));
  }

  @Test
  @DisplayName("commands whose keys span shards publish in Redis's order within the command")
  void crossShard() throws IOException {
    String[] pair = keysOnTwoShards();
    assertSameEvents("""
        SADD %1$s a b
        SADD %2$s b c
        SUNIONSTORE %1$s %1$s %2$s
        SINTERSTORE %2$s %1$s %2$s
        SMOVE %1$s %2$s a
        RPUSH %1$s x
        LMOVE %1$s %2$s LEFT RIGHT
        DEL %2$s
        RPUSH %1$s x
        LMOVE %1$s %2$s LEFT RIGHT
        ZADD z%1$s 1 a
        ZUNIONSTORE %1$s 2 z%1$s %2$s
        MSET %1$s 1 %2$s 2
        DEL %1$s %2$s nosuch
        """.formatted(pair[0], pair[1]));
  }

  @Test
  @DisplayName("with 'n', a key that comes into being is a \"new\" event before its command's")
  void newKeys() throws IOException {
    String[] pair = keysOnTwoShards();
    assertSameEvents("""
        CONFIG SET notify-keyspace-events KEAn
        SET a 1
        SET a 2
        INCR n
        APPEND s x
        SETRANGE r 1 x
        RPUSH l x
        RPUSH l y
        LMOVE l l2 LEFT LEFT
        SADD s1 a
        SMOVE s1 s2 a
        HSET h f v
        HINCRBY h2 f 1
        ZADD z 1 a
        ZINCRBY z2 1 a
        SET b 1
        RENAME a b
        RENAME b c
        COPY c d
        COPY c d REPLACE
        MOVE d 1
        SORT l STORE sorted
        SORT l STORE sorted
        SADD x 1
        SUNIONSTORE u x
        SUNIONSTORE u x
        ZUNIONSTORE zu 1 z
        ZRANGESTORE zr z 0 -1
        MSET m1 1 m2 2
        MSETNX m3 1 m4 2
        SET e 1 EX 100
        CONFIG SET notify-keyspace-events n
        SET ee 1
        CONFIG SET notify-keyspace-events En
        SET %1$s 1
        RENAME %1$s %2$s
        """.formatted(pair[0], pair[1]));
  }

  @Test
  @DisplayName("with 'm', a read of a missing key is a \"keymiss\" event, as Redis's lookupKeyRead")
  void keyMisses() throws IOException {
    assertSameEvents("""
        CONFIG SET notify-keyspace-events KEAm
        EXISTS m1 m2
        TYPE m
        TTL m
        PTTL m
        EXPIRETIME m
        PEXPIRETIME m
        GET m
        MGET m1 m2
        STRLEN m
        GETRANGE m 0 1
        SUBSTR m 0 1
        TOUCH m
        DUMP m
        OBJECT ENCODING m
        OBJECT IDLETIME m
        OBJECT REFCOUNT m
        SET m v GET
        GETSET m2 v
        GETDEL m3
        GETEX m4
        INCR m5
        APPEND m6 x
        LRANGE m 0 -1
        LLEN m
        LINDEX m 0
        LPOS m a
        LPOP m
        LMOVE m m2 LEFT LEFT
        SMEMBERS m
        SISMEMBER m a
        SMISMEMBER m a
        SCARD m
        SRANDMEMBER m
        SINTER m
        SINTERCARD 1 m
        SUNION m m7
        SDIFF m
        SSCAN m 0
        SINTERSTORE d m
        SUNIONSTORE d m m7
        SDIFFSTORE d m
        SPOP m
        SMOVE m d a
        HGET m f
        HMGET m f g
        HGETALL m
        HKEYS m
        HVALS m
        HLEN m
        HSTRLEN m f
        HEXISTS m f
        HRANDFIELD m
        HSCAN m 0
        HINCRBY m8 f 1
        ZSCORE m a
        ZMSCORE m a
        ZCARD m
        ZCOUNT m 0 1
        ZLEXCOUNT m - +
        ZRANK m a
        ZREVRANK m a
        ZRANGE m 0 -1
        ZREVRANGE m 0 -1
        ZRANGEBYSCORE m 0 1
        ZREVRANGEBYSCORE m 1 0
        ZRANGEBYLEX m - +
        ZRANDMEMBER m
        ZSCAN m 0
        ZINTER 1 m
        ZUNION 2 m m7
        ZDIFF 1 m
        ZINTERCARD 1 m
        ZINTERSTORE d 1 m
        ZUNIONSTORE d 2 m m7
        ZDIFFSTORE d 1 m
        ZRANGESTORE d m 0 -1
        ZPOPMIN m
        ZADD m9 1 a
        SORT m
        SORT_RO m
        SORT m STORE d
        RPUSH ids 1 2
        SORT ids BY w_* GET o_* GET #
        COPY m d
        RENAME m d
        MOVE m 1
        DEL m
        EXPIRE m 10
        PERSIST m
        !KEYS *
        !SCAN 0
        !RANDOMKEY
        DBSIZE
        """);
  }

  @Test
  @DisplayName("a key whose TTL passed is \"expired\" once, before the events of the command that touches it")
  void lazyExpiry() throws IOException {
    // Either the command or the server's active cycle (if it came first) expires the key: both
    // publish "expired" once, before the command's own events, so each case is read as one.
    assertSameEvents("""
        CONFIG SET notify-keyspace-events KEAmn
        SET a 1 PX 20
        +SLEEP 50
        +GET a
        SET b 1 PX 20
        +SLEEP 50
        +SET b 2
        RPUSH l x
        PEXPIRE l 20
        +SLEEP 50
        +RPUSH l y
        SADD s x
        PEXPIRE s 20
        +SLEEP 50
        +SREM s x
        SET c 1 PX 20
        +SLEEP 50
        +EXISTS c
        SET d 1 PX 20
        +SLEEP 50
        +RENAME d e
        """);
  }

  @Test
  @DisplayName("a blocked pop served by a push publishes the push, then the pop and the del")
  void blockedClients() throws IOException {
    try (RawClient redisBlocked = new RawClient(redis.port); RawClient verdisBlocked = new RawClient(verdis.port())) {
      String[][] blocking = {
          {"BLPOP", "bl", "0"},
          {"BRPOP", "nosuch", "bl", "0"},
          {"BLMOVE", "bl", "dst", "LEFT", "RIGHT", "0"},
          {"BRPOPLPUSH", "bl", "dst", "0"},
          {"BLMPOP", "0", "1", "bl", "LEFT", "COUNT", "3"},
          {"BZPOPMIN", "bz", "0"},
          {"BZMPOP", "0", "1", "bz", "MAX", "COUNT", "2"}};
      String[] fill = {"RPUSH bl a", "RPUSH bl a", "LPUSH bl a b", "RPUSH bl a", "RPUSH bl a b", "ZADD bz 1 a 2 b",
          "ZADD bz 1 a"};
      for (int i = 0; i < blocking.length; i++) {
        String command = String.join(" ", blocking[i]);
        redisBlocked.send(RawClient.command(blocking[i]));
        verdisBlocked.send(RawClient.command(blocking[i]));
        awaitBlocked(redisClient, 1);
        awaitBlocked(verdisClient, 1);
        String fillReply = redisClient.call(fill[i].split(" "));
        assertEquals(fillReply, verdisClient.call(fill[i].split(" ")), fill[i]);
        // Redis serves the blocked client before it answers the push; Verdis may serve one whose
        // keys span shards just after. Either way the events come in this order once it is served.
        assertEquals(redisBlocked.readReply(), verdisBlocked.readReply(), command);
        assertEquals(redisEvents.take(), verdisEvents.take(), fill[i] + " serving " + command);
        assertSameEvents("FLUSHALL");
      }
    }
  }

  @Test
  @DisplayName("RESTORE publishes restore (and del when REPLACE meets an existing key but the TTL is past)")
  void restore() throws IOException {
    redisClient.request("RPUSH", "src", "a", "b");
    byte[] payload = (byte[]) redisClient.request("DUMP", "src");
    assertEquals(1L, redisClient.request("DEL", "src"));
    redisEvents.take();
    Object[][] commands = {
        {"RESTORE", "k", "0", payload},
        {"RESTORE", "k", "0", payload},
        {"RESTORE", "k", "0", payload, "REPLACE"},
        {"RESTORE", "k2", "100000", payload},
        {"RESTORE", "k", "1", payload, "REPLACE", "ABSTTL"},
        {"RESTORE", "k3", "1", payload, "ABSTTL"},
        {"RESTORE", "k2", "0", payload, "REPLACE", "IDLETIME", "100"}};
    for (Object[] command : commands) {
      StringBuilder expected = new StringBuilder();
      StringBuilder actual = new StringBuilder();
      expected.append(redisClient.send(RawClient.command(bytes(command))).readReply()).append(redisEvents.take());
      actual.append(verdisClient.send(RawClient.command(bytes(command))).readReply()).append(verdisEvents.take());
      assertEquals(expected.toString(), actual.toString(), String.valueOf(command[0]) + " " + command[1]);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * Runs a script (one command per line, as {@link SideBySide#parse} reads it; "!" in front: do not
   * compare the replies; "+" in front: its events are read with the previous command's, for events
   * whose moment is up to the server, as an active expiry cycle's; "SLEEP ms": wait, then PING) on
   * both servers, and fails unless
   * each command got the same reply and was followed by the same events on both. The failure shows
   * both transcripts.
   */
  private void assertSameEvents(String script) throws IOException {
    StringBuilder expected = new StringBuilder();
    StringBuilder actual = new StringBuilder();
    List<String[]> commands = SideBySide.parse(script);
    for (int i = 0; i < commands.size(); i++) {
      String[] words = commands.get(i).clone();
      boolean compareReply = !words[0].startsWith("!");
      words[0] = words[0].replaceFirst("^[!+]", "");
      String line = "> " + String.join(" ", words) + "\n";
      expected.append(line);
      actual.append(line);
      if (words[0].equals("SLEEP")) {
        sleep(Long.parseLong(words[1]));
        words = new String[] {"PING"};
      }
      byte[] request = RawClient.command(bytes(words));
      String redisReply = redisClient.send(request).readReply();
      String verdisReply = verdisClient.send(request).readReply();
      if (compareReply) {
        expected.append("  ").append(printable(redisReply)).append('\n');
        actual.append("  ").append(printable(verdisReply)).append('\n');
      }
      if (i + 1 < commands.size() && commands.get(i + 1)[0].startsWith("+")) {
        continue;
      }
      for (String event : redisEvents.take()) {
        expected.append("    ").append(event).append('\n');
      }
      for (String event : verdisEvents.take()) {
        actual.append("    ").append(event).append('\n');
      }
    }
    assertEquals(expected.toString(), actual.toString());
  }

  /** Waits until the server reports {@code count} blocked clients. */
  private static void awaitBlocked(RawClient client, int count) throws IOException {
    for (int attempt = 0; attempt < 500; attempt++) {
      String info = new String((byte[]) client.request("INFO", "clients"), StandardCharsets.ISO_8859_1);
      if (info.contains("blocked_clients:" + count + "\r\n")) {
        return;
      }
      sleep(10);
    }
    throw new IOException("no client blocked");
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Two key names that Verdis keeps on different shards. */
  private static String[] keysOnTwoShards() {
    String first = "k0";
    for (int i = 1; ; i++) {
      String second = "k" + i;
      if (SLOTS.shardOf(bytes(second)) != SLOTS.shardOf(bytes(first))) {
        return new String[] {first, second};
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[][] bytes(Object[] args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i] instanceof byte[] b ? b : bytes(String.valueOf(args[i]));
    }
    return bytes;
  }

  private static String printable(String reply) {
    return reply.replace("\r\n", "\\r\\n");
  }
}
