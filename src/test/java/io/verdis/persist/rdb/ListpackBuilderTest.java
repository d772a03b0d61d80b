package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listpack.Builder against the independent byte-by-byte builder of the tests, and the reader. */
class ListpackBuilderTest {

  @Test
  void everyEncodingIsChosenAsRedisChoosesIt() throws Exception {
    List<String> entries = new ArrayList<>(Dataset.AWKWARD_NUMBERS);
    entries.addAll(List.of("", "9223372036854775808", "-9223372036854775809",
        "x".repeat(63), "y".repeat(64), "z".repeat(4095), "w".repeat(4096), "v".repeat(17_000)));
    Listpack.Builder builder = new Listpack.Builder();
    entries.forEach(entry -> builder.append(Bytes.of(entry)));

    byte[] lp = builder.toByteArray();

    assertArrayEquals(CompactEncodings.listpack(entries), lp);
    assertEquals(entries, Listpack.entries(new Blob(lp, 0, "listpack")).stream().map(Bytes::text).toList());
  }

  @Test
  void theCountSaturatesPast65534Entries() throws Exception {
    Listpack.Builder builder = new Listpack.Builder();
    for (int i = 0; i < 70_000; i++) {
      builder.appendInteger(i % 300 - 150);
    }

    byte[] lp = builder.toByteArray();

    assertEquals(0xFF, lp[4] & 0xff);
    assertEquals(0xFF, lp[5] & 0xff);
    assertEquals(70_000, Listpack.entries(new Blob(lp, 0, "listpack")).size());
  }
}
