package io.verdis.web;

import io.verdis.acl.User;
import io.verdis.client.PasswordCheck;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the dashboard, in memory: a random 256-bit token per login, valid for
 * {@link #LIFETIME_MS}, carrying the ACL user who logged in. Only a hash of each token is kept, so
 * neither a heap dump nor the timing of a map lookup gives a live token away. The default user's
 * sessions end when its password ({@code requirepass}) changes.
 */
final class SessionStore {
  static final long LIFETIME_MS = 12L * 60 * 60 * 1000;

  /** A live session: whose it is, and until when. */
  private record Session(User user, long expiry) {
  }

  private final SecureRandom random = new SecureRandom();
  /** Token hash to session. */
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

  /** A new session of {@code user}: its token, for the cookie. */
  String create(User user) {
    byte[] token = new byte[32];
    random.nextBytes(token);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    sessions.put(key(text), new Session(user, System.currentTimeMillis() + LIFETIME_MS));
    return text;
  }

  /** The user of a live session, or null (no such token, or expired). */
  User user(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    Session session = sessions.get(key(token));
    if (session == null) {
      return null;
    }
    if (session.expiry() < System.currentTimeMillis()) {
      sessions.remove(key(token));
      return null;
    }
    return session.user();
  }

  void remove(String token) {
    if (token != null) {
      sessions.remove(key(token));
    }
  }

  /** Logs {@code user} out everywhere (a new {@code requirepass} for the default user). */
  void endSessionsOf(User user) {
    sessions.values().removeIf(session -> session.user() == user);
  }

  /** Forgets expired sessions; called now and then. */
  void purge() {
    long now = System.currentTimeMillis();
    sessions.values().removeIf(session -> session.expiry() < now);
  }

  int size() {
    return sessions.size();
  }

  private static String key(String token) {
    return HexFormat.of().formatHex(PasswordCheck.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }
}
