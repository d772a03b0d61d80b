package io.verdis.shard;

import java.io.IOException;

/**
 * One database's entries as they were at one instant. Taking it costs a reference per table
 * chunk: it shares the chunks, and the live table copies a chunk before it next writes to it
 * (copy-on-write). Keys and values themselves are shared, which is safe because a stored key or
 * string value is never modified in place (writers store new arrays), and an aggregate is copied
 * before its first change after the snapshot ({@code Database.lookupWrite}). Once handed to another
 * thread (through the hold/release hand-off), it can be read there at leisure.
 */
public final class KeyspaceSnapshot {
  /** Receives each entry; {@code expireAtMs} is -1 for a key without TTL. */
  public interface Visitor {
    void visit(byte[] key, Object value, long expireAtMs) throws IOException;
  }

  private final KeyTable table;
  private final ExpiryTable expiries;

  KeyspaceSnapshot(KeyTable table, ExpiryTable expiries) {
    this.table = new KeyTable(table);
    this.expiries = new ExpiryTable(expiries);
  }

  public int size() {
    return table.size();
  }

  public int expiresCount() {
    return expiries.size();
  }

  /** Every entry, expired ones included (their time is in the past): the caller decides. */
  public void forEach(Visitor visitor) throws IOException {
    for (int slot = 0; slot < table.capacity(); slot++) {
      byte[] key = table.keyAt(slot);
      if (key != null) {
        long expireAt = KeyMeta.hasExpiry(table.metaAt(slot)) ? expiries.get(key, table.hashAt(slot)) : -1;
        visitor.visit(key, table.valueAt(slot), expireAt);
      }
    }
  }
}
