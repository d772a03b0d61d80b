package io.verdis.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
* Redis's glob matching ({@code stringmatchlen} in util.c, Redis 7), on bytes.
*
* <p>{@code *} any run of bytes, {@code ?} one byte, {@code [abc]}, {@code [^abc]} and
* {@code [a-z]} one byte from (or not from) a class, {@code \x} the byte x itself. KEYS, SCAN
* MATCH, PSUBSCRIBE and CONFIG GET all use it, so every quirk of the C code is kept on purpose:
* clients see exactly what Redis would answer.
* <ul>
*   <li>A range may be written backwards ({@code [z-a]}); a {@code -} just before {@code ]}
*       still forms a range with the {@code ]}, as in C ({@code [a-]} is {@code []-a]}).</li>
*   <li>An unterminated class ({@code [abc}) ends at the end of the pattern.</li>
*   <li>Bytes compare as signed chars, as on x86 Redis: in ranges, bytes 0x80..0xff sort
*       below 0x00. Case folding (nocase) is ASCII only, like {@code tolower} in the C locale (whose
*       glibc quirks in nocase ranges are kept too, see {@link #toLower}).</li>
*   <li>The empty subject matches only the empty pattern (even {@code *} does not match it;
*       Redis's KEYS and SCAN special-case a lone {@code *} before calling the matcher).</li>
* </ul>
*
* <p>Pathological patterns: after a {@code *} fails to place the rest of the pattern anywhere
* in the rest of the subject, no earlier {@code *} can do better, so the whole match gives up
* (Redis's {@code skipLongerMatches}, CVE-2022-36021); that keeps {@code a*a*a*…b} polynomial.
* And like Redis, a match that nests through more than 1000 stars is reported as no match, which
* also bounds the recursion depth.
*/
public final class GlobPattern {

  /** Redis's guard against abusive patterns: deeper nesting counts as no match. */
  private static final int MAX_NESTING = 1000;

  private static final int MATCH = 1;
  private static final int NO_MATCH = 0;
  /** No match, and no earlier star may retry either: Redis's {@code *skipLongerMatches = 1}. */
  private static final int GIVE_UP = -1;

  private GlobPattern() {
  }

  /** Whether {@code subject} matches {@code pattern}, exactly as Redis's stringmatchlen. */
  public static boolean matches(byte[] pattern, byte[] subject, boolean nocase) {
    return match(pattern, 0, subject, 0, nocase, 0) == MATCH;
  }

  /** {@link #matches(byte[], byte[], boolean)} for UTF-8 text. */
  public static boolean matches(String pattern, String subject, boolean nocase) {
    return matches(pattern.getBytes(StandardCharsets.UTF_8), subject.getBytes(StandardCharsets.UTF_8), nocase);
  }

  /**
  * The literal prefix of a pattern of the form {@code <literal>*}, escapes resolved, or null
  * when the pattern is anything else. Lets {@code KEYS user:*} become a range scan of a sorted
  * index instead of a test of every key. A run of trailing stars counts as one, since Redis
  * collapses them. Note {@code *} gives the empty prefix, i.e. every key, which is what Redis's
  * KEYS answers for it (including the empty key, that {@link #matches} alone would not).
  */
  public static byte[] literalPrefix(byte[] pattern) {
    ByteArrayOutputStream prefix = new ByteArrayOutputStream(pattern.length);
    for (int i = 0; i < pattern.length; i++) {
      byte b = pattern[i];
      if (b == '*') {
        return onlyStarsFrom(pattern, i) ? prefix.toByteArray() : null;
      }
      if (b == '?' || b == '[') {
        return null;
      }
      if (b == '\\' && i + 1 < pattern.length) {
        b = pattern[++i];
      }
      prefix.write(b);
    }
    return null;
  }

  private static boolean onlyStarsFrom(byte[] pattern, int from) {
    for (int i = from; i < pattern.length; i++) {
      if (pattern[i] != '*') {
        return false;
      }
    }
    return true;
  }

  /**
  * The port of stringmatchlen_impl. Both inputs run to the end of their arrays, so the C
  * lengths are {@code pattern.length - p} and {@code subject.length - s}.
  */
  private static int match(byte[] pattern, int p, byte[] subject, int s, boolean nocase, int nesting) {
    if (nesting > MAX_NESTING) {
      return NO_MATCH;
    }
    int pEnd = pattern.length;
    int sEnd = subject.length;
    while (p < pEnd && s < sEnd) {
      switch (pattern[p]) {
        case '*' -> {
          while (p + 1 < pEnd && pattern[p + 1] == '*') {
            p++;
          }
          if (p + 1 == pEnd) {
            return MATCH;
          }
          for (; s < sEnd; s++) {
            int rest = match(pattern, p + 1, subject, s, nocase, nesting + 1);
            if (rest != NO_MATCH) {
              return rest;
            }
          }
          return GIVE_UP;
        }
        case '?' -> s++;
        case '[' -> {
          p = matchClass(pattern, p + 1, subject[s], nocase);
          if (p < 0) {
            return NO_MATCH;
          }
          s++;
        }
        default -> {
          if (pattern[p] == '\\' && p + 1 < pEnd) {
            p++;
          }
          if (!sameByte(pattern[p], subject[s], nocase)) {
            return NO_MATCH;
          }
          s++;
        }
      }
      p++;
      if (s == sEnd) {
        while (p < pEnd && pattern[p] == '*') {
          p++;
        }
        break;
      }
    }
    return p == pEnd && s == sEnd ? MATCH : NO_MATCH;
  }

  /**
  * Matches one byte against the class whose body starts at {@code p} (just after the '[').
  * Returns the index of the class's last pattern byte (its ']', or the pattern's last byte when
  * unterminated), or -1 when the byte is not in the class.
  */
  private static int matchClass(byte[] pattern, int p, byte c, boolean nocase) {
    int pEnd = pattern.length;
    boolean negated = p < pEnd && pattern[p] == '^';
    if (negated) {
      p++;
    }
    boolean match = false;
    while (true) {
      if (pEnd - p >= 2 && pattern[p] == '\\') {
        p++;
        // Escaped class members compare exactly even in nocase mode, as in Redis.
        if (pattern[p] == c) {
          match = true;
        }
      } else if (p < pEnd && pattern[p] == ']') {
        break;
      } else if (p == pEnd) {
        p--;
        break;
      } else if (pEnd - p >= 3 && pattern[p + 1] == '-') {
        int start = pattern[p];
        int end = pattern[p + 2];
        int ch = c;
        if (start > end) {
          int t = start;
          start = end;
          end = t;
        }
        if (nocase) {
          start = toLower(start);
          end = toLower(end);
          ch = toLower(ch);
        }
        p += 2;
        if (ch >= start && ch <= end) {
          match = true;
        }
      } else if (sameByte(pattern[p], c, nocase)) {
        match = true;
      }
      p++;
    }
    return match != negated ? p : -1;
  }

  private static boolean sameByte(byte a, byte b, boolean nocase) {
    return nocase ? toLower(a) == toLower(b) : a == b;
  }

  /**
  * glibc's {@code tolower} in the C locale, which Redis applies to signed chars: ASCII letters
  * fold, and negative values other than EOF (-1, i.e. byte 0xff) come back as their unsigned
  * byte value. Only range bounds notice the latter, but it changes which bytes they cover.
  */
  private static int toLower(int c) {
    if (c >= 'A' && c <= 'Z') {
      return c + ('a' - 'A');
    }
    return c < -1 ? c & 0xff : c;
  }
}
