package io.verdis.shard;

import static io.verdis.shard.TestKeys.key;
import static io.verdis.shard.TestKeys.wrap;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpiryTableTest {

  @Test
  void expiryTimesAgreeWithAHashMapThroughPutsAndRemovals() {
    Random random = new Random(3);
    ExpiryTable expiries = new ExpiryTable();
    Map<ByteBuffer, Long> oracle = new HashMap<>();
    for (int op = 0; op < 100_000; op++) {
      byte[] key = key("ttl:" + random.nextInt(20_000));
      int hash = KeyHash.of(key);
      if (random.nextBoolean()) {
        assertEquals(oracle.remove(wrap(key)) != null, expiries.remove(key, hash));
      } else {
        expiries.put(key, hash, op);
        oracle.put(wrap(key), (long) op);
      }
    }
    assertEquals(oracle.size(), expiries.size());
    oracle.forEach((key, when) -> assertEquals(when, expiries.get(key.array(), KeyHash.of(key.array()))));
  }

  @Test
  void aKeyWithoutExpiryReadsAsMinusOne() {
    ExpiryTable expiries = new ExpiryTable();
    byte[] key = key("none");
    assertEquals(-1, expiries.get(key, KeyHash.of(key)));
  }
}
