package io.verdis.client;

/**
 * One line of CLIENT LIST / CLIENT INFO: Redis 7.0's fields in Redis's order, then Redis 7.2's
 * lib-name and lib-ver. The memory fields come from the connection ({@link ClientBuffers},
 * {@link ClientMemory}).
 */
public final class ClientInfo {
  private ClientInfo() {
  }

  public static String line(ClientSession c, long nowMs) {
    ClientBuffers buffers = c.buffers();
    long output = buffers.outputBytes();
    long omem = ClientMemory.listBytes(output);
    return "id=" + c.id()
        + " addr=" + c.address()
        + " laddr=" + c.localAddress()
        + " fd=-1"
        + " name=" + c.name()
        + " age=" + (nowMs - c.createdMs()) / 1000
        + " idle=" + (nowMs - c.lastInteractionMs()) / 1000
        + " flags=" + flags(c)
        + " db=" + c.db()
        + " sub=" + c.channels()
        + " psub=" + c.patterns()
        + " ssub=" + c.shardChannels()
        + " multi=" + c.queuedCommands()
        + " qbuf=" + buffers.queryBufferBytes()
        + " qbuf-free=" + buffers.queryBufferFree()
        + " argv-mem=" + buffers.argvBytes()
        + " multi-mem=" + buffers.multiBytes()
        // Redis 7.0's reply buffer, resized to the replies' peak: Verdis builds replies per batch instead.
        + " rbs=0 rbp=0"
        + " obl=" + ClientMemory.bufferBytes(output)
        + " oll=" + (omem == 0 ? 0 : buffers.outputPieces())
        + " omem=" + omem
        + " tot-mem=" + ClientMemory.total(c)
        + " events=" + (buffers.reading() ? "r" : "") + (buffers.writing() ? "w" : "")
        + " cmd=" + c.lastCommand()
        + " user=" + c.userName() + " redir=" + (c.tracking() == null ? -1 : c.tracking().redirect())
        + " resp=" + c.resp()
        + " lib-name=" + c.libName()
        + " lib-ver=" + c.libVersion();
  }

  /** t tracking, R its redirect is broken, B broadcast mode. */
  private static String tracking(ClientSession c) {
    io.verdis.client.TrackingMode mode = c.tracking();
    if (mode == null) {
      return "";
    }
    return "t" + (c.trackingRedirectBroken() ? "R" : "") + (mode.bcast() ? "B" : "");
  }

  /** Redis's flag letters that apply here, in Redis's order: O monitor, S replica, M primary, P subscribed, x in MULTI, b blocked, t/R/B tracking, r READONLY, e NO-EVICT, N for none. */
  private static String flags(ClientSession c) {
    String flags = (c.monitor() ? "O" : "") + (c.replica() ? "S" : "") + (c.master() ? "M" : "") + (c.isPubSub() ? "P" : "") + (c.queuedCommands() >= 0 ? "x" : "") + (c.isBlocked() ? "b" : "")
        + tracking(c) + (c.readOnly() ? "r" : "") + (c.noEvict() ? "e" : "");
    return flags.isEmpty() ? "N" : flags;
  }
}
