package io.verdis.command.sortedsets;

import io.verdis.net.RespWriter;

/**
 * How a list of (member, score) elements goes out, as Redis 7.0 writes them: members alone; a
 * flat member, score, member, score … array (RESP2, and the RESP3 replies Redis keeps flat); or
 * one two-element array per member (RESP3 WITHSCORES, ZMPOP in both protocols).
 */
enum ScoredReply {
  MEMBERS, FLAT, NESTED;

  /** The WITHSCORES shape of ZRANGE, ZUNION, ZRANDMEMBER …: nested in RESP3 only. */
  static ScoredReply of(RespWriter reply, boolean withScores) {
    if (!withScores) {
      return MEMBERS;
    }
    return reply.resp3() ? NESTED : FLAT;
  }

  /** The array header for {@code count} elements. */
  void header(RespWriter reply, int count) {
    reply.array(this == FLAT ? count * 2 : count);
  }

  void element(RespWriter reply, byte[] member, double score) {
    if (this == NESTED) {
      reply.array(2);
    }
    reply.bulk(member);
    if (this != MEMBERS) {
      reply.doubleValue(score);
    }
  }
}
