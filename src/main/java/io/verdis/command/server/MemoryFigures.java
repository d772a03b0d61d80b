package io.verdis.command.server;

import io.verdis.client.ClientBuffers;
import io.verdis.client.ClientSession;
import io.verdis.command.KeyspaceCall;
import io.verdis.persist.aof.AofWriter;
import io.verdis.server.MemoryUsage;
import io.verdis.server.ServerState;
import io.verdis.types.ValueSize;

/**
 * The figures of MEMORY STATS and MEMORY DOCTOR, as Redis's getMemoryOverheadData computes them,
 * with the JVM in the allocator's place: used is INFO's used_memory (heap and non-heap in use),
 * startup is what was in use when the node started, the overhead is startup plus the buffers
 * (replicas' and other clients' unsent output and unparsed input, the AOF's records not yet
 * written and its write buffer), the caches and the keyspace tables' slots; the dataset is what is
 * left. The JVM's committed heap is the allocator's active memory, committed heap and non-heap
 * its resident memory.
 */
record MemoryFigures(long used, long peak, long startup, long backlog, long replicaBuffers, long clientBuffers,
                     long aofBuffer, long luaCaches, long functionCaches, long keys, long tables, long heapUsed,
                     long heapCommitted, long committed, long rss) {
  /** An expiry table slot: a long per key with a time to live, at the table's load factor. */
  private static final int EXPIRES_ENTRY = 16;

  static MemoryFigures of(KeyspaceCall c) {
    ServerState server = c.server();
    long keys = 0;
    long tables = 0;
    for (int i = 0; i < c.databaseCount(); i++) {
      keys += c.database(i).size();
      tables += mainOverhead(c.database(i).size()) + expiresOverhead(c.database(i).expiresCount());
    }
    long used = MemoryUsage.usedBytes();
    long backlog = server.replication().backlogActive() ? server.replication().backlogSize() : 0;
    AofWriter aof = server.persistence().aof();
    long heapCommitted = MemoryUsage.heapCommitted();
    return new MemoryFigures(used, Math.max(used, MemoryUsage.peakBytes()), MemoryUsage.startupBytes(), backlog,
        server.replication().replicaOutputBytes(), clientBuffers(server), aof == null ? 0 : aof.bufferBytes(),
        server.scripting().memory(), server.scripting().functions().memory(), keys, tables,
        MemoryUsage.heapUsed(), heapCommitted, heapCommitted + MemoryUsage.nonHeapCommitted(),
        Math.max(0, MemoryUsage.residentBytes()));
  }

  /** What clients other than replicas hold: requests read and not yet parsed, replies not yet sent. */
  private static long clientBuffers(ServerState server) {
    long bytes = 0;
    for (ClientSession client : server.clients().all()) {
      if (!client.replica()) {
        ClientBuffers buffers = client.buffers();
        bytes += buffers.queryBufferBytes() + buffers.argvBytes() + buffers.outputBytes();
      }
    }
    return bytes;
  }

  static long mainOverhead(long keys) {
    return keys * ValueSize.KEY_ENTRY;
  }

  static long expiresOverhead(long expires) {
    return expires * EXPIRES_ENTRY;
  }

  long overhead() {
    return startup + backlog + replicaBuffers + clientBuffers + aofBuffer + luaCaches + functionCaches + tables;
  }

  /** Used beyond what the node took to start. */
  long netUsed() {
    return Math.max(0, used - startup);
  }

  long dataset() {
    return Math.max(0, used - overhead());
  }
}
