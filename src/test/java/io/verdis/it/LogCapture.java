package io.verdis.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The messages one class (or every class: Verdis, Vert.x and Netty all log through
 * java.util.logging) logs while a test runs (try-with-resources), whatever the node's log level.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<LogRecord> traces = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  /** Starts capturing what {@code source}'s logger is given. */
  public static LogCapture of(Class<?> source) {
    return attachedTo(Logger.getLogger(source.getName()));
  }

  /** Starts capturing what every logger gives the root logger (Vert.x's and Netty's included). */
  public static LogCapture everything() {
    return attachedTo(Logger.getLogger(""));
  }

  private static LogCapture attachedTo(Logger logger) {
    LogCapture capture = new LogCapture(logger);
    logger.addHandler(capture);
    return capture;
  }

  /** The exceptions logged so far with their stack traces. */
  public List<Throwable> thrown() {
    return traces.stream().map(LogRecord::getThrown).toList();
  }

  public boolean sawStackTrace() {
    return !traces.isEmpty();
  }

  /** How many stack traces were logged, and the first of them, for an assertion's message. */
  public String summary() {
    if (traces.isEmpty()) {
      return "no stack trace";
    }
    LogRecord first = traces.get(0);
    return traces.size() + " stack traces, the first: " + first.getLoggerName() + ": " + first.getMessage()
        + ": " + first.getThrown();
  }

  /** The messages so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The messages so far that contain {@code text}. */
  public List<String> linesWith(String text) {
    return lines.stream().filter(line -> line.contains(text)).toList();
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(record.getMessage());
    if (record.getThrown() != null) {
      traces.add(record);
    }
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
