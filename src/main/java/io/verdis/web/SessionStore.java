package io.verdis.web;

import io.verdis.client.PasswordCheck;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the dashboard, in memory: a random 256-bit token per login, valid for
 * {@link #LIFETIME_MS}. Only a hash of each token is kept, so neither a heap dump nor the timing of
 * a map lookup gives a live token away. All sessions end when the password changes.
 */
final class SessionStore {
  static final long LIFETIME_MS = 12L * 60 * 60 * 1000;

  private final SecureRandom random = new SecureRandom();
  /** Token hash to expiry time. */
  private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();

  /** A new session's token, for the cookie. */
  String create() {
    byte[] token = new byte[32];
    random.nextBytes(token);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    expiries.put(key(text), System.currentTimeMillis() + LIFETIME_MS);
    return text;
  }

  boolean valid(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    Long expiry = expiries.get(key(token));
    if (expiry == null) {
      return false;
    }
    if (expiry < System.currentTimeMillis()) {
      expiries.remove(key(token));
      return false;
    }
    return true;
  }

  void remove(String token) {
    if (token != null) {
      expiries.remove(key(token));
    }
  }

  /** Logs everyone out (a new {@code requirepass}). */
  void clear() {
    expiries.clear();
  }

  /** Forgets expired sessions; called now and then. */
  void purge() {
    long now = System.currentTimeMillis();
    expiries.values().removeIf(expiry -> expiry < now);
  }

  int size() {
    return expiries.size();
  }

  private static String key(String token) {
    return HexFormat.of().formatHex(PasswordCheck.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }
}
