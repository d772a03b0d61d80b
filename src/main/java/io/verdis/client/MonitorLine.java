package io.verdis.client;

import io.verdis.command.Args;
import io.verdis.command.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One line a monitor receives, in Redis 7.0's format:
 * {@code +<seconds>.<micros> [<db> <addr>] "arg" "arg" ...\r\n}, each argument quoted and escaped as
 * Redis's sdscatrepr does.
 */
public final class MonitorLine {
  private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private MonitorLine() {
  }

  public static byte[] of(Instant when, int db, String source, byte[][] argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    String head = "+" + when.getEpochSecond() + "." + String.format("%06d", when.getNano() / 1000)
        + " [" + db + " " + source + "]";
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : argv) {
      out.write(' ');
      quote(arg, out);
    }
    out.write('\r');
    out.write('\n');
    return out.toByteArray();
  }

  /** Redis's sdscatrepr: printable ASCII as it is, \\ \" \n \r \t \a \b escaped, the rest as \xhh. */
  static void quote(byte[] arg, ByteArrayOutputStream out) {
    out.write('"');
    for (byte b : arg) {
      switch (b) {
        case '\\', '"' -> {
          out.write('\\');
          out.write(b);
        }
        case '\n' -> escape('n', out);
        case '\r' -> escape('r', out);
        case '\t' -> escape('t', out);
        case 7 -> escape('a', out);
        case '\b' -> escape('b', out);
        default -> {
          if (b >= 0x20 && b < 0x7f) {
            out.write(b);
          } else {
            out.write('\\');
            out.write('x');
            out.write(HEX[(b >> 4) & 0xf]);
            out.write(HEX[b & 0xf]);
          }
        }
      }
    }
    out.write('"');
  }

  private static void escape(char c, ByteArrayOutputStream out) {
    out.write('\\');
    out.write(c);
  }

  /**
   * The arguments as monitors see them: passwords replaced, as Redis 7.0's redactClientCommandArgument
   * does for AUTH (all of them), ACL SETUSER (all but the subcommand), HELLO's AUTH (user and password)
   * and MIGRATE's AUTH and AUTH2.
   */
  static byte[][] redacted(CommandSpec spec, byte[][] argv) {
    switch (spec.fullName()) {
      case "auth" -> {
        return redactFrom(argv, 1);
      }
      case "acl|setuser" -> {
        // The user's name and every rule: passwords hide among them (aclCommand redacts them all).
        return redactFrom(argv, 2);
      }
      case "hello" -> {
        return redactAfter(argv, 2, "auth", 2);
      }
      case "migrate" -> {
        byte[][] shown = redactAfter(argv, 6, "auth", 1);
        return redactAfter(shown, 6, "auth2", 2);
      }
      default -> {
        return argv;
      }
    }
  }

  private static byte[][] redactFrom(byte[][] argv, int first) {
    byte[][] shown = argv.clone();
    for (int i = first; i < shown.length; i++) {
      shown[i] = REDACTED;
    }
    return shown;
  }

  /** The {@code count} arguments after the option {@code option}, looked for from {@code from} on, redacted. */
  private static byte[][] redactAfter(byte[][] argv, int from, String option, int count) {
    for (int i = from; i < argv.length; i++) {
      if (Args.is(argv[i], option) && i + count < argv.length) {
        byte[][] shown = argv.clone();
        for (int j = 1; j <= count; j++) {
          shown[i + j] = REDACTED;
        }
        return shown;
      }
    }
    return argv;
  }
}
