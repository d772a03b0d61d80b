package io.verdis.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every HTTP response carries, static files and errors included: a Content-Security-Policy
 * that allows the dashboard's own scripts, styles and WebSocket and nothing else (no inline code,
 * no other sites, no framing), no MIME sniffing, no Referer, no framing for old browsers. API
 * answers are never cached. Set just before the headers go out, whoever answers.
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
      + "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private SecurityHeaders() {
  }

  static void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(ignored -> {
      MultiMap headers = ctx.response().headers();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("X-Frame-Options", "DENY");
      if (ctx.request().path() != null && ctx.request().path().startsWith("/api/")) {
        headers.set("Cache-Control", "no-store");
      }
    });
    ctx.next();
  }
}
