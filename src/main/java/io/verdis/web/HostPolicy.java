package io.verdis.web;

import io.netty.util.NetUtil;
import io.verdis.server.Config;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.util.Locale;

/**
 * Which Host headers the HTTP side answers: the guard against DNS rebinding, where a page of
 * {@code evil.example} has its name re-pointed at this server and so becomes "same origin" with it
 * (its requests then carry {@code Host: evil.example}). Accepted are:
 * <ul>
 *   <li>{@code localhost}, which browsers resolve themselves, never through DNS;</li>
 *   <li>any IP address literal ({@code 127.0.0.1}, {@code [::1]}, the bound addresses, a pod's IP):
 *   a browser sends one only for a page whose origin is that very address and port, which is
 *   this server, and it is what Kubernetes probes and Prometheus send when they reach a pod by IP;</li>
 *   <li>the names listed in {@code http-allowed-hosts} ({@code name} or {@code name:port}), or
 *   any with {@code *};</li>
 *   <li>a request with no Host at all (HTTP/1.0 tools): no browser sends one.</li>
 * </ul>
 * Every other name (a DNS name the operator did not list) is refused, on every route.
 */
final class HostPolicy {
  private final Config config;

  HostPolicy(Config config) {
    this.config = config;
  }

  boolean allowed(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority == null) {
      return request.getHeader("Host") == null;
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || isAddressLiteral(host)) {
      return true;
    }
    for (String listed : config.httpAllowedHosts()) {
      if (listed.equals("*") || matches(listed.toLowerCase(Locale.ROOT), host, authority.port())) {
        return true;
      }
    }
    return false;
  }

  /** {@code name} matches any port; {@code name:port} only that one. */
  private static boolean matches(String listed, String host, int port) {
    if (listed.equals(host)) {
      return true;
    }
    HostAndPort entry = HostAndPort.parseAuthority(listed, -1);
    return entry != null && entry.port() >= 0 && entry.port() == port && entry.host().equals(host);
  }

  /** A dotted-quad IPv4 address or a bracketed IPv6 one, parsed without any name lookup. */
  private static boolean isAddressLiteral(String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      return NetUtil.isValidIpV6Address(host.substring(1, host.length() - 1));
    }
    return NetUtil.isValidIpV4Address(host);
  }
}
