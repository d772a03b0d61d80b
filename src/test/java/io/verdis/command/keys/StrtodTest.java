package io.verdis.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SORT's weights read as redis-server 7.0 reads them (checked there: SORT of each text beside "5"). */
class StrtodTest {
  @Test
  void wholeCNumbersAfterLeadingWhiteSpaceAreRead() {
    assertEquals(12, parse("  12"));
    assertEquals(5, parse("\t\n5"));
    assertEquals(16, parse("0x1p4"));
    assertEquals(16, parse("0x10"));
    assertEquals(1.5, parse("0x1.8"));
    assertEquals(5, parse("+.5e1"));
    assertEquals(Double.POSITIVE_INFINITY, parse("infinity"));
    assertEquals(Double.NEGATIVE_INFINITY, parse("-INF"));
    assertEquals(1e-300, parse("1e-300"));
    assertEquals(Double.MIN_NORMAL, parse("2.2250738585072014e-308"));
    assertEquals(-9223372036854775808.0, parse("-9223372036854775808"));
  }

  @Test
  void theTextEndsAtItsFirstNulAndAnEmptyTextIsZero() {
    assertEquals(1, parse("1\0abc"));
    assertEquals(0, parse(""));
    assertEquals(0, parse("\0"));
  }

  @Test
  void trailingBytesNanOverflowAndUnderflowAreConversionErrors() {
    for (String text : new String[] {"12 ", " ", "0x", "1e", "abc", "nan", "1e400", "-1e400", "1e-400", "1e-310", "1d"}) {
      assertTrue(Double.isNaN(Strtod.parse(text.getBytes(StandardCharsets.ISO_8859_1))), text);
    }
  }

  private static double parse(String text) {
    return Strtod.parse(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
