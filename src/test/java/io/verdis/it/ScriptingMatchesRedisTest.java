package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EVAL and friends side by side with redis-server 7.0: the same scripts go to Verdis and to
 * Redis, in RESP2 and in RESP3 (HELLO 3 on both connections), and every reply must be the same
 * bytes. Scripts are written for {@link SideBySide#parse}: Lua strings in single quotes, a newline
 * as {@code \x0a} (written {@code \\x0a} in the text blocks), any byte as {@code \xHH}.
 *
 * <p>Where LuaJ words a runtime or compile error its own way (Lua 5.1 names the variable, "attempt
 * to call local 'f' (a nil value)", where LuaJ says "attempt to call nil"), only a stable start of
 * the reply is compared, with the " script: …" end, and the method says so. What differs for
 * another reason is kept, disabled, in the methods at the end, each saying what is missing.
 * redis.REDIS_VERSION differs on purpose (Verdis reports the 7.0 version it is compatible with, not necessarily the installed redis-server's) and is
 * not compared.
 */
class ScriptingMatchesRedisTest extends RawSocketTestBase {
  @TempDir
  static Path tmp;
  private static RealRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    RealRedis.assumeInstalled();
    redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void luaNumbersStringsBooleansAndNilBecomeTheRepliesRedisSends() throws IOException {
    inBothProtocols("""
        EVAL "return 1" 0
        EVAL "return 0" 0
        EVAL "return -1" 0
        EVAL "return 3.7" 0
        EVAL "return -3.7" 0
        EVAL "return 0.5" 0
        EVAL "return 1e15" 0
        EVAL "return 2^53" 0
        EVAL "return 9007199254740993" 0
        EVAL "return -2^63" 0
        # A C cast of a double beyond the range of long long: LLONG_MIN on x86-64.
        EVAL "return 2^63" 0
        EVAL "return 1e300" 0
        EVAL "return -1e300" 0
        EVAL "return 1/0" 0
        EVAL "return -1/0" 0
        EVAL "return 0/0" 0
        EVAL "return 'hello'" 0
        EVAL "return ''" 0
        EVAL "return 'a\\0b'" 0
        EVAL "return ARGV[1]" 0 "a\\x00b\\xffc"
        EVAL "return {ARGV[1], ARGV[2]}" 0 "\\x00" "\\xff\\xfe"
        EVAL "return true" 0
        EVAL "return false" 0
        EVAL "return nil" 0
        EVAL "return" 0
        EVAL "return function() end" 0
        EVAL "return {function() end, 2}" 0
        EVAL "return coroutine.create(function() end)" 0
        EVAL "redis.setresp(3); return true" 0
        EVAL "redis.setresp(3); return false" 0
        EVAL "redis.setresp(3); return nil" 0
        EVAL "redis.setresp(3); return 3.7" 0
        EVAL "redis.setresp(2); return true" 0
        EVAL "redis.setresp(2); return false" 0
        EVAL "redis.setresp('3'); return true" 0
        EVAL "redis.setresp(4)" 0
        EVAL "redis.setresp()" 0
        EVAL "redis.setresp(3, 4)" 0
        """);
  }

  @Test
  void luaTablesBecomeArraysErrorsStatusesAndTheResp3Types() throws IOException {
    inBothProtocols("""
        EVAL "return {}" 0
        EVAL "return {1, 2, 3}" 0
        EVAL "return {1, {2, {3, {4}}}, 'x'}" 0
        EVAL "return {1, 2, nil, 4}" 0
        EVAL "return {nil, 2}" 0
        EVAL "return {1, false, 3}" 0
        EVAL "return {1, true, 3}" 0
        EVAL "return {1.5, -2.9, 'x'}" 0
        EVAL "return {a=1, b=2}" 0
        EVAL "return {1, 2, a=1}" 0
        EVAL "return {ok='fine'}" 0
        EVAL "return {ok=''}" 0
        EVAL "return {ok='two\\nlines'}" 0
        EVAL "return {err='bad thing'}" 0
        EVAL "return {err='MYERR custom'}" 0
        EVAL "return {err=''}" 0
        EVAL "return {err='two\\r\\nlines'}" 0
        EVAL "return {err='E trailing\\r\\n'}" 0
        EVAL "return {err='\\r\\nE lead'}" 0
        EVAL "return {ok='S trailing\\r\\n'}" 0
        # Binary bytes as they are, up to a NUL (Redis copies the text as a C string).
        EVAL "return {err=ARGV[1]}" 0 "E \\xff\\xfe"
        EVAL "return {ok=ARGV[1]}" 0 "ok \\xff\\x00z"
        EVAL "return {err='E nul\\0after'}" 0
        EVAL "return {big_number='12\\0 34'}" 0
        EVAL "return {big_number=ARGV[1]}" 0 "1\\xff"
        EVAL "return {map={[ARGV[1]]=ARGV[1]}}" 0 "\\xff"
        EVAL "return redis.error_reply(ARGV[1])" 0 "E \\xff"
        EVAL "return redis.status_reply(ARGV[1])" 0 "S \\xff"
        EVAL "return redis.error_reply('-')" 0
        EVAL "return redis.error_reply('-E')" 0
        EVAL "return redis.error_reply('\\r\\nX y\\r\\n')" 0
        EVAL "return redis.status_reply('a\\r\\nb')" 0
        # Only a field of the exact type counts: a number is not an error or a status text here.
        EVAL "return {err=1}" 0
        EVAL "return {ok=1}" 0
        EVAL "return {err='x', ok='y'}" 0
        EVAL "return {1, 2, err='x'}" 0
        EVAL "return {1, {err='inner'}, 3}" 0
        EVAL "return {1, {ok='inner'}, 3}" 0
        EVAL "return redis.status_reply('STATUS')" 0
        EVAL "return redis.error_reply('MY error')" 0
        EVAL "return redis.error_reply('-MY error')" 0
        EVAL "return redis.error_reply('no code')" 0
        EVAL "return redis.error_reply('oneword')" 0
        EVAL "return redis.error_reply('')" 0
        EVAL "return redis.error_reply('E trailing\\r\\n')" 0
        EVAL "return redis.status_reply(1)" 0
        EVAL "return redis.error_reply(1)" 0
        EVAL "return redis.status_reply()" 0
        EVAL "return redis.error_reply({})" 0
        EVAL "return redis.error_reply('a', 'b')" 0
        EVAL "return {double=3.14}" 0
        EVAL "return {double=3}" 0
        EVAL "return {double=-0.5}" 0
        EVAL "return {double=1/0}" 0
        EVAL "return {double=-1/0}" 0
        EVAL "return {double=0/0}" 0
        EVAL "return {double=1e300}" 0
        EVAL "return {double=0.1}" 0
        EVAL "return {double='2.5'}" 0
        EVAL "return {double='x'}" 0
        EVAL "return {big_number='123456789012345678901234567890'}" 0
        EVAL "return {big_number=12}" 0
        EVAL "return {big_number='a\\nb'}" 0
        EVAL "return {verbatim_string={format='txt', string='hello'}}" 0
        EVAL "return {verbatim_string={format='mkd', string=''}}" 0
        EVAL "return {verbatim_string={format='txt'}}" 0
        EVAL "return {map={a=1}}" 0
        EVAL "return {map={}}" 0
        EVAL "return {map={k={1,2}}}" 0
        EVAL "return {map={[1]='one'}}" 0
        EVAL "return {map={a=true}}" 0
        EVAL "return {map={a=false}}" 0
        EVAL "return {map={a={map={b=2}}}}" 0
        EVAL "return {set={a=true}}" 0
        EVAL "return {set={}}" 0
        EVAL "return {set={[5]=true}}" 0
        EVAL "return {set={a=false}}" 0
        EVAL "return {map=1}" 0
        EVAL "return {set='x'}" 0
        EVAL "return {1, {double=2.5}, {big_number='7'}}" 0
        EVAL "redis.setresp(3); return {1, true, false}" 0
        EVAL "redis.setresp(3); return {double=3.14}" 0
        EVAL "redis.setresp(3); return {big_number='99'}" 0
        EVAL "redis.setresp(3); return {map={a=1}}" 0
        EVAL "redis.setresp(3); return {set={a=true}}" 0
        EVAL "redis.setresp(3); return {map={a=true, b=false}}" 0
        EVAL "redis.setresp(3); return {err='E x'}" 0
        """);
  }

  @Test
  void redisCallRepliesReachLuaAsRedisConvertsThem() throws IOException {
    inBothProtocols("""
        SET str hello
        RPUSH list a b c
        HSET h f1 v1 f2 v2
        SADD s m1
        ZADD z 1.5 a 2 b
        SET n 10
        EVAL "return redis.call('GET', 'str')" 0
        EVAL "return redis.call('GET', 'missing')" 0
        EVAL "return type(redis.call('GET', 'missing'))" 0
        EVAL "return tostring(redis.call('GET', 'missing'))" 0
        EVAL "return redis.call('GET', 'missing') == false" 0
        EVAL "redis.setresp(3); return type(redis.call('GET', 'missing'))" 0
        EVAL "redis.setresp(3); return redis.call('GET', 'missing')" 0
        EVAL "redis.setresp(3); return redis.call('GET', 'missing') == nil" 0
        EVAL "return redis.call('INCR', 'n')" 0
        EVAL "return type(redis.call('INCR', 'n'))" 0
        EVAL "return redis.call('INCRBYFLOAT', 'n', '1.5')" 0
        EVAL "return type(redis.call('INCRBYFLOAT', 'n', '0.25'))" 0
        EVAL "return redis.call('LRANGE', 'list', 0, -1)" 0
        EVAL "return type(redis.call('LRANGE', 'list', 0, -1))" 0
        EVAL "return #redis.call('LRANGE', 'list', 0, -1)" 0
        EVAL "return redis.call('LRANGE', 'nolist', 0, -1)" 0
        EVAL "return redis.call('HGETALL', 'h')" 0
        EVAL "redis.setresp(3); return redis.call('HGETALL', 'h')" 0
        EVAL "redis.setresp(3); local t = redis.call('HGETALL', 'h'); return {type(t), type(t.map), t.map.f1, t.map.f2}" 0
        EVAL "redis.setresp(3); return redis.call('HGETALL', 'nohash')" 0
        EVAL "return redis.call('SMEMBERS', 's')" 0
        EVAL "redis.setresp(3); return redis.call('SMEMBERS', 's')" 0
        EVAL "redis.setresp(3); local t = redis.call('SMEMBERS', 's'); return {type(t.set), tostring(t.set.m1)}" 0
        EVAL "return redis.call('ZSCORE', 'z', 'a')" 0
        EVAL "return type(redis.call('ZSCORE', 'z', 'a'))" 0
        EVAL "redis.setresp(3); return redis.call('ZSCORE', 'z', 'a')" 0
        EVAL "redis.setresp(3); local t = redis.call('ZSCORE', 'z', 'a'); return {type(t), type(t.double), tostring(t.double)}" 0
        EVAL "redis.setresp(3); return redis.call('ZSCORE', 'z', 'nomember')" 0
        EVAL "redis.setresp(3); return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')" 0
        EVAL "return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')" 0
        EVAL "redis.setresp(3); return redis.call('ZMSCORE', 'z', 'a', 'nomember')" 0
        EVAL "return redis.call('ZMSCORE', 'z', 'a', 'nomember')" 0
        EVAL "return redis.call('ZINCRBY', 'z', 1, 'a')" 0
        EVAL "redis.setresp(3); return redis.call('ZINCRBY', 'z', 1, 'a')" 0
        EVAL "redis.setresp(3); return redis.call('ZADD', 'z', 'INCR', 'XX', 1, 'zz')" 0
        EVAL "return redis.call('ZADD', 'z', 'INCR', 'XX', 1, 'zz')" 0
        EVAL "redis.setresp(3); return redis.call('ZPOPMIN', 'nozset')" 0
        EVAL "redis.setresp(3); return redis.call('ZRANDMEMBER', 'nozset')" 0
        EVAL "return redis.call('HRANDFIELD', 'nohash')" 0
        EVAL "redis.setresp(3); return redis.call('HRANDFIELD', 'nohash')" 0
        EVAL "return redis.call('SET', 'k', 'v')" 0
        EVAL "local r = redis.call('SET', 'k', 'v'); return {type(r), r.ok}" 0
        EVAL "redis.setresp(3); local r = redis.call('SET', 'k', 'v'); return {type(r), r.ok}" 0
        EVAL "return redis.call('PING')" 0
        EVAL "return redis.call('PING', 'x')" 0
        EVAL "return redis.call('TYPE', 'str')" 0
        EVAL "return redis.call('SET', 'k', 'v', 'NX')" 0
        EVAL "return type(redis.call('SET', 'k', 'v', 'NX'))" 0
        EVAL "redis.setresp(3); return type(redis.call('SET', 'k', 'v', 'NX'))" 0
        EVAL "return redis.call('EXISTS', 'str', 'missing')" 0
        EVAL "redis.setresp(3); return redis.call('EXISTS', 'str')" 0
        EVAL "return redis.call('OBJECT', 'ENCODING', 'n')" 0
        EVAL "return redis.call('LPOS', 'list', 'zz')" 0
        EVAL "redis.setresp(3); return redis.call('LPOS', 'list', 'zz')" 0
        EVAL "return redis.call('MGET', 'str', 'missing')" 0
        EVAL "redis.setresp(3); return redis.call('MGET', 'str', 'missing')" 0
        EVAL "return {redis.call('MGET', 'missing', 'str')}" 0
        EVAL "return redis.call('ECHO', ARGV[1])" 0 "a\\x00\\xffb"
        EVAL "return redis.call('DBSIZE')" 0
        EVAL "return redis.call('LPOP', 'nolist', 2)" 0
        EVAL "return type(redis.call('LPOP', 'nolist', 2))" 0
        EVAL "redis.setresp(3); return type(redis.call('LPOP', 'nolist', 2))" 0
        EVAL "redis.setresp(3); local r = redis.call('INFO', 'keyspace'); return {type(r), type(r.verbatim_string), r.verbatim_string.format, r.verbatim_string.string}" 0
        EVAL "redis.setresp(3); return redis.call('INFO', 'keyspace')" 0
        EVAL "return redis.call('INFO', 'keyspace')" 0
        EVAL "return redis.call('OBJECT', 'HELP')[1]" 0
        EVAL "redis.setresp(3); return redis.call('ZRANDMEMBER', 'nozset', 1)" 0
        EVAL "redis.setresp(3); return redis.call('SMISMEMBER', 's', 'a')" 0
        EVAL "redis.setresp(3); return redis.call('LPOS', 'nolist', 'a', 'COUNT', 0)" 0
        EVAL "return redis.call('TIME')[3]" 0
        EVAL "return type(redis.call('TIME')[1])" 0
        EVAL "local r = redis.pcall('INCR', 'str'); return {type(r), r.err}" 0
        EVAL "return redis.pcall('INCR', 'str')" 0
        EVAL "local r = redis.pcall('LPUSH', 'str', 'x'); return r.err" 0
        EVAL "local r = redis.pcall('NOSUCH'); return r.err" 0
        EVAL "local r = redis.pcall('GET'); return r.err" 0
        # Redis marks the error tables of redis.call and pcall, and a script can see it.
        EVAL "local r = redis.pcall('LPUSH', 'str', 'x'); local n = 0; for k, v in pairs(r) do n = n + 1 end; return n" 0
        EVAL "local r = redis.pcall('NOSUCH'); local n = 0; for k, v in pairs(r) do n = n + 1 end; return n" 0
        EVAL "local r = redis.pcall('LPUSH', 'str', 'x'); return tostring(r.ignore_error_stats_update)" 0
        EVAL "local r = redis.error_reply('x y'); local n = 0; for k, v in pairs(r) do n = n + 1 end; return n" 0
        """);
  }

  @Test
  void numberArgumentsOfRedisCallAreWrittenAsRedisWritesThem() throws IOException {
    inBothProtocols("""
        EVAL "redis.call('SET', 'a', 0.1); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 1e20); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 42); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', -7); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 3.0); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 1/3); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 2^53); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 2^63); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 1e300); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 1e-300); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 1/0); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', -1/0); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 0/0); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 123456789012); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 100.25); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 5e-324); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', 1.7976931348623157e308); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', '0.1'); return redis.call('GET', 'a')" 0
        EVAL "return redis.call('INCRBY', 'n', 5)" 0
        EVAL "return redis.call('INCRBY', 'n', 2.5)" 0
        EVAL "return redis.call('INCRBYFLOAT', 'f', 0.1)" 0
        EVAL "return redis.call('INCRBYFLOAT', 'f', 0.1)" 0
        EVAL "return redis.call('EXPIRE', 'n', 100.0)" 0
        EVAL "return redis.call('ZADD', 'z', 0.1, 'm')" 0
        EVAL "return redis.call('ZSCORE', 'z', 'm')" 0
        EVAL "return tonumber(redis.call('ZSCORE', 'z', 'm')) * 10" 0
        EVAL "return redis.call('HSET', 'h', 1, 2.5)" 0
        EVAL "return redis.call('HGETALL', 'h')" 0
        EVAL "return #ARGV" 0 a b c
        EVAL "return #KEYS" 2 k1 k2 a
        EVAL "return {KEYS[1], KEYS[2], ARGV[1]}" 2 k1 k2 a
        EVAL "return {KEYS, ARGV}" 1 k a
        """);
  }

  @Test
  void redisCallErrorsAndCommandsAScriptMayNotCall() throws IOException {
    inBothProtocols("""
        SET str hello
        RPUSH list a
        EVAL "return redis.call('LPUSH', 'str', 'x')" 0
        EVAL "return redis.call('INCR', 'str')" 0
        EVAL "return redis.call('SET', 'k', 'v', 'BADOPT')" 0
        EVAL "return redis.call('SET', 'k', 'v', 'EX', 'x')" 0
        EVAL "return redis.call('NOSUCH')" 0
        EVAL "return redis.call('nosuch', 'a', 'b')" 0
        EVAL "return redis.call('GET')" 0
        EVAL "return redis.call('GET', 'a', 'b')" 0
        EVAL "return redis.call('CONFIG')" 0
        EVAL "return redis.call('CONFIG', 'NOSUCH')" 0
        EVAL "return redis.call('OBJECT', 'NOSUCH', 'x')" 0
        EVAL "return redis.call()" 0
        EVAL "return redis.call({})" 0
        EVAL "return redis.call('GET', {})" 0
        EVAL "return redis.call('GET', nil)" 0
        EVAL "return redis.call('GET', true)" 0
        EVAL "return redis.pcall('GET', {})" 0
        EVAL "return redis.pcall()" 0
        EVAL "return redis.call('BLPOP', 'list', 0)" 0
        EVAL "return redis.call('BRPOPLPUSH', 'list', 'x', 0)" 0
        EVAL "return redis.call('SUBSCRIBE', 'ch')" 0
        EVAL "return redis.call('PSUBSCRIBE', 'ch')" 0
        EVAL "return redis.call('EVAL', 'return 1', 0)" 0
        EVAL "return redis.call('EVALSHA', 'abc', 0)" 0
        EVAL "return redis.call('MULTI')" 0
        EVAL "return redis.call('EXEC')" 0
        EVAL "return redis.call('WATCH', 'x')" 0
        EVAL "return redis.call('SCRIPT', 'FLUSH')" 0
        EVAL "return redis.call('SCRIPT', 'LOAD', 'return 1')" 0
        EVAL "return redis.call('FUNCTION', 'FLUSH')" 0
        EVAL "return redis.call('AUTH', 'x')" 0
        EVAL "return redis.call('CLIENT', 'KILL', 'ID', '99999')" 0
        EVAL "return redis.call('EVAL_RO', 'return 1', 0)" 0
        EVAL "return redis.call('FCALL', 'f', 0)" 0
        EVAL "return redis.call('SHUTDOWN')" 0
        EVAL "return redis.call('RESET')" 0
        EVAL "return redis.call('HELLO', 3)" 0
        EVAL "return redis.call('QUIT')" 0
        EVAL "return redis.call('UNWATCH')" 0
        EVAL "return redis.call('DISCARD')" 0
        EVAL "return redis.call('BLMOVE', 'nolist', 'x', 'LEFT', 'LEFT', 0)" 0
        EVAL "return redis.call('PUBLISH', 'ch', 'msg')" 0
        EVAL "return redis.pcall('BLPOP', 'list', 0)" 0
        EVAL "return redis.pcall('LPUSH', 'str', 'x')" 0
        EVAL "return redis.pcall('NOSUCH')" 0
        EVAL "return redis.sha1hex()" 0
        EVAL "return redis.sha1hex('')" 0
        EVAL "return redis.sha1hex(1)" 0
        EVAL "return redis.sha1hex('abc')" 0
        EVAL "redis.log()" 0
        EVAL "redis.log('x', 'y')" 0
        EVAL "redis.log(9, 'y')" 0
        EVAL "redis.log(redis.LOG_DEBUG, 'from a test'); return 1" 0
        EVAL "redis.set_repl()" 0
        EVAL "redis.set_repl(99)" 0
        EVAL "redis.set_repl(redis.REPL_ALL); return 1" 0
        EVAL "return redis.acl_check_cmd('nosuch')" 0
        EVAL "return redis.acl_check_cmd()" 0
        EVAL "return redis.acl_check_cmd('get', 'x')" 0
        EVAL "return redis.acl_check_cmd({})" 0
        EVAL "return redis.acl_check_cmd('config')" 0
        EVAL "return redis.acl_check_cmd('config', 'nosuch')" 0
        EVAL "return redis.acl_check_cmd('config', 'get')" 0
        EVAL "return redis.acl_check_cmd('set', 1, 2)" 0
        EVAL "return redis.sha1hex({})" 0
        EVAL "return redis.sha1hex(nil)" 0
        EVAL "redis.set_repl('x'); return 1" 0
        EVAL "redis.log(1.5, 'x'); return 1" 0
        EVAL "redis.log('1', 'x'); return 1" 0
        EVAL "redis.log(-1, 'x'); return 1" 0
        EVAL "redis.setresp(2.9); return 1" 0
        EVAL "redis.setresp(3.5); return true" 0
        EVAL "return redis.pcall('SET', 'k')" 0
        EVAL "local r = redis.pcall('SET', 'k'); local n = 0; for k in pairs(r) do n = n + 1 end; return n" 0
        EVAL "local r = redis.pcall({}); local n = 0; for k in pairs(r) do n = n + 1 end; return n" 0
        EVAL "local r = redis.pcall(); local n = 0; for k in pairs(r) do n = n + 1 end; return n" 0
        """);
  }

  @Test
  void readOnlyScriptsAndShebangsAreRefusedAsRedisRefusesThem() throws IOException {
    inBothProtocols("""
        SET k v
        EVAL_RO "return redis.call('SET', 'k', 'v')" 0
        EVAL_RO "return redis.pcall('SET', 'k', 'v')" 0
        EVAL_RO "return redis.call('GET', 'k')" 1 k
        EVAL_RO "return redis.call('DEL', 'k')" 0
        EVAL "#!lua flags=no-writes\\x0areturn redis.call('SET', 'k', 'v')" 0
        EVAL "#!lua flags=no-writes\\x0areturn redis.pcall('SET', 'k', 'v')" 0
        EVAL "#!lua flags=no-writes\\x0areturn redis.call('GET', 'k')" 0
        EVAL "#!lua flags=no-writes\\x0areturn redis.call('EVAL', 'return 1', 0)" 0
        EVAL "#!lua\\x0areturn redis.call('SET', 'k', 'v')" 1 k
        EVAL "#!lua flags=no-writes,allow-stale\\x0areturn 1" 0
        EVAL "#!lua flags=\\x0areturn 1" 0
        EVAL "#!lua flags=no-cluster\\x0areturn 1" 0
        EVAL "#!lua flags=allow-oom\\x0areturn 1" 0
        EVAL "#!lua flags=allow-cross-slot-keys\\x0areturn 1" 0
        EVAL "#!lua  flags=no-writes\\x0areturn 1" 0
        EVAL "#!lua name=x\\x0areturn 1" 0
        EVAL "#!python\\x0areturn 1" 0
        EVAL "#!luajit\\x0areturn 1" 0
        EVAL "#! lua\\x0areturn 1" 0
        EVAL "#!\\x0areturn 1" 0
        EVAL "#!lua flags=bogus\\x0areturn 1" 0
        EVAL "#!lua flags=no-writes,bogus\\x0areturn 1" 0
        EVAL "#!lua flags=no-writes,\\x0areturn 1" 0
        EVAL "#!lua" 0
        EVAL "#!lua " 0
        EVAL "#!lua\\x0a" 0
        EVAL "#!lua flags=no-writes\\x0a\\x0aerror('line three')" 0
        SCRIPT LOAD "#!lua flags=bogus\\x0areturn 1"
        SCRIPT LOAD "#!python\\x0areturn 1"
        SCRIPT LOAD "#!lua flags=no-writes\\x0areturn 1"
        EVALSHA_RO 6b3bdd1e64d0b5e3b5e5a5ba2ee13d5e0e9eef1a 0
        """);
  }

  @Test
  void runtimeErrorsOfScriptsAreReportedAsRedisReportsThem() throws IOException {
    inBothProtocols("""
        SET str hello
        EVAL "return nosuchvar" 0
        EVAL "return nosuchvar.x" 0
        EVAL "x = 1" 0
        EVAL "foo = function() end" 0
        EVAL "_G.x = 1" 0
        EVAL "local t = {}; t.x = 1; return t.x" 0
        EVAL "error('x')" 0
        EVAL "error('x', 0)" 0
        EVAL "error({err='y'})" 0
        EVAL "error({err='MYCODE y'})" 0
        EVAL "error({err=1})" 0
        EVAL "error()" 0
        EVAL "error(nil)" 0
        EVAL "error(true)" 0
        EVAL "error(redis.error_reply('CUSTOM boom'))" 0
        EVAL "local function f()\\x0a  local x = 1\\x0a  error('deep')\\x0aend\\x0af()" 0
        EVAL "local function f()\\x0a  local x = 1\\x0a  error({err='deep table'})\\x0aend\\x0af()" 0
        EVAL "local function f()\\x0a  local x = 1\\x0a  return redis.call('INCR', 'str')\\x0aend\\x0areturn f()" 0
        EVAL "local function f()\\x0a  local x = 1\\x0a  return nosuch.y\\x0aend\\x0areturn f()" 0
        EVAL "local ok, e = pcall(error, 'boom'); return {tostring(ok), e}" 0
        EVAL "local ok, e = pcall(function() error('in pcall') end); return e" 0
        EVAL "local ok, e = pcall(redis.error_reply); return type(e)" 0
        """);
    // LuaJ words these itself (Lua 5.1 names the variable or the operand's type): the start and the " script: …" end only.
    inBothProtocols(both -> {
      sameStart(both, "-ERR user_script:2: attempt to index ", "EVAL", "local t = nil\nreturn t.x", "0");
      sameStart(both, "-ERR user_script:1: attempt to perform arithmetic ", "EVAL", "return 1 + {}", "0");
      sameStart(both, "-ERR user_script:1: attempt to perform arithmetic ", "EVAL", "return 'a' + 1", "0");
      sameStart(both, "-ERR user_script:1: attempt to get length of ", "EVAL", "return #5", "0");
      sameStart(both, "-ERR user_script:1: attempt to call ", "EVAL", "local f; f()", "0");
      sameStart(both, "-ERR user_script:3: attempt to call ", "EVAL", "local function f()\n  local x = 1\n  x()\nend\nf()", "0");
      // LuaJ gives no "user_script:1: " to what fails in its library functions or a method call.
      sameStart(both, "-ERR ", "EVAL", "return ('x'):bad()", "0");
      sameStart(both, "-ERR ", "EVAL", "return string.rep()", "0");
      sameStart(both, "-ERR ", "EVAL", "return tostring()", "0");
      sameStart(both, "-ERR ", "EVAL", "return assert(false)", "0");
      sameStart(both, "-ERR ", "EVAL", "return assert(false, 'why')", "0");
      sameStart(both, "-ERR ", "EVAL", "return math.random(0)", "0");
    });
  }

  @Test
  void compileErrorsStartAsRedisWordsThem() throws IOException {
    inBothProtocols("""
        EVAL "return 1 +" 0
        EVAL "return )" 0
        SCRIPT LOAD "return +"
        """);
    // LuaJ's parser words the rest of the message itself ("'}' expected" where Lua 5.1 adds
    // "near '<eof>'", "syntax error" for "'=' expected near 'y'"): the start only.
    String start = "-ERR Error compiling script (new function): user_script:";
    inBothProtocols(both -> {
      for (String script : new String[] {"return {1, 2", "retrun 1", "local x = 'unfinished", "if true then", "x y z",
          "return 1 end", "for", "return 1\nreturn 2", "local a = 1\nlocal b = 2\nreturn a +"}) {
        String line = script.split("\n").length + ":";
        sameStart(both, start + line, "EVAL", script, "0");
        sameStart(both, start + line, "SCRIPT", "LOAD", script);
      }
    });
  }

  @Test
  void numkeysAndEvalshaErrorsAreRedisErrors() throws IOException {
    inBothProtocols("""
        EVAL "return 1" -1
        EVAL "return 1" 1
        EVAL "return 1" 2 a
        EVAL "return 1" x
        EVAL "return 1" 1.5
        EVAL "return 1" ""
        EVAL "return 1" " 1" a
        EVAL "return 1" 01 a
        EVAL "return 1" 9999999999999999999999 a
        EVAL "return 1" -9999999999999999999999 a
        EVAL "return +" -1
        EVAL "return +" 1
        EVAL "return 1"
        EVAL
        EVALSHA
        EVAL_RO "return 1"
        EVAL "return KEYS[1]" 1 k
        EVALSHA ffffffffffffffffffffffffffffffffffffffff 0
        EVALSHA ffffffffffffffffffffffffffffffffffffffff x
        EVALSHA ffffffffffffffffffffffffffffffffffffffff -1
        EVALSHA ffffffffffffffffffffffffffffffffffffffff 5
        EVALSHA abc 0
        EVALSHA "" 0
        EVALSHA_RO ffffffffffffffffffffffffffffffffffffffff 0
        EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0
        EVAL "return 1" 0
        EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0
        EVALSHA E0E1F9FABFC9D4800C877A703B823AC0578FF8DB 0
        EVALSHA_RO e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0
        EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8d 0
        EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8dbb 0
        EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 2 a
        EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db -1
        """);
  }

  @Test
  void scriptSubcommandsReplyAsRedis() throws IOException {
    inBothProtocols("""
        SCRIPT LOAD "return 'loaded'"
        SCRIPT EXISTS a3c8e8e1c7b9d5d0e0a4b9b8e6c2e9f1f2e3d4c5 nope
        SCRIPT LOAD "return 1"
        SCRIPT LOAD "return 1"
        SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db E0E1F9FABFC9D4800C877A703B823AC0578FF8DB e0e1f9fabfc9d4800c877a703b823ac0578ff8d x
        SCRIPT LOAD
        SCRIPT LOAD a b
        SCRIPT EXISTS
        SCRIPT FLUSH SYNC
        SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db
        EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0
        SCRIPT LOAD "return 1"
        SCRIPT FLUSH ASYNC
        SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db
        SCRIPT FLUSH async
        SCRIPT FLUSH
        SCRIPT FLUSH BAD
        SCRIPT FLUSH SYNC ASYNC
        SCRIPT KILL
        SCRIPT KILL now
        SCRIPT NOSUCH
        SCRIPT
        SCRIPT HELP
        SCRIPT HELP extra
        """);
  }

  @Test
  void scriptsInsideMultiAndBigOrDeepRepliesAreRedisReplies() throws IOException {
    inBothProtocols("""
        MULTI
        EVAL "return redis.call('SET', 'mk', 'v')" 0
        EVAL "return +" 0
        EVAL "return redis.call('INCR', 'mk')" 0
        EVAL "return {1, {ok='x'}, {err='E y'}}" 0
        EVALSHA ffffffffffffffffffffffffffffffffffffffff 0
        EVAL "return 1" -1
        EXEC
        MULTI
        EVAL "return 1" x
        EXEC
        EVAL "local t = {}; for i = 1, 300 do t = {t} end; return t" 0
        EVAL "local t = {}; for i = 1, 1000 do t[i] = i end; return t" 0
        EVAL "local t = {}; for i = 1, 10000 do t[i] = i end; return #t" 0
        EVAL "return string.rep('x', 100000)" 0
        EVAL "local t = {}; for i = 1, 100 do t[i] = {map={['k' .. i]=i}} end; return t" 0
        """);
  }

  /**
   * A script runs on its keys' shard once it has shown it touches only its KEYS; when a later run
   * reaches a key of another shard (named in ARGV here), Verdis refuses that run with its own error
   * (later runs hold every shard), where Redis just runs it. Retrying such a run with every shard
   * held, when it has not written yet, would hide the difference.
   */
  @Test
  void aScriptMayReachKeysItDidNotDeclare() throws IOException {
    inBothProtocols("""
        SET %1$s 1
        SET %2$s 2
        EVAL "if ARGV[1] then return redis.call('GET', ARGV[1]) end return redis.call('GET', KEYS[1])" 1 %1$s
        EVAL "if ARGV[1] then return redis.call('GET', ARGV[1]) end return redis.call('GET', KEYS[1])" 1 %1$s
        EVAL "if ARGV[1] then return redis.call('GET', ARGV[1]) end return redis.call('GET', KEYS[1])" 1 %1$s %2$s
        """.formatted(keyOnShard("a", 0), keyOnShard("b", 1)));
  }

  @Test
  void selectInsideAScriptChangesOnlyTheScriptsDatabase() throws IOException {
    inBothProtocols("""
        EVAL "return redis.call('SELECT', 1)" 0
        EVAL "redis.call('SELECT', 1); redis.call('SET', 'indb1', 'v'); return redis.call('GET', 'indb1')" 0
        EXISTS indb1
        EVAL "redis.call('SELECT', 1); return redis.call('EXISTS', 'indb1')" 0
        !SELECT 1
        EXISTS indb1
        DEL indb1
        EVAL "redis.call('SELECT', 0); return redis.call('EXISTS', 'indb1')" 0
        EXISTS indb1
        !SELECT 0
        EVAL "return redis.call('SELECT', 99)" 0
        EVAL "return redis.call('SELECT', -1)" 0
        EVAL "return redis.call('SELECT', 'x')" 0
        EVAL "return redis.call('SELECT')" 0
        EVAL "return redis.pcall('SELECT', 99)" 0
        """);
  }

  @Test
  void theSandboxHasRedisGlobals() throws IOException {
    inBothProtocols("""
        EVAL "return type(print)" 0
        EVAL "return type(loadstring)" 0
        EVAL "return type(load)" 0
        EVAL "return type(require)" 0
        EVAL "return type(os)" 0
        EVAL "return type(io)" 0
        EVAL "return type(dofile)" 0
        EVAL "return type(loadfile)" 0
        EVAL "return type(setfenv)" 0
        EVAL "return type(getfenv)" 0
        EVAL "return type(coroutine)" 0
        EVAL "return type(unpack)" 0
        EVAL "return type(select)" 0
        EVAL "return type(module)" 0
        EVAL "return type(package)" 0
        EVAL "return type(debug)" 0
        EVAL "return type(newproxy)" 0
        EVAL "return type(collectgarbage)" 0
        EVAL "return type(xpcall)" 0
        EVAL "return type(rawequal)" 0
        EVAL "return type(rawlen)" 0
        EVAL "return type(bit32)" 0
        EVAL "return type(luajava)" 0
        EVAL "return type(_G)" 0
        EVAL "return type(string)" 0
        EVAL "return type(math)" 0
        EVAL "return type(table)" 0
        EVAL "return type(math.pow)" 0
        EVAL "return type(redis)" 0
        EVAL "return type(KEYS)" 0
        EVAL "return type(ARGV)" 0
        EVAL "return _VERSION" 0
        EVAL "return type(redis.call)" 0
        EVAL "return type(redis.pcall)" 0
        EVAL "return type(redis.sha1hex)" 0
        EVAL "return type(redis.error_reply)" 0
        EVAL "return type(redis.status_reply)" 0
        EVAL "return type(redis.log)" 0
        EVAL "return type(redis.setresp)" 0
        EVAL "return type(redis.set_repl)" 0
        EVAL "return type(redis.replicate_commands)" 0
        EVAL "return type(redis.breakpoint)" 0
        EVAL "return type(redis.debug)" 0
        EVAL "return type(redis.acl_check_cmd)" 0
        EVAL "return type(redis.register_function)" 0
        EVAL "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}" 0
        EVAL "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}" 0
        EVAL "return redis.replicate_commands()" 0
        EVAL "return redis.breakpoint()" 0
        EVAL "return redis.debug('x')" 0
        EVAL "return string.len('abc')" 0
        EVAL "return ('abc'):upper()" 0
        EVAL "return string.byte('A')" 0
        EVAL "return string.char(72, 105)" 0
        EVAL "return string.sub('hello', 2, 3)" 0
        EVAL "return string.rep('ab', 3)" 0
        EVAL "return {string.find('hello', 'l+')}" 0
        EVAL "return {string.gsub('hello', 'l', 'L')}" 0
        EVAL "return string.match('key:123', '%d+')" 0
        EVAL "return table.concat({1, 2, 3}, ',')" 0
        EVAL "local t = {3, 1, 2}; table.sort(t); return t" 0
        EVAL "local t = {}; table.insert(t, 'a'); table.insert(t, 1, 'b'); return t" 0
        EVAL "return select('#', 1, 2, 3)" 0
        EVAL "return {select(2, 'a', 'b', 'c')}" 0
        EVAL "return {unpack({1, 2, 3})}" 0
        EVAL "return loadstring('return 7')()" 0
        EVAL "return type(loadstring('return +'))" 0
        EVAL "return rawequal('a', 'a')" 0
        EVAL "return rawget({5}, 1)" 0
        EVAL "return tostring(nil)" 0
        EVAL "return tostring(true)" 0
        EVAL "return next({})" 0
        EVAL "local n = 0; for k, v in pairs({a=1, b=2}) do n = n + v end; return n" 0
        EVAL "local n = 0; for i, v in ipairs({5, 6, nil, 8}) do n = n + v end; return n" 0
        EVAL "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1); return b * 2 end); local _, x = coroutine.resume(co, 1); local _, y = coroutine.resume(co, 10); return {x, y, coroutine.status(co)}" 0
        EVAL "return {pcall(function() return 1, 2 end)}" 0
        EVAL "return setmetatable({}, {__index = function(t, k) return k .. '!' end}).hi" 0
        EVAL "local t = setmetatable({}, {__tostring = function() return 'T' end}); return tostring(t)" 0
        EVAL "return math.abs(-3)" 0
        EVAL "return math.sqrt(16)" 0
        EVAL "return math.floor(3.7)" 0
        EVAL "return math.max(1, 5, 3)" 0
        EVAL "return math.fmod(7, 3)" 0
        EVAL "return math.random() < 1" 0
        EVAL "return 7 % 3" 0
        EVAL "return -7 % 3" 0
        EVAL "return 10 / 4" 0
        EVAL "return tostring(0.1)" 0
        EVAL "return tostring(3)" 0
        EVAL "return tostring(-3.5)" 0
        EVAL "return tonumber('0x10')" 0
        EVAL "return tonumber('10', 2)" 0
        EVAL "return KEYS[1]" 0
        EVAL "return ARGV[5]" 1 k a
        EVAL "KEYS[1] = 'x'; return KEYS[1]" 1 k
        EVAL "ARGV[1] = 'x'; return ARGV" 0 a b
        EVAL "return (function(...) return select('#', ...) end)(1, nil, 3)" 0
        EVAL "return 'a' .. 1 .. 2" 0
        EVAL "return '10' + 5" 0
        EVAL "return '10' == 10" 0
        """);
  }

  @Test
  void theRedisTableIsReadOnly() throws IOException {
    inBothProtocols("""
        EVAL "redis.call = nil" 0
        EVAL "redis.foo = 1" 0
        EVAL "redis[1] = 1" 0
        EVAL "local r = redis; r.call = 5" 0
        EVAL "rawset(redis, 'call', nil)" 0
        EVAL "rawset(redis, 'foo', 1)" 0
        EVAL "setmetatable(redis, {})" 0
        EVAL "table.insert(redis, 1)" 0
        EVAL "table.sort(redis)" 0
        EVAL "return pcall(function() redis.call = nil end)" 0
        EVAL "local ok, e = pcall(function() redis.call = nil end); return e" 0
        EVAL "return getmetatable(redis)" 0
        EVAL "return type(redis.foo)" 0
        EVAL "return redis.call('PING')" 0
        """);
  }

  @Test
  void redisBundledLuaLibrariesAnswerAsRedis() throws IOException {
    inBothProtocols("""
        EVAL "return type(cjson)" 0
        EVAL "return type(cmsgpack)" 0
        EVAL "return type(bit)" 0
        EVAL "return type(struct)" 0
        EVAL "return cjson.encode({1, 2, 'x'})" 0
        EVAL "return cjson.encode({a=1})" 0
        EVAL "return cjson.decode('[1,2,3]')" 0
        EVAL "return cjson.decode(ARGV[1]).a[1]" 0 {"a":[true,false]}
        EVAL "return cjson.encode(cjson.decode(ARGV[1]))" 0 {"k":[1,2.5,"s",null]}
        EVAL "return bit.band(12, 10)" 0
        EVAL "return bit.bor(12, 10)" 0
        EVAL "return bit.bxor(12, 10)" 0
        EVAL "return bit.tohex(255)" 0
        EVAL "return bit.lshift(1, 4)" 0
        EVAL "return cmsgpack.pack({1, 2, 3})" 0
        EVAL "return cmsgpack.unpack(cmsgpack.pack({1, 'a', 3}))" 0
        EVAL "return struct.pack('>I2', 258)" 0
        EVAL "return struct.unpack('>I2', ARGV[1])" 0 "\\x01\\x02"
        """);
  }

  /**
   * Redis 7.0's sandbox beyond what Verdis's ScriptRuntime gives today (each line fails now).
   * pcall: Redis's own pcall hands a table error's err text to the script, a string. Read-only
   * tables: Redis 7 makes _G and every library table read-only (rawset too), where LuaJ's tables
   * take the write, so that, say, `math.floor = nil` breaks every later script on that thread (the
   * redis table is protected already). Lua 5.1's library: gcinfo, table.getn/maxn/foreach,
   * string.gfind, math.log10/mod are there, table.pack, table.unpack and _ENV are not, a string's
   * metatable indexes `string`, loadstring's chunk sees the protected globals, xpcall's handler
   * gets "user_script:1: msg", error() adds the position to a number and drops it at level 2,
   * math.random is Redis's redisLrand48. The error of a failed script keeps its bytes (a Java
   * String in between makes \xff three bytes of UTF-8).
   */
  @Test
  @Disabled("until ScriptRuntime hides _ENV, has __redis__err__handler, words error() levels and keeps an error's binary bytes as Redis does")
  void theSandboxBehavesAsRedisSandbox() throws IOException {
    inBothProtocols("""
        SET str hello
        EVAL "return {pcall(redis.call, 'INCR', 'str')}" 0
        EVAL "local ok, e = pcall(redis.call, 'INCR', 'str'); return {tostring(ok), type(e), e}" 0
        EVAL "local ok, e = pcall(redis.call, 'NOSUCH'); return e" 0
        EVAL "local ok, e = pcall(redis.setresp, 4); return {type(e), tostring(e)}" 0
        EVAL "local ok, e = pcall(error, {err='x y'}); return {type(e), e}" 0
        EVAL "local ok, e = pcall(function() error({err='T in pcall'}) end); return e" 0
        EVAL "local ok, e = pcall(redis.call, 'INCR', 'str'); error(e)" 0
        EVAL "local ok, r = pcall(redis.call); return type(r)" 0
        EVAL "error(ARGV[1])" 0 "bin \\xff"
        EVAL "error({err=ARGV[1]})" 0 "E bin \\xff"
        EVAL "return type(gcinfo)" 0
        EVAL "return type(_ENV)" 0
        EVAL "return type(__redis__err__handler)" 0
        EVAL "return type(table.getn)" 0
        EVAL "return table.getn({1, 2, 3})" 0
        EVAL "return type(table.maxn)" 0
        EVAL "return type(table.foreach)" 0
        EVAL "return type(table.unpack)" 0
        EVAL "return type(table.pack)" 0
        EVAL "return type(string.gfind)" 0
        EVAL "return type(math.log10)" 0
        EVAL "return type(math.mod)" 0
        EVAL "return getmetatable('abc').__index == string" 0
        EVAL "local f = loadstring('return x'); return pcall(f)" 0
        EVAL "return {xpcall(function() error('in xpcall') end, function(m) return 'handled: ' .. m end)}" 0
        EVAL "error('x', 2)" 0
        EVAL "error(42)" 0
        EVAL "math.randomseed(42); return {math.random(1000), math.random(1000), math.random(5, 10)}" 0
        EVAL "rawset(_G, 'x', 1)" 0
        EVAL "return rawget(_G, 'x')" 0
        EVAL "string.foo = 1" 0
        EVAL "return string.foo" 0
        EVAL "math.floor = nil" 0
        """);
  }

  /**
   * Lua 5.1 turns a number into text with "%.14g" (tostring, .., string.format's %s and %g), LuaJ
   * with Java's own rules; LuaJ's numbers are also never -0, and its string.format ignores widths
   * and precisions. A script storing tostring(x) stores other bytes than in Redis.
   */
  @Test
  void numbersBecomeTextAsInLua51() throws IOException {
    inBothProtocols("""
        EVAL "return tostring(1e20)" 0
        EVAL "return tostring(-0)" 0
        EVAL "return tostring(2^53)" 0
        EVAL "return tostring(1e15)" 0
        EVAL "return tostring(123456.789)" 0
        EVAL "return tostring(0/0)" 0
        EVAL "return 1e100 .. ''" 0
        EVAL "return string.format('%d %s %5.2f %g %x', 42, 'x', 3.14159, 1e20, 255)" 0
        EVAL "redis.call('SET', 'a', -0); return redis.call('GET', 'a')" 0
        EVAL "redis.call('SET', 'a', -0.0); return redis.call('GET', 'a')" 0
        """);
  }

  // --- the two servers, side by side -------------------------------------------------------------

  private interface Session {
    void run(SideBySide both) throws IOException;
  }

  /** Runs {@code script} (see {@link SideBySide#parse}) on fresh connections in RESP2, then RESP3. */
  private static void inBothProtocols(String script) throws IOException {
    inBothProtocols(both -> both.assertSameReplies(script));
  }

  /**
   * Runs {@code session} on fresh connections in RESP2, then in RESP3, each time from no keys and
   * no cached scripts, so a session can count on neither.
   */
  private static void inBothProtocols(Session session) throws IOException {
    for (int protocol : new int[] {2, 3}) {
      try (RawClient verdis = client(); RawClient real = new RawClient(redis.port)) {
        SideBySide both = new SideBySide(verdis, real);
        both.assertSameReplies("!HELLO " + protocol + "\n!FLUSHALL\n!SCRIPT FLUSH");
        try {
          session.run(both);
        } catch (AssertionError e) {
          throw new AssertionError("RESP" + protocol + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * For an error LuaJ words its own way: both replies start with {@code start} and end alike from
   * " script: " on (the script's sha and where it failed), whatever is between.
   */
  private static void sameStart(SideBySide both, String start, String... command) throws IOException {
    byte[] request = RawClient.command(command);
    String expected = both.redis.send(request).readReply();
    String actual = both.verdis.send(request).readReply();
    String what = String.join(" ", command).replace("\n", "\\n");
    assertTrue(expected.startsWith(start), "Redis's reply to " + what + " starts otherwise: " + expected);
    assertTrue(actual.startsWith(start), "reply to " + what + ": Redis sent " + expected + " and Verdis " + actual);
    assertEquals(end(expected), end(actual), "end of the reply to " + what);
  }

  private static String end(String reply) {
    int script = reply.lastIndexOf(" script: ");
    return script < 0 ? "\r\n" : reply.substring(script);
  }
}
