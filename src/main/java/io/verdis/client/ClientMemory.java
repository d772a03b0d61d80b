package io.verdis.client;

/**
 * How much memory a client takes, added up as Redis's getClientMemoryUsage does, from what its
 * connection holds ({@link ClientBuffers}): CLIENT LIST's tot-mem, and what maxmemory-clients
 * counts.
 *
 * <p>On Vert.x/Netty the parts are: the connection's own objects (Netty channel and pipeline,
 * Vert.x socket, the connection, its session, parser and reply bookkeeping: a fixed estimate,
 * {@link #CONNECTION_BYTES}); the bytes of an incomplete request and the room its buffer has
 * (qbuf, qbuf-free); arguments parsed but not yet run (argv-mem); the MULTI queue (multi-mem);
 * the output not yet taken by the peer, in the connection's queue and in Netty's outbound buffer
 * (obl + omem); and a slot per subscription.
 */
public final class ClientMemory {
  /**
   * Redis writes replies into a fixed 16 KB buffer first (obl) and counts only what overflows it
   * (omem) against client-output-buffer-limit: small replies never reach even a tiny limit. Verdis
   * has no such buffer, so the first 16 KB of unsent output play its part, in the listing and in
   * the limit alike.
   */
  public static final long BUFFER_BYTES = 16 * 1024;
  /**
   * The objects every connection holds whatever it does (Netty's channel, pipeline and socket,
   * Vert.x's NetSocket, the connection with its parser, session and reply bookkeeping): the live
   * heap grew by 8.1 KB per connection with 2000 idle RESP connections open (jcmd
   * GC.class_histogram before and after, JDK 17). Redis's own figure for an idle client is ~20-37 KB.
   */
  static final long CONNECTION_BYTES = 8 * 1024;
  /** One subscription's entry in the client's own tables (the channel names are shared). */
  private static final long SUBSCRIPTION_BYTES = 64;
  /** A reference to an argument, besides its bytes (Redis adds sizeof(robj*) per argument). */
  private static final long ARGUMENT_BYTES = 8;

  private ClientMemory() {
  }

  /** The part of unsent output Redis's fixed buffer would hold (CLIENT LIST obl). */
  public static long bufferBytes(long output) {
    return Math.min(output, BUFFER_BYTES);
  }

  /** The part of unsent output past that buffer: CLIENT LIST omem, what client-output-buffer-limit counts. */
  public static long listBytes(long output) {
    return Math.max(0, output - BUFFER_BYTES);
  }

  /** A parsed request's share of argv-mem or multi-mem: its arguments' bytes and a reference each. */
  public static long argvBytes(byte[][] argv) {
    long bytes = argv.length * ARGUMENT_BYTES;
    for (byte[] arg : argv) {
      bytes += arg.length;
    }
    return bytes;
  }

  /** Everything the client takes (CLIENT LIST tot-mem). */
  public static long total(ClientSession client) {
    ClientBuffers buffers = client.buffers();
    long subscriptions = (long) client.channels() + client.patterns() + client.shardChannels();
    return CONNECTION_BYTES + buffers.queryBufferBytes() + buffers.queryBufferFree() + buffers.argvBytes()
        + buffers.multiBytes() + buffers.outputBytes() + subscriptions * SUBSCRIPTION_BYTES;
  }

  /** What the replicas' links take ({@code replicas}), or every other client (INFO's mem_clients_slaves, mem_clients_normal). */
  public static long sum(Iterable<ClientSession> clients, boolean replicas) {
    long bytes = 0;
    for (ClientSession client : clients) {
      if (client.replica() == replicas) {
        bytes += total(client);
      }
    }
    return bytes;
  }
}
