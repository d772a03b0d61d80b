package io.verdis.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.persist.rdb.RdbValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values from RDB files and RESTORE payloads, refused where Redis's loader refuses them. */
class AggregatesTest {
  private static Object checked(RdbValue rdb) throws InvalidRdbValueException {
    return Aggregates.fromRdbChecked(rdb, EncodingLimits.DEFAULT);
  }

  @Test
  void valuesComeOutAsTheirTypes() throws Exception {
    assertArrayEquals(b("v"), (byte[]) checked(new RdbValue.StringValue(b("v"))));
    assertEquals(2, ((ListValue) checked(new RdbValue.ListValue(List.of(b("a"), b("a"))))).size());
    assertEquals(2, ((SetValue) checked(new RdbValue.SetValue(List.of(b("a"), b("b"))))).size());
    assertEquals("zset", ((Aggregate) checked(
        new RdbValue.SortedSetValue(List.of(b("m")), new double[] {1}))).typeName());
  }

  @Test
  void anEmptyCollectionIsRefusedAsEmpty() {
    InvalidRdbValueException e = assertThrows(InvalidRdbValueException.class,
        () -> checked(new RdbValue.HashValue(List.of())));
    assertTrue(e.empty());
    assertEquals("an empty hash", e.getMessage());
  }

  @Test
  void duplicatesAndNanScoresAreRefused() {
    InvalidRdbValueException set = assertThrows(InvalidRdbValueException.class,
        () -> checked(new RdbValue.SetValue(List.of(b("a"), b("a")))));
    assertFalse(set.empty());
    assertEquals("a set with duplicate members", set.getMessage());
    assertEquals("a hash with duplicate fields", assertThrows(InvalidRdbValueException.class,
        () -> checked(new RdbValue.HashValue(List.of(b("f"), b("1"), b("f"), b("2"))))).getMessage());
    assertEquals("a sorted set with a NaN score", assertThrows(InvalidRdbValueException.class,
        () -> checked(new RdbValue.SortedSetValue(List.of(b("m")), new double[] {Double.NaN})))
        .getMessage());
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
