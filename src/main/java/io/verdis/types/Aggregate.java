package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

/**
 * A value made of elements (list, set, hash, sorted set), changed in place by its commands.
 *
 * <p>Snapshots (BGSAVE, AOF rewrite) share values with the live keyspace, so a value that a
 * snapshot may still hold must be copied before it is changed: {@link #sharedWithSnapshot()}
 * says whether one was taken since this object was made. Commands never check this themselves;
 * they get values to change through {@code Database.lookupWrite}, which copies when needed.
 */
public abstract class Aggregate {
  /** Bumped by every snapshot; read on the shards' threads, written while all shards are held. */
  private static volatile int generation;

  private final int bornIn = generation;

  /** Called when a snapshot is taken: every aggregate that exists now becomes shared. */
  public static void newGeneration() {
    generation++;
  }

  public final boolean sharedWithSnapshot() {
    return bornIn != generation;
  }

  /** TYPE's answer: "list", "set", "hash", "zset". */
  public abstract String typeName();

  /** OBJECT ENCODING's answer, named as Redis names its representation of the same shape. */
  public abstract String encoding();

  /** Number of elements (members, fields); a stored aggregate is never empty. */
  public abstract int size();

  /** An independent copy with the same elements (COPY, and copy-on-write against snapshots). */
  public abstract Aggregate copy();

  /** The elements in RDB's neutral form, for snapshots, the AOF rewrite and DUMP. */
  public abstract RdbValue toRdb();
}
