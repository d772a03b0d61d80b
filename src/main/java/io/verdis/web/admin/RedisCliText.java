package io.verdis.web.admin;

import io.verdis.net.Reply;

/**
 * A reply as redis-cli prints it on a terminal (its cliFormatReplyTTY, RESP3 types included):
 * {@code (integer) 1}, {@code "v"} with C-style escapes, {@code (nil)}, {@code 1) "a"} with nested
 * aggregates indented under their index, {@code 1# "f" => "v"} for maps, {@code 1~ "m"} for sets,
 * {@code (empty array)}, {@code (error) ERR ...}. Without the final newline.
 */
final class RedisCliText {
  private RedisCliText() {
  }

  static String format(Reply reply) {
    StringBuilder out = new StringBuilder();
    format(reply, "", out);
    out.setLength(out.length() - 1);
    return out.toString();
  }

  private static void format(Reply r, String prefix, StringBuilder out) {
    switch (r.type()) {
      case ERROR -> out.append("(error) ").append(r.text()).append('\n');
      case SIMPLE -> out.append(r.text()).append('\n');
      case INTEGER -> out.append("(integer) ").append(r.integer()).append('\n');
      case DOUBLE -> out.append("(double) ").append(r.text()).append('\n');
      case BIGNUM -> out.append("(big number) ").append(r.text()).append('\n');
      case BULK -> quote(r.bytes(), out).append('\n');
      case VERBATIM -> out.append(r.text()).append('\n');
      case NULL -> out.append("(nil)\n");
      case BOOLEAN -> out.append(r.integer() != 0 ? "(true)\n" : "(false)\n");
      default -> aggregate(r, prefix, out);
    }
  }

  private static void aggregate(Reply r, String prefix, StringBuilder out) {
    boolean map = r.type() == Reply.Type.MAP;
    if (r.size() == 0) {
      out.append(switch (r.type()) {
        case MAP -> "(empty hash)\n";
        case SET -> "(empty set)\n";
        case PUSH -> "(empty push)\n";
        default -> "(empty array)\n";
      });
      return;
    }
    int entries = map ? r.size() / 2 : r.size();
    int width = Integer.toString(entries).length();
    String nested = prefix + " ".repeat(width + 2);
    char separator = r.type() == Reply.Type.SET ? '~' : map ? '#' : ')';
    for (int i = 0; i < r.size(); i++) {
      int index = (map ? i / 2 : i) + 1;
      out.append(i == 0 ? "" : prefix);
      String number = Integer.toString(index);
      out.append(" ".repeat(width - number.length())).append(number).append(separator).append(' ');
      format(r.get(i), nested, out);
      if (map) {
        i++;
        out.setLength(out.length() - 1);
        out.append(" => ");
        if (isMultiline(r.get(i))) {
          out.append('\n').append(nested);
        }
        format(r.get(i), nested, out);
      }
    }
  }

  /** Whether a map value prints on several lines, which redis-cli then starts on a line of its own. */
  private static boolean isMultiline(Reply r) {
    return switch (r.type()) {
      case ARRAY, SET, PUSH -> r.size() > 1 || (r.size() == 1 && isMultiline(r.get(0)));
      case MAP -> r.size() > 2 || (r.size() == 2 && isMultiline(r.get(1)));
      default -> false;
    };
  }

  /** sdscatrepr: double quotes, C escapes, \xHH for bytes that are not printable ASCII. */
  private static StringBuilder quote(byte[] bytes, StringBuilder out) {
    out.append('"');
    for (byte b : bytes) {
      int c = b & 0xFF;
      switch (c) {
        case '\\', '"' -> out.append('\\').append((char) c);
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append((char) c);
          } else {
            out.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return out.append('"');
  }
}
