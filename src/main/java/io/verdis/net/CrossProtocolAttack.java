package io.verdis.net;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Cross-protocol scripting: a web page makes the browser send an HTTP request to a Verdis port,
 * hoping the headers fail harmlessly and the body runs as commands. Redis's answer, mirrored
 * here: a request that can only be HTTP closes the connection at once, without a reply and
 * without running anything after it, and the node logs a warning at most once a minute
 * (Redis's securityWarningCommand). One per node; safe from any event loop.
 */
public final class CrossProtocolAttack {
  private static final Logger LOG = Logger.getLogger(CrossProtocolAttack.class.getName());
  private static final String WARNING = "Possible SECURITY ATTACK detected. It looks like somebody is sending POST or "
      + "Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting "
      + "to compromise your Redis instance. Connection aborted.";
  private static final byte[] POST = "post".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HOST = "host:".getBytes(StandardCharsets.US_ASCII);
  /**
   * The methods a browser sends without asking first (GET, HEAD, POST) and the preflight it sends
   * before any other (OPTIONS), with the rest of HTTP's, upper case as HTTP spells them.
   */
  private static final String[] HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
      "CONNECT", "TRACE"};

  /** When the warning was last logged, in seconds; Redis logs again only after more than 60. */
  private final AtomicLong loggedAtSecond = new AtomicLong(Long.MIN_VALUE / 2);

  /** RESP: a command named POST or Host:, in any case, as Redis's processCommand checks before anything else. */
  static boolean isRespCommand(byte[] name) {
    return equalsIgnoreCase(name, 0, name.length, POST) || equalsIgnoreCase(name, 0, name.length, HOST);
  }

  /**
   * Pizzaria, whose verbs are lower-case words: a line whose first word is POST or starts with
   * Host: (any case), or an HTTP request line ({@code GET /path HTTP/1.1}: an HTTP method, upper
   * case, and a last word HTTP/1.0 or HTTP/1.1). None of them is a Pizzaria request.
   */
  static boolean isPizzariaLine(byte[] line) {
    int space = indexOf(line, (byte) ' ');
    int verbEnd = space < 0 ? line.length : space;
    if (equalsIgnoreCase(line, 0, verbEnd, POST) || startsWithIgnoreCase(line, HOST)) {
      return true;
    }
    return space > 0 && isHttpMethod(line, space) && endsWithHttpVersion(line);
  }

  /** Logs Redis's warning unless it was logged within the last minute. */
  void report() {
    long now = System.currentTimeMillis() / 1000;
    long last = loggedAtSecond.get();
    if (Math.abs(now - last) > 60 && loggedAtSecond.compareAndSet(last, now)) {
      LOG.warning(WARNING);
    }
  }

  private static boolean isHttpMethod(byte[] line, int length) {
    for (String method : HTTP_METHODS) {
      if (method.length() == length && regionEquals(line, 0, method)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithHttpVersion(byte[] line) {
    String version = " HTTP/1.";
    int from = line.length - version.length() - 1;
    if (from < 0 || !regionEquals(line, from, version)) {
      return false;
    }
    byte minor = line[line.length - 1];
    return minor == '0' || minor == '1';
  }

  private static boolean regionEquals(byte[] bytes, int from, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (bytes[from + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIgnoreCase(byte[] bytes, byte[] lowerPrefix) {
    return bytes.length >= lowerPrefix.length && equalsIgnoreCase(bytes, 0, lowerPrefix.length, lowerPrefix);
  }

  private static boolean equalsIgnoreCase(byte[] bytes, int from, int to, byte[] lower) {
    if (to - from != lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      int b = bytes[from + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lower[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
