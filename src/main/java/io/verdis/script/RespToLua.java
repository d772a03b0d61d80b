package io.verdis.script;

import io.netty.buffer.ByteBuf;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;

/**
 * A command's reply, as the RESP it was encoded in, turned into the Lua value redis.call returns
 * (Redis's redisProtocolToLuaType): integers are numbers, bulk strings strings, a null is false in
 * RESP2 and nil in RESP3, a status is {ok=…}, an error {err=…}, RESP3 maps, sets, doubles, big
 * numbers and verbatim strings are tables with a field named after their type.
 */
final class RespToLua {
  private static final LuaString OK = LuaString.valueOf("ok");
  static final LuaString ERR = LuaString.valueOf("err");
  private static final LuaString DOUBLE = LuaString.valueOf("double");
  private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
  private static final LuaString MAP = LuaString.valueOf("map");
  private static final LuaString SET = LuaString.valueOf("set");
  private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
  private static final LuaString FORMAT = LuaString.valueOf("format");
  private static final LuaString STRING = LuaString.valueOf("string");

  private RespToLua() {
  }

  /** The first reply in {@code in}, read from its reader index (which moves past it). */
  static LuaValue read(ByteBuf in) {
    byte type = in.readByte();
    switch (type) {
      case ':' -> {
        return LuaValue.valueOf((double) number(in));
      }
      case '$' -> {
        int length = (int) number(in);
        if (length < 0) {
          return LuaValue.FALSE;
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        in.skipBytes(2);
        return LuaString.valueOf(bytes);
      }
      case '+' -> {
        return single(OK, LuaString.valueOf(lineBytes(in)));
      }
      case '-' -> {
        return single(ERR, LuaString.valueOf(lineBytes(in)));
      }
      case '*', '>' -> {
        int count = (int) number(in);
        if (count < 0) {
          return LuaValue.FALSE;
        }
        LuaTable table = new LuaTable(count, 0);
        for (int i = 1; i <= count; i++) {
          table.rawset(i, read(in));
        }
        return table;
      }
      case '_' -> {
        line(in);
        return LuaValue.NIL;
      }
      case '#' -> {
        return LuaValue.valueOf(line(in).equals("t"));
      }
      case ',' -> {
        return single(DOUBLE, LuaValue.valueOf(parseDouble(line(in))));
      }
      case '(' -> {
        return single(BIG_NUMBER, LuaString.valueOf(lineBytes(in)));
      }
      case '%' -> {
        int pairs = Integer.parseInt(line(in));
        LuaTable map = new LuaTable(0, pairs);
        for (int i = 0; i < pairs; i++) {
          LuaValue key = read(in);
          map.rawset(key, read(in));
        }
        return single(MAP, map);
      }
      case '~' -> {
        int count = Integer.parseInt(line(in));
        LuaTable set = new LuaTable(0, count);
        for (int i = 0; i < count; i++) {
          set.rawset(read(in), LuaValue.TRUE);
        }
        return single(SET, set);
      }
      case '=' -> {
        int length = Integer.parseInt(line(in));
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        in.skipBytes(2);
        LuaTable verbatim = new LuaTable();
        verbatim.rawset(FORMAT, LuaString.valueOf(new String(bytes, 0, 3, StandardCharsets.US_ASCII)));
        verbatim.rawset(STRING, LuaString.valueOf(bytes, 4, bytes.length - 4));
        return single(VERBATIM, verbatim);
      }
      case '|' -> {
        int pairs = Integer.parseInt(line(in));
        for (int i = 0; i < 2 * pairs; i++) {
          read(in);
        }
        return read(in);
      }
      default -> throw new IllegalStateException("unexpected reply type " + (char) type);
    }
  }

  /** The error text of a reply {@link #read} turned into {@code {err=…}}, else null. */
  static LuaValue error(LuaValue value) {
    if (value instanceof LuaTable table) {
      LuaValue err = table.rawget(ERR);
      return err.isnil() ? null : err;
    }
    return null;
  }

  static LuaTable single(LuaString field, LuaValue value) {
    LuaTable table = new LuaTable(0, 1);
    table.rawset(field, value);
    return table;
  }

  private static double parseDouble(String text) {
    return switch (text) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  /** The integer up to the line's end (a length, a count, an integer reply), read in place. */
  private static long number(ByteBuf in) {
    boolean negative = in.getByte(in.readerIndex()) == '-';
    if (negative) {
      in.skipBytes(1);
    }
    long value = 0;
    byte b;
    while ((b = in.readByte()) != '\r') {
      value = value * 10 + (b - '0');
    }
    in.skipBytes(1);
    return negative ? -value : value;
  }

  private static byte[] lineBytes(ByteBuf in) {
    int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
    byte[] bytes = new byte[end - in.readerIndex()];
    in.readBytes(bytes);
    in.skipBytes(2);
    return bytes;
  }

  private static String line(ByteBuf in) {
    return new String(lineBytes(in), StandardCharsets.US_ASCII);
  }
}
