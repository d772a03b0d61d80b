package io.verdis.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
* Expected answers are redis-server 7's: each row was checked against Redis's own
* stringmatchlen compiled from util.c (and the KEYS rows against a live redis-server 7.0).
*/
class GlobPatternTest {

  static Stream<Arguments> caseSensitive() {
    return Stream.of(
        // KEYS with pattern (keyspace.tcl)
        row("foo*", "foo_a", true),
        row("foo*", "foo", true),
        row("foo*", "fo", false),
        row("*", "key_x", true),
        // KEYS with hashtag (keyspace.tcl)
        row("{a}*", "{a}x", true),
        row("*{b}*", "{b}a", true),
        row("*{b}*", "{a}x", false),
        // the empty subject matches only the empty pattern, as in Redis
        row("*", "", false),
        row("**", "", false),
        row("", "", true),
        row("", "a", false),
        row("*?", "", false),
        // stars
        row("a*", "a", true),
        row("*a", "a", true),
        row("*a", "ba", true),
        row("*a", "ab", false),
        row("h*llo", "hllo", true),
        row("h*llo", "heeeello", true),
        row("a*b*c", "aXXbYYc", true),
        row("a*b*c", "aXXbYYcZ", false),
        row("a*b*c*", "aXXbYYcZ", true),
        row("*?", "a", true),
        row("?*", "a", true),
        // question mark
        row("h?llo", "hello", true),
        row("h?llo", "hallo", true),
        row("h?llo", "hllo", false),
        row("a?", "a", false),
        // classes
        row("h[ae]llo", "hello", true),
        row("h[ae]llo", "hillo", false),
        row("h[^e]llo", "hallo", true),
        row("h[^e]llo", "hello", false),
        row("h[a-b]llo", "hbllo", true),
        row("h[a-b]llo", "hcllo", false),
        row("h[b-a]llo", "hallo", true),
        // Redis quirks kept on purpose
        row("[a-]", "]", true),
        row("[a-]", "^", true),
        row("[a-]", "-", false),
        row("[a-]]", "a", true),
        row("[abc", "b", true),
        row("[abc", "[", false),
        row("[", "[", false),
        row("[^", "x", true),
        row("[]", "]", false),
        row("[]a]", "a", false),
        row("[^]", "x", true),
        // escapes
        row("\\*", "*", true),
        row("\\*", "x", false),
        row("a\\*b", "a*b", true),
        row("a\\*b", "axb", false),
        row("\\?", "?", true),
        row("\\?", "a", false),
        row("\\[a]", "[a]", true),
        row("\\[a]", "a", false),
        row("a\\", "a\\", true),
        row("[\\]]", "]", true),
        row("[\\^a]", "^", true),
        row("[\\-]", "-", true),
        row("*foo*", "xxFOOxx", false),
        row("HELLO", "hello", false),
        row("user:*", "user:1000", true),
        row("user:*", "user:", true),
        row("user:*", "users:1", false));
  }

  static Stream<Arguments> caseInsensitive() {
    return Stream.of(
        row("HELLO", "hello", true),
        row("h[A-C]llo", "hbllo", true),
        row("h[a-c]llo", "HBLLO", true),
        row("*FOO*", "xxfooxx", true),
        row("MAXMEM*", "maxmemory-policy", true),
        // an escaped class member compares exactly even without case
        row("[\\A]", "a", false),
        row("[\\a]", "a", true));
  }

  private static Arguments row(String pattern, String subject, boolean matches) {
    return Arguments.of(pattern, subject, matches);
  }

  @ParameterizedTest(name = "''{0}'' against ''{1}'' is {2}")
  @MethodSource("caseSensitive")
  void matchesAsRedisDoesWithCase(String pattern, String subject, boolean expected) {
    assertEquals(expected, GlobPattern.matches(pattern, subject, false));
  }

  @ParameterizedTest(name = "''{0}'' against ''{1}'' ignoring case is {2}")
  @MethodSource("caseInsensitive")
  void matchesAsRedisDoesIgnoringCase(String pattern, String subject, boolean expected) {
    assertEquals(expected, GlobPattern.matches(pattern, subject, true));
  }

  @Test
  @DisplayName("bytes above 0x7f are matched as bytes, not as characters")
  void bytesAbove0x7fAreMatchedAsBytes() {
    byte[] subject = {'k', (byte) 0xff, 0, 'x'};
    assertTrue(GlobPattern.matches(new byte[] {'k', '?', '?', 'x'}, subject, false));
    assertTrue(GlobPattern.matches(new byte[] {'k', (byte) 0xff, '*'}, subject, false));
    assertFalse(GlobPattern.matches(new byte[] {'k', (byte) 0xfe, '*'}, subject, false));
  }

  @Test
  @DisplayName("ranges compare bytes as signed chars, as x86 Redis does")
  void rangesCompareBytesAsSignedChars() {
    // [\x80-z] spans -128..122 as signed chars: it holds 'a' and every byte above 0x7f, not '{'
    byte[] pattern = {'[', (byte) 0x80, '-', 'z', ']'};
    assertTrue(GlobPattern.matches(pattern, new byte[] {'a'}, false));
    assertTrue(GlobPattern.matches(pattern, new byte[] {(byte) 0xc3}, false));
    assertFalse(GlobPattern.matches(pattern, new byte[] {'{'}, false));
    // In nocase mode glibc's tolower turns the 0x80 bound into 128, above 'z': the range swaps.
    assertFalse(GlobPattern.matches(pattern, new byte[] {'^'}, true));
  }

  @Test
  @DisplayName("Regression for pattern matching long nested loops (keyspace.tcl) gives no match")
  void longNestedLoopsGiveNoMatch() {
    String subject = "a".repeat(90);
    String pattern = "a*".repeat(32) + "b";
    assertFalse(GlobPattern.matches(pattern, subject, false));
    assertTrue(GlobPattern.matches(pattern.replace('b', 'a'), subject, false));
  }

  @Test
  @DisplayName("Regression for pattern matching very long nested loops (keyspace.tcl) gives no match")
  void veryLongNestedLoopsGiveNoMatch() {
    assertFalse(GlobPattern.matches("*?".repeat(50000), "a".repeat(50000), false));
  }

  @Test
  @DisplayName("a match nesting through more than 1000 stars is no match, as in Redis")
  void nestingBeyondAThousandStarsIsNoMatch() {
    assertTrue(GlobPattern.matches("*a".repeat(1000), "a".repeat(1000), false));
    assertFalse(GlobPattern.matches("*a".repeat(1001), "a".repeat(1001), false));
    // a run of stars counts once, and stars left over when the subject ends need no nesting
    assertTrue(GlobPattern.matches("*".repeat(5000) + "a", "a", false));
    assertTrue(GlobPattern.matches("a" + "*".repeat(5000), "a", false));
  }

  @Test
  @DisplayName("many stars against a long subject that cannot match finish")
  void manyStarsAgainstALongSubjectFinish() {
    String pattern = "*a".repeat(200) + "*b";
    assertFalse(GlobPattern.matches(pattern, "a".repeat(20000), false));
  }

  static Stream<Arguments> prefixes() {
    return Stream.of(
        Arguments.of("user:*", "user:"),
        Arguments.of("*", ""),
        Arguments.of("user:**", "user:"),
        Arguments.of("a\\*b*", "a*b"),
        Arguments.of("a\\?\\[*", "a?["),
        Arguments.of("a]*", "a]"),
        Arguments.of("a\\\\*", "a\\"),
        Arguments.of("user:", null),
        Arguments.of("", null),
        Arguments.of("user:\\*", null),
        Arguments.of("us?r:*", null),
        Arguments.of("user:[0-9]*", null),
        Arguments.of("*:name", null),
        Arguments.of("user:*:name", null),
        Arguments.of("user:*?", null));
  }

  @ParameterizedTest(name = "the literal prefix of ''{0}'' is ''{1}''")
  @MethodSource("prefixes")
  void literalPrefixIsFoundOnlyForLiteralThenStar(String pattern, String prefix) {
    byte[] found = GlobPattern.literalPrefix(pattern.getBytes(StandardCharsets.UTF_8));
    if (prefix == null) {
      assertNull(found);
    } else {
      assertArrayEquals(prefix.getBytes(StandardCharsets.UTF_8), found);
    }
  }

  @Test
  @DisplayName("a literal prefix selects the same non-empty keys the pattern matches")
  void literalPrefixAgreesWithMatching() {
    String[] patterns = {"user:*", "a\\*b*", "x]*", "*"};
    String[] keys = {"user:", "user:1", "users", "a*b", "a*bc", "axb", "x]", "x]y", "x", "k"};
    for (String pattern : patterns) {
      byte[] prefix = GlobPattern.literalPrefix(pattern.getBytes(StandardCharsets.UTF_8));
      String literal = new String(prefix, StandardCharsets.UTF_8);
      for (String key : keys) {
        assertEquals(GlobPattern.matches(pattern, key, false), key.startsWith(literal), pattern + " vs " + key);
      }
    }
  }
}
