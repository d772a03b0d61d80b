package io.verdis.acl;

import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;

/**
 * An ACL user: a name and its current {@link UserRules}. Clients keep a reference to the user
 * they authenticated as, so an ACL SETUSER applies to them at their next command, as in Redis.
 */
public final class User {
  private final String name;
  private volatile UserRules rules;

  User(String name, UserRules rules) {
    this.name = name;
    this.rules = rules.publish();
  }

  public String name() {
    return name;
  }

  public UserRules rules() {
    return rules;
  }

  void rules(UserRules rules) {
    this.rules = rules.publish();
  }

  /** Allowed every command, key and channel: the check per command is this one read. */
  public boolean unrestricted() {
    return rules.unrestricted();
  }

  public boolean enabled() {
    return rules.enabled();
  }

  /**
   * Null when this user may run the call, else why not. Commands outside the RESP command table
   * (Pizzaria's) are not ACL commands: allowed.
   */
  public AclDenial check(CommandSpec spec, byte[][] argv) {
    UserRules current = rules;
    if (current.unrestricted()) {
      return null;
    }
    int id = current.catalog().id(spec);
    return id < 0 ? null : current.check(id, spec, argv, spec.has(CommandFlag.NO_AUTH));
  }

  /**
   * Whether a selector that allows the call may also read every key (allkeys, or a {@code *} pattern
   * that reads): SORT's BY and GET patterns need it (Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess).
   */
  public boolean hasUnrestrictedKeyAccess(CommandSpec spec, byte[][] argv) {
    UserRules current = rules;
    int id = current.catalog().id(spec);
    return id < 0 || current.selectors().stream().anyMatch(selector ->
        selector.check(id, spec, argv, spec.has(CommandFlag.NO_AUTH)) == null && selector.readsEveryKey());
  }

  /** Whether this user may run the call: for surfaces that only need yes or no (HTTP API, WebSocket). */
  public boolean mayRun(CommandSpec spec, byte[][] argv) {
    return check(spec, argv) == null;
  }

  /** Whether this user may read ({@link CommandCatalog#READ}) or write a key, whatever the command. */
  public boolean mayAccessKey(byte[] key, int permission) {
    UserRules current = rules;
    return current.unrestricted() || current.keyAllowed(key, permission);
  }

  /** Whether this user may PSUBSCRIBE to this pattern (it must be one of the user's own, literally). */
  public boolean mayUsePattern(byte[] pattern) {
    UserRules current = rules;
    return current.unrestricted() || current.channelAllowed(pattern, true);
  }

  /** Whether this user may publish or subscribe to a channel. */
  public boolean mayUseChannel(byte[] channel) {
    UserRules current = rules;
    return current.unrestricted() || current.channelAllowed(channel, false);
  }
}
