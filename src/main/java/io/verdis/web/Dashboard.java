package io.verdis.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The admin dashboard: the static files of {@code webroot/} (HTML, CSS, JavaScript modules and the
 * vendored chart library). They hold no data, so they are served without authentication; every
 * figure they show comes from {@code /api} and {@code /ws}, which do check it.
 *
 * <p>The files are looked up in a {@code webroot/} directory beside the working directory first
 * (editing them during development needs no rebuild), then on the classpath, where the jar carries
 * them, so {@code java -jar verdis.jar} serves the dashboard from anywhere.
 */
public final class Dashboard {
  /** Vendored libraries live under a versioned path, so browsers may keep them for a week. */
  private static final String VENDOR_CACHE = "public, max-age=604800, immutable";
  /**
   * Our own files keep their names from release to release: a browser revalidates them on each
   * load (a cheap 304 through Last-Modified) so it never runs a stale module against a new server.
   */
  private static final String OWN_CACHE = "no-cache";
  /** The page, its icon, our modules and styles, the vendored libraries: nothing else. */
  private static final String PATHS = "/(index\\.html|favicon\\.svg|app/.+|vendor/.+)?";

  private Dashboard() {
  }

  public static void mount(Router router) {
    StaticHandler files = StaticHandler.create("webroot")
        .setIndexPage("index.html")
        .setDirectoryListing(false)
        .setIncludeHidden(false);
    // One regex route over exactly the dashboard's paths: /api, /ws, /metrics and /health never
    // reach the file system. (A prefix route such as "/app/*" would make StaticHandler look for
    // its files relative to that prefix.)
    router.routeWithRegex(PATHS).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(Dashboard::cacheHeaders)
        .handler(files);
  }

  private static void cacheHeaders(RoutingContext ctx) {
    cache(ctx, ctx.normalizedPath().startsWith("/vendor/") ? VENDOR_CACHE : OWN_CACHE);
  }

  /** StaticHandler writes its own max-age; this replaces it just before the headers go out. */
  private static void cache(RoutingContext ctx, String cacheControl) {
    ctx.addHeadersEndHandler(v -> {
      if (ctx.response().getStatusCode() < 400) {
        ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, cacheControl);
      }
    });
    ctx.next();
  }
}
