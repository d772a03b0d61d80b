package io.verdis.server;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log lines in redis-server's shape ({@code pid:M 23 Nov 2026 10:00:00.123 * message}), at the
 * configured {@code loglevel}, to stdout or {@code logfile}.
 */
public final class ServerLog {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

  private ServerLog() {
  }

  /**
   * java.util.logging resets (closes) every handler from a shutdown hook of its own, which runs
   * alongside ours: the lines Verdis logs while it saves and flushes on SIGTERM would be lost.
   * Installed as the LogManager (see {@link #install}), it leaves the handlers open at exit;
   * they are flushed after every record anyway.
   */
  public static final class KeepOpenAtExit extends LogManager {
    @Override
    public void reset() {
      // No-op, at exit and everywhere else: configure() replaces the root handlers itself.
    }
  }

  /** Must run before anything touches java.util.logging (first thing in main). */
  public static void install() {
    System.setProperty("java.util.logging.manager", KeepOpenAtExit.class.getName());
  }

  public static void configure(String loglevel, String logfile) throws IOException {
    Logger root = Logger.getLogger("");
    for (Handler existing : root.getHandlers()) {
      root.removeHandler(existing);
    }
    Level level = level(loglevel);
    Handler handler = logfile.isEmpty() ? stdoutHandler() : new FileHandler(logfile, true);
    handler.setFormatter(new RedisFormatter());
    handler.setLevel(level);
    root.addHandler(handler);
    root.setLevel(level);
    // Netty and Hazelcast are chatty at INFO; their warnings still show.
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
    Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
  }

  static Level level(String loglevel) {
    return switch (loglevel) {
      case "debug" -> Level.FINE;
      case "verbose" -> Level.CONFIG;
      case "warning" -> Level.WARNING;
      case "nothing" -> Level.OFF;
      default -> Level.INFO;
    };
  }

  private static Handler stdoutHandler() {
    ConsoleHandler handler = new ConsoleHandler() {
      {
        setOutputStream(new PrintStream(System.out, true));
      }
    };
    return handler;
  }

  /** Redis's marks: '.' debug, '-' verbose, '*' notice, '#' warning. */
  private static final class RedisFormatter extends Formatter {
    private final long pid = ProcessHandle.current().pid();

    @Override
    public String format(LogRecord record) {
      int level = record.getLevel().intValue();
      char mark = level >= Level.WARNING.intValue() ? '#' : level >= Level.INFO.intValue() ? '*'
          : level >= Level.CONFIG.intValue() ? '-' : '.';
      StringBuilder line = new StringBuilder()
          .append(pid).append(":M ")
          .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
          .append(' ').append(mark).append(' ')
          .append(formatMessage(record)).append(System.lineSeparator());
      if (record.getThrown() != null) {
        java.io.StringWriter trace = new java.io.StringWriter();
        record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }
  }
}
