package io.verdis.server;

import io.verdis.net.InlineArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
* Splits a configuration line into arguments the way Redis's {@code sdssplitargs} does, and quotes
* a value so that splitting gives it back.
*
* <p>Arguments are separated by blanks. In double quotes {@code \n \r \t \b \a \\ \"} and
* {@code \xHH} are escapes; in single quotes only {@code \'} is. A quote may open in the middle of
* an argument ({@code a"b c"} is {@code ab c}), but a closing quote must be followed by a blank or
* the end of the line, and an unclosed quote makes the whole line invalid. Works on bytes, since a
* {@code \xHH} escape may produce any byte; arguments are then read as UTF-8.
*/
final class ArgSplitter {

  private ArgSplitter() {
  }

  /** The arguments of a UTF-8 line, or empty when its quotes are unbalanced. */
  static Optional<List<String>> split(String line) {
    return split(line.getBytes(StandardCharsets.UTF_8)).map(ArgSplitter::decode);
  }

  /** The arguments of a line, or empty when its quotes are unbalanced. */
  static Optional<List<byte[]>> split(byte[] line) {
    return Optional.ofNullable(InlineArgs.split(line, 0, line.length));
  }

  /**
  * The value in double quotes, escaped so that {@link #split} reads it back unchanged (Redis's
  * {@code sdscatrepr}, except that non-ASCII text stays readable instead of becoming \xHH).
  */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\', '"' -> out.append('\\').append(c);
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The value as is when it splits back to itself, else {@link #quote}d. */
  static String quoteIfNeeded(String value) {
    Optional<List<String>> asIs = split(value);
    return asIs.isPresent() && asIs.get().equals(List.of(value)) ? value : quote(value);
  }

  /** Arguments as UTF-8 text. */
  static List<String> decode(List<byte[]> args) {
    List<String> out = new ArrayList<>(args.size());
    for (byte[] arg : args) {
      out.add(new String(arg, StandardCharsets.UTF_8));
    }
    return out;
  }
}
