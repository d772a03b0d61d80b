package io.verdis.web;

import io.verdis.server.Config;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.util.Locale;

/**
 * Which web pages may open the WebSocket or change things through the admin API: a request
 * without an Origin header (not a browser) always may; a browser's may if its page came from this
 * server (the origin of the request's Host) or from an origin listed in {@code http-allowed-origins}
 * ({@code *} for any). This is what stops another site, or another local web app, from driving
 * the server with a logged-in user's cookie or from reading channels.
 */
final class OriginPolicy {
  private final Config config;

  OriginPolicy(Config config) {
    this.config = config;
  }

  boolean allowed(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true;
    }
    Origin parsed = Origin.parse(origin);
    for (String listed : config.httpAllowedOrigins()) {
      if (listed.equals("*") || listed.equals(origin) || (parsed != null && parsed.equals(Origin.parse(listed)))) {
        return true;
      }
    }
    HostAndPort host = request.authority();
    return parsed != null && host != null
        && parsed.equals(Origin.of(request.isSSL() ? "https" : "http", host));
  }

  /** scheme://host:port with the scheme's default port filled in, compared without case. */
  record Origin(String scheme, String host, int port) {
    static Origin parse(String text) {
      int separator = text.indexOf("://");
      if (separator <= 0) {
        return null;
      }
      String authority = text.substring(separator + 3);
      if (authority.endsWith("/")) {
        authority = authority.substring(0, authority.length() - 1);
      }
      HostAndPort host = HostAndPort.parseAuthority(authority, -1);
      return host == null ? null : of(text.substring(0, separator), host);
    }

    static Origin of(String scheme, HostAndPort host) {
      String lower = scheme.toLowerCase(Locale.ROOT);
      int port = host.port() >= 0 ? host.port() : switch (lower) {
        case "https", "wss" -> 443;
        case "http", "ws" -> 80;
        default -> -1;
      };
      return new Origin(lower, host.host().toLowerCase(Locale.ROOT), port);
    }
  }
}
