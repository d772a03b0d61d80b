package io.verdis.client;

import io.verdis.it.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.verdis.client.AuthThrottle.Surface.PIZZARIA;
import static io.verdis.client.AuthThrottle.Surface.RESP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("AuthThrottle: the delay schedule, per-address serialisation and one log line per burst")
class AuthThrottleTest {
  private LogCapture log;
  private long now = 1_000_000;
  private final AuthThrottle throttle = new AuthThrottle(() -> now);

  @BeforeEach
  void captureLog() {
    log = LogCapture.of(AuthThrottle.class);
  }

  @AfterEach
  void releaseLog() {
    log.close();
  }

  @Test
  @DisplayName("no delay for the first three failures, then 50 ms doubling up to 1 s")
  void schedule() {
    long[] expected = {0, 0, 0, 0, 50, 100, 200, 400, 800, 1000, 1000};
    for (int failures = 0; failures < expected.length; failures++) {
      assertEquals(expected[failures], AuthThrottle.delayMs(failures), "after " + failures + " failures");
    }
    assertEquals(1000, AuthThrottle.delayMs(Integer.MAX_VALUE));
  }

  @Test
  @DisplayName("guesses from one address wait one after another, whatever the connection, up to 10 s")
  void serialised() {
    long total = 0;
    for (int failures = 1; failures <= 8; failures++) {
      total += AuthThrottle.delayMs(failures);
      assertEquals(total, throttle.failed("10.0.0.1", RESP));
    }
    for (int i = 0; i < 100; i++) {
      throttle.failed("10.0.0.1", PIZZARIA);
    }
    assertEquals(AuthThrottle.MAX_WAIT_MS, throttle.failed("10.0.0.1", RESP));
    assertEquals(0, throttle.failed("10.0.0.2", RESP), "another address is not slowed");
  }

  @Test
  @DisplayName("the right password ends the burst: the next wrong one is answered at once, and the burst is one log line")
  void rightPasswordClears() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("10.0.0.1", RESP);
    }
    throttle.succeeded("10.0.0.1");
    assertEquals(0, throttle.failures("10.0.0.1"));
    assertEquals(0, throttle.failed("10.0.0.1", RESP));
    List<String> lines = log.lines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("20 wrong password(s) from 10.0.0.1 "), lines.get(0));
  }

  @Test
  @DisplayName("a burst is logged once with its count when it ends, and once a minute while it lasts")
  void oneLinePerBurst() {
    for (int i = 0; i < 1000; i++) {
      throttle.failed("10.0.0.1", i % 2 == 0 ? RESP : PIZZARIA);
      now += 100;
      throttle.sweep();
    }
    List<String> lines = log.lines();
    assertEquals(1, lines.size(), "100 s of guessing: one line after a minute " + lines);
    assertTrue(lines.get(0).contains("so far, still going on"), lines.get(0));
    now += AuthThrottle.BURST_GAP_MS;
    throttle.sweep();
    throttle.sweep();
    lines = log.lines();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(1).startsWith("1000 wrong password(s) from 10.0.0.1 in 99 s [RESP, PIZZARIA]"), lines.get(1));
    assertEquals(0, throttle.failures("10.0.0.1"), "an ended burst is forgotten");
  }

  @Test
  @DisplayName("the throttled address is the host of host:port, IPv4 or IPv6")
  void host() {
    assertEquals("127.0.0.1", AuthThrottle.host("127.0.0.1:50123"));
    assertEquals("0:0:0:0:0:0:0:1", AuthThrottle.host("0:0:0:0:0:0:0:1:50123"));
    assertEquals("::1", AuthThrottle.host("[::1]:50123"));
  }
}
