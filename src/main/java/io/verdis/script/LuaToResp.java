package io.verdis.script;

import io.verdis.net.RespWriter;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * A script's return value as the client's reply (Redis's luaReplyToRedisReply): numbers are
 * integers (truncated), strings bulk strings, tables arrays up to their first nil, {err=…} an
 * error, {ok=…} a status, and {double=…}, {big_number=…}, {map=…}, {set=…} the RESP3 types (which
 * a RESP2 client gets as bulk strings and flat arrays). A boolean depends on the protocol the
 * script chose with redis.setresp: true is 1 and false a null under RESP2, a boolean under RESP3.
 */
final class LuaToResp {
  private static final LuaString ERR = LuaString.valueOf("err");
  private static final LuaString OK = LuaString.valueOf("ok");
  private static final LuaString DOUBLE = LuaString.valueOf("double");
  private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
  private static final LuaString MAP = LuaString.valueOf("map");
  private static final LuaString SET = LuaString.valueOf("set");
  private static final byte[] CRLF = {'\r', '\n'};

  private LuaToResp() {
  }

  static void write(LuaValue value, RespWriter reply, int scriptResp) {
    switch (value.type()) {
      case LuaValue.TSTRING -> {
        LuaString string = value.checkstring();
        reply.bulk(bytes(string));
      }
      case LuaValue.TNUMBER -> reply.integer((long) value.todouble());
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
    if (err.isstring()) {
      reply.error(oneLine(err.tojstring()));
      return;
    }
    LuaValue ok = table.rawget(OK);
    if (ok.isstring()) {
      reply.raw(new byte[] {'+'});
      reply.raw(oneLine(bytes(ok.checkstring())));
      reply.raw(CRLF);
      return;
    }
    LuaValue dbl = table.rawget(DOUBLE);
    if (dbl.isnumber()) {
      reply.doubleValue(dbl.todouble());
      return;
    }
    LuaValue big = table.rawget(BIG_NUMBER);
    if (big.isstring()) {
      if (reply.resp3()) {
        reply.raw(new byte[] {'('});
        reply.raw(oneLine(bytes(big.checkstring())));
        reply.raw(CRLF);
      } else {
        reply.bulk(bytes(big.checkstring()));
      }
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

  /** Redis turns the line breaks of a status or error into spaces: a reply line cannot hold one. */
  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }

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
