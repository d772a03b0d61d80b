package io.verdis.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Scores as C's printf("%.17g") writes them (expected texts from glibc). */
class ScoreTextTest {
  @Test
  void seventeenSignificantDigitsWithoutTrailingZeros() {
    assertEquals("0.10000000000000001", ScoreText.format(0.1));
    assertEquals("1.5", ScoreText.format(1.5));
    assertEquals("0.33333333333333331", ScoreText.format(1 / 3.0));
    assertEquals("3", ScoreText.format(3));
    assertEquals("100", ScoreText.format(100));
    assertEquals("12345.678", ScoreText.format(12345.678));
    assertEquals("10000000000000000", ScoreText.format(1e16));
    assertEquals("0.0001", ScoreText.format(1e-4));
  }

  @Test
  void exponentFormBelowOneTenThousandthAndFromTenToTheSeventeenth() {
    assertEquals("1e+17", ScoreText.format(1e17));
    assertEquals("1.2345678901234568e+17", ScoreText.format(123456789012345678.0));
    assertEquals("1.0000000000000001e-05", ScoreText.format(1e-5));
    assertEquals("2.5e-300", ScoreText.format(2.5e-300));
    assertEquals("-1.0000000000000001e+300", ScoreText.format(-1e300));
    assertEquals("4.9406564584124654e-324", ScoreText.format(Double.MIN_VALUE));
    assertEquals("1.7976931348623157e+308", ScoreText.format(Double.MAX_VALUE));
  }

  @Test
  void zeroesInfinitiesAndNanAreSpelledAsC() {
    assertEquals("0", ScoreText.format(0.0));
    assertEquals("-0", ScoreText.format(-0.0));
    assertEquals("inf", ScoreText.format(Double.POSITIVE_INFINITY));
    assertEquals("-inf", ScoreText.format(Double.NEGATIVE_INFINITY));
    assertEquals("nan", ScoreText.format(Double.NaN));
  }
}
