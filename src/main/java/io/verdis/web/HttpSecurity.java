package io.verdis.web;

import io.verdis.client.AuthThrottle;
import io.verdis.command.Errors;
import io.verdis.server.ServerState;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Security of the whole HTTP side, mounted before every other route: the response headers, the
 * Host check ({@link HostPolicy}), the Origin check, and, with {@code requirepass} set,
 * authentication. A browser logs in with the password ({@code POST /api/login}) and gets a
 * session cookie; programs send
 * {@code Authorization: Bearer <password>}. Every {@code /api/*} route but session, login and
 * logout then requires one of them; {@code /metrics} and {@code /health/*} too when
 * {@code http-auth-probes} is on. Static files stay open: they hold no data.
 */
public final class HttpSecurity {
  static final String COOKIE = "verdis_session";
  private static final int LOGIN_BODY_LIMIT = 16 * 1024;
  private static final long PURGE_EVERY_MS = 60_000;

  /** What a request's credentials amount to. */
  enum Access {
    /** No password is required, or a valid session, bearer or token was given. */
    GRANTED,
    /** None was given. */
    MISSING,
    /** A wrong password was given: its answer waits as the node's {@link AuthThrottle} says. */
    WRONG
  }

  private final ServerState server;
  private final Vertx vertx;
  private final SessionStore sessions = new SessionStore();
  private final AuthThrottle throttle;
  private final OriginPolicy origins;
  private final HostPolicy hosts;

  public HttpSecurity(ServerState server, Vertx vertx) {
    this.server = server;
    this.vertx = vertx;
    this.origins = new OriginPolicy(server.config());
    this.hosts = new HostPolicy(server.config());
    this.throttle = server.authThrottle();
  }

  public void mount(Router router) {
    router.route().handler(SecurityHeaders::handle);
    router.route().handler(this::checkHost);
    router.route("/api/*").handler(this::checkOrigin);
    router.get("/api/session").handler(this::session);
    router.post("/api/login").handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_LIMIT)).handler(this::login);
    router.post("/api/logout").handler(this::logout);
    router.route("/api/*").handler(this::requireAuth);
    router.route("/metrics").handler(this::requireAuthForProbes);
    router.route("/health/*").handler(this::requireAuthForProbes);
    // A new password ends every session; logins use the new one at once (it is read per check).
    server.config().onChange("requirepass", config -> sessions.clear());
    vertx.setPeriodic(PURGE_EVERY_MS, id -> sessions.purge());
  }

  /** As for RESP clients: unless the ACL default user is on with nopass. */
  boolean passwordRequired() {
    return !server.acl().defaultUserOpen();
  }

  boolean originAllowed(HttpServerRequest request) {
    return origins.allowed(request);
  }

  /**
   * The credentials of a request: the session cookie, {@code Authorization: Bearer <password>},
   * and, when {@code acceptToken} (the WebSocket upgrade), {@code ?token=<password>}.
   */
  Access check(HttpServerRequest request, boolean acceptToken) {
    if (!passwordRequired()) {
      return Access.GRANTED;
    }
    Cookie cookie = request.getCookie(COOKIE);
    if (cookie != null && sessions.valid(cookie.getValue())) {
      return Access.GRANTED;
    }
    String password = bearer(request);
    if (password == null && acceptToken) {
      password = request.getParam("token");
    }
    return password == null ? Access.MISSING : checkPassword(addressOf(request.remoteAddress()), password);
  }

  /**
   * The client's IP address for the throttle. Null once the peer has reset (the io_uring transport
   * asks the kernel only when first asked): such a client is gone, and its answer goes nowhere.
   */
  static String addressOf(SocketAddress remote) {
    return remote == null ? "unknown" : remote.hostAddress();
  }

  /** A password given by a client at {@code address}; the right one clears the address's failures. */
  Access checkPassword(String address, String candidate) {
    // The ACL default user's passwords: requirepass, or what ACL SETUSER default gave it.
    if (server.acl().defaultPasswordMatches(candidate)) {
      throttle.succeeded(address);
      return Access.GRANTED;
    }
    return Access.WRONG;
  }

  /**
   * Counts a wrong password from {@code address} and runs its answer when the throttle lets it go:
   * at once for the first few, then later and later, so guesses come slowly.
   */
  void afterFailure(String address, AuthThrottle.Surface surface, Runnable answer) {
    long waitMs = throttle.failed(address, surface);
    if (waitMs <= 0) {
      answer.run();
    } else {
      vertx.setTimer(waitMs, id -> answer.run());
    }
  }

  /** Answers a request that is not {@link Access#GRANTED}: 401 NOAUTH, or 401 WRONGPASS (slowed down). */
  void refuse(RoutingContext ctx, Access access) {
    if (access == Access.WRONG) {
      afterFailure(addressOf(ctx.request().remoteAddress()), AuthThrottle.Surface.HTTP,
          () -> HttpJson.error(ctx, 401, Errors.WRONGPASS));
    } else {
      HttpJson.error(ctx, 401, Errors.NOAUTH);
    }
  }

  /**
   * Every route, the dashboard page and {@code /ws} included, answers only the Host names of
   * {@link HostPolicy}: 421 Misdirected Request otherwise, before anything runs.
   */
  private void checkHost(RoutingContext ctx) {
    if (hosts.allowed(ctx.request())) {
      ctx.next();
    } else {
      HttpJson.error(ctx, 421, "ERR Host '" + ctx.request().getHeader(HttpHeaders.HOST) + "' is not a name of this "
          + "server: add it to http-allowed-hosts (names are checked against DNS rebinding)");
    }
  }

  /**
   * A browser sends Origin with every POST, PUT and DELETE: one from a page of another origin is
   * refused, since SameSite cookies do not tell another port of the same host apart.
   */
  private void checkOrigin(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    if (safe || origins.allowed(ctx.request())) {
      ctx.next();
    } else {
      HttpJson.error(ctx, 403, "ERR cross-origin request refused: " + ctx.request().getHeader(HttpHeaders.ORIGIN));
    }
  }

  private void requireAuth(RoutingContext ctx) {
    Access access = check(ctx.request(), false);
    if (access == Access.GRANTED) {
      ctx.next();
    } else {
      refuse(ctx, access);
    }
  }

  private void requireAuthForProbes(RoutingContext ctx) {
    if (server.config().httpAuthProbes()) {
      requireAuth(ctx);
    } else {
      ctx.next();
    }
  }

  /** {@code GET /api/session}: always open, so the dashboard knows whether to show its login. */
  private void session(RoutingContext ctx) {
    Access access = check(ctx.request(), false);
    Runnable answer = () -> HttpJson.send(ctx, 200, new JsonObject()
        .put("authRequired", passwordRequired())
        .put("authenticated", access == Access.GRANTED));
    if (access == Access.WRONG) {
      // A wrong Bearer here is a guess like any other: slowed down, or this would be the fast way in.
      afterFailure(addressOf(ctx.request().remoteAddress()), AuthThrottle.Surface.HTTP, answer);
    } else {
      answer.run();
    }
  }

  /** {@code POST /api/login} {@code {"password":"..."}}: sets the session cookie. */
  private void login(RoutingContext ctx) {
    Object password;
    try {
      JsonObject body = ctx.body().asJsonObject();
      password = body == null ? null : body.getValue("password");
    } catch (DecodeException | ClassCastException e) {
      password = null;
    }
    if (!(password instanceof String candidate)) {
      HttpJson.error(ctx, 400, "ERR the body must be a JSON object {\"password\":\"...\"}");
      return;
    }
    if (!passwordRequired()) {
      HttpJson.send(ctx, 200, new JsonObject().put("authenticated", true));
      return;
    }
    Access access = checkPassword(addressOf(ctx.request().remoteAddress()), candidate);
    if (access != Access.GRANTED) {
      refuse(ctx, access);
      return;
    }
    ctx.response().addCookie(sessionCookie(sessions.create()));
    HttpJson.send(ctx, 200, new JsonObject().put("authenticated", true));
  }

  /** {@code POST /api/logout}: ends the session of the cookie, and clears the cookie. */
  private void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null) {
      sessions.remove(cookie.getValue());
      ctx.response().addCookie(sessionCookie("").setMaxAge(0));
    }
    HttpJson.send(ctx, 200, new JsonObject().put("authenticated", !passwordRequired()));
  }

  private Cookie sessionCookie(String token) {
    return Cookie.cookie(COOKIE, token)
        .setPath("/")
        .setHttpOnly(true)
        // Over HTTPS the browser must never send the session over plaintext HTTP.
        .setSecure(server.config().httpTls())
        .setSameSite(CookieSameSite.STRICT);
  }

  /** The password of {@code Authorization: Bearer <password>}, or null. */
  private static String bearer(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7);
  }
}
