package io.verdis.acl;

import io.verdis.command.CommandSpec;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Everything a user is allowed (Redis's user struct minus its name): on/off, nopass, the payload
 * sanitizing flag, password hashes (SHA-256, hex, as Redis stores them) and the selectors, the
 * root one first. An ACL SETUSER edits a copy and publishes it whole: a published instance is
 * never changed, so event loops read it without locks.
 */
public final class UserRules {
  private final CommandCatalog catalog;
  private final boolean allChannelsByDefault;
  boolean enabled;
  boolean nopass;
  /** null (never set), "sanitize-payload" or "skip-sanitize-payload". */
  String sanitize;
  final List<String> passwords = new ArrayList<>();
  final List<Selector> selectors = new ArrayList<>();
  /** Set when published: some selector allows every command, key and channel. */
  private boolean unrestricted;

  /** A new user's rules (Redis's ACLCreateUser): off, no password, no command, no key. */
  UserRules(CommandCatalog catalog, boolean allChannelsByDefault) {
    this.catalog = catalog;
    this.allChannelsByDefault = allChannelsByDefault;
    selectors.add(new Selector(catalog, true, allChannelsByDefault));
  }

  private UserRules(UserRules other) {
    this.catalog = other.catalog;
    this.allChannelsByDefault = other.allChannelsByDefault;
    this.enabled = other.enabled;
    this.nopass = other.nopass;
    this.sanitize = other.sanitize;
    this.passwords.addAll(other.passwords);
    other.selectors.forEach(selector -> selectors.add(selector.copy()));
  }

  UserRules copy() {
    return new UserRules(this);
  }

  CommandCatalog catalog() {
    return catalog;
  }

  /** Done editing: computes what the permission check reads first. */
  UserRules publish() {
    unrestricted = selectors.stream().anyMatch(Selector::unrestricted);
    return this;
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean nopass() {
    return nopass;
  }

  /** Whether every call is allowed: then no check runs per command. */
  public boolean unrestricted() {
    return unrestricted;
  }

  /** Whether {@code password} is one of the user's (any is, with nopass), comparing hashes in constant time. */
  public boolean passwordMatches(byte[] password) {
    if (nopass) {
      return true;
    }
    byte[] hash = Latin1.bytes(hash(password));
    boolean match = false;
    for (String known : passwords) {
      match |= MessageDigest.isEqual(hash, Latin1.bytes(known));
    }
    return match;
  }

  static String hash(byte[] password) {
    return HexFormat.of().formatHex(io.verdis.client.PasswordCheck.sha256(password));
  }

  /**
   * Whether any selector allows the call (null), else the most telling refusal, as Redis's
   * ACLCheckAllUserCommandPerm picks it: the command when no selector runs it, else the
   * key or channel refusal of highest rank, the later argument on a tie.
   */
  AclDenial check(int id, CommandSpec spec, byte[][] argv, boolean noAuth) {
    AclDenial relevant = null;
    for (Selector selector : selectors) {
      AclDenial denied = selector.check(id, spec, argv, noAuth);
      if (denied == null) {
        return null;
      }
      if (relevant == null || denied.reason().ordinal() > relevant.reason().ordinal()
          || (denied.reason() == relevant.reason() && denied.index() > relevant.index())) {
        relevant = denied;
      }
    }
    return relevant;
  }

  /**
   * Whether these rules may take channels away from {@code before}'s subscribers (Redis's two
   * shortcuts: a selector with allchannels, or every old channel pattern still listed, take none).
   */
  boolean fewerChannelsThan(UserRules before) {
    if (selectors.stream().anyMatch(selector -> selector.allChannels)) {
      return false;
    }
    java.util.Set<String> upcoming = new java.util.HashSet<>();
    selectors.forEach(selector -> upcoming.addAll(selector.channels));
    return before.selectors.stream().anyMatch(selector -> selector.allChannels
        || !upcoming.containsAll(selector.channels));
  }

  boolean keyAllowed(byte[] key, int permission) {
    return selectors.stream().anyMatch(selector -> selector.keyAllowed(key, permission));
  }

  boolean channelAllowed(byte[] channel, boolean literal) {
    return selectors.stream().anyMatch(selector -> selector.channelAllowed(channel, literal));
  }

  /** One rule of ACL SETUSER (Redis's ACLSetUser): about the user, or for the root selector. */
  void apply(String op) throws AclRuleException {
    if (op.isEmpty()) {
      return;
    }
    String lower = op.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "on" -> enabled = true;
      case "off" -> enabled = false;
      case "skip-sanitize-payload", "sanitize-payload" -> sanitize = lower;
      case "nopass" -> {
        nopass = true;
        passwords.clear();
      }
      case "resetpass" -> {
        nopass = false;
        passwords.clear();
      }
      case "clearselectors" -> selectors.subList(1, selectors.size()).clear();
      case "reset" -> {
        apply("resetpass");
        apply("resetkeys");
        apply("resetchannels");
        if (allChannelsByDefault) {
          apply("allchannels");
        }
        apply("off");
        apply("sanitize-payload");
        apply("clearselectors");
        apply("-@all");
      }
      default -> applyOther(op);
    }
  }

  private void applyOther(String op) throws AclRuleException {
    char first = op.charAt(0);
    if (first == '>' || first == '#') {
      String hash = first == '>' ? hash(Latin1.bytes(op.substring(1))) : checkedHash(op.substring(1));
      if (!passwords.contains(hash)) {
        passwords.add(hash);
      }
      nopass = false;
    } else if (first == '<' || first == '!') {
      String hash = first == '<' ? hash(Latin1.bytes(op.substring(1))) : checkedHash(op.substring(1));
      if (!passwords.remove(hash)) {
        throw new AclRuleException(AclRuleException.NO_SUCH_PASSWORD);
      }
    } else if (first == '(' && op.endsWith(")")) {
      Selector selector = new Selector(catalog, false, allChannelsByDefault);
      for (String inner : SelectorArguments.split(op.substring(1, op.length() - 1))) {
        selector.apply(inner);
      }
      selectors.add(selector);
    } else {
      selectors.get(0).apply(op);
    }
  }

  private static String checkedHash(String hash) throws AclRuleException {
    if (hash.length() != 64 || !hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new AclRuleException(AclRuleException.BAD_HASH);
    }
    return hash;
  }

  /** Flags, password hashes, then the selectors, as ACL LIST and the ACL file write a user (ACLDescribeUser). */
  String describe() {
    StringBuilder out = new StringBuilder();
    for (String flag : flags()) {
      out.append(flag).append(' ');
    }
    passwords.forEach(hash -> out.append('#').append(hash).append(' '));
    for (Selector selector : selectors) {
      out.append(selector.root ? "" : " (").append(selector.describe()).append(selector.root ? "" : ")");
    }
    return out.toString();
  }

  /** ACL GETUSER's flags, in Redis's order. */
  List<String> flags() {
    List<String> flags = new ArrayList<>();
    flags.add(enabled ? "on" : "off");
    if (nopass) {
      flags.add("nopass");
    }
    if ("skip-sanitize-payload".equals(sanitize)) {
      flags.add("skip-sanitize-payload");
    } else if ("sanitize-payload".equals(sanitize)) {
      flags.add("sanitize-payload");
    }
    return flags;
  }

  Selector root() {
    return selectors.get(0);
  }

  List<Selector> selectors() {
    return selectors;
  }
}
