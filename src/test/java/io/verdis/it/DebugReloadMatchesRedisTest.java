package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DEBUG ERROR, DEBUG RELOAD (with MERGE, NOFLUSH, NOSAVE) and DEBUG LOADAOF side by side with
 * redis-server 7.0: the replies, and the data each leaves behind.
 */
class DebugReloadMatchesRedisTest extends RawSocketTestBase {

  @Test
  void debugErrorRepliesWithTheGivenErrorAsRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
         SideBySide both = new SideBySide(client(), redis.client())) {
      both.assertSameReplies("""
          DEBUG ERROR "WRONGTYPE made up by the test"
          DEBUG error "two\\x0d\\x0alines"
          DEBUG ERROR
          DEBUG ERROR a b
          """);
    }
  }

  @Test
  void debugReloadSavesFlushesAndLoadsBackAsRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    Files.deleteIfExists(server.dir().resolve("dump.rdb"));
    try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
         SideBySide both = new SideBySide(client(), redis.client())) {
      both.assertSameReplies("""
          SET kept before
          # No dump.rdb yet: the data is flushed, then loading fails.
          DEBUG RELOAD NOSAVE
          DBSIZE
          DEBUG RELOAD NOSUCH
          DEBUG RELOAD MERGE NOSUCH
          SET s text
          RPUSH l a b c
          HSET h f v g w
          ZADD z 1 one 2 two
          SADD set 3 1 2
          SET volatile v EX 1000
          SELECT 3
          SET other-db 1
          SELECT 0
          DEBUG RELOAD
          GET s
          LRANGE l 0 -1
          HGETALL h
          ZRANGE z 0 -1 WITHSCORES
          SMEMBERS set
          TTL volatile
          DBSIZE
          SELECT 3
          GET other-db
          SELECT 0
          # What was saved comes back; what was written after it goes, unless NOFLUSH keeps it.
          SET s changed
          SET later 1
          DEBUG RELOAD NOSAVE
          GET s
          GET later
          SET s changed
          SET later 1
          DEBUG RELOAD NOSAVE NOFLUSH MERGE
          GET s
          GET later
          DEBUG RELOAD nosave noflush merge
          DBSIZE
          """);
    }
  }

  @Test
  void debugReloadNoflushKeepsLibrariesAndOnlyMergeReplacesThem(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
         SideBySide both = new SideBySide(client(), redis.client())) {
      both.assertSameReplies("""
          FUNCTION FLUSH
          FUNCTION LOAD "#!lua name=lib\\x0aredis.register_function('f', function() return 1 end)"
          DEBUG RELOAD
          FCALL f 0
          # The saved library is loaded already: without MERGE, loading it again fails.
          DEBUG RELOAD NOSAVE NOFLUSH
          DEBUG RELOAD NOSAVE NOFLUSH MERGE
          FCALL f 0
          FUNCTION FLUSH
          """);
    }
  }

  @Test
  void debugLoadaofReplaysTheAofWithoutLoggingItAgain(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    TestServer aofServer = TestServer.start("--appendonly", "yes", "--appendfsync", "always");
    try (aofServer;
         RealRedis redis = RealRedis.startWithAof(dir, "--enable-debug-command", "yes", "--appendfsync", "always");
         SideBySide both = new SideBySide(new RawClient(aofServer.port()), redis.client())) {
      both.assertSameReplies("""
          INCR counter
          INCR counter
          RPUSH l a b
          SET volatile v EX 1000
          DEBUG LOADAOF
          GET counter
          LRANGE l 0 -1
          TTL volatile
          # A second load finds the same records: the first one's replay was not logged again.
          INCR counter
          DEBUG LOADAOF
          DEBUG LOADAOF
          GET counter
          DBSIZE
          """);
    }
  }

  @Test
  void debugLoadaofWithoutAnAofIsAnError() throws Exception {
    try (RawClient raw = client()) {
      assertEquals("-ERR DEBUG LOADAOF needs appendonly yes (there is no AOF to load)\r\n", raw.call("DEBUG", "LOADAOF"));
    }
  }
}
