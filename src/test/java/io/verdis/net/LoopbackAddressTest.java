package io.verdis.net;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackAddressTest {
  @Test
  @DisplayName("loopback addresses, in every spelling a client's address takes, and the in-process client are local")
  void loopback() {
    assertTrue(LoopbackAddress.isLoopback("127.0.0.1:6379"));
    assertTrue(LoopbackAddress.isLoopback("127.1.2.3:40000"));
    assertTrue(LoopbackAddress.isLoopback("0:0:0:0:0:0:0:1:40000"));
    assertTrue(LoopbackAddress.isLoopback("[::1]:40000"));
    assertTrue(LoopbackAddress.isLoopback(InProcessClient.ADDRESS));
  }

  @Test
  @DisplayName("other machines' addresses, host names and nothing are not local")
  void notLoopback() {
    assertFalse(LoopbackAddress.isLoopback("192.0.2.2:6379"));
    assertFalse(LoopbackAddress.isLoopback("fd00::2:6379"));
    assertFalse(LoopbackAddress.isLoopback("localhost:6379"));
    assertFalse(LoopbackAddress.isLoopback(null));
  }
}
