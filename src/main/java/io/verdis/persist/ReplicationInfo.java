package io.verdis.persist;

/**
 * A replica's place in its primary's history, kept in the RDB as Redis keeps it (aux fields
 * repl-id, repl-offset, repl-stream-db), so a replica restarted on its {@code dir} can ask to
 * continue where it stopped instead of syncing in full.
 */
public record ReplicationInfo(String replid, long offset, int streamDb) {
}
