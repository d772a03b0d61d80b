package io.verdis.shard;

/**
* The main dictionary of a database: key → value plus a metadata int (LRU clock and a has-TTL
* flag, see {@link KeyMeta}) and the entry's counted size (what it adds to the shard's used
* memory, see {@link Keyspace#usedBytes}). Hashes, values, metadata and sizes sit in arrays parallel
* to the keys, so a lookup of an existing key touches a few array cells and no entry object.
*/
public final class KeyTable extends LinearProbingTable {
  private Object[][] values;
  private int[][] meta;
  private int[][] sizes;

  public KeyTable() {
    resetPayload(capacity());
  }

  /** A read-only point-in-time snapshot sharing source's chunks (see {@link LinearProbingTable#own}). */
  KeyTable(KeyTable source) {
    super(source);
    values = source.values.clone();
    meta = source.meta.clone();
    sizes = source.sizes.clone();
  }

  public int find(byte[] key) {
    return find(key, KeyHash.of(key));
  }

  public Object get(byte[] key) {
    int slot = find(key);
    return slot < 0 ? null : valueAt(slot);
  }

  /** Inserts or replaces (keeping the metadata); returns the previous value or null. */
  public Object put(byte[] key, Object value) {
    int hash = KeyHash.of(key);
    int slot = find(key, hash);
    if (slot < 0) {
      insert(key, hash, value, 0);
      return null;
    }
    Object previous = valueAt(slot);
    setValueAt(slot, value);
    return previous;
  }

  /** Adds a key known to be absent; the table keeps the key array itself, not a copy. */
  public int insert(byte[] key, int hash, Object value, int meta) {
    int slot = insertAbsent(key, hash);
    setValueAt(slot, value);
    setMetaAt(slot, meta);
    return slot;
  }

  /** Removes key; returns its value or null when absent. */
  public Object remove(byte[] key) {
    int slot = find(key);
    if (slot < 0) {
      return null;
    }
    Object previous = valueAt(slot);
    removeAt(slot);
    return previous;
  }

  public Object valueAt(int slot) {
    return values[chunk(slot)][offset(slot)];
  }

  public void setValueAt(int slot, Object value) {
    own(chunk(slot));
    values[chunk(slot)][offset(slot)] = value;
  }

  public int metaAt(int slot) {
    return meta[chunk(slot)][offset(slot)];
  }

  public void setMetaAt(int slot, int meta) {
    own(chunk(slot));
    this.meta[chunk(slot)][offset(slot)] = meta;
  }

  /** The bytes the entry at slot was counted for when its value was last stored or changed. */
  int sizeAt(int slot) {
    return sizes[chunk(slot)][offset(slot)];
  }

  void setSizeAt(int slot, int size) {
    own(chunk(slot));
    sizes[chunk(slot)][offset(slot)] = size;
  }

  @Override
  void copyPayloadChunk(int chunk) {
    values[chunk] = values[chunk].clone();
    meta[chunk] = meta[chunk].clone();
    sizes[chunk] = sizes[chunk].clone();
  }

  @Override
  void resetPayload(int capacity) {
    values = new Object[chunkCount(capacity)][chunkLength(capacity)];
    meta = new int[chunkCount(capacity)][chunkLength(capacity)];
    sizes = new int[chunkCount(capacity)][chunkLength(capacity)];
  }

  @Override
  void relocatePayload(int[] destinations, int capacity) {
    Object[][] oldValues = values;
    int[][] oldMeta = meta;
    int[][] oldSizes = sizes;
    resetPayload(capacity);
    for (int slot = 0; slot < destinations.length; slot++) {
      if (destinations[slot] >= 0) {
        setValueAt(destinations[slot], oldValues[chunk(slot)][offset(slot)]);
        setMetaAt(destinations[slot], oldMeta[chunk(slot)][offset(slot)]);
        setSizeAt(destinations[slot], oldSizes[chunk(slot)][offset(slot)]);
      }
    }
  }

  @Override
  void movePayload(int from, int to) {
    setValueAt(to, valueAt(from));
    setMetaAt(to, metaAt(from));
    setSizeAt(to, sizeAt(from));
  }

  @Override
  void clearPayload(int slot) {
    setValueAt(slot, null);
    setSizeAt(slot, 0);
  }
}
