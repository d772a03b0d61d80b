package io.verdis.net;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Doubles print as C's printf("%.17g") prints them (expected texts from a C library). */
class DoubleTextTest {
  private static final Object[][] CASES = {
      {0.1, "0.10000000000000001"},
      {1.5, "1.5"},
      {1e+100, "1e+100"},
      {-0.0, "-0"},
      {0.0, "0"},
      {1e+17, "1e+17"},
      {1e+16, "10000000000000000"},
      {1.2345678901234568e+17, "1.2345678901234568e+17"},
      {1e-05, "1.0000000000000001e-05"},
      {0.0001, "0.0001"},
      {12345.678, "12345.678"},
      {2.5e-10, "2.5000000000000002e-10"},
      {-7.0, "-7"},
      {3.0000000000000004, "3.0000000000000004"},
      {0.3, "0.29999999999999999"},
      {1e-300, "1e-300"},
      {4.9e-324, "4.9406564584124654e-324"},
      {1.7976931348623157e+308, "1.7976931348623157e+308"},
      {9007199254740992.0, "9007199254740992"},
      {-9223372036854775808.0, "-9.2233720368547758e+18"},
      {0.3333333333333333, "0.33333333333333331"},
      {0.6666666666666666, "0.66666666666666663"},
      {100.5, "100.5"},
      {1e+21, "1e+21"},
      {123456789.0, "123456789"},
      {9.999999999999998e+16, "99999999999999984"},
      {0.30000000000000004, "0.30000000000000004"},
      {9.999999999999999e-05, "9.9999999999999991e-05"},
      {1234567890123.4568, "1234567890123.4568"},
      {-1.25e-07, "-1.2499999999999999e-07"},
      {-1.989032661366619e+244, "-1.989032661366619e+244"},
      {6.294675241195386e-44, "6.2946752411953861e-44"},
      {4.708325160387546e+207, "4.7083251603875462e+207"},
      {6.387016158513563e-12, "6.3870161585135632e-12"},
      {-9.973130378568733e-246, "-9.9731303785687331e-246"},
      {Double.POSITIVE_INFINITY, "inf"},
      {Double.NEGATIVE_INFINITY, "-inf"},
  };

  @Test
  void formatsAsPercentSeventeenG() {
    for (Object[] c : CASES) {
      assertEquals(c[1], new String(DoubleText.format((Double) c[0]), StandardCharsets.US_ASCII), "for " + c[0]);
    }
  }

  @Test
  void plainIntegersAreTheIntegralValuesBelowTenToTheSeventeen() {
    assertEquals(true, DoubleText.isPlainInteger(99999999999999984.0));
    assertEquals(false, DoubleText.isPlainInteger(1e17));
    assertEquals(false, DoubleText.isPlainInteger(-0.0));
    assertEquals(false, DoubleText.isPlainInteger(0.5));
  }
}
