package io.verdis.client;

import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The clients in MONITOR mode, and the feed of every command run to them (Redis's
 * replicationFeedMonitors). With none attached a command pays one volatile read ({@link #active()}).
 *
 * <p>As Redis 7.0's call(), a command is shown once it ran (so EXEC comes after its queued commands
 * and AUTH's password is already redacted), except the commands flagged skip_monitor, the scripts,
 * which Redis shows before they run so that the commands they call follow them. Admin commands are
 * never shown, nor commands refused before they ran (unknown, wrong arity, not authenticated).
 */
public final class Monitors {
  /** Where a monitor's lines go: its connection, which writes them as it writes pub/sub messages. */
  public interface Monitor {
    void line(byte[] line);
  }

  private static final Monitor[] NONE = new Monitor[0];
  private volatile Monitor[] monitors = NONE;
  /** The lines of the script running on this thread, held until it ends (see {@link #holdLines}). */
  private final ThreadLocal<List<byte[]>> held = new ThreadLocal<>();

  /** Whether any client monitors: the one check on the command path. */
  public boolean active() {
    return monitors.length != 0;
  }

  public synchronized void add(Monitor monitor) {
    Monitor[] now = Arrays.copyOf(monitors, monitors.length + 1);
    now[now.length - 1] = monitor;
    monitors = now;
  }

  public synchronized void remove(Monitor monitor) {
    Monitor[] now = monitors;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == monitor) {
        Monitor[] fewer = new Monitor[now.length - 1];
        System.arraycopy(now, 0, fewer, 0, i);
        System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
        monitors = fewer;
        return;
      }
    }
  }

  /** Whether {@code spec} is shown once it ran (false for admin commands and those that show themselves). */
  public static boolean shownAfter(CommandSpec spec) {
    return !spec.has(CommandFlag.ADMIN) && !spec.has(CommandFlag.SKIP_MONITOR);
  }

  /** Whether {@code spec} shows itself before it runs, as Redis's evalCommand and fcallCommand do. */
  public static boolean shownBefore(CommandSpec spec) {
    return spec.has(CommandFlag.SKIP_MONITOR);
  }

  /**
   * Sends one command to every monitor. {@code client} is who ran it (a script's own calls,
   * {@code fromScript}, are shown as "lua"), {@code db} the database it ran in.
   */
  public void feed(ClientSession client, boolean fromScript, int db, CommandSpec spec, byte[][] argv) {
    Monitor[] now = monitors;
    if (now.length == 0 || (client == null && !fromScript)) {
      return; // nobody watches, or the server's own work (expiry, replay), which Redis does not show
    }
    String source = fromScript ? "lua" : client.address();
    byte[] line = MonitorLine.of(Instant.now(), db, source, MonitorLine.redacted(spec, argv));
    List<byte[]> holding = held.get();
    if (holding != null) {
      holding.add(line);
      return;
    }
    send(now, line);
  }

  private static void send(Monitor[] monitors, byte[] line) {
    for (Monitor monitor : monitors) {
      monitor.line(line);
    }
  }

  /**
   * A script starts on this thread: its lines (its own first) wait until it ends. A script run on
   * fewer shards that meets a write or another shard's key starts again with every shard held
   * (NeedsEveryShard); the lines of the abandoned run must not be shown twice.
   */
  public void holdLines() {
    held.set(new ArrayList<>());
  }

  /** The script ended: its lines go to the monitors, or, when it starts again elsewhere, are dropped. */
  public void releaseLines(boolean show) {
    List<byte[]> lines = held.get();
    held.remove();
    if (show && lines != null) {
      Monitor[] now = monitors;
      for (byte[] line : lines) {
        send(now, line);
      }
    }
  }
}
