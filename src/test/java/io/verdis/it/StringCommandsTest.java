package io.verdis.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StringCommandsTest extends RedisTestBase {

  @Test
  void setThenGetReturnsTheValue() {
    assertEquals("OK", call("set", "foo", "bar"));
    assertEquals("bar", call("get", "foo"));
  }

  @Test
  void getOfAMissingKeyIsNil() {
    assertNull(call("get", "nope"));
  }

  @Test
  void incrAgainstAKeyOriginallySetWithSet() {
    call("set", "novar", "100");
    assertEquals(101, integer("incr", "novar"));
  }

  @Test
  void incrOfANonIntegerFails() {
    call("set", "text", "abc");
    assertError("ERR value is not an integer or out of range", "incr", "text");
  }

  @Test
  void wrongArityHasRedisText() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.send("*1\r\n$3\r\nGET\r\n");
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", raw.readReply());
    }
  }
}
