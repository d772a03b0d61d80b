package io.verdis.client;

/** One line of CLIENT LIST / CLIENT INFO, with Redis 7.2's fields in Redis's order. */
public final class ClientInfo {
  private ClientInfo() {
  }

  public static String line(ClientSession c, long nowMs) {
    return "id=" + c.id()
        + " addr=" + c.address()
        + " laddr=" + c.localAddress()
        + " fd=-1"
        + " name=" + c.name()
        + " age=" + (nowMs - c.createdMs()) / 1000
        + " idle=" + (nowMs - c.lastInteractionMs()) / 1000
        + " flags=N"
        + " db=" + c.db()
        + " sub=0 psub=0 ssub=0 multi=-1"
        + " qbuf=" + c.bufferedBytes()
        + " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0"
        + " tot-mem=" + c.bufferedBytes()
        + " events=r"
        + " cmd=" + c.lastCommand()
        + " user=default redir=-1"
        + " resp=" + c.resp()
        + " lib-name=" + c.libName()
        + " lib-ver=" + c.libVersion();
  }
}
