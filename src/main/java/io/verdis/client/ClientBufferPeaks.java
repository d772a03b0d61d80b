package io.verdis.client;

/**
 * The largest input and output buffers a client had over the last seconds, for INFO clients'
 * client_recent_max_input_buffer and client_recent_max_output_buffer, as Redis's
 * clientsCronTrackExpansiveClients keeps them: one slot per second over 8 seconds, the slot after
 * the current one cleared as time moves on. Sampled by the clients cron; read by INFO.
 */
public final class ClientBufferPeaks {
  private static final int SLOTS = 8;

  private final long[] input = new long[SLOTS];
  private final long[] output = new long[SLOTS];

  /** Takes every client's current buffers into this second's slot. */
  public synchronized void sample(Iterable<ClientSession> clients, long nowMs) {
    int slot = (int) ((nowMs / 1000) % SLOTS);
    int next = (slot + 1) % SLOTS;
    input[next] = 0;
    output[next] = 0;
    for (ClientSession client : clients) {
      ClientBuffers buffers = client.buffers();
      input[slot] = Math.max(input[slot], buffers.queryBufferBytes() + buffers.queryBufferFree());
      output[slot] = Math.max(output[slot], ClientMemory.listBytes(buffers.outputBytes()));
    }
  }

  public synchronized long maxInput() {
    return max(input);
  }

  public synchronized long maxOutput() {
    return max(output);
  }

  private static long max(long[] slots) {
    long max = 0;
    for (long value : slots) {
      max = Math.max(max, value);
    }
    return max;
  }
}
