package io.verdis.server;

/**
 * Redis 7.0's enable-debug-command and enable-protected-configs: an action refused to everyone
 * (no, the default), allowed to everyone (yes), or to clients on the machine itself (local).
 */
public enum ProtectedAction {
  NO, YES, LOCAL;

  static ProtectedAction of(String value) {
    return switch (value) {
      case "yes" -> YES;
      case "local" -> LOCAL;
      default -> NO;
    };
  }

  /** Redis's allowProtectedAction. */
  public boolean allows(boolean localClient) {
    return this == YES || (this == LOCAL && localClient);
  }
}
