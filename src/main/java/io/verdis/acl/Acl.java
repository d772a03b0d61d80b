package io.verdis.acl;

import io.verdis.client.ClientInfo;
import io.verdis.client.ClientRegistry;
import io.verdis.client.ClientSession;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The node's ACL users (Redis's Users radix tree, sorted by name) with the {@code default} user
 * every connection starts as, the ACL log, and the operations of ACL SETUSER, DELUSER and LOAD.
 * Changes are serialized here; lookups and checks are lock-free (users publish immutable rules).
 *
 * <p>Every surface logs in through {@link #authenticate}: RESP AUTH and HELLO, Pizzaria's
 * {@code auth}, the HTTP API and the WebSocket.
 */
public final class Acl {
  public static final String DEFAULT = "default";

  private final CommandCatalog catalog;
  private final ClientRegistry clients;
  private final BooleanSupplier allChannelsByDefault;
  private final ConcurrentSkipListMap<String, User> users = new ConcurrentSkipListMap<>();
  private final User defaultUser;
  private final AclLog log;
  /**
   * Told after any user changed (SETUSER, DELUSER, LOAD, requirepass), on the thread that changed
   * it: surfaces without a client session (the WebSocket) recheck their logins and channels.
   */
  private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The default user is on and has nopass: connections need no AUTH (Redis's authRequired). */
  private volatile boolean defaultOpen;

  public Acl(CommandTable table, ClientRegistry clients, BooleanSupplier allChannelsByDefault, IntSupplier logMaxLength) {
    this.catalog = new CommandCatalog(table);
    this.clients = clients;
    this.allChannelsByDefault = allChannelsByDefault;
    this.log = new AclLog(logMaxLength);
    this.defaultUser = new User(DEFAULT, defaultRules());
    users.put(DEFAULT, defaultUser);
    defaultChanged();
  }

  /** Redis's ACLCreateDefaultUser: +@all ~* &* on nopass. */
  private UserRules defaultRules() {
    UserRules rules = new UserRules(catalog, allChannelsByDefault.getAsBoolean());
    try {
      for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) {
        rules.apply(op);
      }
    } catch (AclRuleException impossible) {
      throw new IllegalStateException(impossible);
    }
    return rules;
  }

  public CommandCatalog catalog() {
    return catalog;
  }

  public AclLog log() {
    return log;
  }

  public User defaultUser() {
    return defaultUser;
  }

  /** Whether a new connection is logged in as {@code default} without AUTH. */
  public boolean defaultUserOpen() {
    return defaultOpen;
  }

  /** Whether the default user has nopass (protected mode then refuses remote clients, as Redis 7.0). */
  public boolean defaultUserNopass() {
    return defaultUser.rules().nopass();
  }

  private void defaultChanged() {
    UserRules rules = defaultUser.rules();
    defaultOpen = rules.nopass() && rules.enabled();
  }

  public void addChangeListener(Runnable listener) {
    changeListeners.add(listener);
  }

  public void removeChangeListener(Runnable listener) {
    changeListeners.remove(listener);
  }

  private void changed() {
    changeListeners.forEach(Runnable::run);
  }

  public User user(String name) {
    return users.get(name);
  }

  public Collection<User> users() {
    return users.values();
  }

  /** The default user's password check (true when the default user is on and takes it). */
  public boolean defaultPasswordMatches(String password) {
    return authenticate(DEFAULT, password.getBytes(java.nio.charset.StandardCharsets.UTF_8)) != null;
  }

  /**
   * Whether a user a surface logged in earlier (an HTTP session, a WebSocket) still counts: not
   * deleted (nor replaced by ACL LOAD) and still on, as Redis closes such users' clients.
   */
  public boolean current(User user) {
    return user != null && users.get(user.name()) == user && user.enabled();
  }

  /** The user if it exists, is on and {@code password} is one of its own (any, with nopass); else null. */
  public User authenticate(String name, byte[] password) {
    User user = users.get(name);
    if (user == null || !user.enabled()) {
      return null;
    }
    return user.rules().passwordMatches(password) ? user : null;
  }

  /**
   * ACL SETUSER: applies every rule to a copy of the user (a new user when it does not exist) and
   * keeps it only if all apply; returns Redis's error, or null once done.
   */
  public synchronized String setUser(String name, List<String> args) {
    if (hasSpaces(name)) {
      return "ERR Usernames can't contain spaces or null characters";
    }
    List<String> ops;
    try {
      ops = SelectorArguments.merge(args);
    } catch (SelectorArguments.Unmatched e) {
      return "ERR Unmatched parenthesis in acl selector starting at '" + args.get(e.index) + "'.";
    }
    User existing = users.get(name);
    UserRules rules = existing == null ? new UserRules(catalog, allChannelsByDefault.getAsBoolean())
        : existing.rules().copy();
    for (String op : ops) {
      try {
        rules.apply(op);
      } catch (AclRuleException e) {
        return "ERR Error in ACL SETUSER modifier '" + op + "': " + e.getMessage();
      }
    }
    if (existing == null) {
      users.put(name, new User(name, rules));
    } else {
      boolean fewerChannels = rules.fewerChannelsThan(existing.rules());
      existing.rules(rules);
      if (fewerChannels) {
        clients.all().stream().filter(session -> session.user() == existing).forEach(ClientSession::recheckChannels);
      }
    }
    if (existing == defaultUser) {
      defaultChanged();
    }
    changed();
    return null;
  }

  /** requirepass: the default user's only password, or nopass when empty (Redis's ACLUpdateDefaultUserPassword). */
  public synchronized void updateDefaultPassword(String requirepass) {
    UserRules rules = defaultUser.rules().copy();
    try {
      rules.apply("resetpass");
      // The hash of its UTF-8 bytes, as a client sends it (the config holds text, not bytes).
      rules.apply(requirepass.isEmpty() ? "nopass"
          : "#" + UserRules.hash(requirepass.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (AclRuleException impossible) {
      throw new IllegalStateException(impossible);
    }
    defaultUser.rules(rules);
    defaultChanged();
    changed();
  }

  /**
   * ACL DELUSER: removes the users that exist and returns them; their clients are logged out and
   * closed ({@link #closeClientsOf}), as Redis's ACLFreeUserAndKillClients.
   */
  public synchronized List<User> deleteUsers(List<String> names) {
    List<User> deleted = new ArrayList<>();
    for (String name : names) {
      User user = users.remove(name);
      if (user != null) {
        deleted.add(user);
      }
    }
    changed();
    return deleted;
  }

  /** The clients logged in as one of {@code gone}, now logged out (they are to be closed). */
  public List<ClientSession> closeClientsOf(Collection<User> gone) {
    List<ClientSession> sessions = new ArrayList<>();
    for (ClientSession session : clients.all()) {
      if (gone.contains(session.user())) {
        session.user(defaultUser);
        session.authenticated(false);
        sessions.add(session);
      }
    }
    return sessions;
  }

  /**
   * ACL LOAD (and the aclfile at start-up): replaces every user by the file's, or changes nothing
   * and returns Redis's error text when any line is wrong. The default user keeps its identity
   * (clients logged in as it stay) and takes the file's rules, or the defaults when the file has none.
   * Returns null, or the errors; {@code removed} receives the users that are gone.
   */
  public synchronized String load(String fileName, List<String> lines, List<User> removed) {
    StringBuilder errors = new StringBuilder();
    Map<String, UserRules> loaded = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      List<String> argv = new ArrayList<>(List.of(line.split(" ", -1)));
      argv.removeIf(String::isEmpty);
      if (argv.isEmpty()) {
        continue;
      }
      if (!argv.get(0).equals("user") || argv.size() < 2) {
        errors.append(fileName).append(':').append(lineNumber)
            .append(" should start with user keyword followed by the username. ");
        continue;
      }
      String name = argv.get(1);
      if (loaded.containsKey(name)) {
        errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(lineNumber)
            .append(". ");
        continue;
      }
      UserRules rules = new UserRules(catalog, allChannelsByDefault.getAsBoolean());
      loaded.put(name, rules);
      List<String> ops;
      try {
        ops = SelectorArguments.merge(argv.subList(2, argv.size()));
      } catch (SelectorArguments.Unmatched e) {
        errors.append(fileName).append(':').append(lineNumber)
            .append(": Unmatched parenthesis in selector definition.");
        continue;
      }
      for (String op : ops) {
        try {
          rules.apply(op.strip());
        } catch (AclRuleException e) {
          errors.append(fileName).append(':').append(lineNumber).append(": Error in applying operation '").append(op)
              .append("': ").append(e.getMessage()).append(". ");
        }
      }
    }
    if (errors.length() > 0) {
      return errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was performed")
          .toString();
    }
    // Every other user is made anew, even under an old name: clients logged in as the old ones are closed.
    users.values().stream().filter(user -> user != defaultUser).forEach(removed::add);
    users.keySet().retainAll(List.of(DEFAULT));
    defaultUser.rules(loaded.containsKey(DEFAULT) ? loaded.remove(DEFAULT) : defaultRules());
    loaded.forEach((name, rules) -> users.put(name, new User(name, rules)));
    defaultChanged();
    changed();
    return null;
  }

  /**
   * The users of the config file's {@code user} lines (Redis's ACLLoadConfiguredUsers): the
   * default user, when declared, is reset first. Null when done, else the error stopping start-up.
   */
  public synchronized String loadConfigured(List<List<String>> declarations) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (List<String> declaration : declarations) {
      if (declaration.isEmpty()) {
        return "Error in user declaration: missing user name";
      }
      String name = declaration.get(0);
      if (!seen.add(name)) {
        return "Error in user declaration '" + name + "': Duplicate user found. A user can only be defined once "
            + "in config files";
      }
      List<String> rules = new ArrayList<>();
      if (users.containsKey(name)) {
        rules.add("reset");
      }
      rules.addAll(declaration.subList(1, declaration.size()));
      String error = setUser(name, rules);
      if (error != null) {
        return "Error loading ACL rules for the user named '" + name + "': " + error.substring("ERR ".length());
      }
    }
    return null;
  }

  /** Every user as a line of an ACL file (ACL LIST, ACL SAVE). */
  public List<String> describeAll() {
    List<String> lines = new ArrayList<>();
    users.values().forEach(user -> lines.add("user " + user.name() + " " + user.rules().describe()));
    return lines;
  }

  /** A refused call in ACL LOG: the command's full name, or the key or channel at fault. */
  public void logDenial(AclDenial denied, AclLog.Context context, CommandSpec spec, byte[][] argv,
                        ClientSession session) {
    logDenial(denied, context, spec, argv, session == null ? DEFAULT : session.userName(), clientInfo(session));
  }

  /** As above, for a surface without a client session (the WebSocket): its own client-info. */
  public void logDenial(AclDenial denied, AclLog.Context context, CommandSpec spec, byte[][] argv,
                        String username, String clientInfo) {
    String object = denied.reason() == AclDenial.Reason.COMMAND ? spec.fullName() : Latin1.text(argv[denied.index()]);
    log.add(denied.reason(), context, object, username, clientInfo);
  }

  /**
   * A failed login on a surface without a client session (HTTP login, Bearer, Basic, WebSocket):
   * reason auth, context toplevel as Redis's AUTH; {@code object} is the surface's login verb.
   */
  public void logFailedLogin(String object, String username, String clientInfo) {
    log.add(AclDenial.Reason.AUTH, AclLog.Context.TOPLEVEL, object, username, clientInfo);
  }

  /** A failed AUTH or HELLO AUTH in ACL LOG: the command's name as the client wrote it, and the user tried. */
  public void logFailedAuth(ClientSession session, byte[] command, String username, boolean inTransaction) {
    log.add(AclDenial.Reason.AUTH, inTransaction ? AclLog.Context.MULTI : AclLog.Context.TOPLEVEL,
        Latin1.text(command), username, clientInfo(session));
  }

  /**
   * The client's CLIENT LIST line; a client of another protocol than RESP (Pizzaria) says so, as the
   * HTTP side's entries do ({@code surface=}), since its line alone looks like a RESP client's.
   */
  private static String clientInfo(ClientSession session) {
    if (session == null) {
      return "";
    }
    String line = ClientInfo.line(session, System.currentTimeMillis());
    return session.protocolName().equals("resp") ? line : line + " surface=" + session.protocolName();
  }

  /** Redis's ACLStringHasSpaces: names and patterns may hold no whitespace and no NUL. */
  static boolean hasSpaces(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f') {
        return true;
      }
    }
    return false;
  }
}
