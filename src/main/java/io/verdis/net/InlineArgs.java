package io.verdis.net;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into arguments exactly as Redis's {@code sdssplitargs} does: used for inline
 * commands ({@code printf 'SET a "b c"\r\n' | nc}) and for lines of the configuration file.
 *
 * <p>Double quotes understand {@code \n \r \t \b \a \\ \"} and {@code \xHH}; single quotes only
 * {@code \'}. A closing quote must be followed by a space or the end of the line.
 */
public final class InlineArgs {
  private InlineArgs() {
  }

  /** The arguments, or null when the quotes are unbalanced. A NUL byte ends the line, as in C. */
  public static List<byte[]> split(byte[] line, int from, int to) {
    List<byte[]> args = new ArrayList<>();
    int p = from;
    while (true) {
      while (p < to && isSpace(line[p])) {
        p++;
      }
      if (p >= to || line[p] == 0) {
        return args;
      }
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        int c = p < to ? line[p] & 0xFF : 0;
        int next = p + 1 < to ? line[p + 1] & 0xFF : 0;
        if (inDouble) {
          if (c == '\\' && next == 'x' && p + 3 < to && isHex(line[p + 2]) && isHex(line[p + 3])) {
            current.write(hexValue(line[p + 2]) * 16 + hexValue(line[p + 3]));
            p += 3;
          } else if (c == '\\' && next != 0) {
            p++;
            current.write(unescape(next));
          } else if (c == '"') {
            if (next != 0 && !isSpace((byte) next)) {
              return null;
            }
            done = true;
          } else if (c == 0) {
            return null;
          } else {
            current.write(c);
          }
        } else if (inSingle) {
          if (c == '\\' && next == '\'') {
            p++;
            current.write('\'');
          } else if (c == '\'') {
            if (next != 0 && !isSpace((byte) next)) {
              return null;
            }
            done = true;
          } else if (c == 0) {
            return null;
          } else {
            current.write(c);
          }
        } else {
          switch (c) {
            case ' ', '\n', '\r', '\t', 0 -> done = true;
            case '"' -> inDouble = true;
            case '\'' -> inSingle = true;
            default -> current.write(c);
          }
        }
        if (c != 0) {
          p++;
        }
      }
      args.add(current.toByteArray());
    }
  }

  private static int unescape(int c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> c;
    };
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  private static int hexValue(byte b) {
    return Character.digit(b, 16);
  }
}
