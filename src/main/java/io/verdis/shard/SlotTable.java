package io.verdis.shard;

/**
 * Decides where a key lives: key → Redis Cluster hash slot → shard. Nothing else decides it.
 *
 * <p>The slot is CRC16(key) mod 16384, or CRC16 of the non-empty {@code {hashtag}} inside the key,
 * exactly as Redis Cluster computes it, so a later cluster can hand whole slots between nodes.
 */
public final class SlotTable {
  public static final int SLOTS = 16384;

  private static final int[] CRC16_TABLE = crc16Table();

  private final short[] shardOfSlot = new short[SLOTS];
  private final int shardCount;

  /** One node: slots spread evenly, in contiguous ranges, over the local shards. */
  public SlotTable(int shardCount) {
    if (shardCount < 1 || shardCount > Short.MAX_VALUE) {
      throw new IllegalArgumentException("shard count out of range: " + shardCount);
    }
    this.shardCount = shardCount;
    for (int slot = 0; slot < SLOTS; slot++) {
      shardOfSlot[slot] = (short) ((long) slot * shardCount / SLOTS);
    }
  }

  public int shardCount() {
    return shardCount;
  }

  public int shardOf(byte[] key) {
    return shardOfSlot[slotOf(key)];
  }

  public int shardOfSlot(int slot) {
    return shardOfSlot[slot];
  }

  /** Redis Cluster's keyHashSlot(): only the part between the first '{' and the next '}' counts, if non-empty. */
  public static int slotOf(byte[] key) {
    int open = indexOf(key, (byte) '{', 0);
    if (open >= 0) {
      int close = indexOf(key, (byte) '}', open + 1);
      if (close > open + 1) {
        return crc16(key, open + 1, close) & (SLOTS - 1);
      }
    }
    return crc16(key, 0, key.length) & (SLOTS - 1);
  }

  /** CRC16-CCITT (XModem), the variant Redis Cluster specifies. */
  static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
    }
    return crc;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int[] crc16Table() {
    int[] table = new int[256];
    for (int n = 0; n < 256; n++) {
      int crc = n << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      table[n] = crc & 0xFFFF;
    }
    return table;
  }
}
