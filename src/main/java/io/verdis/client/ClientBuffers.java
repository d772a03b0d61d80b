package io.verdis.client;

/**
 * What one connection holds in memory for its client, as CLIENT LIST shows it and client eviction
 * (maxmemory-clients) counts it. The connection implements it and alone changes these figures, on
 * its event loop; other threads read them as they are at that moment (an estimate, as Redis's
 * listing of another client is), so no figure costs a command anything to keep.
 */
public interface ClientBuffers {
  /** Bytes received and not yet parsed into arguments: the incomplete request of the last read (qbuf). */
  long queryBufferBytes();

  /** Room allocated for requests beyond {@link #queryBufferBytes()} (qbuf-free). */
  long queryBufferFree();

  /**
   * Arguments parsed and not yet run (argv-mem): those of an incomplete request, and those of
   * requests waiting their turn while the client must read its replies first or a command ahead
   * of them needs every shard.
   */
  long argvBytes();

  /** The commands queued since MULTI, with a slot each (multi-mem). */
  long multiBytes();

  /**
   * Output built and not yet taken by the peer: replies and messages waiting in the connection,
   * plus what Netty's outbound buffer holds for the socket.
   */
  long outputBytes();

  /** The pieces of that output queued (oll): the connection's chunks and Netty's flushed writes. */
  int outputPieces();

  /** Whether the socket is read now (events r): not while the client waits to read its replies. */
  boolean reading();

  /** Whether output waits for the socket to take it (events w). */
  boolean writing();

  /** For a session without a connection of its own. */
  ClientBuffers NONE = new ClientBuffers() {
    @Override
    public long queryBufferBytes() {
      return 0;
    }

    @Override
    public long queryBufferFree() {
      return 0;
    }

    @Override
    public long argvBytes() {
      return 0;
    }

    @Override
    public long multiBytes() {
      return 0;
    }

    @Override
    public long outputBytes() {
      return 0;
    }

    @Override
    public int outputPieces() {
      return 0;
    }

    @Override
    public boolean reading() {
      return true;
    }

    @Override
    public boolean writing() {
      return false;
    }
  };
}
