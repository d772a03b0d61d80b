package io.verdis.script.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * math.random and math.randomseed as Redis replaces them (deps/lua/src/lmathlib.c on top of Redis's rand.c):
 * redisLrand48, the 48-bit linear congruential generator of drand48 (x = 0x5DEECE66D x + 0xB mod 2^48, output
 * its top 31 bits), starting from the same state as a fresh redis-server and reseeded by randomseed as
 * redisSrand48 does, so a script that seeds gets Redis's numbers. One generator per Lua state, as Redis has one
 * per process.
 */
final class RedisRandom {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long MASK = (1L << 48) - 1;
  private static final int LRAND48_MAX = Integer.MAX_VALUE;

  private long state = 0x1234ABCD330EL;

  private RedisRandom() {
  }

  static void install(LuaTable math) {
    RedisRandom random = new RedisRandom();
    math.set("random", LuaArgs.function("random", random::random));
    math.set("randomseed", LuaArgs.function("randomseed", args -> {
      random.seed(LuaArgs.checkInt(args, 1, "randomseed"));
      return LuaValue.NONE;
    }));
  }

  /** redisSrand48: the seed's two 16-bit halves above the fixed low word 0x330E. */
  void seed(int seed) {
    state = ((seed & 0xffffffffL) << 16 | 0x330E) & MASK;
  }

  int lrand48() {
    state = (state * MULTIPLIER + 0xB) & MASK;
    return (int) (state >>> 17);
  }

  private Varargs random(Varargs args) {
    double r = (double) (lrand48() % LRAND48_MAX) / LRAND48_MAX;
    switch (args.narg()) {
      case 0:
        return LuaValue.valueOf(r);
      case 1: {
        int u = LuaArgs.checkInt(args, 1, "random");
        if (u < 1) {
          throw LuaArgs.argError(1, "random", "interval is empty");
        }
        return LuaValue.valueOf(Math.floor(r * u) + 1);
      }
      case 2: {
        int l = LuaArgs.checkInt(args, 1, "random");
        int u = LuaArgs.checkInt(args, 2, "random");
        if (l > u) {
          throw LuaArgs.argError(2, "random", "interval is empty");
        }
        return LuaValue.valueOf(Math.floor(r * ((double) u - l + 1)) + l);
      }
      default:
        throw new LuaError("wrong number of arguments");
    }
  }
}
