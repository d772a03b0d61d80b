package io.verdis.cluster;

import io.verdis.client.ClientSession;
import io.verdis.command.CommandException;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.KeySpec;
import io.verdis.server.Config;
import io.verdis.shard.SlotTable;

/**
 * Key → slot → node, the cluster's half of routing (the slot → shard half is {@link SlotTable}).
 * Decides, for one keyed command arriving here, whether it runs here, is forwarded, or is refused
 * with Redis Cluster's error.
 */
public final class ClusterRouter {
  private ClusterRouter() {
  }

  /**
   * Where {@code argv} goes: null to run it here, or the id of the node to forward it to.
   *
   * @throws CommandException -CROSSSLOT (keys in several slots, under redirect; on several nodes,
   *     under forward), -MOVED (redirect, slot owned elsewhere), -CLUSTERDOWN (no owner, owner
   *     down, or the cluster down while it requires full coverage)
   */
  public static String route(Cluster cluster, Config config, CommandSpec spec, byte[][] argv, ClientSession session) {
    KeySpec keys = spec.keys();
    if (!keys.hasKeys()) {
      return null;
    }
    ClusterView view = cluster.view();
    SlotOwners table = view.table();
    boolean forwards = config.clusterForwards();
    int slot = -1;
    String owner = null;
    if (keys.movable()) {
      int[] indexes = keys.indexes(argv);
      if (indexes == null) {
        return null; // may touch any key (SORT BY pattern): runs here, on the keys here
      }
      for (int index : indexes) {
        int s = SlotTable.slotOf(argv[index]);
        if (slot < 0) {
          slot = s;
          owner = table.ownerOf(s);
        } else if (s != slot) {
          checkSameNode(forwards, table, owner, s);
        }
      }
    } else {
      int last = keys.lastIndex(argv.length);
      for (int i = keys.first(); i <= last; i += keys.step()) {
        int s = SlotTable.slotOf(argv[i]);
        if (slot < 0) {
          slot = s;
          owner = table.ownerOf(s);
        } else if (s != slot) {
          checkSameNode(forwards, table, owner, s);
        }
      }
    }
    if (slot < 0) {
      return null;
    }
    if (session.importing()) {
      return null; // a move or a promotion bringing keys here, whatever state the cluster is in
    }
    // Down as Redis's clusterUpdateState says: cut off from the majority of the slot owners (every
    // keyed command), or a slot's owner down while full coverage is required.
    boolean down = view.fenced() || (config.clusterRequireFullCoverage() && !view.ok());
    if (down && !(config.clusterAllowReadsWhenDown() && spec.has(CommandFlag.READONLY) && view.slotUp(slot))) {
      throw new CommandException(ClusterErrors.DOWN);
    }
    if (view.self().equals(owner)) {
      return null; // here (if the slot is frozen, the shard sends the command on once it moved)
    }
    if (owner == null) {
      throw new CommandException(ClusterErrors.UNBOUND);
    }
    if (!view.isUp(owner)) {
      throw new CommandException(ClusterErrors.DOWN);
    }
    if (!forwards) {
      NodeAddress address = view.nodes().get(owner);
      throw new CommandException(address == null ? ClusterErrors.DOWN : ClusterErrors.moved(slot, address, session.encrypted()));
    }
    return owner;
  }

  private static void checkSameNode(boolean forwards, SlotOwners table, String owner, int slot) {
    if (!forwards) {
      throw new CommandException(ClusterErrors.CROSSSLOT);
    }
    String other = table.ownerOf(slot);
    if (owner == null ? other != null : !owner.equals(other)) {
      throw new CommandException(ClusterErrors.CROSSNODE);
    }
  }

  /**
   * Whether every key of the command is in a slot this node serves now ({@code importing}: a slot
   * move's session, which may write only the slots it is bringing here); true for keyless ones.
   */
  public static boolean servedHere(ClusterView view, CommandSpec spec, byte[][] argv, boolean importing) {
    KeySpec keys = spec.keys();
    if (!keys.hasKeys()) {
      return true;
    }
    if (keys.movable()) {
      int[] indexes = keys.indexes(argv);
      if (indexes != null) {
        for (int index : indexes) {
          if (!servedHere(view, SlotTable.slotOf(argv[index]), importing)) {
            return false;
          }
        }
      }
      return true;
    }
    int last = keys.lastIndex(argv.length);
    for (int i = keys.first(); i <= last; i += keys.step()) {
      if (!servedHere(view, SlotTable.slotOf(argv[i]), importing)) {
        return false;
      }
    }
    return true;
  }

  private static boolean servedHere(ClusterView view, int slot, boolean importing) {
    // A move's session writes only slots still on their way here: not ones this node serves (a
    // stale second move of them would overwrite newer writes), not ones it is moving away.
    return importing ? !view.servesHere(slot) && !view.frozen().get(slot) : view.servesHere(slot);
  }

  /** The slot of the command's first key, or -1 when it names none. */
  public static int firstSlot(CommandSpec spec, byte[][] argv) {
    KeySpec keys = spec.keys();
    if (!keys.hasKeys()) {
      return -1;
    }
    if (keys.movable()) {
      int[] indexes = keys.indexes(argv);
      return indexes == null || indexes.length == 0 ? -1 : SlotTable.slotOf(argv[indexes[0]]);
    }
    return keys.first() < argv.length ? SlotTable.slotOf(argv[keys.first()]) : -1;
  }
}
