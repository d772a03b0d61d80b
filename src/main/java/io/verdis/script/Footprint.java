package io.verdis.script;

/**
 * What a script (or function) has shown about the keys it touches. One that touched only the keys
 * it declared may run on the shard of those keys; one that touched others (key names it built,
 * keyless commands) runs with every shard held from then on. Before its first run nothing is
 * known, and it runs with every shard held.
 */
public final class Footprint {
  private static final int UNKNOWN = 0;
  private static final int CONFINED = 1;
  private static final int ROAMING = 2;

  private volatile int state = UNKNOWN;

  /** Whether every run so far touched only its declared keys (false before the first). */
  public boolean confined() {
    return state == CONFINED;
  }

  /** After a run: whether it touched a key it did not declare. */
  void ran(boolean touchedUndeclared) {
    if (touchedUndeclared) {
      state = ROAMING;
    } else if (state == UNKNOWN) {
      state = CONFINED;
    }
  }
}
