package io.verdis.script;

/**
 * What a script (or function) has shown about what it does. One whose every run so far only read,
 * and only the keys it declared, may run where those keys live (on their shard's own event loop
 * when they are on one); any other runs with every shard held. Before its first run nothing is
 * known, and it runs with every shard held.
 *
 * <p>Why reads only: a run on fewer shards that meets a key of another shard, or a write, stops
 * and starts again with every shard held; that is safe only while it has changed nothing. (A run
 * that wrote and then met another shard's key could neither finish nor be undone.)
 */
public final class Footprint {
  private static final int UNKNOWN = 0;
  private static final int CONFINED = 1;
  private static final int ROAMING = 2;

  private volatile int state = UNKNOWN;

  /** Whether every run so far only read its declared keys (false before the first). */
  public boolean confined() {
    return state == CONFINED;
  }

  /** After a run: whether it wrote, or touched a key it did not declare. */
  void ran(boolean wroteOrRoamed) {
    if (wroteOrRoamed) {
      state = ROAMING;
    } else if (state == UNKNOWN) {
      state = CONFINED;
    }
  }
}
