package io.verdis.shard;

/** Receives the entries of an ordered iteration; returning false stops it. */
@FunctionalInterface
public interface EntryVisitor {
    boolean visit(byte[] key, Object value);
}
