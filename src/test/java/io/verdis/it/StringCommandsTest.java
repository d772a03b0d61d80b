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

  /** An offset near 2^63 once wrapped around past the length check: an internal error the fuzzer found. */
  @Test
  void setrangeOrAppendPastProtoMaxBulkLenIsRefusedAsRedisDoes() {
    call("set", "s", "abc");
    assertError("ERR string exceeds maximum allowed size (proto-max-bulk-len)", "setrange", "s", "9223372036854775807", "x");
    assertError("ERR string exceeds maximum allowed size (proto-max-bulk-len)", "setrange", "s", "9223372036854775800",
        "x".repeat(20));
    assertError("ERR string exceeds maximum allowed size (proto-max-bulk-len)", "setrange", "s", "536870912", "x");
    assertError("ERR offset is out of range", "setrange", "s", "-1", "x");
    assertEquals("abc", call("get", "s"));
  }

  @Test
  void wrongArityHasRedisText() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.send("*1\r\n$3\r\nGET\r\n");
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", raw.readReply());
    }
  }
}
