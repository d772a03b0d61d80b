package io.verdis.acl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * ACL LOG: the latest refusals (commands, keys, channels) and failed logins, newest first, at
 * most {@code acllog-max-len}. A refusal like one of the ten latest entries (same reason, context,
 * object and user, within a minute) bumps that entry's count instead, as Redis's addACLLogEntry.
 */
public final class AclLog {
  private static final long GROUPING_MS = 60_000;
  private static final int SCANNED = 10;

  /** Where the refusal happened, as ACL LOG names it. */
  public enum Context { TOPLEVEL, MULTI, LUA, MODULE }

  /** One entry; {@code count}, {@code timeMs} and {@code clientInfo} change when a like refusal joins it. */
  public static final class Entry {
    private long count = 1;
    private final AclDenial.Reason reason;
    private final Context context;
    private final String object;
    private final String username;
    private long timeMs;
    private String clientInfo;

    Entry(AclDenial.Reason reason, Context context, String object, String username, long timeMs, String clientInfo) {
      this.reason = reason;
      this.context = context;
      this.object = object;
      this.username = username;
      this.timeMs = timeMs;
      this.clientInfo = clientInfo;
    }

    public long count() {
      return count;
    }

    public String reason() {
      return reason.logName();
    }

    public String context() {
      return context.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String object() {
      return object;
    }

    public String username() {
      return username;
    }

    public long timeMs() {
      return timeMs;
    }

    public String clientInfo() {
      return clientInfo;
    }

    private boolean like(Entry other) {
      return reason == other.reason && context == other.context && Math.abs(timeMs - other.timeMs) <= GROUPING_MS
          && object.equals(other.object) && username.equals(other.username);
    }
  }

  private final LinkedList<Entry> entries = new LinkedList<>();
  private final IntSupplier maxLength;

  public AclLog(IntSupplier maxLength) {
    this.maxLength = maxLength;
  }

  public synchronized void add(AclDenial.Reason reason, Context context, String object, String username,
                               String clientInfo) {
    Entry entry = new Entry(reason, context, object, username, System.currentTimeMillis(), clientInfo);
    Iterator<Entry> latest = entries.iterator();
    for (int scanned = 0; scanned < SCANNED && latest.hasNext(); scanned++) {
      Entry old = latest.next();
      if (old.like(entry)) {
        latest.remove();
        old.count++;
        old.timeMs = entry.timeMs;
        old.clientInfo = entry.clientInfo;
        entries.addFirst(old);
        return;
      }
    }
    entries.addFirst(entry);
    while (entries.size() > maxLength.getAsInt()) {
      entries.removeLast();
    }
  }

  /** The {@code count} newest entries, newest first (copies of their fields are read under the lock). */
  public synchronized List<Entry> latest(long count) {
    List<Entry> out = new ArrayList<>();
    for (Entry entry : entries) {
      if (out.size() >= count) {
        break;
      }
      Entry copy = new Entry(entry.reason, entry.context, entry.object, entry.username, entry.timeMs, entry.clientInfo);
      copy.count = entry.count;
      out.add(copy);
    }
    return out;
  }

  public synchronized void reset() {
    entries.clear();
  }
}
