package io.verdis.script.lua;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.verdis.it.RealRedis;

/**
 * The libraries Redis bundles and the Lua 5.1 behaviour scripts rely on, compared snippet by snippet with a real
 * redis-server 7.0 ({@code EVAL <snippet> 0}); skipped where redis-server is not installed. Each snippet returns a
 * string (or a number or array Redis converts) so that both results can be compared byte for byte.
 */
class LuaLibrariesTest {
  @TempDir
  static Path dir;
  private static RealRedis redis;
  private static LuaSideBySide both;

  @BeforeAll
  static void startRedis() throws Exception {
    RealRedis.assumeInstalled();
    redis = RealRedis.start(dir);
    both = new LuaSideBySide(redis);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  /** Numbers as text ("%.14g", -0, NaN as x86 makes it) and strings read as numbers (strtod). */
  @Test
  void numbersPrintAsLua51Does() throws Exception {
    both.assertSame("""
        return tostring(0.1)
        return tostring(1e15)
        return tostring(1/3)
        return tostring(2^53)
        return tostring(0/0)
        return tostring(-(0/0))
        return tostring(1/0)
        return tostring(-1/0)
        return tostring(100)
        return tostring(1e100)
        return tostring(123456789012)
        return tostring(2^31)
        return 1.5 .. ""
        return tostring("10" + 1)
        return tostring("0x10" + 0)
        return tostring(math.huge)
        return tostring(10 % 3.5)
        return tostring(2^0.5)
        return tostring(math.floor(3.7))
        return tostring(math.max(1, 2.5))
        return tostring(math.pow(2, 10))
        local z = 0 return tostring(-z)
        local z = 0 local t = {} t[0] = 'zero' return tostring(t[-z])
        local z = 0 local t = {} t[-z] = 'negzero' return tostring(t[0])
        local z = 0 local t = {} t[-z] = 1 t[0] = 2 local n = 0 for k in pairs(t) do n = n + 1 end return n
        local z = 0 return tostring(-z == 0) .. tostring(z * -1) .. tostring(-z + 0) .. tostring(-z * 1) .. tostring(z / -2)
        local z = 0 return tostring(1/(-z))
        return tostring(math.floor(-0.5)) .. ' ' .. tostring(math.ceil(-0.5))
        return tostring(5 % 0)
        return tostring(0/0 * -1)
        return tostring(math.huge - math.huge)
        return tostring(math.sqrt(-1))
        return tostring(math.huge * 0)
        return tostring(1e14) .. ' ' .. tostring(1e14 + 0.5) .. ' ' .. tostring(123456789012345) .. ' ' .. tostring(-2^53) .. ' ' .. tostring(2^63) .. ' ' .. tostring(1e-5) .. ' ' .. tostring(0.1 + 0.2) .. ' ' .. tostring(100 / 3) .. ' ' .. tostring(-1.5e-10) .. ' ' .. tostring(5e-324) .. ' ' .. tostring(1.7976931348623157e308)
        return 1e100 .. '|' .. 2^53 .. '|' .. 3.0 .. '|' .. -7 .. '|' .. 2^31 .. '|' .. 2^32 .. '|' .. -2^31 - 1
        return tostring(99999999999999) .. ' ' .. tostring(999999999999999) .. ' ' .. tostring(99999999999999.5) .. ' ' .. tostring(0.00001234)
        return tostring(1/3 * 3 == 1) .. ' ' .. 7 % 3 .. ' ' .. -7 % 3 .. ' ' .. 7 % -3 .. ' ' .. 5.5 % 2 .. ' ' .. 2^10 .. ' ' .. 10 / 4
        return tostring(" 10 " + 1)
        return tostring("1e2" + 0)
        return tostring("inf" + 0)
        return tostring("abc" .. 1.5)
        return tostring(10 == "10")
        return tostring("10" < "9")
        return tostring(-"2")
        return tostring("5" * "2")
        return tostring(math.floor("3.7"))
        return string.sub("hello", 2.5, 4.2)
        return tostring(#"abc" + 0.5)
        return string.char(104, 105)
        return tostring(math.max("10", 9))
        return tostring(setmetatable({}, {__tostring = function() return "custom" end}))
        return tostring(next({}))
        return tostring(string.match("key:123", "(%a+):(%d+)"))
        return tostring(2^63 == 2^63 + 1)
        return tostring(math.floor(2^53 + 0.5))
        return tostring(7.0) .. " " .. tostring(-7.25) .. " " .. tostring(1e-300 * 1e-300)
        return tostring(math.min())
        return tostring(rawequal("a", "a")) .. tostring(rawget({5}, 1))
        return tostring(" 0x10 " * 2) .. ' ' .. tostring("1e2" / 4) .. ' ' .. tostring(" 5\\t" + 0) .. ' ' .. tostring("-12" + 0) .. ' ' .. tostring("007" + 0) .. ' ' .. tostring("-" == 0)
        return string.char()
        return tostring(math.max('10', 9)) .. tostring(math.floor(' 0x10 '))
        """);
  }

  /** String.format: every conversion with flags, width and precision, %q, and its errors. */
  @Test
  void stringFormatFollowsCPrintf() throws Exception {
    both.assertSame("""
        return string.format('%s', 0.1)
        return string.format('%d', 3.7)
        return string.format('%d', -3.7)
        return string.format('%g', 0.1)
        return string.format('%x', 255)
        return string.format('%5.2f', 3.14159)
        return string.format('%5.2s|', 'abc')
        return string.format('%q', 'a\\nb\\0c"')
        return string.format('%i', 42)
        return string.format('%c', 65)
        return string.format('%e', 12345.678)
        return string.format('%o', 8)
        return string.format('%X', 3000000000)
        return string.format('%d', 2^40)
        return string.format('%5.1g|%-5d|%+d', 0.05, 3, 4)
        return string.format('%s %s', 1, true)
        return string.format('%5.3s', 'abcdef')
        return string.format('%.3f', 1/3)
        return string.format('%10.4f|', math.pi)
        local z = 0 return string.format('%d %g %s %.1f %5.2e', -z, -z, -z, -z, -z)
        return string.format('%d %i %5d|%-5d|%05d|%+d|% d|%.3d|%.0d|', 42, -42, 42, 42, 42, 42, 42, 7, 0)
        return string.format('%d %d %d %d', 3.7, -3.7, 2^40, -2^53)
        return string.format('%d', 2^63) .. ' ' .. string.format('%d', -2^63) .. ' ' .. string.format('%d', 1e300) .. ' ' .. string.format('%d', 0/0)
        return string.format('%x %X %o %#x %#X %#o %08x %-8x| %.4x', 255, 255, 8, 255, 255, 8, 255, 255, 10)
        return string.format('%x %x %u %x', -1, 2^63, -1, 3000000000)
        return string.format('%c%c%c|%5c|%-3c|', 72, 105, 256+33, 65, 66)
        return string.format('%e %E %.2e %10.3e|%-12e|%+e', 12345.678, 0.000123, 1/3, 1e300, 1, 5)
        return string.format('%f %.2f %10.4f|%-10.1f|%+.1f|% f|%010.2f|%.0f|%#.0f', 1/3, 2.675, math.pi, 2.5, 3.25, 1, -3.14159, 0.5, 1.5)
        return string.format('%g %g %g %g %g %g %g %g', 0.1, 1e20, 1e-5, 123456, 1234567, 0.0001, 100, 1/3)
        return string.format('%.3g %.10g %#g %#.3g %G %.0g %10.2g|%-10g|', 1/3, 2^40, 1, 100, 1e-10, 123, 0.000123, 5)
        return string.format('%f %e %g %5.1f %-6g| %+f %G', 1/0, -1/0, 0/0, 1/0, -(0/0), 1/0, 0/0)
        return string.format('%s|%10s|%-10s|%.2s|%5.1s|', 'abc', 'abc', 'abc', 'abc', 'abc')
        return string.format('%s %s %s', 1, 0.1, 2^53)
        return string.format('%s', 'a\\0b') .. '|' .. string.format('%.5s', 'a\\0b') .. '|' .. string.format('%5s', 'a\\0b')
        return string.format('%s', string.rep('x', 100) .. '\\0y')
        return string.format('%q', 1/3)
        return string.format('%%|%5%|')
        return string.format('no args')
        return string.format('%5.2f', '3.14159')
        return tostring(select(2, pcall(function() return string.format('%d') end)))
        return tostring(select(2, pcall(function() return string.format('%d', 'x') end)))
        return tostring(select(2, pcall(function() return string.format('%s', {}) end)))
        return tostring(select(2, pcall(function() return string.format('%s %s', 1, nil) end)))
        return tostring(select(2, pcall(function() return string.format('%y', 1) end)))
        return tostring(select(2, pcall(function() return string.format('%y') end)))
        return tostring(select(2, pcall(function() return string.format('%123d', 1) end)))
        return tostring(select(2, pcall(function() return string.format('%.123f', 1) end)))
        return tostring(select(2, pcall(function() return string.format('%------d', 1) end)))
        return tostring(select(2, pcall(function() return string.format('%-----d', 1) end)))
        return tostring(select(2, pcall(function() return string.format() end)))
        return string.format('%99.99f', 1/3)
        return string.format('%.14g|%.17g|%.20g', 0.1, 0.1, 0.1)
        return string.format('%g|%g|%g', 1e15, 1e16, 123456789)
        return string.format('%.3f|%.2f|%.1f|%.0f|%.0f|%.0f', 0.0005, 0.125, 0.25, 2.5, 3.5, -0.5)
        return string.format('%5.3s|', 'abcdef')
        return string.format("%s", setmetatable({}, {__tostring = function() return "custom" end}))
        return string.format("%s", 1e15)
        return string.format("%-5s|", "ab") .. string.format("%05s|", "ab")
        """);
  }

  /** Tonumber with base 10 (strtod: hex, exponents, spaces, inf, nan) and other bases (strtoul). */
  @Test
  void tonumberReadsAsStrtod() throws Exception {
    both.assertSame("""
        return tostring(tonumber("0x10"))
        return tostring(tonumber(" 10 "))
        return tostring(tonumber("1e2"))
        return tostring(tonumber("10", 16))
        return tostring(tonumber("z", 36))
        return tostring(tonumber(""))
        return tostring(tonumber("0x"))
        return tostring(tonumber("1e"))
        return tostring(tonumber("  0x1p4  "))
        return tostring(tonumber("inf"))
        return tostring(tonumber("nan"))
        return tostring(tonumber(".5"))
        return tostring(tonumber("5."))
        return tostring(tonumber("-0x10"))
        return tostring(select(2, pcall(function() return tonumber() end)))
        return tostring(select(2, pcall(function() return tonumber('10', 99) end)))
        return tostring(tonumber('nan'))
        return tostring(tonumber('-nan'))
        return tostring(tonumber('0x10')) .. ' ' .. tostring(tonumber(' 10 ')) .. ' ' .. tostring(tonumber('1e2')) .. ' ' .. tostring(tonumber('  0x1p4  ')) .. ' ' .. tostring(tonumber('-0x10')) .. ' ' .. tostring(tonumber('0x')) .. ' ' .. tostring(tonumber('1e')) .. ' ' .. tostring(tonumber(''))
        return tostring(tonumber('.5')) .. ' ' .. tostring(tonumber('5.')) .. ' ' .. tostring(tonumber('.')) .. ' ' .. tostring(tonumber('inf')) .. ' ' .. tostring(tonumber('-Infinity')) .. ' ' .. tostring(tonumber('nan')) .. ' ' .. tostring(tonumber('nan(123)')) .. ' ' .. tostring(tonumber('1 2')) .. ' ' .. tostring(tonumber('\\t12\\n'))
        return tostring(tonumber('10', 16)) .. ' ' .. tostring(tonumber('ff', 16)) .. ' ' .. tostring(tonumber('0xff', 16)) .. ' ' .. tostring(tonumber('z', 36)) .. ' ' .. tostring(tonumber('777', 8)) .. ' ' .. tostring(tonumber('8', 8)) .. ' ' .. tostring(tonumber(' 11 ', 2)) .. ' ' .. tostring(tonumber('-ff', 16)) .. ' ' .. tostring(tonumber('', 16)) .. ' ' .. tostring(tonumber('ffffffffffffffffff', 16)) .. ' ' .. tostring(tonumber(10, 16))
        return tostring(tonumber(nil)) .. ' ' .. tostring(tonumber(true)) .. ' ' .. tostring(tonumber({})) .. ' ' .. tostring(tonumber(5)) .. ' ' .. tostring(tonumber('5', 10)) .. ' ' .. tostring(tonumber('1e1', 10)) .. ' ' .. tostring(tonumber('0x1e'))
        return tostring(tonumber('1e400')) .. ' ' .. tostring(tonumber('-1e400')) .. ' ' .. tostring(tonumber('1e-400')) .. ' ' .. tostring(tonumber('0x.8')) .. ' ' .. tostring(tonumber('0x1.8p1')) .. ' ' .. tostring(tonumber('1E+2')) .. ' ' .. tostring(tonumber('+5')) .. ' ' .. tostring(tonumber('++5'))
        return tostring(select(2, pcall(function() return tonumber('10', 1) end)))
        return tostring(select(2, pcall(function() return tonumber({}, 16) end)))
        return tostring(tonumber("1" .. string.rep("0", 20)))
        """);
  }

  /** The Lua 5.1 functions scripts use: unpack, loadstring, math.mod, string.gfind and the rest. */
  @Test
  void lua51FunctionsLuajLacksExist() throws Exception {
    both.assertSame("""
        return type(unpack)
        return type(loadstring)
        return loadstring("return 1+1")()
        return type(load)
        return type(gcinfo)
        return type(gcinfo())
        return math.mod(7, 3)
        return math.mod(-7, 3)
        return math.fmod(-7, 3)
        return type(string.gfind)
        return type(table.pack)
        return type(table.unpack)
        return _VERSION
        return math.log(8, 2)
        return string.rep('ab', 3, ',')
        return string.byte('abc', -1)
        return tostring(string.find('a.b', '.', 1, true))
        return string.gsub('hello world', 'o', '0')
        return tostring(('x'):rep(0))
        return tostring(math.fmod(1, 0))
        return type(table.unpack) .. type(table.pack) .. type(math.log10)
        return loadstring('return 1 + 1')() .. ' ' .. tostring(loadstring('x = ')) .. ' ' .. type(select(2, loadstring('x = ')))
        return string.upper('abc\\200xyz') .. string.lower('ABC\\200XYZ')
        return tostring(type(table.pack)) .. tostring(type(table.unpack))
        return load(function() return nil end) and 'loaded' or 'nil'
        local parts = {'return ', '42'} local i = 0 return load(function() i = i + 1 return parts[i] end)()
        return math.max(1, 2.5) .. ' ' .. math.floor(-3.5) .. ' ' .. math.ceil(3.2) .. ' ' .. math.fmod(7, 3) .. ' ' .. math.abs(-2^40) .. ' ' .. math.sqrt(2) .. ' ' .. math.pow(2, 0.5) .. ' ' .. math.exp(1) .. ' ' .. math.pi .. ' ' .. math.huge .. ' ' .. -math.huge
        return ('x'):rep(0) .. '|' .. ('x'):rep(-1) .. '|' .. ('ab'):rep(3) .. '|' .. (''):rep(5) .. '|' .. ('ab'):rep(2.9)
        return string.rep("x", 3.9)
        return tostring(("x"):byte())
        return tostring(string.find("abc", "b", -10))
        return tostring(string.find("abc", "", 10))
        return string.gsub("abc", "%w", "%0%0")
        return string.gsub("abc", "", "-")
        return type(coroutine.wrap(function() end))
        return tostring(select("#", string.byte("hello", 1, -1)))
        return tostring(string.byte("", 1))
        return tostring(select(-1, 'a', 'b'))
        return select('#') .. select('#', 1, nil, nil) .. tostring(select(2, 'a', 'b', 'c')) .. tostring(select(-1, 'a', 'b')) .. select('#', select(5, 1, 2))
        """);
  }

  /** The table library of 5.1: getn, maxn, foreach(i), setn, insert, remove, concat. */
  @Test
  void tableFunctionsBehaveAsLua51() throws Exception {
    both.assertSame("""
        return table.concat({0.1, 2^53, 3}, ',')
        return type(table.getn)
        return table.getn({1,2,3})
        return table.maxn({1,2,[10]=3})
        return tostring(select(2, pcall(function() return table.setn({}, 3) end)))
        local z = 0 return tostring(-z) .. (-z) .. table.concat({-z}, ',')
        return table.concat({1, 2.5, 1e20, -0.1}, ' ')
        return type(unpack) .. type(loadstring) .. type(gcinfo) .. type(table.getn) .. type(math.mod) .. type(string.gfind) .. type(table.foreach) .. type(table.foreachi) .. type(table.maxn) .. type(math.log10) .. type(table.setn)
        return table.getn({1,2,3}) .. ' ' .. math.mod(7, 3) .. ' ' .. math.mod(-7, 3) .. ' ' .. math.mod(7.5, 2) .. ' ' .. table.maxn({1, 2, [10] = 3, [2.5] = 1, x = 5}) .. ' ' .. table.maxn({}) .. ' ' .. math.log10(1000) .. ' ' .. math.log(8, 2)
        local r = {} for w in string.gfind('one two three', '%a+') do r[#r + 1] = w end return table.concat(r, ',')
        local r = {} table.foreach({10, 20}, function(k, v) r[#r + 1] = k .. '=' .. v end) return table.concat(r, ',')
        local r = {} table.foreachi({10, 20, 30}, function(i, v) r[#r + 1] = i .. '=' .. v end) return table.concat(r, ',')
        return table.foreachi({10, 20, 30}, function(i, v) if v == 20 then return 'found' .. i end end)
        return tostring(select(2, pcall(function() return table.getn(nil) end)))
        return tostring(select(2, pcall(function() return table.concat({1, true}) end)))
        return tostring(select(2, pcall(function() return table.concat({1, nil, 3}, ',', 1, 3) end)))
        return table.concat({1, 2.5, 'x'}, '-') .. table.concat({}, 'x') .. table.concat({1, 2, 3}, ',', 3, 2)
        return select('#', table.remove({}))
        local t = {1, 2, 3} local r = table.remove(t) return r .. '|' .. table.concat(t, ',')
        local t = {1, 2, 3} local r = table.remove(t, 1) return r .. '|' .. table.concat(t, ',')
        local t = {1, 2, 3} return select('#', table.remove(t, 5)) .. '|' .. table.concat(t, ',')
        local t = {1, 2} table.insert(t, 'x') table.insert(t, 1, 'y') return table.concat(t, ',')
        local t = {1, 2} table.insert(t, 5, 'x') return tostring(t[5]) .. tostring(t[4])
        return tostring(select(2, pcall(function() return table.insert({}) end)))
        return tostring(select(2, pcall(function() return table.insert({}, 1, 2, 3) end)))
        return tostring(select(2, pcall(function() return table.insert(nil, 1) end)))
        return table.concat({1, 2, 3}, ", ", 2, 3)
        return tostring(select(2, pcall(function() return table.concat({1, {}, 3}) end)))
        return tostring(select(2, pcall(function() return table.sort({}, 1) end)))
        """);
  }

  /** Math.random and math.randomseed as Redis's rand48 makes them, once seeded. */
  @Test
  void mathRandomIsRedisGenerator() throws Exception {
    both.assertSame("""
        math.randomseed(42) return {math.random(1000), math.random(10, 20), tostring(math.random()), math.random(1), math.random(-5, -5)}
        math.randomseed(0) local t = {} for i = 1, 20 do t[i] = math.random(100) end return table.concat(t, ',')
        math.randomseed(-1) return tostring(math.random()) .. ' ' .. math.random(2^31 - 1)
        math.randomseed(123456789) return tostring(math.random()) .. ' ' .. tostring(math.random(3, 7))
        return tostring(select(2, pcall(function() return math.random(0) end)))
        return tostring(select(2, pcall(function() return math.random(1, 2, 3) end)))
        return tostring(select(2, pcall(function() return math.random(5, 1) end)))
        return tostring(select(2, pcall(function() return math.randomseed() end)))
        """);
  }

  /** Argument errors of the standard functions worded as 5.1 words them. */
  @Test
  void argumentErrorsReadAsLua51() throws Exception {
    both.assertSame("""
        return tostring(select(2, pcall(function() return unpack() end)))
        return tostring(select(2, pcall(function() return unpack(nil) end)))
        return tostring(select(2, pcall(function() return load('return 1') end)))
        return xpcall(function(...) return select('#', ...) end, function(e) return e end, 1, 2, 3) and 'ok' or 'no'
        return select(2, xpcall(function(...) return select('#', ...) end, function(e) return e end, 1, 2, 3))
        return tostring(pcall(function() return "0x" + 0 end))
        return tostring(select(2, pcall(function() return ("x"):rep(-1) end)))
        return tostring(select(2, pcall(function() local t = setmetatable({}, {__index = function(t, k) return k .. '!' end}) return t.foo end)))
        return tostring(select(2, pcall(function() return string.gsub("abc", "(", "") end)))
        return tostring(select(2, pcall(function() return string.find("abc", "[a") end)))
        return tostring(select(2, pcall(function() return string.gsub("abc", "b", "%2") end)))
        return tostring(select(2, pcall(function() return math.min() end)))
        return tostring(select(2, pcall(function() return math.floor() end)))
        return tostring(select(2, pcall(function() return setmetatable(1, {}) end)))
        return tostring(select(2, pcall(function() return ipairs() end)))
        return tostring(select(2, pcall(function() return select(0) end)))
        return tostring(select(2, pcall(function() return select(-5, 'a') end)))
        return tostring(select(2, pcall(function() error("msg", 2) end)))
        return tostring(select(2, pcall(function() error() end)))
        return tostring(select(2, pcall(function() error(42) end)))
        return tostring(select(2, pcall(function() assert(false) end)))
        return tostring(select(2, pcall(function() assert(nil, "custom") end)))
        return tostring(select(2, pcall(function() assert(false, 42) end)))
        return tostring(pcall(function() return "-" + 1 end))
        return tostring(select(2, pcall(function() return select('x') end)))
        return tostring(select(2, pcall(function() return setmetatable({}, 1) end)))
        return tostring(select(2, pcall(function() return string.find("abc", "%") end)))
        return tostring(select(2, pcall(function() return string.find("abc", "(a") end)))
        return tostring(select(2, pcall(function() return string.find("abc", "a)") end)))
        return tostring(select(2, pcall(function() return string.find("abc", "%b") end)))
        return tostring(select(2, pcall(function() return string.find("abc", "%f") end)))
        return tostring(select(2, pcall(function() return string.gsub("abc", "a", {}, "x") end)))
        return tostring(select(2, pcall(function() return string.gsub("abc", "a", true) end)))
        return tostring(select(2, pcall(function() return string.rep() end)))
        return tostring(select(2, pcall(function() return string.char(256) end)))
        return tostring(select(2, pcall(function() return string.char('x') end)))
        return tostring(select(2, pcall(function() return math.max(1, 'x') end)))
        return tostring(select(2, pcall(function() return pairs(nil) end)))
        return tostring(select(2, pcall(function() return next({}, 'nokey') end)))
        """);
  }

  /** Cjson.encode: arrays and objects, escaping, numbers, errors. */
  @Test
  void cjsonEncodesAsLuaCjson() throws Exception {
    both.assertSame("""
        local z = 0 return cjson.encode(-z)
        return tostring(select(2, pcall(function() return cjson.encode() end)))
        return cjson.encode({})
        return cjson.encode({1,2,3})
        return cjson.encode({1,nil,3})
        return cjson.encode({[1]=1,[2]=2,[4]=4})
        return cjson.encode({[1]=1,[20]=2})
        return tostring(select(2, pcall(function() return cjson.encode({[1]=1,[20]=2}) end)))
        return cjson.encode({a=1})
        return cjson.encode({a={b={c={}}}})
        return cjson.encode("a/b\\"c\\\\d\\n\\r\\t\\b\\f\\1\\31\\127\\128\\255")
        return cjson.encode(0.1)
        return cjson.encode(1/3)
        return cjson.encode(1e15)
        return cjson.encode(-1e-7)
        return cjson.encode(2^53)
        return cjson.encode(100)
        return cjson.encode(-0.5)
        return cjson.encode(true)
        return cjson.encode(false)
        return cjson.encode(nil)
        return cjson.encode({[0]=1})
        return cjson.encode({[1.5]=1})
        return cjson.encode({[-1]='x'})
        return tostring(select(2, pcall(function() return cjson.encode(1/0) end)))
        return tostring(select(2, pcall(function() return cjson.encode(0/0) end)))
        return tostring(select(2, pcall(function() return cjson.encode({f=function() end}) end)))
        return tostring(select(2, pcall(function() return cjson.encode({[true]=1}) end)))
        return tostring(select(2, pcall(function() return cjson.encode(coroutine.create(function() end)) end)))
        local t = {} t[1] = t return tostring(select(2, pcall(function() return cjson.encode(t) end)))
        return cjson.encode({[1]=1,[10]=2})
        return cjson.encode({[1]=1,[11]=2, [3]=3, [4]=4, [5]=5, [6]=6})
        return cjson.encode({[1]=1,[12]=2, [3]=3, [4]=4, [5]=5})
        return cjson.encode({1, 'a', {x=1}})
        return cjson.encode(12345678901234567890)
        return cjson.encode(-2^63)
        return cjson.encode({[1]='a', [2]='b', n=1})
        local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return #cjson.encode(t)
        return tostring(select(2, pcall(function() return cjson.encode(function() end) end)))
        """);
  }

  /** Cjson.decode: values, escapes, numbers strtod accepts, and every parse error text. */
  @Test
  void cjsonDecodesAsLuaCjson() throws Exception {
    both.assertSame("""
        return cjson.encode(cjson.decode('[1,2.5,"x",true,false,null,{},[]]'))
        return cjson.encode(cjson.decode('{"a":[1,{"b":null}]}'))
        return type(cjson.decode('null'))
        return tostring(cjson.decode('1e2'))
        return tostring(cjson.decode('01'))
        return tostring(cjson.decode('0x10'))
        return tostring(cjson.decode(' 12 '))
        return tostring(cjson.decode('1.'))
        return tostring(cjson.decode('Infinity'))
        return tostring(cjson.decode('-Infinity'))
        return tostring(cjson.decode('nan'))
        return tostring(cjson.decode('NaN'))
        return cjson.decode('"\\\\u00e9\\\\ud83d\\\\ude00\\\\/\\\\b\\\\f\\\\n\\\\r\\\\t\\\\"\\\\\\\\"')
        return cjson.decode('"\\\\u0000x"')
        return cjson.decode('"raw\\1tab\\tend"')
        return cjson.decode('"a"\\0garbage')
        return tostring(select(2, pcall(function() return cjson.decode('x') end)))
        return tostring(select(2, pcall(function() return cjson.decode('') end)))
        return tostring(select(2, pcall(function() return cjson.decode('  ') end)))
        return tostring(select(2, pcall(function() return cjson.decode('[1,2') end)))
        return tostring(select(2, pcall(function() return cjson.decode('[1 2]') end)))
        return tostring(select(2, pcall(function() return cjson.decode('{"a" 1}') end)))
        return tostring(select(2, pcall(function() return cjson.decode('{1:2}') end)))
        return tostring(select(2, pcall(function() return cjson.decode('{"a":1,}') end)))
        return tostring(select(2, pcall(function() return cjson.decode('{"a":1 "b"}') end)))
        return tostring(select(2, pcall(function() return cjson.decode('[1,]') end)))
        return tostring(select(2, pcall(function() return cjson.decode('"abc') end)))
        return tostring(select(2, pcall(function() return cjson.decode('"\\\\q"') end)))
        return tostring(select(2, pcall(function() return cjson.decode('"\\\\u12"') end)))
        return tostring(select(2, pcall(function() return cjson.decode('"\\\\udc00"') end)))
        return tostring(select(2, pcall(function() return cjson.decode('"\\\\ud800x"') end)))
        return tostring(select(2, pcall(function() return cjson.decode('tru') end)))
        return tostring(select(2, pcall(function() return cjson.decode('nul') end)))
        return tostring(select(2, pcall(function() return cjson.decode('-') end)))
        return tostring(select(2, pcall(function() return cjson.decode('- 1') end)))
        return tostring(select(2, pcall(function() return cjson.decode('+1') end)))
        return tostring(select(2, pcall(function() return cjson.decode('1 1') end)))
        return tostring(select(2, pcall(function() return cjson.decode('1e') end)))
        return tostring(select(2, pcall(function() return cjson.decode('.5') end)))
        return tostring(select(2, pcall(function() return cjson.decode('inf') end)))
        return tostring(select(2, pcall(function() return cjson.decode('Inf') end)))
        return tostring(select(2, pcall(function() return cjson.decode('ix') end)))
        return tostring(select(2, pcall(function() return cjson.decode('[] x') end)))
        return tostring(select(2, pcall(function() return cjson.decode('a\\0') end)))
        return tostring(select(2, pcall(function() return cjson.decode('\\0a') end)))
        return tostring(select(2, pcall(function() return cjson.decode() end)))
        return tostring(select(2, pcall(function() return cjson.decode({}) end)))
        return tostring(select(2, pcall(function() return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001)) end)))
        return tostring(select(2, pcall(function() return cjson.decode('  ' .. string.rep('{"a":', 1001)) end)))
        return tostring(cjson.decode(123))
        return cjson.decode('[1,2,3]')[3]
        return cjson.decode('{"a":{"b":[10,20]}}').a.b[2]
        return #cjson.encode(cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000)))
        return #cjson.encode(cjson.decode(string.rep('{"a":', 999) .. '1' .. string.rep('}', 999)))
        return cjson.decode('x')
        """);
  }

  /** Cjson settings, their defaults, argument checks and effect; cjson.null and cjson.new. */
  @Test
  void cjsonSettingsBehaveAsLuaCjson() throws Exception {
    both.assertSame("""
        return cjson.encode_max_depth() .. ' ' .. cjson.decode_max_depth() .. ' ' .. tostring(cjson.encode_keep_buffer()) .. ' ' .. tostring(cjson.encode_invalid_numbers()) .. ' ' .. tostring(cjson.decode_invalid_numbers()) .. ' ' .. cjson.encode_number_precision()
        return {cjson.encode_sparse_array()}
        return cjson._NAME .. ' ' .. cjson._VERSION .. ' ' .. tostring(cjson.null) .. ' ' .. type(cjson.null)
        return tostring(select(2, pcall(function() return cjson.encode_max_depth(0) end)))
        return tostring(select(2, pcall(function() return cjson.encode_max_depth(1, 2) end)))
        return tostring(select(2, pcall(function() return cjson.encode_invalid_numbers('x') end)))
        return tostring(rawequal(cjson.null, cjson.decode('null')))
        return cjson.encode(cjson.null)
        return cjson.encode({cjson.null, false})
        cjson.encode_max_depth(3) local ok, e = pcall(cjson.encode, {{{{}}}}) cjson.encode_max_depth(1000) return e
        cjson.encode_max_depth(3) local ok, e = pcall(cjson.encode, {{{}}}) cjson.encode_max_depth(1000) return e
        cjson.encode_invalid_numbers(true) local s = cjson.encode({1/0, -1/0, 0/0}) cjson.encode_invalid_numbers(false) return s
        cjson.encode_invalid_numbers('null') local s = cjson.encode({1/0, -1/0, 0/0}) cjson.encode_invalid_numbers(false) return s
        return tostring(cjson.encode_invalid_numbers('null')) .. tostring(cjson.encode_invalid_numbers('on')) .. tostring(cjson.encode_invalid_numbers(false))
        cjson.encode_number_precision(3) local s = cjson.encode({1/3, 12345, 0.5}) cjson.encode_number_precision(14) return s
        cjson.encode_sparse_array(true) local s = cjson.encode({[1]=1,[20]=2}) cjson.encode_sparse_array(false) return s
        cjson.encode_sparse_array(false, 0) local s = cjson.encode({[1]=1,[200]=2}) cjson.encode_sparse_array(false, 2, 10) return s
        cjson.decode_invalid_numbers(false) local ok, e = pcall(cjson.decode, '0x10') cjson.decode_invalid_numbers(true) return e
        cjson.decode_invalid_numbers(false) local ok, e = pcall(cjson.decode, 'NaN') cjson.decode_invalid_numbers(true) return e
        cjson.decode_invalid_numbers(false) local ok, e = pcall(cjson.decode, '[01]') cjson.decode_invalid_numbers(true) return e
        cjson.decode_invalid_numbers(false) local ok, e = pcall(cjson.decode, '+1') cjson.decode_invalid_numbers(true) return e
        local c = cjson.new() c.encode_number_precision(2) return c.encode(1/3) .. cjson.encode(1/3)
        cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 100000 do c[1] = {} c = c[1] end local ok, e = pcall(cjson.encode, t) cjson.encode_max_depth(1000) return tostring(ok)
        cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, string.rep('[', 100000) .. string.rep(']', 100000)) cjson.decode_max_depth(1000) return tostring(ok)
        cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, string.rep('{"a":', 100000) .. '1' .. string.rep('}', 100000)) cjson.decode_max_depth(1000) return tostring(ok)
        cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 10000 do c[1] = {} c = c[1] end local ok, e = pcall(cjson.encode, t) cjson.encode_max_depth(1000) return tostring(e):sub(1, 100)
        cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 10000 do c.a = {} c = c.a end local ok, e = pcall(cjson.encode, t) cjson.encode_max_depth(1000) return tostring(e):sub(1, 100)
        cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, string.rep('[', 10000) .. string.rep(']', 10000)) cjson.decode_max_depth(1000) return tostring(e):sub(1,100)
        cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, string.rep('{"a":', 10000) .. '1' .. string.rep('}', 10000)) cjson.decode_max_depth(1000) return tostring(e):sub(1,100)
        """);
  }

  /** Cmsgpack.pack: smallest integer encodings, float 32 when exact, arrays vs maps, nesting limit. */
  @Test
  void cmsgpackPacksAsLuaCmsgpack() throws Exception {
    both.assertSame("""
        local z = 0 return cmsgpack.pack(-z)
        return cmsgpack._NAME .. '|' .. cmsgpack._VERSION .. '|' .. cmsgpack._COPYRIGHT .. '|' .. cmsgpack._DESCRIPTION
        return tostring(select(2, pcall(function() return cmsgpack.pack() end)))
        return cmsgpack.pack(0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649)
        return cmsgpack.pack(0.5, 0.1, 1/3, 1e300, 1/0, -1/0, 2^63, -2^63, 2^64, 1.5)
        return cmsgpack.pack(0/0)
        return cmsgpack.pack('', 'abc', string.rep('x', 31), string.rep('x', 32), string.rep('y', 255), string.rep('z', 256))
        return #cmsgpack.pack(string.rep('z', 65536))
        return cmsgpack.pack(true, false, nil, cjson.null, function() end)
        return cmsgpack.pack({})
        return cmsgpack.pack({1,2,3})
        return cmsgpack.pack({1,nil,3})
        return cmsgpack.pack({[2]=1})
        return cmsgpack.pack({a=1})
        return cmsgpack.pack({[1.5]=1})
        return cmsgpack.pack({[0]=1})
        return cmsgpack.pack({{{{{{{{{{{{{{{{{{{1}}}}}}}}}}}}}}}}}}})
        return cmsgpack.pack({1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17})
        local t = {} for i=1,70000 do t[i]=i%2 end return #cmsgpack.pack(t)
        local t = {} t[1] = t return cmsgpack.pack(t)
        return cmsgpack.pack(string.rep('a', 100))
        return cmsgpack.pack(123456789012)
        return cmsgpack.pack('10')
        """);
  }

  /** Cmsgpack.unpack, unpack_one and unpack_limit with offsets, and malformed input. */
  @Test
  void cmsgpackUnpacksAsLuaCmsgpack() throws Exception {
    both.assertSame("""
        return tostring(select(2, pcall(function() return cmsgpack.unpack('\\196\\1a') end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack_one('\\1\\2', -1) end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack_one('\\1\\2', 5) end)))
        return cjson.encode({cmsgpack.unpack(cmsgpack.pack(1, -1, 300, -300, 70000, -70000, 5000000000, -5000000000, 0.5, 0.1, 'abc', true, false))})
        return cjson.encode(cmsgpack.unpack(cmsgpack.pack({1,2,{a='b'},{}})))
        return tostring(select('#', cmsgpack.unpack('')))
        return tostring(select('#', cmsgpack.unpack('\\192\\192')))
        return cjson.encode({cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))})
        return cjson.encode({cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)})
        return cjson.encode({cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)})
        return cjson.encode({cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 3)})
        return cjson.encode({cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)})
        return cjson.encode({cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0)})
        return cjson.encode({cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 5, 1)})
        return cjson.encode({cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0, 1)})
        return tostring(select(2, pcall(function() return cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), -1) end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack('\\204') end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack('\\193') end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack('\\199\\1\\1a') end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack('\\146\\1') end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack('\\163ab') end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack('\\129\\192\\1') end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack({}) end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack() end)))
        return tostring(select(2, pcall(function() return cmsgpack.unpack_limit('a') end)))
        return tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))
        return tostring(cmsgpack.unpack('\\211\\128\\0\\0\\0\\0\\0\\0\\0'))
        return tostring(cmsgpack.unpack('\\202\\63\\192\\0\\0'))
        return tostring(cmsgpack.unpack('\\203\\63\\185\\153\\153\\153\\153\\153\\154'))
        return tostring(cmsgpack.unpack('\\255')) .. tostring(cmsgpack.unpack('\\224'))
        return cjson.encode(cmsgpack.unpack('\\130\\161a\\1\\161b\\192'))
        return cjson.encode(cmsgpack.unpack('\\147\\1\\192\\3'))
        return cmsgpack.pack(cmsgpack.unpack(cmsgpack.pack({a={1,2}, b='x'})))
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\1', 9000)) return tostring(e)
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\1', 7999)) return tostring(ok)
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\1', 8000)) return tostring(e)
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\145', 4000) .. '\\1') return tostring(e)
        local ok, e = pcall(cmsgpack.unpack_limit, string.rep('\\1', 9000), 8500) return tostring(e)
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\145', 100000) .. '\\1') return tostring(ok)
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\129\\1', 100000) .. '\\1') return tostring(ok)
        return #cmsgpack.unpack(string.rep('\\145', 1000) .. '\\1')
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\145', 5000) .. '\\1') return tostring(e)
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\129\\1', 5000) .. '\\1') return tostring(e)
        local ok, e = pcall(cmsgpack.unpack, string.rep('\\145', 3999) .. '\\1') return tostring(ok)
        """);
  }

  /** Bit: 32-bit signed results, argument normalisation, shifts and rotations, tohex. */
  @Test
  void bitOperatesAsLuaBitOp() throws Exception {
    both.assertSame("""
        return bit.tobit(0xffffffff) .. ' ' .. bit.tobit(2^31) .. ' ' .. bit.tobit(-1) .. ' ' .. bit.tobit(2^32 + 5) .. ' ' .. bit.tobit(1.5) .. ' ' .. bit.tobit(2.5) .. ' ' .. bit.tobit(-1.5) .. ' ' .. bit.tobit('10') .. ' ' .. bit.tobit(2^52+3) .. ' ' .. bit.tobit(1e20)
        return bit.tohex(1) .. ' ' .. bit.tohex(-1) .. ' ' .. bit.tohex(255, 2) .. ' ' .. bit.tohex(255, -4) .. ' ' .. bit.tohex(0x12345678, 12) .. ' ' .. bit.tohex(1, 0) .. '|'
        return bit.bnot(0) .. ' ' .. bit.bnot(5) .. ' ' .. bit.bnot(-1)
        return bit.band(0xff, 0x0f) .. ' ' .. bit.band(-1, 0x80000000) .. ' ' .. bit.band(7) .. ' ' .. bit.band(15, 7, 3)
        return bit.bor(1, 2, 4, 8) .. ' ' .. bit.bor(0x80000000, 0) .. ' ' .. bit.bxor(5, 3) .. ' ' .. bit.bxor(-1, 1, 2)
        return bit.lshift(1, 31) .. ' ' .. bit.lshift(1, 32) .. ' ' .. bit.lshift(1, 33) .. ' ' .. bit.lshift(3, -1)
        return bit.rshift(-1, 28) .. ' ' .. bit.rshift(256, 4) .. ' ' .. bit.arshift(-256, 4) .. ' ' .. bit.arshift(256, 4) .. ' ' .. bit.arshift(-1, 31)
        return bit.rol(0x12345678, 4) .. ' ' .. bit.ror(0x12345678, 4) .. ' ' .. bit.rol(1, 0) .. ' ' .. bit.ror(1, 32) .. ' ' .. bit.rol(-1, 7)
        return bit.bswap(0x12345678) .. ' ' .. bit.bswap(1) .. ' ' .. bit.bswap(-1)
        return tostring(select(2, pcall(function() return bit.band('x') end)))
        return tostring(select(2, pcall(function() return bit.band(1, {}) end)))
        return tostring(select(2, pcall(function() return bit.tobit() end)))
        return tostring(select(2, pcall(function() return bit.tobit(nil) end)))
        return tostring(select(2, pcall(function() return bit.lshift(1) end)))
        return tostring(select(2, pcall(function() return bit.tohex('0') end)))
        return tostring(bit.tobit('0x10')) .. tostring(bit.tobit(' 7 '))
        return type(bit.band(1,1))
        return bit.band('x')
        """);
  }

  /** Struct.pack and struct.size: sizes, endianness, alignment, strings, errors. */
  @Test
  void structPacksAsStructC() throws Exception {
    both.assertSame("""
        local z = 0 return struct.pack('d', -z)
        return tostring(select(2, pcall(function() return struct.size('s') end)))
        return tostring(select(2, pcall(function() return struct.size('i99999999999') end)))
        return struct.size('!4 b i')
        return struct.size('!b d')
        return tostring(select(2, pcall(function() return struct.pack('c5', 'abc') end)))
        return struct.pack('b', -1) .. struct.pack('B', 255) .. struct.pack('h', -2) .. struct.pack('H', 65535) .. struct.pack('i', -3) .. struct.pack('I', 4294967295)
        return struct.pack('l', -4) .. struct.pack('L', 2^63) .. struct.pack('T', 5) .. struct.pack('i3', 0x123456) .. struct.pack('I1', 257) .. struct.pack('i16', -1) .. struct.pack('i10', 1)
        return struct.pack('>i', 1) .. struct.pack('<i', 1) .. struct.pack('>h<h', 1, 1) .. struct.pack('>I3', 0x010203)
        return struct.pack('f', 1.5) .. struct.pack('>f', 1.5) .. struct.pack('d', 0.1) .. struct.pack('>d', -2) .. struct.pack('f', 0.1)
        return struct.pack('s', 'abc') .. struct.pack('c', 'xyz') .. struct.pack('c2', 'xyz') .. struct.pack('c0', 'hello') .. struct.pack('x')
        return struct.pack('!4 b i', 1, 2) .. '|' .. struct.pack('! b d', 1, 2) .. '|' .. struct.pack('!2 b i', 1, 2) .. '|' .. struct.pack('b h', 1, 2) .. '|' .. struct.pack('!8 b c3 h', 1, 'abc', 2)
        return struct.pack('i', 3.7) .. struct.pack('i', -3.7) .. struct.pack('B', -1) .. struct.pack('b', 300) .. struct.pack('i', '12')
        return struct.pack('>i', 2^40) .. struct.pack('>I', -1) .. struct.pack('>l', -2^63) .. struct.pack('>L', 2^64) .. struct.pack('>L', -1)
        return struct.size('b') .. struct.size('h') .. ' ' .. struct.size('i') .. ' ' .. struct.size('l') .. ' ' .. struct.size('T') .. ' ' .. struct.size('f d') .. ' ' .. struct.size('c10') .. ' ' .. struct.size('i7') .. ' ' .. struct.size('!8 b d') .. ' ' .. struct.size('!2 b i') .. ' ' .. struct.size('x x') .. ' ' .. struct.size('') .. ' ' .. struct.size('q')
        return tostring(select(2, pcall(function() return struct.pack('q', 1) end)))
        return tostring(select(2, pcall(function() return struct.pack('i33', 1) end)))
        return tostring(select(2, pcall(function() return struct.pack('!3 i', 1) end)))
        return tostring(select(2, pcall(function() return struct.pack('i', 'x') end)))
        return tostring(select(2, pcall(function() return struct.pack('i') end)))
        return tostring(select(2, pcall(function() return struct.pack('s', {}) end)))
        return tostring(select(2, pcall(function() return struct.pack('c5', 'ab') end)))
        return tostring(select(2, pcall(function() return struct.pack() end)))
        return tostring(select(2, pcall(function() return struct.size('c0') end)))
        return tostring(select(2, pcall(function() return struct.size('!3') end)))
        return tostring(select(2, pcall(function() return struct.size('?') end)))
        """);
  }

  /** Struct.unpack: integers, floats, strings, c0, offsets and errors. */
  @Test
  void structUnpacksAsStructC() throws Exception {
    both.assertSame("""
        return tostring(select(2, pcall(function() return struct.unpack('c0', 'abc') end)))
        return tostring(select(2, pcall(function() return struct.unpack('b', 'abc', 0) end)))
        return cjson.encode({struct.unpack('b B h H i I', struct.pack('b B h H i I', -1, 255, -2, 65535, -3, 4294967295))})
        return cjson.encode({struct.unpack('>l L', struct.pack('>l L', -5, 2^53))})
        return cjson.encode({struct.unpack('<I8', '\\255\\255\\255\\255\\255\\255\\255\\255')})
        return cjson.encode({struct.unpack('<i8', '\\255\\255\\255\\255\\255\\255\\255\\255')})
        return cjson.encode({struct.unpack('<i12', '\\1\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\255')})
        return cjson.encode({struct.unpack('<I3 i3', '\\255\\255\\255\\255\\255\\255')})
        return cjson.encode({struct.unpack('f d', struct.pack('f d', 1.5, 0.1))})
        return cjson.encode({struct.unpack('>f >d', struct.pack('>f >d', 0.1, 1/3))})
        return cjson.encode({struct.unpack('s s', 'abc\\0de\\0')})
        return cjson.encode({struct.unpack('c3 c1', 'abcd')})
        return cjson.encode({struct.unpack('b c0', '\\3abcdef')})
        return cjson.encode({struct.unpack('i', struct.pack('i i', 1, 2), 5)})
        return cjson.encode({struct.unpack('x b', '\\0\\7')})
        return cjson.encode({struct.unpack('!4 b i', struct.pack('!4 b i', 1, 2))})
        return tostring(select(2, pcall(function() return struct.unpack('i', 'abc') end)))
        return tostring(select(2, pcall(function() return struct.unpack('s', 'abc') end)))
        return tostring(select(2, pcall(function() return struct.unpack('b c0', '\\9abc') end)))
        return tostring(select(2, pcall(function() return struct.unpack('b', 'abc', 5) end)))
        return tostring(select(2, pcall(function() return struct.unpack('b', 'abc', -1) end)))
        return tostring(select(2, pcall(function() return struct.unpack('b', 'abc', 4) end)))
        return tostring(select(2, pcall(function() return struct.unpack('z', 'abc') end)))
        return tostring(select(2, pcall(function() return struct.unpack('i99999999999', 'abc') end)))
        return cjson.encode({struct.unpack('>i', struct.pack('>i', -2147483648))})
        return cjson.encode({struct.unpack('b', 'abc', 3)})
        """);
  }
}
