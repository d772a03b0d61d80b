package io.verdis.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lua libraries Redis bundles (cjson, cmsgpack, bit, struct) and the Lua 5.1 behaviour scripts rely on
 * (numbers as text, string.format, tonumber, unpack, table.getn …), through the real path: EVAL on Verdis, in its
 * sandbox, against EVAL on redis-server, reply for reply; and syntax errors, worded as Lua 5.1 words them.
 * io.verdis.script.lua.LuaLibrariesTest covers each library in depth without the server; this pins down that the
 * scripting engine installs them as Redis has them.
 */
class ScriptLibrariesMatchRedisTest extends RawSocketTestBase {
  private static final String SNIPPETS = """
      return tostring(0.1)
      return tostring(-(0/0))
      return tostring(123456789012)
      return tostring("0x10" + 0)
      return type(gcinfo)
      return math.fmod(-7, 3)
      return type(table.unpack)
      return type(getfenv)
      return tostring(10 % 3.5)
      return tostring(math.max(1, 2.5))
      return string.gsub('hello world', 'o', '0')
      return tostring(math.sqrt(-1))
      return 1e100 .. '|' .. 2^53 .. '|' .. 3.0 .. '|' .. -7 .. '|' .. 2^31 .. '|' .. 2^32 .. '|' .. -2^31 - 1
      return select('#', unpack({1, 2, 3})) .. ' ' .. select('#', unpack({1, 2, 3}, 2)) .. ' ' .. select('#', unpack({1, 2, 3}, 2, 5)) .. ' ' .. tostring(unpack({}))
      return table.foreachi({10, 20, 30}, function(i, v) if v == 20 then return 'found' .. i end end)
      return tostring(1/3 * 3 == 1) .. ' ' .. 7 % 3 .. ' ' .. -7 % 3 .. ' ' .. 7 % -3 .. ' ' .. 5.5 % 2 .. ' ' .. 2^10 .. ' ' .. 10 / 4
      local t = {1, 2, 3} return select('#', table.remove(t, 5)) .. '|' .. table.concat(t, ',')
      return tostring("1e2" + 0)
      return tostring(-"2")
      return tostring(#"abc" + 0.5)
      return tostring(next({}))
      return string.gsub("abc", "", "-")
      return tostring(select("#", string.byte("hello", 1, -1)))
      return select('#') .. select('#', 1, nil, nil) .. tostring(select(2, 'a', 'b', 'c')) .. tostring(select(-1, 'a', 'b')) .. select('#', select(5, 1, 2))
      local z = 0 local t = {} t[-z] = 'negzero' return tostring(t[0])
      return string.format('%s', 0.1)
      return string.format('%g', 0.1)
      return string.format('%5.2s|', 'abc')
      return string.format('%c', 65)
      return string.format('%X', 3000000000)
      return string.format('%5.3s', 'abcdef')
      return string.format('%d %i %5d|%-5d|%05d|%+d|% d|%.3d|%.0d|', 42, -42, 42, 42, 42, 42, 42, 7, 0)
      return string.format('%x %X %o %#x %#X %#o %08x %-8x| %.4x', 255, 255, 8, 255, 255, 8, 255, 255, 10)
      return string.format('%e %E %.2e %10.3e|%-12e|%+e', 12345.678, 0.000123, 1/3, 1e300, 1, 5)
      return string.format('%.3g %.10g %#g %#.3g %G %.0g %10.2g|%-10g|', 1/3, 2^40, 1, 100, 1e-10, 123, 0.000123, 5)
      return string.format('%s %s %s', 1, 0.1, 2^53)
      return string.format('%q', 'a\\nb\\0c"\\\\\\r\\t\\1é')
      return string.format('%5.2f', '3.14159')
      return string.format('%g|%g|%g', 1e15, 1e16, 123456789)
      return string.format("%s", 1e15)
      return tostring(tonumber("0x10"))
      return tostring(tonumber("z", 36))
      return tostring(tonumber("inf"))
      return tostring(tonumber("-0x10"))
      return tostring(tonumber('10', 16)) .. ' ' .. tostring(tonumber('ff', 16)) .. ' ' .. tostring(tonumber('0xff', 16)) .. ' ' .. tostring(tonumber('z', 36)) .. ' ' .. tostring(tonumber('777', 8)) .. ' ' .. tostring(tonumber('8', 8)) .. ' ' .. tostring(tonumber(' 11 ', 2)) .. ' ' .. tostring(tonumber('-ff', 16)) .. ' ' .. tostring(tonumber('', 16)) .. ' ' .. tostring(tonumber('ffffffffffffffffff', 16)) .. ' ' .. tostring(tonumber(10, 16))
      return cjson.encode_max_depth() .. ' ' .. cjson.decode_max_depth() .. ' ' .. tostring(cjson.encode_keep_buffer()) .. ' ' .. tostring(cjson.encode_invalid_numbers()) .. ' ' .. tostring(cjson.decode_invalid_numbers()) .. ' ' .. cjson.encode_number_precision()
      return tostring(rawequal(cjson.null, cjson.decode('null')))
      return cjson.encode({[1]=1,[2]=2,[4]=4})
      return cjson.encode(0.1)
      return cjson.encode(2^53)
      return cjson.encode(true)
      return cjson.encode({cjson.null, false})
      cjson.encode_invalid_numbers(true) local s = cjson.encode({1/0, -1/0, 0/0}) cjson.encode_invalid_numbers(false) return s
      cjson.encode_sparse_array(true) local s = cjson.encode({[1]=1,[20]=2}) cjson.encode_sparse_array(false) return s
      return cjson.encode({[1]=1,[11]=2, [3]=3, [4]=4, [5]=5, [6]=6})
      return tostring(cjson.decode('1e2'))
      return tostring(cjson.decode(' 12 '))
      return tostring(cjson.decode('nan'))
      return cjson.decode('"\\\\u0000x"')
      return cjson.decode('[1,2,3]')[3]
      return cjson.encode(12345678901234567890)
      local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return #cjson.encode(t)
      return cmsgpack.pack(true, false, nil, cjson.null, function() end)
      return cjson.encode({cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)})
      return cjson.encode({cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0)})
      return cjson.encode(cmsgpack.unpack('\\147\\1\\192\\3'))
      return cjson.encode({struct.unpack('<I8', '\\255\\255\\255\\255\\255\\255\\255\\255')})
      return cjson.encode({struct.unpack('f d', struct.pack('f d', 1.5, 0.1))})
      return cjson.encode({struct.unpack('b c0', '\\3abcdef')})
      return cjson.encode({struct.unpack('>i', struct.pack('>i', -2147483648))})
      return cmsgpack._NAME .. '|' .. cmsgpack._VERSION .. '|' .. cmsgpack._COPYRIGHT .. '|' .. cmsgpack._DESCRIPTION
      return cmsgpack.pack(0.5, 0.1, 1/3, 1e300, 1/0, -1/0, 2^63, -2^63, 2^64, 1.5)
      return cmsgpack.pack('', 'abc', string.rep('x', 31), string.rep('x', 32), string.rep('y', 255), string.rep('z', 256))
      return cmsgpack.pack({})
      return cmsgpack.pack({1,nil,3})
      return cmsgpack.pack({a=1})
      return cmsgpack.pack({[0]=1})
      return cmsgpack.pack({1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17})
      local t = {} t[1] = t return cmsgpack.pack(t)
      return tostring(select('#', cmsgpack.unpack('')))
      return tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))
      return tostring(cmsgpack.unpack('\\202\\63\\192\\0\\0'))
      return tostring(cmsgpack.unpack('\\255')) .. tostring(cmsgpack.unpack('\\224'))
      return cmsgpack.pack(123456789012)
      return cmsgpack.pack('10')
      return struct.size('!4 b i')
      return struct.size('!b d')
      return struct.pack('b', -1) .. struct.pack('B', 255) .. struct.pack('h', -2) .. struct.pack('H', 65535) .. struct.pack('i', -3) .. struct.pack('I', 4294967295)
      return struct.pack('l', -4) .. struct.pack('L', 2^63) .. struct.pack('T', 5) .. struct.pack('i3', 0x123456) .. struct.pack('I1', 257) .. struct.pack('i16', -1) .. struct.pack('i10', 1)
      return struct.pack('>i', 1) .. struct.pack('<i', 1) .. struct.pack('>h<h', 1, 1) .. struct.pack('>I3', 0x010203)
      return struct.pack('f', 1.5) .. struct.pack('>f', 1.5) .. struct.pack('d', 0.1) .. struct.pack('>d', -2) .. struct.pack('f', 0.1)
      return struct.pack('s', 'abc') .. struct.pack('c', 'xyz') .. struct.pack('c2', 'xyz') .. struct.pack('c0', 'hello') .. struct.pack('x')
      return struct.pack('!4 b i', 1, 2) .. '|' .. struct.pack('! b d', 1, 2) .. '|' .. struct.pack('!2 b i', 1, 2) .. '|' .. struct.pack('b h', 1, 2) .. '|' .. struct.pack('!8 b c3 h', 1, 'abc', 2)
      return struct.pack('i', 3.7) .. struct.pack('i', -3.7) .. struct.pack('B', -1) .. struct.pack('b', 300) .. struct.pack('i', '12')
      return struct.pack('>i', 2^40) .. struct.pack('>I', -1) .. struct.pack('>l', -2^63) .. struct.pack('>L', 2^64) .. struct.pack('>L', -1)
      return struct.size('b') .. struct.size('h') .. ' ' .. struct.size('i') .. ' ' .. struct.size('l') .. ' ' .. struct.size('T') .. ' ' .. struct.size('f d') .. ' ' .. struct.size('c10') .. ' ' .. struct.size('i7') .. ' ' .. struct.size('!8 b d') .. ' ' .. struct.size('!2 b i') .. ' ' .. struct.size('x x') .. ' ' .. struct.size('') .. ' ' .. struct.size('q')
      local z = 0 return struct.pack('d', -z)
      return bit.tobit(0xffffffff) .. ' ' .. bit.tobit(2^31) .. ' ' .. bit.tobit(-1) .. ' ' .. bit.tobit(2^32 + 5) .. ' ' .. bit.tobit(1.5) .. ' ' .. bit.tobit(2.5) .. ' ' .. bit.tobit(-1.5) .. ' ' .. bit.tobit('10') .. ' ' .. bit.tobit(2^52+3) .. ' ' .. bit.tobit(1e20)
      return bit.tohex(1) .. ' ' .. bit.tohex(-1) .. ' ' .. bit.tohex(255, 2) .. ' ' .. bit.tohex(255, -4) .. ' ' .. bit.tohex(0x12345678, 12) .. ' ' .. bit.tohex(1, 0) .. '|'
      return bit.bnot(0) .. ' ' .. bit.bnot(5) .. ' ' .. bit.bnot(-1)
      return bit.bor(1, 2, 4, 8) .. ' ' .. bit.bor(0x80000000, 0) .. ' ' .. bit.bxor(5, 3) .. ' ' .. bit.bxor(-1, 1, 2)
      return bit.lshift(1, 31) .. ' ' .. bit.lshift(1, 32) .. ' ' .. bit.lshift(1, 33) .. ' ' .. bit.lshift(3, -1)
      return bit.rshift(-1, 28) .. ' ' .. bit.rshift(256, 4) .. ' ' .. bit.arshift(-256, 4) .. ' ' .. bit.arshift(256, 4) .. ' ' .. bit.arshift(-1, 31)
      return bit.bswap(0x12345678) .. ' ' .. bit.bswap(1) .. ' ' .. bit.bswap(-1)
      return tostring(bit.tobit('0x10')) .. tostring(bit.tobit(' 7 '))
      math.randomseed(42) return {math.random(1000), math.random(10, 20), tostring(math.random()), math.random(1), math.random(-5, -5)}
      math.randomseed(0) local t = {} for i = 1, 20 do t[i] = math.random(100) end return table.concat(t, ',')
      math.randomseed(-1) return tostring(math.random()) .. ' ' .. math.random(2^31 - 1)
      math.randomseed(123456789) return tostring(math.random()) .. ' ' .. tostring(math.random(3, 7))
      local f = loadstring('return x'); return {pcall(f)}
      return select(2, pcall(loadstring('error("boom")')))
      return select(2, pcall(loadstring('error("boom")', '=named')))
      return select(2, pcall(loadstring('error("boom")', '@file.lua')))
      return select(2, pcall(loadstring(string.rep('x', 50) .. ' = 1 error("boom")')))
      local n = 0 return select(2, pcall(load(function() n = n + 1 if n == 1 then return 'error("in load")' end end)))
      return tostring(-0)
      local a, b = 0, -0 return tostring(a) .. tostring(b)
      local a, b = -0, 0 return tostring(a) .. tostring(b)
      return cjson.encode({-0, 0})
      return 7 // 2
      x = 
      return 1 +
      local x = "abc
      if true then
      return end end
      local function() end
      return 'a' .. 
      for i = 1 do end
      return {1, 2
      x = = 1
      local t = {a = }
      return "abc\\q"
      return 'unfinished
      return [[long
      x = 1 y
      local 1 = 2
      return foo(
      if x then else elseif y then end
      return 0x
      return 1..2
      function f() return end x
      while true do
      repeat until
      return a.1
      local x <const> = 1
      return @
      return $
      return ~1
      return 3abc
      return 1e
      return 1e+
      return 0x1p4
      return .5 + 5. + 1e2 + 0xA + 0XfF
      return 1.5e-3
      f() = 1
      (a) = 1
      x, y
      goto done
      local goto = 5 return goto
      ::a:: return 1
      for i = 1, 3 do if i == 2 then goto continue end ::continue:: end
      return {a = {goto = 1}}
      local t = {} t.goto = 2 return t.goto
      """;

  @Test
  void scriptsUsingTheBundledLibrariesReplyAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      RawClient real = redis.client();
      List<String> differences = new ArrayList<>();
      for (String snippet : SNIPPETS.split("\n")) {
        String expected = real.call("EVAL", snippet, "0");
        String actual = verdis.call("EVAL", snippet, "0");
        if (!expected.equals(actual)) {
          differences.add(snippet + "\n    redis:  " + expected.strip() + "\n    verdis: " + actual.strip());
        }
      }
      if (!differences.isEmpty()) {
        fail(differences.size() + " scripts reply otherwise than redis-server:\n" + String.join("\n", differences));
      }
    }
  }
}
