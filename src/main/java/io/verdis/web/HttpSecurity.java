package io.verdis.web;

import io.verdis.acl.Acl;
import io.verdis.acl.AclDenial;
import io.verdis.acl.AclLog;
import io.verdis.acl.User;
import io.verdis.client.AuthThrottle;
import io.verdis.command.CommandSpec;
import io.verdis.command.Errors;
import io.verdis.server.ServerState;
import io.vertx.core.Handler;
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

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Security of the whole HTTP side, mounted before every other route: the response headers, the
 * Host check ({@link HostPolicy}), the Origin check, and authentication as an ACL user. A browser
 * logs in with a user name (none: {@code default}) and password ({@code POST /api/login}) and gets
 * a session cookie that carries the user; programs send {@code Authorization: Basic} (user and
 * password) or {@code Authorization: Bearer <password>} (the default user's). Every {@code /api/*}
 * route but session, login and logout then requires one of them, unless the default user is on
 * with nopass; {@code /metrics} and {@code /health/*} too when {@code http-auth-probes} is on.
 * Static files stay open: they hold no data. The user a request runs as is {@link #user}.
 */
public final class HttpSecurity {
  static final String COOKIE = "verdis_session";
  /** The routing context's entry holding the {@link User} a request runs as. */
  private static final String USER = "verdis.user";
  /** How ACL LOG names a failed login on the HTTP side (Redis names the command, AUTH). */
  private static final String LOGIN_OBJECT = "auth";
  private static final int LOGIN_BODY_LIMIT = 16 * 1024;
  private static final long PURGE_EVERY_MS = 60_000;

  /** What a request's credentials amount to. */
  enum Access {
    /** No password is required, or a valid session, bearer, Basic or token was given. */
    GRANTED,
    /** None was given. */
    MISSING,
    /** A wrong password was given: its answer waits as the node's {@link AuthThrottle} says. */
    WRONG
  }

  /** The outcome of a request's credentials, and the user it runs as when granted. */
  record Login(Access access, User user) {
    static final Login MISSING = new Login(Access.MISSING, null);
    static final Login WRONG = new Login(Access.WRONG, null);

    boolean granted() {
      return access == Access.GRANTED;
    }
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
    // A new requirepass ends the default user's sessions (other users' passwords did not change);
    // logins use the new one at once (it is read per check).
    server.config().onChange("requirepass", config -> sessions.endSessionsOf(server.acl().defaultUser()));
    vertx.setPeriodic(PURGE_EVERY_MS, id -> sessions.purge());
  }

  /** As for RESP clients: unless the ACL default user is on with nopass. */
  boolean passwordRequired() {
    return !server.acl().defaultUserOpen();
  }

  boolean originAllowed(HttpServerRequest request) {
    return origins.allowed(request);
  }

  /** The ACL user a request that passed {@link #mount}'s guard runs as: the default user if none logged in. */
  public static User user(RoutingContext ctx, ServerState server) {
    User user = ctx.get(USER);
    return user != null ? user : server.acl().defaultUser();
  }

  /**
   * A route handler for what the server shows without running a command (the stats stream, the
   * cluster overview): it passes only when the request's user may run the RESP command that shows
   * the same ({@code INFO}, {@code CLUSTER NODES}), else 403 with Redis's NOPERM text, in ACL LOG.
   */
  public static Handler<RoutingContext> mayRun(ServerState server, String... command) {
    byte[][] argv = new byte[command.length][];
    for (int i = 0; i < command.length; i++) {
      argv[i] = command[i].getBytes(StandardCharsets.US_ASCII);
    }
    return ctx -> {
      User user = user(ctx, server);
      CommandSpec spec = server.commands().resolve(argv);
      AclDenial denied = user.check(spec, argv);
      if (denied == null) {
        ctx.next();
        return;
      }
      server.acl().logDenial(denied, AclLog.Context.TOPLEVEL, spec, argv, user.name(),
          clientInfo("http", ctx.request().remoteAddress(), ctx.request().localAddress()));
      HttpJson.error(ctx, 403, denied.error(spec.fullName()));
    };
  }

  /**
   * The credentials of a request: the session cookie, {@code Authorization: Basic} (any user) or
   * {@code Bearer <password>} (the default user), and, when {@code acceptToken} (the WebSocket
   * upgrade), {@code ?token=<password>}. With the default user open, a request without a session
   * or Basic credentials runs as the default user, as before users existed.
   */
  Login check(HttpServerRequest request, boolean acceptToken) {
    Cookie cookie = request.getCookie(COOKIE);
    User sessionUser = cookie == null ? null : sessions.user(cookie.getValue());
    if (server.acl().current(sessionUser)) {
      return new Login(Access.GRANTED, sessionUser);
    }
    String[] basic = basic(request);
    if (basic != null) {
      return checkPassword(request, basic[0], basic[1]);
    }
    if (!passwordRequired()) {
      return new Login(Access.GRANTED, server.acl().defaultUser());
    }
    String password = bearer(request);
    if (password == null && acceptToken) {
      password = request.getParam("token");
    }
    return password == null ? Login.MISSING : checkPassword(request, Acl.DEFAULT, password);
  }

  private Login checkPassword(HttpServerRequest request, String username, String password) {
    return checkPassword(addressOf(request.remoteAddress()),
        clientInfo("http", request.remoteAddress(), request.localAddress()), username, password);
  }

  /**
   * The client's IP address for the throttle. Null once the peer has reset (the io_uring transport
   * asks the kernel only when first asked): such a client is gone, and its answer goes nowhere.
   */
  static String addressOf(SocketAddress remote) {
    return remote == null ? "unknown" : remote.hostAddress();
  }

  /**
   * A user name and password given by a client at {@code address}: the right pair clears the
   * address's failures; a wrong one (an unknown or disabled user too) goes to ACL LOG with
   * {@code clientInfo}, as a failed AUTH does. The caller slows its answer ({@link #afterFailure}).
   */
  Login checkPassword(String address, String clientInfo, String username, String candidate) {
    User user = server.acl().authenticate(username, candidate.getBytes(StandardCharsets.UTF_8));
    if (user != null) {
      throttle.succeeded(address);
      return new Login(Access.GRANTED, user);
    }
    server.acl().logFailedLogin(LOGIN_OBJECT, username, clientInfo);
    return Login.WRONG;
  }

  /**
   * What ACL LOG shows as the client-info of a login on the HTTP side, where there is no RESP
   * client: the addresses and the surface ({@code http} or {@code websocket}).
   */
  static String clientInfo(String surface, SocketAddress remote, SocketAddress local) {
    return "addr=" + remote + " laddr=" + local + " surface=" + surface;
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
    Login login = check(ctx.request(), false);
    if (login.granted()) {
      ctx.put(USER, login.user());
      ctx.next();
    } else {
      refuse(ctx, login.access());
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
    Login login = check(ctx.request(), false);
    Runnable answer = () -> {
      JsonObject body = new JsonObject()
          .put("authRequired", passwordRequired())
          .put("authenticated", login.granted());
      if (login.granted()) {
        body.put("user", login.user().name());
      }
      HttpJson.send(ctx, 200, body);
    };
    if (login.access() == Access.WRONG) {
      // A wrong Bearer here is a guess like any other: slowed down, or this would be the fast way in.
      afterFailure(addressOf(ctx.request().remoteAddress()), AuthThrottle.Surface.HTTP, answer);
    } else {
      answer.run();
    }
  }

  /**
   * {@code POST /api/login} {@code {"username":"...","password":"..."}} (no username: the default
   * user): sets the session cookie, which carries the user. With the default user open, a login
   * without a username needs no session, as before users existed.
   */
  private void login(RoutingContext ctx) {
    Object password;
    Object username;
    try {
      JsonObject body = ctx.body().asJsonObject();
      password = body == null ? null : body.getValue("password");
      username = body == null ? null : body.getValue("username", Acl.DEFAULT);
    } catch (DecodeException | ClassCastException e) {
      password = null;
      username = null;
    }
    if (!(password instanceof String candidate) || !(username instanceof String name)) {
      HttpJson.error(ctx, 400, "ERR the body must be a JSON object {\"username\":\"...\",\"password\":\"...\"} "
          + "(username may be left out: the default user)");
      return;
    }
    if (!passwordRequired() && name.equals(Acl.DEFAULT)) {
      HttpJson.send(ctx, 200, new JsonObject().put("authenticated", true).put("user", Acl.DEFAULT));
      return;
    }
    Login login = checkPassword(ctx.request(), name, candidate);
    if (!login.granted()) {
      refuse(ctx, login.access());
      return;
    }
    ctx.response().addCookie(sessionCookie(sessions.create(login.user())));
    HttpJson.send(ctx, 200, new JsonObject().put("authenticated", true).put("user", login.user().name()));
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

  /**
   * The user name and password of {@code Authorization: Basic base64(user:password)}, or null;
   * a header that does not decode is a wrong login (an empty user name), not a missing one.
   */
  private static String[] basic(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new String[] {"", ""};
    }
    int colon = pair.indexOf(':');
    return colon < 0 ? new String[] {"", pair} : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
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
