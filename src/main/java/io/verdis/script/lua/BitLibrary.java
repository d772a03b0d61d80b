package io.verdis.script.lua;

import java.util.function.IntBinaryOperator;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code bit} table as Redis bundles it (LuaBitOp 1.0.2, deps/lua/src/lua_bit.c): 32-bit operations whose
 * results are signed 32-bit numbers. Arguments are normalised as LuaBitOp's barg does: add 2^52+2^51 to the double
 * and keep the low 32 bits of its representation, which rounds to nearest even and wraps modulo 2^32.
 */
final class BitLibrary {
  private BitLibrary() {
  }

  static LuaTable create() {
    LuaTable bit = new LuaTable();
    bit.set("tobit", LuaArgs.function("tobit", args -> LuaValue.valueOf(arg(args, 1, "tobit"))));
    bit.set("bnot", LuaArgs.function("bnot", args -> LuaValue.valueOf(~arg(args, 1, "bnot"))));
    bit.set("band", fold("band", (a, b) -> a & b));
    bit.set("bor", fold("bor", (a, b) -> a | b));
    bit.set("bxor", fold("bxor", (a, b) -> a ^ b));
    bit.set("lshift", shift("lshift", (b, n) -> b << n));
    bit.set("rshift", shift("rshift", (b, n) -> b >>> n));
    bit.set("arshift", shift("arshift", (b, n) -> b >> n));
    bit.set("rol", shift("rol", Integer::rotateLeft));
    bit.set("ror", shift("ror", Integer::rotateRight));
    bit.set("bswap", LuaArgs.function("bswap", args -> LuaValue.valueOf(Integer.reverseBytes(arg(args, 1, "bswap")))));
    bit.set("tohex", LuaArgs.function("tohex", BitLibrary::tohex));
    return bit;
  }

  /** barg: lua_tonumber, then the 2^52+2^51 trick; a non-number is an error only when that gives 0, as in 5.1. */
  private static int arg(Varargs args, int n, String function) {
    Double number = LuaArgs.toNumber(args.arg(n));
    int bits = (int) Double.doubleToRawLongBits((number == null ? 0 : number) + 6755399441055744.0);
    if (bits == 0 && number == null) {
      throw LuaArgs.typeError(args, n, function, "number");
    }
    return bits;
  }

  /** band, bor, bxor: the first argument, then the others from the last to the second, as LuaBitOp reads them. */
  private static LuaValue fold(String name, IntBinaryOperator op) {
    return LuaArgs.function(name, args -> {
      int b = arg(args, 1, name);
      for (int i = args.narg(); i > 1; i--) {
        b = op.applyAsInt(b, arg(args, i, name));
      }
      return LuaValue.valueOf(b);
    });
  }

  private static LuaValue shift(String name, IntBinaryOperator op) {
    return LuaArgs.function(name, args -> {
      int b = arg(args, 1, name);
      int n = arg(args, 2, name) & 31;
      return LuaValue.valueOf(op.applyAsInt(b, n));
    });
  }

  private static Varargs tohex(Varargs args) {
    int b = arg(args, 1, "tohex");
    int n = args.narg() < 2 ? 8 : arg(args, 2, "tohex");
    String digits = "0123456789abcdef";
    if (n < 0) {
      n = -n;
      digits = "0123456789ABCDEF";
    }
    if (n > 8) {
      n = 8;
    }
    char[] hex = new char[Math.max(n, 0)];
    for (int i = n - 1; i >= 0; i--) {
      hex[i] = digits.charAt(b & 15);
      b >>>= 4;
    }
    return LuaValue.valueOf(new String(hex));
  }
}
