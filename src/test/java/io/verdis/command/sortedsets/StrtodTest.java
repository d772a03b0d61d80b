package io.verdis.command.sortedsets;

import io.verdis.command.CommandException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scores and range bounds parse as C's strtod under Redis's two sets of checks. */
class StrtodTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static double whole(String s) {
    return Strtod.parseWhole(b(s), "ERR bad");
  }

  @Test
  void wholeArgumentsAcceptWhatStrtodConverts() {
    assertEquals(1.5, whole("1.5"));
    assertEquals(-3.0, whole("-3"));
    assertEquals(5.0, whole("+5"));
    assertEquals(0.5, whole(".5"));
    assertEquals(5.0, whole("5."));
    assertEquals(1000.0, whole("1E3"));
    assertEquals(16.0, whole("0x10"));
    assertEquals(0.25, whole("0X1P-2"));
    assertEquals(Double.POSITIVE_INFINITY, whole("inf"));
    assertEquals(Double.POSITIVE_INFINITY, whole("+Infinity"));
    assertEquals(Double.NEGATIVE_INFINITY, whole("-INF"));
    assertEquals(Double.MIN_VALUE, whole("4.9e-324"));
    assertEquals(0.0, whole("0e-999"));
    assertTrue(1 / whole("-0") < 0);
    assertEquals(9007199254740993.0, whole("9007199254740993"));
  }

  @Test
  void wholeArgumentsRefuseJunkNaNAndOverflow() {
    for (String bad : new String[] {"", " 1", "1 ", "1e", "0x", "nan", "-nan", "nan(1)", "infinit", "1e400",
        "-1e400", "1e-400", "0x1p99999", "1\0", "abc", "--1", "."}) {
      CommandException e = assertThrows(CommandException.class, () -> whole(bad), "'" + bad + "'");
      assertEquals("ERR bad", e.getMessage());
    }
  }

  @Test
  void rangeBoundsAreLenientLikeStrtodItself() {
    assertEquals(0.0, Strtod.parseBound(b(""), 0));
    assertEquals(0.0, Strtod.parseBound(b("("), 1));
    assertEquals(2.0, Strtod.parseBound(b(" \t2"), 0));
    assertEquals(Double.POSITIVE_INFINITY, Strtod.parseBound(b("1e400"), 0));
    assertEquals(1.0, Strtod.parseBound(b("(1\0junk"), 1));
    assertTrue(Double.isNaN(Strtod.parseBound(b(" "), 0)));
    assertTrue(Double.isNaN(Strtod.parseBound(b("1x"), 0)));
    assertTrue(Double.isNaN(Strtod.parseBound(b("nan"), 0)));
    assertTrue(Double.isNaN(Strtod.parseBound(b("(("), 1)));
  }
}
