package io.verdis.server;

import io.verdis.client.ClientSession;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's slow log: commands slower than {@code slowlog-log-slower-than} µs, newest first, at most
 * {@code slowlog-max-len}. Arguments are trimmed as Redis trims them (32 args, 128 bytes each).
 */
public final class SlowLog {
  private static final int MAX_ARGS = 32;
  private static final int MAX_ARG_LENGTH = 128;

  /** One logged command. */
  public record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String clientAddress, String clientName) {
  }

  private final Config config;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long nextId;

  public SlowLog(Config config) {
    this.config = config;
  }

  /** Called for every command; cheap unless the command was slow. */
  public void consider(byte[][] argv, long micros, ClientSession client) {
    long threshold = config.slowlogLogSlowerThan();
    if (threshold < 0 || micros < threshold) {
      return;
    }
    List<byte[]> args = trim(argv);
    long now = System.currentTimeMillis() / 1000;
    String address = client == null ? "" : client.address();
    String name = client == null ? "" : client.name();
    synchronized (this) {
      entries.addFirst(new Entry(nextId++, now, micros, args, address, name));
      while (entries.size() > config.slowlogMaxLen()) {
        entries.removeLast();
      }
    }
  }

  public synchronized List<Entry> newest(int count) {
    List<Entry> result = new ArrayList<>();
    for (Entry entry : entries) {
      if (result.size() == count) {
        break;
      }
      result.add(entry);
    }
    return result;
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized void reset() {
    entries.clear();
  }

  private static List<byte[]> trim(byte[][] argv) {
    int shown = Math.min(argv.length, MAX_ARGS);
    List<byte[]> args = new ArrayList<>(shown);
    for (int i = 0; i < shown; i++) {
      if (shown < argv.length && i == shown - 1) {
        args.add(("... (" + (argv.length - shown + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII));
      } else if (argv[i].length > MAX_ARG_LENGTH) {
        String more = "... (" + (argv[i].length - MAX_ARG_LENGTH) + " more bytes)";
        byte[] trimmed = new byte[MAX_ARG_LENGTH + more.length()];
        System.arraycopy(argv[i], 0, trimmed, 0, MAX_ARG_LENGTH);
        System.arraycopy(more.getBytes(StandardCharsets.US_ASCII), 0, trimmed, MAX_ARG_LENGTH, more.length());
        args.add(trimmed);
      } else {
        args.add(argv[i]);
      }
    }
    return args;
  }
}
