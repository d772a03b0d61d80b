package io.verdis.acl;

import io.verdis.command.CommandSpec;
import io.verdis.command.GlobPattern;
import io.verdis.command.KeySpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One set of permissions of a user (Redis 7's aclSelector): the commands it may run (a bit per
 * command id, plus Redis's extra bit meaning "+@all": commands added later too), the first
 * arguments allowed of otherwise denied commands ({@code +select|0}), key patterns with their
 * read/write permissions, and channel patterns. The root selector holds the rules written outside
 * parentheses; each {@code (...)} adds another, and a call is allowed when any selector allows it.
 *
 * <p>Changed only while a user's rules are being edited (a copy, see {@link UserRules}); read by
 * every event loop once published.
 */
final class Selector {
  private final CommandCatalog catalog;
  final boolean root;
  boolean allKeys;
  boolean allChannels;
  boolean allCommands;
  /** Bits 0..size-1: the commands; bit size: "+@all" was given (future commands allowed). */
  private final long[] bits;
  /** Command id to its allowed first arguments, or null while there are none. */
  private Map<Integer, List<String>> firstArgs;
  final List<KeyPattern> keys = new ArrayList<>();
  final List<String> channels = new ArrayList<>();

  Selector(CommandCatalog catalog, boolean root, boolean allChannels) {
    this.catalog = catalog;
    this.root = root;
    this.allChannels = allChannels;
    this.bits = new long[(catalog.size() + 1 + 63) / 64];
  }

  private Selector(Selector other) {
    this.catalog = other.catalog;
    this.root = other.root;
    this.allKeys = other.allKeys;
    this.allChannels = other.allChannels;
    this.allCommands = other.allCommands;
    this.bits = other.bits.clone();
    if (other.firstArgs != null) {
      this.firstArgs = new HashMap<>();
      other.firstArgs.forEach((id, args) -> firstArgs.put(id, new ArrayList<>(args)));
    }
    this.keys.addAll(other.keys);
    this.channels.addAll(other.channels);
  }

  Selector copy() {
    return new Selector(this);
  }

  CommandCatalog catalog() {
    return catalog;
  }

  /** Every command, key and channel: the common case, checked with no work per command. */
  boolean unrestricted() {
    return allCommands && allKeys && allChannels;
  }

  boolean bit(int id) {
    return (bits[id >>> 6] & (1L << id)) != 0;
  }

  boolean futureCommands() {
    return bit(catalog.size());
  }

  boolean sameCommands(Selector other) {
    return Arrays.equals(bits, other.bits);
  }

  Map<Integer, List<String>> firstArgs() {
    return firstArgs;
  }

  /** Redis's ACLSetSelectorCommandBit: clearing any bit ends "allcommands". */
  private void bit(int id, boolean value) {
    if (value) {
      bits[id >>> 6] |= 1L << id;
    } else {
      bits[id >>> 6] &= ~(1L << id);
      allCommands = false;
    }
  }

  /** Redis's ACLChangeSelectorPerm: a container's subcommands follow it. */
  void changePermission(int id, boolean allow) {
    bit(id, allow);
    if (firstArgs != null) {
      firstArgs.remove(id);
    }
    for (CommandSpec sub : catalog.spec(id).subcommands().values()) {
      bit(catalog.id(sub), allow);
    }
  }

  /** +@category / -@category over every command and subcommand in it. */
  void changeCategory(int categoryBit, boolean allow) {
    for (int id = 0; id < catalog.size(); id++) {
      if ((catalog.categories(id) & categoryBit) != 0) {
        changePermission(id, allow);
      }
    }
  }

  void allCommands(boolean allow) {
    Arrays.fill(bits, allow ? -1L : 0L);
    allCommands = allow;
    firstArgs = null;
  }

  /** Counts the commands of a category this selector allows (on) and denies (off). */
  int[] countCategory(int categoryBit) {
    int[] onOff = new int[2];
    for (int id = 0; id < catalog.size(); id++) {
      if ((catalog.categories(id) & categoryBit) != 0) {
        onOff[bit(id) ? 0 : 1]++;
      }
    }
    return onOff;
  }

  /** One rule that is not about the user itself (Redis's ACLSetSelector). */
  void apply(String op) throws AclRuleException {
    String lower = op.toLowerCase(Locale.ROOT);
    if (lower.equals("allkeys") || op.equals("~*")) {
      allKeys = true;
      keys.clear();
    } else if (lower.equals("resetkeys")) {
      allKeys = false;
      keys.clear();
    } else if (lower.equals("allchannels") || op.equals("&*")) {
      allChannels = true;
      channels.clear();
    } else if (lower.equals("resetchannels")) {
      allChannels = false;
      channels.clear();
    } else if (lower.equals("allcommands") || lower.equals("+@all")) {
      allCommands(true);
    } else if (lower.equals("nocommands") || lower.equals("-@all")) {
      allCommands(false);
    } else if (op.startsWith("~") || op.startsWith("%")) {
      addKeyPattern(op);
    } else if (op.startsWith("&")) {
      if (allChannels) {
        throw new AclRuleException(AclRuleException.AFTER_ALLCHANNELS);
      }
      String pattern = op.substring(1);
      checkNoSpaces(pattern);
      if (!channels.contains(pattern)) {
        channels.add(pattern);
      }
    } else if (op.startsWith("+@") || op.startsWith("-@")) {
      int category = CommandCatalog.categoryBit(op.substring(2));
      if (category == 0) {
        throw new AclRuleException(AclRuleException.UNKNOWN);
      }
      changeCategory(category, op.charAt(0) == '+');
    } else if (op.startsWith("+")) {
      allow(op.substring(1));
    } else if (op.startsWith("-")) {
      CommandSpec spec = catalog.lookup(op.substring(1));
      if (spec == null) {
        throw new AclRuleException(AclRuleException.UNKNOWN);
      }
      changePermission(catalog.id(spec), false);
    } else {
      throw new AclRuleException(AclRuleException.SYNTAX);
    }
  }

  /** +cmd, +container|sub, or +cmd|first-arg (Redis's deprecated first-arg rule). */
  private void allow(String name) throws AclRuleException {
    int bar = name.lastIndexOf('|');
    if (bar < 0) {
      CommandSpec spec = catalog.lookup(name);
      if (spec == null) {
        throw new AclRuleException(AclRuleException.UNKNOWN);
      }
      changePermission(catalog.id(spec), true);
      return;
    }
    CommandSpec command = catalog.lookup(name.substring(0, bar));
    if (command == null) {
      throw new AclRuleException(AclRuleException.UNKNOWN);
    }
    if (command.parent() != null) {
      throw new AclRuleException(AclRuleException.SUBCOMMAND_FIRST_ARG);
    }
    String sub = name.substring(bar + 1);
    if (sub.isEmpty()) {
      throw new AclRuleException(AclRuleException.SYNTAX);
    }
    if (command.isContainer()) {
      CommandSpec spec = catalog.lookup(name);
      if (spec == null) {
        throw new AclRuleException(AclRuleException.UNKNOWN);
      }
      changePermission(catalog.id(spec), true);
      return;
    }
    if (firstArgs == null) {
      firstArgs = new HashMap<>();
    }
    List<String> allowed = firstArgs.computeIfAbsent(catalog.id(command), id -> new ArrayList<>());
    if (allowed.stream().noneMatch(sub::equalsIgnoreCase)) {
      allowed.add(sub);
    }
  }

  private void addKeyPattern(String op) throws AclRuleException {
    if (allKeys) {
      throw new AclRuleException(AclRuleException.AFTER_ALLKEYS);
    }
    int permissions = 0;
    int offset = 1;
    if (op.charAt(0) == '%') {
      for (; offset < op.length(); offset++) {
        char c = Character.toUpperCase(op.charAt(offset));
        if (c == 'R' && (permissions & CommandCatalog.READ) == 0) {
          permissions |= CommandCatalog.READ;
        } else if (c == 'W' && (permissions & CommandCatalog.WRITE) == 0) {
          permissions |= CommandCatalog.WRITE;
        } else if (op.charAt(offset) == '~') {
          offset++;
          break;
        } else {
          throw new AclRuleException(AclRuleException.SYNTAX);
        }
      }
    } else {
      permissions = CommandCatalog.READ | CommandCatalog.WRITE;
    }
    String pattern = op.substring(Math.min(offset, op.length()));
    checkNoSpaces(pattern);
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).pattern().equals(pattern)) {
        keys.set(i, keys.get(i).with(permissions));
        return;
      }
    }
    keys.add(KeyPattern.of(pattern, permissions));
  }

  private static void checkNoSpaces(String text) throws AclRuleException {
    if (Acl.hasSpaces(text)) {
      throw new AclRuleException(AclRuleException.SYNTAX);
    }
  }

  /**
   * Whether this selector allows the call (null) or why not (Redis's ACLSelectorCheckCmd): the
   * command (or an allowed first argument), then each key with the permission its key spec
   * needs, then the channels. Allocates nothing when the call is allowed by plain key positions.
   */
  AclDenial check(int id, CommandSpec spec, byte[][] argv, boolean noAuth) {
    if (!allCommands && !noAuth && !bit(id) && !firstArgAllowed(id, spec, argv)) {
      return new AclDenial(AclDenial.Reason.COMMAND, 0);
    }
    if (!allKeys && spec.keys().hasKeys()) {
      AclDenial denied = checkKeys(id, spec, argv);
      if (denied != null) {
        return denied;
      }
    }
    if (!allChannels) {
      byte kind = catalog.channels(id);
      if (kind != CommandCatalog.NO_CHANNELS) {
        int last = kind == CommandCatalog.FIRST_CHANNEL ? Math.min(1, argv.length - 1) : argv.length - 1;
        for (int i = 1; i <= last; i++) {
          if (!channelAllowed(argv[i], kind == CommandCatalog.ALL_PATTERNS)) {
            return new AclDenial(AclDenial.Reason.CHANNEL, i);
          }
        }
      }
    }
    return null;
  }

  private boolean firstArgAllowed(int id, CommandSpec spec, byte[][] argv) {
    List<String> allowed = firstArgs == null ? null : firstArgs.get(id);
    int index = spec.parent() != null ? 2 : 1;
    if (allowed == null || argv.length <= index) {
      return false;
    }
    String arg = Latin1.text(argv[index]);
    return allowed.stream().anyMatch(arg::equalsIgnoreCase);
  }

  private AclDenial checkKeys(int id, CommandSpec spec, byte[][] argv) {
    KeySpec keySpec = spec.keys();
    if (!keySpec.movable()) {
      if (keySpec.first() <= 0 || keySpec.first() >= argv.length) {
        return null;
      }
      int last = keySpec.lastIndex(argv.length);
      for (int i = keySpec.first(); i <= last; i += keySpec.step()) {
        if (!keyAllowed(argv[i], catalog.keyPermission(id, spec, argv, i))) {
          return new AclDenial(AclDenial.Reason.KEY, i);
        }
      }
      return null;
    }
    int[] indexes = keySpec.indexes(argv);
    if (indexes == null) {
      indexes = keySpec.first() > 0 && keySpec.first() < argv.length ? new int[] {keySpec.first()} : new int[0];
    }
    for (int i : indexes) {
      if (!keyAllowed(argv[i], catalog.keyPermission(id, spec, argv, i))) {
        return new AclDenial(AclDenial.Reason.KEY, i);
      }
    }
    return null;
  }

  /** allkeys, or a {@code *} pattern that grants reading (Redis's ACLSelectorHasUnrestrictedKeyAccess). */
  boolean readsEveryKey() {
    return allKeys || keys.stream().anyMatch(pattern -> pattern.pattern().equals("*")
        && (pattern.permissions() & CommandCatalog.READ) != 0);
  }

  /** Redis's ACLSelectorCheckKey: a pattern counts only if it grants every permission the key needs. */
  boolean keyAllowed(byte[] key, int needed) {
    if (allKeys) {
      return true;
    }
    for (int i = 0; i < keys.size(); i++) {
      KeyPattern pattern = keys.get(i);
      if ((pattern.permissions() & needed) == needed && GlobPattern.matches(pattern.bytes(), key, false)) {
        return true;
      }
    }
    return false;
  }

  /** A channel (matched by the patterns) or, for PSUBSCRIBE, a pattern (compared literally). */
  boolean channelAllowed(byte[] channel, boolean literal) {
    if (allChannels) {
      return true;
    }
    String text = literal ? Latin1.text(channel) : null;
    for (int i = 0; i < channels.size(); i++) {
      String pattern = channels.get(i);
      if (literal ? pattern.equals(text) : GlobPattern.matches(Latin1.bytes(pattern), channel, false)) {
        return true;
      }
    }
    return false;
  }

  /** Keys and channels as ACL LIST writes them, then the command rules (Redis's ACLDescribeSelector). */
  String describe() {
    StringBuilder out = new StringBuilder();
    if (allKeys) {
      out.append("~* ");
    } else {
      keys.forEach(pattern -> out.append(pattern.describe()).append(' '));
    }
    if (allChannels) {
      out.append("&* ");
    } else {
      out.append("resetchannels ");
      channels.forEach(channel -> out.append('&').append(channel).append(' '));
    }
    return out.append(CommandRules.describe(this, catalog)).toString();
  }

  /** ACL GETUSER's "keys" field. */
  String describeKeys() {
    if (allKeys) {
      return "~*";
    }
    StringBuilder out = new StringBuilder();
    keys.forEach(pattern -> out.append(out.length() == 0 ? "" : " ").append(pattern.describe()));
    return out.toString();
  }

  /** ACL GETUSER's "channels" field. */
  String describeChannels() {
    if (allChannels) {
      return "&*";
    }
    StringBuilder out = new StringBuilder();
    channels.forEach(channel -> out.append(out.length() == 0 ? "" : " ").append('&').append(channel));
    return out.toString();
  }
}
