package io.verdis.cluster;

import io.verdis.shard.SlotTable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The cluster's agreed slot table: which node owns each of the 16384 slots, which nodes follow each
 * owner (hold a copy of its slots' keys, fed by its write stream, ready to take them over), and the
 * epoch that every change raises. Immutable; a change makes a new table, and the cluster adopts it
 * only by compare-and-set in Hazelcast (see {@link Cluster#compareAndSet}), so two nodes can never
 * both believe they won a change.
 *
 * <p>Nodes are named by their 40-character ids; a node stays in the table while it owns slots or
 * follows a node that does, even while it is down.
 */
public final class SlotOwners {
  public static final int SLOTS = SlotTable.SLOTS;
  static final short UNASSIGNED = -1;
  private static final int MAGIC = 0x56534c54; // "VSLT"
  /** The form with follower lists, written only when some node has followers (older nodes read the first). */
  private static final int MAGIC_FOLLOWERS = 0x56534c32; // "VSL2"
  private static final short[] NONE = new short[0];

  private final long epoch;
  private final String[] nodes;
  private final short[] owner;
  /** Per node index: the indexes of the nodes following it, in order of preference; empty for non-owners. */
  private final short[][] followers;

  private SlotOwners(long epoch, String[] nodes, short[] owner, short[][] followers) {
    this.epoch = epoch;
    this.nodes = nodes;
    this.owner = owner;
    this.followers = followers;
  }

  /** Epoch 0, no slot assigned: the table before the cluster's first assignment. */
  public static SlotOwners empty() {
    short[] owner = new short[SLOTS];
    Arrays.fill(owner, UNASSIGNED);
    return new SlotOwners(0, new String[0], owner, new short[0][]);
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

  /** The nodes following {@code owner}, in order of preference (empty when it owns nothing). */
  public List<String> followersOf(String owner) {
    int index = indexOf(owner);
    List<String> result = new ArrayList<>();
    for (short follower : index < 0 ? NONE : followers[index]) {
      result.add(nodes[follower]);
    }
    return result;
  }

  /** The owners {@code node} follows, in table order. */
  public List<String> followedBy(String node) {
    int index = indexOf(node);
    List<String> result = new ArrayList<>();
    for (int i = 0; i < nodes.length && index >= 0; i++) {
      for (short follower : followers[i]) {
        if (follower == index) {
          result.add(nodes[i]);
        }
      }
    }
    return result;
  }

  /** Whether any owner has followers. */
  public boolean hasFollowers() {
    for (short[] list : followers) {
      if (list.length > 0) {
        return true;
      }
    }
    return false;
  }

  /** This table with {@code slots} given to {@code node}, at the next epoch; follower lists stay. */
  public SlotOwners withOwner(int[] slots, String node) {
    Names names = new Names(nodes);
    int index = names.indexOf(node);
    short[] newOwner = owner.clone();
    for (int slot : slots) {
      newOwner[slot] = (short) index;
    }
    return compact(epoch + 1, names.all(), newOwner, Arrays.copyOf(followers, names.size()));
  }

  /**
   * This table with the follower lists of the owners in {@code lists} replaced, at the next epoch
   * (one epoch for all of them). An owner never follows itself; a list naming it is refused.
   */
  public SlotOwners withFollowers(Map<String, List<String>> lists) {
    Names names = new Names(nodes);
    lists.forEach((node, list) -> {
      names.indexOf(node);
      list.forEach(names::indexOf);
    });
    short[][] newFollowers = Arrays.copyOf(followers, names.size());
    lists.forEach((node, list) -> {
      short[] indexes = new short[list.size()];
      for (int i = 0; i < indexes.length; i++) {
        if (list.get(i).equals(node)) {
          throw new IllegalArgumentException(node + " cannot follow itself");
        }
        indexes[i] = (short) names.indexOf(list.get(i));
      }
      newFollowers[names.indexOf(node)] = indexes;
    });
    return compact(epoch + 1, names.all(), owner.clone(), newFollowers);
  }

  /**
   * Failover: {@code slots} of {@code lost} go to {@code promoted} (one of its followers), at the
   * next epoch. {@code promoted} keeps its own followers; {@code lost}, once it owns nothing, keeps none.
   */
  public SlotOwners withPromotion(String lost, int[] slots, String promoted) {
    if (!followersOf(lost).contains(promoted)) {
      throw new IllegalArgumentException(promoted + " does not follow " + lost);
    }
    for (int slot : slots) {
      if (!lost.equals(ownerOf(slot))) {
        throw new IllegalArgumentException("slot " + slot + " is not " + lost + "'s");
      }
    }
    return withOwner(slots, promoted);
  }

  /** Node names growing as new ones are mentioned, indexes kept for the existing ones. */
  private static final class Names {
    private final List<String> names;

    Names(String[] existing) {
      this.names = new ArrayList<>(Arrays.asList(existing));
    }

    int indexOf(String node) {
      int index = names.indexOf(node);
      if (index < 0) {
        names.add(node);
        index = names.size() - 1;
      }
      return index;
    }

    int size() {
      return names.size();
    }

    String[] all() {
      return names.toArray(new String[0]);
    }
  }

  private int indexOf(String node) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i].equals(node)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Drops the follower lists of nodes that own nothing, then the names of nodes that neither own
   * slots nor follow an owner, so the table only names nodes that matter. {@code followers} may be
   * shorter than {@code nodes} (missing lists are empty) and may hold nulls.
   */
  private static SlotOwners compact(long epoch, String[] nodes, short[] owner, short[][] followers) {
    boolean[] owns = new boolean[nodes.length];
    for (short o : owner) {
      if (o >= 0) {
        owns[o] = true;
      }
    }
    boolean[] used = owns.clone();
    for (int i = 0; i < followers.length; i++) {
      if (owns[i] && followers[i] != null) {
        for (short follower : followers[i]) {
          used[follower] = true;
        }
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
    short[][] keptFollowers = new short[kept.size()][];
    for (int i = 0; i < nodes.length; i++) {
      if (!used[i]) {
        continue;
      }
      short[] list = i < followers.length && owns[i] && followers[i] != null ? followers[i] : NONE;
      short[] renumbered = new short[list.length];
      for (int f = 0; f < list.length; f++) {
        renumbered[f] = renumber[list[f]];
      }
      keptFollowers[renumber[i]] = renumbered;
    }
    return new SlotOwners(epoch, kept.toArray(new String[0]), owner, keptFollowers);
  }

  /**
   * The compact binary form kept in Hazelcast and in the node's identity file: the first form while
   * no node has followers, so nodes of the version before followers existed can still read it.
   */
  public byte[] encode() {
    boolean withFollowers = hasFollowers();
    int followerBytes = 0;
    for (short[] list : followers) {
      followerBytes += 2 + list.length * 2;
    }
    ByteBuffer out = ByteBuffer.allocate(4 + 8 + 4 + nodes.length * (2 + NodeIdentity.ID_LENGTH) + SLOTS * 2
        + (withFollowers ? followerBytes : 0));
    out.putInt(withFollowers ? MAGIC_FOLLOWERS : MAGIC).putLong(epoch).putInt(nodes.length);
    for (String node : nodes) {
      byte[] id = node.getBytes(StandardCharsets.US_ASCII);
      out.putShort((short) id.length).put(id);
    }
    for (short o : owner) {
      out.putShort(o);
    }
    if (withFollowers) {
      for (short[] list : followers) {
        out.putShort((short) list.length);
        for (short follower : list) {
          out.putShort(follower);
        }
      }
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  public static SlotOwners decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int magic = in.getInt();
    if (magic != MAGIC && magic != MAGIC_FOLLOWERS) {
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
    short[][] followers = new short[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      followers[i] = magic == MAGIC_FOLLOWERS ? new short[in.getShort()] : NONE;
      for (int f = 0; f < followers[i].length; f++) {
        followers[i][f] = in.getShort();
        if (followers[i][f] < 0 || followers[i][f] >= nodes.length) {
          throw new IllegalArgumentException("node " + i + " names follower " + followers[i][f] + " of " + nodes.length);
        }
      }
    }
    return new SlotOwners(epoch, nodes, owner, followers);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("SlotOwners{epoch=" + epoch + ", ranges=" + ranges());
    for (int i = 0; i < nodes.length; i++) {
      if (followers[i].length > 0) {
        text.append(", ").append(nodes[i]).append(" followed by ").append(followersOf(nodes[i]));
      }
    }
    return text.append('}').toString();
  }
}
