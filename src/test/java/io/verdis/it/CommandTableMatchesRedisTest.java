package io.verdis.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every command Verdis lists in COMMAND LIST is described as redis-server 7.0 describes it: the
 * whole COMMAND INFO entry (flags, key triple, ACL categories, tips, key specs) and the whole
 * COMMAND DOCS entry (arguments included, which node-redis reads), byte for byte in RESP2 and RESP3, and
 * COMMAND GETKEYSANDFLAGS gives each key Redis's flags. Subcommands are compared one by one under
 * their own names (Redis lists a container's subcommands in its hash table's order).
 */
class CommandTableMatchesRedisTest extends RawSocketTestBase {
  /** The commands Verdis knowingly describes otherwise (or that redis-server 7.0 lacks), with the reason. */
  private static final Map<String, String> DIFFERENCES = Map.of(
      "client|setinfo", "Redis 7.2's: client libraries (redis-py, node-redis, Lettuce) send it on connecting and "
          + "ignore an error; Verdis answers it rather than log errors for every connection");

  @TempDir
  Path dir;

  @Test
  @DisplayName("COMMAND INFO and COMMAND DOCS of every command Verdis lists equal redis-server's")
  void infoAndDocsOfEveryCommand() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client(); RawClient real = redis.client()) {
      List<String> names = names(verdis);
      assertTrue(names.size() > 200, "COMMAND LIST of Verdis: " + names.size());
      List<String> redisNames = names(real);
      List<String> differences = new ArrayList<>();
      for (int protocol : new int[] {2, 3}) {
        verdis.send(RawClient.command("hello", Integer.toString(protocol))).readReply();
        real.send(RawClient.command("hello", Integer.toString(protocol))).readReply();
        for (String name : names) {
          if (DIFFERENCES.containsKey(name)) {
            continue;
          }
          if (!redisNames.contains(name)) {
            differences.add(name + ": not a redis-server command");
            continue;
          }
          compare(differences, name, "info", real, verdis);
          compare(differences, name, "docs", real, verdis);
        }
      }
      if (!differences.isEmpty()) {
        fail(differences.size() + " differences:\n  " + String.join("\n  ", differences));
      }
    }
  }

  @Test
  @DisplayName("COMMAND GETKEYSANDFLAGS gives each key the flags redis-server gives it")
  void keysAndFlags() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client(); RawClient real = redis.client()) {
      SideBySide both = new SideBySide(verdis, real);
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n" + """
            command getkeysandflags lmove l1 l2 LEFT LEFT
            command getkeysandflags blmove l1 l2 LEFT RIGHT 0
            command getkeysandflags rpoplpush a b
            command getkeysandflags set k v
            command getkeysandflags set k v get
            command getkeysandflags get k
            command getkeysandflags getdel k
            command getkeysandflags del a b c
            command getkeysandflags mset a 1 b 2
            command getkeysandflags rename a b
            command getkeysandflags copy a b
            command getkeysandflags smove a b m
            command getkeysandflags sinterstore d a b
            command getkeysandflags zunionstore d 2 a b
            command getkeysandflags zrangestore d s 0 -1
            command getkeysandflags lmpop 2 a b LEFT
            command getkeysandflags blmpop 0 2 a b LEFT
            command getkeysandflags zmpop 1 z MIN
            command getkeysandflags eval "return 1" 2 a b
            command getkeysandflags xread STREAMS s1 s2 0 0
            command getkeysandflags xreadgroup GROUP g c STREAMS s1 0
            command getkeysandflags georadius g 0 0 1 km STORE d
            command getkeysandflags geosearchstore d s FROMMEMBER m BYRADIUS 1 km
            command getkeysandflags bitop AND d a b
            command getkeysandflags pfmerge d a b
            command getkeysandflags incr k
            command getkeysandflags hset h f v
            command getkeysandflags expire k 10
            command getkeysandflags restore k 0 x
            command getkeysandflags smismember s a b
            command getkeysandflags lcs a b
            command getkeysandflags object encoding k
            command getkeysandflags sort k
            command getkeysandflags sort k LIMIT 0 1 STORE d
            command getkeysandflags sort_ro k ALPHA
            command getkeysandflags bitfield k GET u8 0
            command getkeysandflags bitfield k GET u8 0 OVERFLOW SAT INCRBY u8 0 1
            command getkeysandflags bitfield_ro k GET u8 0
            """);
      }
    }
  }

  @Test
  @DisplayName("INFO and HELLO name the Redis version whose commands Verdis describes: 7.0, the reference's")
  void versionIsTheReferences() throws Exception {
    String version = io.verdis.command.CommandReference.redisVersion();
    assertTrue(version.startsWith("7.0."), version);
    try (RawClient verdis = client()) {
      assertTrue(verdis.call("INFO", "server").contains("\r\nredis_version:" + version + "\r\n"));
      List<?> hello = (List<?>) verdis.request("HELLO", "2");
      assertEquals("version", new String((byte[]) hello.get(2), StandardCharsets.UTF_8));
      assertEquals(version, new String((byte[]) hello.get(3), StandardCharsets.UTF_8));
    }
  }

  private static List<String> names(RawClient client) throws IOException {
    List<String> names = new ArrayList<>();
    for (Object name : (List<?>) client.request("command", "list")) {
      names.add(new String((byte[]) name, StandardCharsets.UTF_8));
    }
    return names;
  }

  private static void compare(List<String> differences, String name, String what, RawClient real, RawClient verdis)
      throws IOException {
    byte[] request = RawClient.command("command", what, name);
    boolean docs = what.equals("docs");
    String expected = Resp3Tree.parse(real.send(request).readReply()).withoutSubcommands(docs).toString();
    String actual = Resp3Tree.parse(verdis.send(request).readReply()).withoutSubcommands(docs).toString();
    if (!expected.equals(actual)) {
      differences.add("COMMAND " + what.toUpperCase() + " " + name + "\n    redis:  " + expected + "\n    verdis: " + actual);
    }
  }

  /**
   * A RESP3 reply as a tree, to compare two replies but for the subcommands a container lists
   * (COMMAND INFO's tenth element, COMMAND DOCS's "subcommands" field), whose order is Redis's hash order.
   */
  private record Resp3Tree(String head, List<Resp3Tree> children) {
    private static final Set<Character> AGGREGATES = Set.of('*', '~', '%', '>');

    static Resp3Tree parse(String raw) {
      int[] at = {0};
      return read(raw, at);
    }

    private static Resp3Tree read(String raw, int[] at) {
      int end = raw.indexOf("\r\n", at[0]);
      String line = raw.substring(at[0], end);
      at[0] = end + 2;
      char type = line.charAt(0);
      if (type == '$' || type == '=') {
        int length = Integer.parseInt(line.substring(1));
        if (length >= 0) {
          line = line + ":" + raw.substring(at[0], at[0] + length);
          at[0] += length + 2;
        }
        return new Resp3Tree(line, List.of());
      }
      if (!AGGREGATES.contains(type)) {
        return new Resp3Tree(line, List.of());
      }
      int count = Integer.parseInt(line.substring(1)) * (type == '%' ? 2 : 1);
      List<Resp3Tree> children = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        children.add(read(raw, at));
      }
      return new Resp3Tree(line, children);
    }

    /** The reply of COMMAND INFO name or COMMAND DOCS name (a map, flat in RESP2) without the subcommands it nests. */
    Resp3Tree withoutSubcommands(boolean docs) {
      if (children.size() != 1 && children.size() != 2) {
        return this;
      }
      Resp3Tree entry = children.get(children.size() - 1);
      List<Resp3Tree> fields = new ArrayList<>(entry.children);
      if (!docs && fields.size() == 10) {
        fields.set(9, new Resp3Tree("(subcommands)", List.of()));
      } else if (docs) {
        for (int i = 0; i < fields.size(); i += 2) {
          if (fields.get(i).head.endsWith(":subcommands")) {
            fields.set(i + 1, new Resp3Tree("(subcommands)", List.of()));
          }
        }
      }
      List<Resp3Tree> outer = new ArrayList<>(children);
      outer.set(children.size() - 1, new Resp3Tree(entry.head, fields));
      return new Resp3Tree(head, outer);
    }

    @Override
    public String toString() {
      return children.isEmpty() ? head : head + children;
    }
  }
}
