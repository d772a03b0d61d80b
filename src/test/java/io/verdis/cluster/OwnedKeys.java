package io.verdis.cluster;

import io.verdis.shard.SlotTable;

import java.nio.charset.StandardCharsets;

/** Keys that a given node owns, found with the slot table in that node's own node file. */
final class OwnedKeys {
  private OwnedKeys() {
  }

  static String keyOwnedBy(LocalCluster.Node node, String prefix) {
    NodeIdentity identity = NodeIdentity.loadOrCreate(node.dir(), "nodes.conf");
    SlotOwners table = identity.lastTable().orElseThrow();
    for (int i = 0; i < 100_000; i++) {
      String key = prefix + i;
      if (identity.id().equals(table.ownerOf(SlotTable.slotOf(key.getBytes(StandardCharsets.UTF_8))))) {
        return key;
      }
    }
    throw new IllegalStateException("no key found for " + node);
  }
}
