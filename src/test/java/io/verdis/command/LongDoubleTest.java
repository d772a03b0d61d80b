package io.verdis.command;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every expected text here is what redis-server 7.0 answered to HINCRBYFLOAT on an absent field (or as noted). */
class LongDoubleTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** HINCRBYFLOAT of each increment in turn on a field that starts absent. */
  private static String sum(String... increments) {
    BigDecimal total = BigDecimal.ZERO;
    for (String increment : increments) {
      total = LongDouble.add(total, LongDouble.parse(bytes(increment)));
    }
    return new String(LongDouble.format(total), StandardCharsets.US_ASCII);
  }

  @Test
  void sumsRoundAtSixtyFourBitsAsRedisLongDoubleDoes() {
    assertEquals("3.3", sum("1.1", "2.2"));
    assertEquals("0.3", sum("0.1", "0.2"));
    assertEquals("18446744073709551616", sum("18446744073709551617"));
    assertEquals("9007199254740993", sum("9007199254740993"));
    assertEquals("123456789012345678899921813504", sum("123456789012345678901234567890"));
  }

  @Test
  void formattingKeepsSeventeenDecimalsRoundedHalfEvenWithoutTrailingZeros() {
    assertEquals("0.00000381469726562", sum("0.000003814697265625"));
    assertEquals("0.00000000000000002", sum("1.5e-17"));
    assertEquals("0.00000000000000002", sum("2.5e-17"));
    assertEquals("0", sum("5e-18"));
    assertEquals("0", sum("-1e-20"));
    assertEquals("0", sum("-0"));
    assertEquals("-3.14159", sum("-3.14159"));
  }

  @Test
  void hugeValuesArePrintedInFull() {
    assertEquals("118000000000000000000065281291809369920269043714016047172983124006183652772844699601208149626612279276676952619739183447",
        sum("1.18e4932").substring(0, 120));
    assertEquals(4933, sum("1.18e4932").length());
    assertTrue(sum("1e400").startsWith("10000000000000000000281880683947586514586453433629"));
  }

  @Test
  void hexadecimalFormsAreAcceptedAsStrtoldDoes() {
    assertEquals("16", sum("0x10"));
    assertEquals("3", sum("0x1.8p1"));
    assertEquals("0.25", sum("0X1P-2"));
    assertNull(LongDouble.parse(bytes("0x")));
    assertNull(LongDouble.parse(bytes("0x1p")));
  }

  @Test
  void overflowIsInfinity() {
    assertNull(LongDouble.add(LongDouble.parse(bytes("1.18e4932")), LongDouble.parse(bytes("1.18e4932"))));
    assertNull(LongDouble.parse(bytes("1e99999999999999999999")));
    assertNull(LongDouble.parse(bytes("1.2e4932")));
  }

  @Test
  void underflowToZeroIsRefusedButZeroAndSubnormalsAreNot() {
    assertNull(LongDouble.parse(bytes("1e-5000")));
    assertNull(LongDouble.parse(bytes("-1e-99999999999")));
    assertEquals(0, LongDouble.parse(bytes("0e99999999999999999999")).signum());
    assertEquals(1, LongDouble.parse(bytes("1e-4940")).signum());
    assertEquals("0", sum("1e-4940"));
  }

  @Test
  void textsString2ldRefuses() {
    for (String text : new String[] {"", " 1", "1 ", "abc", "1e", "1e+", ".", "+", "nan", "NaN", "1\u0000", "\u00001",
        "1_0", "--1", "infinit"}) {
      assertNull(LongDouble.parse(bytes(text)), text);
    }
    assertNull(LongDouble.parse(bytes("9".repeat(5120))));
    assertEquals("1", sum("1."));
    assertEquals("0.5", sum(".5"));
    assertEquals("500", sum("+.5e+3"));
  }

  @Test
  void infinitiesAreRecognisedSeparately() {
    for (String text : new String[] {"inf", "-inf", "+INF", "Infinity", "-infinity"}) {
      assertTrue(LongDouble.isInfinity(bytes(text)), text);
      assertNull(LongDouble.parse(bytes(text)), text);
    }
    assertFalse(LongDouble.isInfinity(bytes("infin")));
    assertFalse(LongDouble.isInfinity(bytes(" inf")));
    assertFalse(LongDouble.isInfinity(bytes("nan")));
  }
}
