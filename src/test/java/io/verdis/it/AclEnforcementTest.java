package io.verdis.it;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACL users as client libraries use them: the Vert.x Redis client and Jedis log in as a named user
 * and get what its rules allow, NOPERM for the rest; requirepass stays the default user's password.
 */
class AclEnforcementTest extends RedisTestBase {
  @AfterEach
  void dropUsers() throws IOException {
    try (RawClient raw = client()) {
      raw.request("ACL", "DELUSER", "cache", "reader");
      raw.request("ACL", "LOG", "RESET");
    }
  }

  @Test
  void theVertxClientLogsInAsANamedUserAndGetsOnlyItsKeys(Vertx vertx) {
    call("ACL", "SETUSER", "cache", "on", ">s3cret", "~cache:*", "&events", "+@all", "-flushall");
    Redis named = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString("redis://cache:s3cret@127.0.0.1:" + server.port()));
    try {
      RedisConnection connection = named.connect().await();
      assertEquals("cache", connection.send(Request.cmd(Command.ACL).arg("WHOAMI")).await().toString());
      assertEquals("OK", connection.send(Request.cmd(Command.SET).arg("cache:1").arg("v")).await().toString());
      Throwable refused = assertThrows(Throwable.class,
          () -> connection.send(Request.cmd(Command.SET).arg("other").arg("v")).await());
      assertEquals("NOPERM this user has no permissions to access one of the keys used as arguments",
          refused.getMessage());
      refused = assertThrows(Throwable.class, () -> connection.send(Request.cmd(Command.FLUSHALL)).await());
      assertEquals("NOPERM this user has no permissions to run the 'flushall' command", refused.getMessage());
      assertEquals(0L, connection.send(Request.cmd(Command.PUBLISH).arg("events").arg("x")).await().toLong());
      connection.close().await();
    } finally {
      named.close();
    }
    assertTrue(call("CLIENT", "LIST").contains("user=default"));
  }

  @Test
  void jedisLogsInAsANamedUserWithReadOnlyKeys() throws IOException {
    call("ACL", "SETUSER", "reader", "on", ">pw", "%R~*", "+@read", "+@connection");
    call("SET", "k", "v");
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      assertThrows(JedisAccessControlException.class, () -> jedis.auth("reader", "wrong"));
      assertEquals("OK", jedis.auth("reader", "pw"));
      assertEquals("v", jedis.get("k"));
      JedisDataException refused = assertThrows(JedisDataException.class, () -> jedis.set("k", "w"));
      assertEquals("NOPERM this user has no permissions to run the 'set' command", refused.getMessage());
      assertTrue(call("CLIENT", "LIST").contains("user=reader"));
      assertEquals(1L, integer("CLIENT", "KILL", "USER", "reader"));
    }
    try (RawClient raw = client()) {
      List<?> entry = (List<?>) ((List<?>) raw.request("ACL", "LOG", "1")).get(0);
      assertEquals(List.of("count", 1L, "reason", "command", "context", "toplevel", "object", "set",
          "username", "reader"), RawClient.asText(entry.subList(0, 10)));
    }
  }

  @Test
  void requirepassIsTheDefaultUsersPassword() throws IOException {
    call("CONFIG", "SET", "requirepass", "topsecret");
    try {
      try (RawClient raw = client()) {
        assertEquals("-NOAUTH Authentication required.\r\n", raw.call("GET", "k"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            raw.call("AUTH", "nope"));
        assertEquals("+OK\r\n", raw.call("AUTH", "default", "topsecret"));
        assertEquals("$7\r\ndefault\r\n", raw.call("ACL", "WHOAMI"));
      }
      // The client that was logged in before keeps running, as in Redis.
      assertEquals("PONG", call("PING"));
    } finally {
      call("CONFIG", "SET", "requirepass", "");
    }
  }
}
