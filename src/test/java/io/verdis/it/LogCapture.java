package io.verdis.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records carrying a stack trace that an in-process server (Verdis, Vert.x or Netty, all
 * through java.util.logging) writes while it is open: each is a failure a test can show.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> traces = new CopyOnWriteArrayList<>();

  private LogCapture() {
  }

  static LogCapture start() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getThrown() != null) {
      traces.add(record);
    }
  }

  /** How many stack traces were logged, and the first of them, for an assertion's message. */
  String summary() {
    if (traces.isEmpty()) {
      return "no stack trace";
    }
    LogRecord first = traces.get(0);
    return traces.size() + " stack traces, the first: " + first.getLoggerName() + ": " + first.getMessage()
        + ": " + first.getThrown();
  }

  boolean sawStackTrace() {
    return !traces.isEmpty();
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
