package io.verdis.persist.aof;

import io.verdis.net.RespWriter;
import io.verdis.persist.rdb.RdbValue.StreamValue;
import io.verdis.persist.rdb.RdbValue.StreamValue.Consumer;
import io.verdis.persist.rdb.RdbValue.StreamValue.Entry;
import io.verdis.persist.rdb.RdbValue.StreamValue.Group;
import io.verdis.persist.rdb.RdbValue.StreamValue.Id;
import io.verdis.persist.rdb.RdbValue.StreamValue.Pending;
import io.verdis.persist.rdb.RdbStreamIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands that rebuild a stream, exactly as Redis 7.0's rewriteStreamObject emits them: an XADD
 * per entry (for an empty stream, {@code XADD key MAXLEN 0 0-1 x y}, which leaves it empty), an
 * XSETID with the last id, entries added and largest deleted id, then per group an XGROUP CREATE with
 * its last id and entries read, and per consumer in name order an XCLAIM … JUSTID FORCE for each
 * entry it owns, or an XGROUP CREATECONSUMER when it owns none.
 *
 * <p>As in Redis, a pending entry whose stream entry was deleted is lost on replay: XCLAIM drops it.
 */
final class StreamRewrite {
  /** After each command, so the caller can flush a full buffer. */
  interface Checkpoint {
    void reached() throws IOException;
  }

  private static final byte[] XADD = bytes("XADD");
  private static final byte[] MAXLEN = bytes("MAXLEN");
  private static final byte[] ZERO = bytes("0");
  private static final byte[] EMPTY_STREAM_ID = bytes("0-1");
  private static final byte[] X = bytes("x");
  private static final byte[] Y = bytes("y");
  private static final byte[] XSETID = bytes("XSETID");
  private static final byte[] ENTRIESADDED = bytes("ENTRIESADDED");
  private static final byte[] MAXDELETEDID = bytes("MAXDELETEDID");
  private static final byte[] XGROUP = bytes("XGROUP");
  private static final byte[] CREATE = bytes("CREATE");
  private static final byte[] ENTRIESREAD = bytes("ENTRIESREAD");
  private static final byte[] CREATECONSUMER = bytes("CREATECONSUMER");
  private static final byte[] XCLAIM = bytes("XCLAIM");
  private static final byte[] TIME = bytes("TIME");
  private static final byte[] RETRYCOUNT = bytes("RETRYCOUNT");
  private static final byte[] JUSTID = bytes("JUSTID");
  private static final byte[] FORCE = bytes("FORCE");

  private final RespWriter out;
  private final Checkpoint checkpoint;

  StreamRewrite(RespWriter out, Checkpoint checkpoint) {
    this.out = out;
    this.checkpoint = checkpoint;
  }

  void write(byte[] key, StreamValue stream) throws IOException {
    if (stream.entries().isEmpty()) {
      out.array(7);
      out.bulk(XADD);
      out.bulk(key);
      out.bulk(MAXLEN);
      out.bulk(ZERO);
      out.bulk(EMPTY_STREAM_ID);
      out.bulk(X);
      out.bulk(Y);
      checkpoint.reached();
    }
    for (Entry entry : stream.entries()) {
      List<byte[]> fieldsAndValues = entry.fieldsAndValues();
      out.array(3 + fieldsAndValues.size());
      out.bulk(XADD);
      out.bulk(key);
      out.bulk(id(entry.id()));
      fieldsAndValues.forEach(out::bulk);
      checkpoint.reached();
    }
    out.array(7);
    out.bulk(XSETID);
    out.bulk(key);
    out.bulk(id(stream.lastId()));
    out.bulk(ENTRIESADDED);
    out.bulk(number(stream.entriesAdded()));
    out.bulk(MAXDELETEDID);
    out.bulk(id(stream.maxDeletedId()));
    checkpoint.reached();
    for (Group group : stream.groups()) {
      group(key, group);
    }
  }

  private void group(byte[] key, Group group) throws IOException {
    out.array(7);
    out.bulk(XGROUP);
    out.bulk(CREATE);
    out.bulk(key);
    out.bulk(group.name());
    out.bulk(id(group.lastId()));
    out.bulk(ENTRIESREAD);
    out.bulk(number(group.entriesRead()));
    checkpoint.reached();
    Map<Id, Pending> pel = new HashMap<>();
    group.pending().forEach(pending -> pel.put(pending.id(), pending));
    for (Consumer consumer : group.consumers()) {
      if (consumer.pending().isEmpty()) {
        out.array(5);
        out.bulk(XGROUP);
        out.bulk(CREATECONSUMER);
        out.bulk(key);
        out.bulk(group.name());
        out.bulk(consumer.name());
        checkpoint.reached();
        continue;
      }
      for (Id id : consumer.pending()) {
        Pending pending = pel.get(id);
        out.array(12);
        out.bulk(XCLAIM);
        out.bulk(key);
        out.bulk(group.name());
        out.bulk(consumer.name());
        out.bulk(ZERO);
        out.bulk(id(id));
        out.bulk(TIME);
        out.bulk(number(pending.deliveryTimeMs()));
        out.bulk(RETRYCOUNT);
        out.bulk(number(pending.deliveryCount()));
        out.bulk(JUSTID);
        out.bulk(FORCE);
        checkpoint.reached();
      }
    }
  }

  /** As rioWriteBulkStreamID: both halves unsigned. */
  private static byte[] id(Id id) {
    return bytes(RdbStreamIds.text(id));
  }

  /** As rioWriteBulkLongLong: signed, so the unknown entries-read counter is -1. */
  private static byte[] number(long value) {
    return bytes(Long.toString(value));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
