package io.verdis.script.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.compiler.FuncState;
import org.luaj.vm2.compiler.LexState;

/**
 * Numbers print as Lua 5.1's "%.14g" and strings read as numbers as 5.1 reads them because our org.luaj.vm2.LuaDouble
 * and LuaString shadow LuaJ's: these checks need no redis-server (the expected texts are what Redis 7.0 returns), so
 * they run everywhere and catch a class path where LuaJ's own classes win.
 */
class LuaNumberTextTest {
  private final Globals globals = LuaSideBySide.sandboxLikeGlobals();

  private String run(String snippet) {
    return globals.load(snippet, "@user_script").call().tojstring();
  }

  @Test
  void theShadowingLuajClassesAreTheOnesLoaded() {
    for (Class<?> shadowing : new Class<?>[] {LuaDouble.class, LuaInteger.class, LuaString.class, FuncState.class,
        LexState.class}) {
      String source = shadowing.getProtectionDomain().getCodeSource().getLocation().toString();
      assertFalse(source.contains("luaj-jse"), shadowing.getSimpleName() + " comes from " + source);
    }
  }

  @Test
  void minusZeroIsMinusZero() {
    // The literal -0 shares the constant 0 written before it, so it prints "0", as in Redis.
    assertEquals("0 -0 -0 0", run("local z = 0 return tostring(-0) .. ' ' .. tostring(-z) .. ' ' .. tostring(z * -1)"
        + " .. ' ' .. tostring(-z + 0)"));
  }

  @Test
  void stringsReadAsNumbersAsStrtodReadsThem() {
    assertEquals("32 25 5 -12 inf", run("return table.concat({' 0x10 ' * 2, '1e2' / 4, ' 5\t' + 0, '-12' + 0,"
        + " 'inf' + 0}, ' ')"));
  }

  @Test
  void aStringThatIsNotANumberIsALuaErrorInArithmetic() {
    // LuaJ's own scanner threw ArrayIndexOutOfBoundsException on these.
    assertEquals("false false", run("return tostring(pcall(function() return '0x' + 0 end)) .. ' '"
        + " .. tostring(pcall(function() return '1e' + 0 end))"));
  }

  @Test
  void tostringWritesPercent14g() {
    assertEquals("0.1 1e+15 0.33333333333333 9.007199254741e+15 1e+100 2147483648 1.4142135623731",
        run("return table.concat({tostring(0.1), tostring(1e15), tostring(1/3), tostring(2^53), tostring(1e100),"
            + " tostring(2^31), tostring(2^0.5)}, ' ')"));
  }

  @Test
  void concatenationAndFormatUseTheSameText() {
    assertEquals("0.33333333333333|9.007199254741e+15|0.1,1e+20", run(
        "return (1/3) .. '|' .. string.format('%s', 2^53) .. '|' .. table.concat({0.1, 1e20}, ',')"));
  }

  @Test
  void nanAndInfinityPrintAsGlibcDoes() {
    assertEquals("-nan nan inf -inf -nan", run(
        "return tostring(0/0) .. ' ' .. tostring(-(0/0)) .. ' ' .. tostring(1/0) .. ' ' .. tostring(-1/0)"
            + " .. ' ' .. tostring(5 % 0)"));
  }

  @Test
  void cFormatRoundsTheExactBinaryValueHalfToEven() {
    assertEquals("2.67 0.12 2 4 1.000000e-05 1e-05 100000", String.join(" ",
        CFormat.format(2.675, 'f', "", -1, 2), CFormat.format(0.125, 'f', "", -1, 2),
        CFormat.format(2.5, 'f', "", -1, 0), CFormat.format(3.5, 'f', "", -1, 0),
        CFormat.format(1e-5, 'e', "", -1, -1), CFormat.g(1e-5, 6, false), CFormat.g(1e5, 6, false)));
  }
}
