package io.verdis.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages one class (or every class) logs while a test runs (try-with-resources), whatever the node's log level. */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<Throwable> thrown = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  /** Starts capturing what {@code source}'s logger is given. */
  public static LogCapture of(Class<?> source) {
    LogCapture capture = new LogCapture(Logger.getLogger(source.getName()));
    capture.logger.addHandler(capture);
    return capture;
  }

  /** Starts capturing what every logger gives the root logger (Vert.x's and Netty's included). */
  public static LogCapture everything() {
    LogCapture capture = new LogCapture(Logger.getLogger(""));
    capture.logger.addHandler(capture);
    return capture;
  }

  /** The exceptions logged so far with their stack traces. */
  public List<Throwable> thrown() {
    return List.copyOf(thrown);
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
      thrown.add(record.getThrown());
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
