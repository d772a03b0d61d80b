package io.verdis.script;

import io.verdis.net.RespWriter;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A script's return value as the client's reply (Redis's luaReplyToRedisReply): numbers are
 * integers (truncated), strings bulk strings, tables arrays up to their first nil, {err=…} an
 * error, {ok=…} a status, and {double=…}, {big_number=…}, {verbatim_string=…}, {map=…}, {set=…}
 * the RESP3 types (which a RESP2 client gets as bulk strings and flat arrays). A boolean depends
 * on the protocol the script chose with redis.setresp: true is 1 and false a null under RESP2, a
 * boolean under RESP3. A field counts only with the exact Lua type Redis checks (lua_type): {ok=1}
 * or {double='2'} is an ordinary (empty) array there, though LuaJ's isstring/isnumber would accept them.
 */
final class LuaToResp {
  private static final LuaString ERR = LuaString.valueOf("err");
  private static final LuaString OK = LuaString.valueOf("ok");
  private static final LuaString DOUBLE = LuaString.valueOf("double");
  private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
  private static final LuaString MAP = LuaString.valueOf("map");
  private static final LuaString SET = LuaString.valueOf("set");
  private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
  private static final LuaString FORMAT = LuaString.valueOf("format");
  private static final LuaString STRING = LuaString.valueOf("string");
  /** 2^63: the first double a C cast to long long cannot hold. */
  private static final double TWO_TO_63 = 0x1p63;
  private static final byte[] CRLF = {'\r', '\n'};

  private LuaToResp() {
  }

  static void write(LuaValue value, RespWriter reply, int scriptResp) {
    switch (value.type()) {
      case LuaValue.TSTRING -> {
        LuaString string = value.checkstring();
        reply.bulk(bytes(string));
      }
      case LuaValue.TNUMBER -> reply.integer(toLongLong(value.todouble()));
      case LuaValue.TBOOLEAN -> {
        if (scriptResp == 2) {
          if (value.toboolean()) {
            reply.integer(1);
          } else {
            reply.nullBulk();
          }
        } else {
          reply.bool(value.toboolean());
        }
      }
      case LuaValue.TTABLE -> table((LuaTable) value, reply, scriptResp);
      default -> reply.nullBulk();
    }
  }

  private static void table(LuaTable table, RespWriter reply, int scriptResp) {
    LuaValue err = table.rawget(ERR);
    if (err.type() == LuaValue.TSTRING) {
      // addReplyErrorFormatEx("-%s"): line breaks at the end go, those inside become spaces.
      line((byte) '-', trimEnd(cString(err.checkstring())), reply);
      return;
    }
    LuaValue ok = table.rawget(OK);
    if (ok.type() == LuaValue.TSTRING) {
      line((byte) '+', cString(ok.checkstring()), reply);
      return;
    }
    LuaValue dbl = table.rawget(DOUBLE);
    if (dbl.type() == LuaValue.TNUMBER) {
      doubleValue(dbl.todouble(), reply);
      return;
    }
    LuaValue big = table.rawget(BIG_NUMBER);
    if (big.type() == LuaValue.TSTRING) {
      byte[] digits = oneLine(bytes(big.checkstring()));
      if (reply.resp3()) {
        reply.raw(new byte[] {'('});
        reply.raw(digits);
        reply.raw(CRLF);
      } else {
        reply.bulk(digits);
      }
      return;
    }
    if (verbatim(table.rawget(VERBATIM), reply)) {
      return;
    }
    LuaValue map = table.rawget(MAP);
    if (map.istable()) {
      LuaTable pairs = (LuaTable) map;
      reply.map(count(pairs));
      forEach(pairs, (key, value) -> {
        write(key, reply, scriptResp);
        write(value, reply, scriptResp);
      });
      return;
    }
    LuaValue set = table.rawget(SET);
    if (set.istable()) {
      LuaTable members = (LuaTable) set;
      reply.set(count(members));
      forEach(members, (key, value) -> write(key, reply, scriptResp));
      return;
    }
    int length = 0;
    while (!table.rawget(length + 1).isnil()) {
      length++;
    }
    reply.array(length);
    for (int i = 1; i <= length; i++) {
      write(table.rawget(i), reply, scriptResp);
    }
  }

  /**
   * A C cast of a double to long long, as x86-64 does it (cvttsd2si, what Redis's
   * {@code (long long)lua_tonumber} compiles to): NaN and anything out of range give the
   * "integer indefinite" value, Long.MIN_VALUE, where Java's cast would saturate.
   */
  static long toLongLong(double value) {
    return value >= -TWO_TO_63 && value < TWO_TO_63 ? (long) value : Long.MIN_VALUE;
  }

  /** Redis's addReplyDouble, with a NaN as {@link #nanText} prints it. */
  private static void doubleValue(double value, RespWriter reply) {
    if (!Double.isNaN(value)) {
      reply.doubleValue(value);
      return;
    }
    byte[] text = nanText();
    if (reply.resp3()) {
      reply.raw(new byte[] {','});
      reply.raw(text);
      reply.raw(CRLF);
    } else {
      reply.bulk(text);
    }
  }

  /**
   * A NaN as Redis on x86-64 prints it with %.17g: "-nan", since the NaN its Lua computes (0/0,
   * inf-inf) is the CPU's default one, whose sign bit is set. LuaJ's NaN carries no such sign.
   */
  static byte[] nanText() {
    return "-nan".getBytes(StandardCharsets.US_ASCII);
  }

  /** {verbatim_string={format=…, string=…}}: a RESP3 verbatim string (a bulk string in RESP2); false if not one. */
  private static boolean verbatim(LuaValue value, RespWriter reply) {
    if (!(value instanceof LuaTable verbatim)) {
      return false;
    }
    LuaValue format = verbatim.rawget(FORMAT);
    LuaValue text = verbatim.rawget(STRING);
    if (format.type() != LuaValue.TSTRING || text.type() != LuaValue.TSTRING) {
      return false;
    }
    byte[] bytes = bytes(text.checkstring());
    if (!reply.resp3()) {
      reply.bulk(bytes);
      return true;
    }
    byte[] type = {' ', ' ', ' ', ':'};
    byte[] given = bytes(format.checkstring());
    System.arraycopy(given, 0, type, 0, Math.min(3, given.length));
    reply.raw(("=" + (bytes.length + 4) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    reply.raw(type);
    reply.raw(bytes);
    reply.raw(CRLF);
    return true;
  }

  private interface PairSink {
    void accept(LuaValue key, LuaValue value);
  }

  private static void forEach(LuaTable table, PairSink sink) {
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs next = table.next(key);
      key = next.arg1();
      if (key.isnil()) {
        return;
      }
      sink.accept(key, next.arg(2));
    }
  }

  private static int count(LuaTable table) {
    int[] count = {0};
    forEach(table, (key, value) -> count[0]++);
    return count[0];
  }

  static byte[] bytes(LuaString string) {
    byte[] bytes = new byte[string.m_length];
    System.arraycopy(string.m_bytes, string.m_offset, bytes, 0, string.m_length);
    return bytes;
  }

  /** A status or error line of these bytes, as they are (binary too): {@code type} first, CRLF after. */
  private static void line(byte type, byte[] text, RespWriter reply) {
    reply.raw(new byte[] {type});
    reply.raw(oneLine(text));
    reply.raw(CRLF);
  }

  /** The bytes Redis's sdsnew(lua_tostring(…)) keeps of a Lua string: those before its first NUL. */
  private static byte[] cString(LuaString string) {
    byte[] bytes = bytes(string);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return Arrays.copyOf(bytes, i);
      }
    }
    return bytes;
  }

  private static byte[] trimEnd(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && (bytes[end - 1] == '\r' || bytes[end - 1] == '\n')) {
      end--;
    }
    return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
  }

  /** Redis turns the line breaks of a status or error into spaces: a reply line cannot hold one. */
  private static byte[] oneLine(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r' || bytes[i] == '\n') {
        bytes[i] = ' ';
      }
    }
    return bytes;
  }

  static String text(LuaString string) {
    return new String(string.m_bytes, string.m_offset, string.m_length, StandardCharsets.UTF_8);
  }
}
