package io.verdis.store;

import io.vertx.core.buffer.Buffer;

/** A sorted set's member with its score. */
public record ScoredMember(Buffer member, double score) {
}
