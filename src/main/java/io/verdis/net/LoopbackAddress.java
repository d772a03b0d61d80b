package io.verdis.net;

import io.netty.util.NetUtil;

import java.net.InetAddress;

/**
 * Whether a client's address (as {@link Transport#remoteAddress} gives it, "host:port") is the
 * machine itself: Redis's connIsLocal, which protected mode and the "local" value of
 * enable-debug-command and enable-protected-configs rely on. The in-process client (the server
 * itself: the admin API, scripts' internal calls) counts as local.
 */
public final class LoopbackAddress {
  private LoopbackAddress() {
  }

  public static boolean isLoopback(String address) {
    if (address == null) {
      return false;
    }
    if (address.equals(InProcessClient.ADDRESS)) {
      return true;
    }
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    // An IP literal only: never a name lookup on the accept path.
    if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
      return false;
    }
    InetAddress inet = NetUtil.createInetAddressFromIpAddressString(host);
    return inet != null && inet.isLoopbackAddress();
  }
}
