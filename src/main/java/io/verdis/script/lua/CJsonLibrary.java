package io.verdis.script.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code cjson} table as Redis bundles it (lua-cjson 2.1.0, deps/lua/src/lua_cjson.c): encode, decode, null,
 * new, and the configuration functions with their defaults, argument checks and return values. The settings belong
 * to one module table ({@code cjson.new()} makes another) and last as long as the Lua state, as in Redis.
 */
final class CJsonLibrary {
  /**
   * cjson.null: lua-cjson's NULL light userdata. Every NULL light userdata is the same value in Lua 5.1, so one
   * instance serves all module tables; 5.1 prints it "userdata: (nil)" (glibc's %p of NULL).
   */
  static final LuaValue NULL = new LuaUserdata(new Object()) {
    @Override
    public String tojstring() {
      return "userdata: (nil)";
    }
  };

  /** The settings one module table's functions share (lua-cjson's json_config_t). */
  static final class Config {
    boolean sparseConvert = false;
    int sparseRatio = 2;
    int sparseSafe = 10;
    int encodeMaxDepth = 1000;
    int decodeMaxDepth = 1000;
    /** 0 "off", 1 "on", 2 "null". */
    int encodeInvalidNumbers = 0;
    boolean decodeInvalidNumbers = true;
    boolean encodeKeepBuffer = true;
    int encodeNumberPrecision = 14;
  }

  private static final String[] ON_OFF = {"off", "on"};
  private static final String[] ON_OFF_NULL = {"off", "on", "null"};

  private CJsonLibrary() {
  }

  static LuaTable create() {
    Config config = new Config();
    LuaTable cjson = new LuaTable();
    cjson.set("encode", LuaArgs.function("encode", args -> {
      expectOneArgument(args, "encode");
      return new CJsonEncoder(config).encode(args.arg1());
    }));
    cjson.set("decode", LuaArgs.function("decode", args -> {
      expectOneArgument(args, "decode");
      return new CJsonDecoder(config, LuaArgs.checkString(args, 1, "decode")).decode();
    }));
    cjson.set("encode_sparse_array", LuaArgs.function("encode_sparse_array", args -> {
      checkOptionCount(args, 3, "encode_sparse_array");
      int convert = enumOption(args, 1, config.sparseConvert ? 1 : 0, ON_OFF, 1, "encode_sparse_array");
      config.sparseConvert = convert == 1;
      config.sparseRatio = integerOption(args, 2, config.sparseRatio, 0, Integer.MAX_VALUE, "encode_sparse_array");
      config.sparseSafe = integerOption(args, 3, config.sparseSafe, 0, Integer.MAX_VALUE, "encode_sparse_array");
      return LuaValue.varargsOf(LuaValue.valueOf(config.sparseConvert), LuaValue.valueOf(config.sparseRatio),
          LuaValue.valueOf(config.sparseSafe));
    }));
    cjson.set("encode_max_depth", LuaArgs.function("encode_max_depth", args -> {
      checkOptionCount(args, 1, "encode_max_depth");
      config.encodeMaxDepth = integerOption(args, 1, config.encodeMaxDepth, 1, Integer.MAX_VALUE, "encode_max_depth");
      return LuaValue.valueOf(config.encodeMaxDepth);
    }));
    cjson.set("decode_max_depth", LuaArgs.function("decode_max_depth", args -> {
      checkOptionCount(args, 1, "decode_max_depth");
      config.decodeMaxDepth = integerOption(args, 1, config.decodeMaxDepth, 1, Integer.MAX_VALUE, "decode_max_depth");
      return LuaValue.valueOf(config.decodeMaxDepth);
    }));
    cjson.set("encode_number_precision", LuaArgs.function("encode_number_precision", args -> {
      checkOptionCount(args, 1, "encode_number_precision");
      config.encodeNumberPrecision = integerOption(args, 1, config.encodeNumberPrecision, 1, 14,
          "encode_number_precision");
      return LuaValue.valueOf(config.encodeNumberPrecision);
    }));
    cjson.set("encode_keep_buffer", LuaArgs.function("encode_keep_buffer", args -> {
      checkOptionCount(args, 1, "encode_keep_buffer");
      config.encodeKeepBuffer = enumOption(args, 1, config.encodeKeepBuffer ? 1 : 0, ON_OFF, 1,
          "encode_keep_buffer") == 1;
      return LuaValue.valueOf(config.encodeKeepBuffer);
    }));
    cjson.set("encode_invalid_numbers", LuaArgs.function("encode_invalid_numbers", args -> {
      checkOptionCount(args, 1, "encode_invalid_numbers");
      config.encodeInvalidNumbers = enumOption(args, 1, config.encodeInvalidNumbers, ON_OFF_NULL, 1,
          "encode_invalid_numbers");
      return config.encodeInvalidNumbers == 2 ? LuaValue.valueOf("null")
          : LuaValue.valueOf(config.encodeInvalidNumbers == 1);
    }));
    cjson.set("decode_invalid_numbers", LuaArgs.function("decode_invalid_numbers", args -> {
      checkOptionCount(args, 1, "decode_invalid_numbers");
      config.decodeInvalidNumbers = enumOption(args, 1, config.decodeInvalidNumbers ? 1 : 0, ON_OFF, 1,
          "decode_invalid_numbers") == 1;
      return LuaValue.valueOf(config.decodeInvalidNumbers);
    }));
    cjson.set("new", LuaArgs.function("new", args -> create()));
    cjson.set("null", NULL);
    cjson.set("_NAME", "cjson");
    cjson.set("_VERSION", "2.1.0");
    return cjson;
  }

  private static void expectOneArgument(Varargs args, String function) {
    if (args.narg() != 1) {
      throw LuaArgs.argError(1, function, "expected 1 argument");
    }
  }

  /** json_arg_init: at most {@code count} arguments. */
  private static void checkOptionCount(Varargs args, int count, String function) {
    if (args.narg() > count) {
      throw LuaArgs.argError(count + 1, function, "found too many arguments");
    }
  }

  /** json_integer_option: nil keeps the setting; otherwise an integer in [min, max]. */
  private static int integerOption(Varargs args, int n, int setting, int min, int max, String function) {
    if (args.arg(n).isnil()) {
      return setting;
    }
    long value = (int) LuaArgs.checkInteger(args, n, function);
    if (value < min || value > max) {
      // lua-cjson checks every option against argument #1, whichever it is.
      throw LuaArgs.argError(1, function, "expected integer between " + min + " and " + max);
    }
    return (int) value;
  }

  /** json_enum_option: nil keeps the setting; a boolean means options[0] or options[boolTrue]; else a name. */
  private static int enumOption(Varargs args, int n, int setting, String[] options, int boolTrue, String function) {
    LuaValue value = args.arg(n);
    if (value.isnil()) {
      return setting;
    }
    if (value.isboolean()) {
      return value.toboolean() ? boolTrue : 0;
    }
    LuaString name = LuaArgs.checkString(args, n, function);
    for (int i = 0; i < options.length; i++) {
      if (name.tojstring().equals(options[i])) {
        return i;
      }
    }
    throw LuaArgs.argError(n, function, "invalid option '" + name.tojstring() + "'");
  }
}
