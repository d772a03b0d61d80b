package io.verdis.cluster;

import io.verdis.shard.SlotTable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cluster's agreed slot table: which node owns each of the 16384 slots, with the epoch that
 * every change raises. Immutable; a change makes a new table, and the cluster adopts it only by
 * compare-and-set in Hazelcast (see {@link SlotTableStore}), so two nodes can never both believe
 * they won a change.
 *
 * <p>Nodes are named by their 40-character ids; a node stays in the table while it owns slots,
 * even while it is down (its slots are then down too: there is no replica yet to take them).
 */
public final class SlotOwners {
  public static final int SLOTS = SlotTable.SLOTS;
  static final short UNASSIGNED = -1;
  private static final int MAGIC = 0x56534c54; // "VSLT"

  private final long epoch;
  private final String[] nodes;
  private final short[] owner;

  private SlotOwners(long epoch, String[] nodes, short[] owner) {
    this.epoch = epoch;
    this.nodes = nodes;
    this.owner = owner;
  }

  /** Epoch 0, no slot assigned: the table before the cluster's first assignment. */
  public static SlotOwners empty() {
    short[] owner = new short[SLOTS];
    Arrays.fill(owner, UNASSIGNED);
    return new SlotOwners(0, new String[0], owner);
  }

  public long epoch() {
    return epoch;
  }

  /** The id of the node owning {@code slot}, or null while it has none. */
  public String ownerOf(int slot) {
    short index = owner[slot];
    return index < 0 ? null : nodes[index];
  }

  public boolean isAssigned(int slot) {
    return owner[slot] >= 0;
  }

  public boolean allAssigned() {
    for (short index : owner) {
      if (index < 0) {
        return false;
      }
    }
    return true;
  }

  /** Every node that owns at least one slot, in table order. */
  public List<String> owners() {
    boolean[] owns = new boolean[nodes.length];
    for (short index : owner) {
      if (index >= 0) {
        owns[index] = true;
      }
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      if (owns[i]) {
        result.add(nodes[i]);
      }
    }
    return result;
  }

  /** How many slots {@code node} owns. */
  public int count(String node) {
    int index = indexOf(node);
    if (index < 0) {
      return 0;
    }
    int n = 0;
    for (short o : owner) {
      if (o == index) {
        n++;
      }
    }
    return n;
  }

  /** The slots {@code node} owns, ascending. */
  public int[] slotsOf(String node) {
    int index = indexOf(node);
    int[] slots = new int[index < 0 ? 0 : count(node)];
    int n = 0;
    for (int slot = 0; slot < SLOTS && index >= 0; slot++) {
      if (owner[slot] == index) {
        slots[n++] = slot;
      }
    }
    return slots;
  }

  /** The contiguous runs of slots each node owns, in slot order. */
  public List<SlotRange> ranges() {
    List<SlotRange> ranges = new ArrayList<>();
    int start = 0;
    for (int slot = 1; slot <= SLOTS; slot++) {
      if (slot == SLOTS || owner[slot] != owner[start]) {
        if (owner[start] >= 0) {
          ranges.add(new SlotRange(start, slot - 1, nodes[owner[start]]));
        }
        start = slot;
      }
    }
    return ranges;
  }

  /** A contiguous run of slots with one owner. */
  public record SlotRange(int first, int last, String node) {
  }

  /** This table with {@code slots} given to {@code node}, at the next epoch. */
  public SlotOwners withOwner(int[] slots, String node) {
    String[] newNodes = nodes;
    int index = indexOf(node);
    if (index < 0) {
      newNodes = Arrays.copyOf(nodes, nodes.length + 1);
      newNodes[nodes.length] = node;
      index = nodes.length;
    }
    short[] newOwner = owner.clone();
    for (int slot : slots) {
      newOwner[slot] = (short) index;
    }
    return compact(epoch + 1, newNodes, newOwner);
  }

  private int indexOf(String node) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i].equals(node)) {
        return i;
      }
    }
    return -1;
  }

  /** Drops the names of nodes that own nothing any more, so the table only names owners. */
  private static SlotOwners compact(long epoch, String[] nodes, short[] owner) {
    boolean[] used = new boolean[nodes.length];
    for (short o : owner) {
      if (o >= 0) {
        used[o] = true;
      }
    }
    short[] renumber = new short[nodes.length];
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      renumber[i] = used[i] ? (short) kept.size() : UNASSIGNED;
      if (used[i]) {
        kept.add(nodes[i]);
      }
    }
    for (int slot = 0; slot < owner.length; slot++) {
      if (owner[slot] >= 0) {
        owner[slot] = renumber[owner[slot]];
      }
    }
    return new SlotOwners(epoch, kept.toArray(new String[0]), owner);
  }

  /** The compact binary form kept in Hazelcast and in the node's identity file. */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(4 + 8 + 4 + nodes.length * (2 + NodeIdentity.ID_LENGTH) + SLOTS * 2);
    out.putInt(MAGIC).putLong(epoch).putInt(nodes.length);
    for (String node : nodes) {
      byte[] id = node.getBytes(StandardCharsets.US_ASCII);
      out.putShort((short) id.length).put(id);
    }
    for (short o : owner) {
      out.putShort(o);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  public static SlotOwners decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.getInt() != MAGIC) {
      throw new IllegalArgumentException("not a Verdis slot table");
    }
    long epoch = in.getLong();
    String[] nodes = new String[in.getInt()];
    for (int i = 0; i < nodes.length; i++) {
      byte[] id = new byte[in.getShort()];
      in.get(id);
      nodes[i] = new String(id, StandardCharsets.US_ASCII);
    }
    short[] owner = new short[SLOTS];
    for (int slot = 0; slot < SLOTS; slot++) {
      owner[slot] = in.getShort();
      if (owner[slot] >= nodes.length) {
        throw new IllegalArgumentException("slot " + slot + " names node " + owner[slot] + " of " + nodes.length);
      }
    }
    return new SlotOwners(epoch, nodes, owner);
  }

  @Override
  public String toString() {
    return "SlotOwners{epoch=" + epoch + ", ranges=" + ranges() + "}";
  }
}
