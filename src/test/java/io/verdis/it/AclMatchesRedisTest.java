package io.verdis.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * ACL on Verdis and on redis-server 7.0 side by side: the rule language, GETUSER/LIST/CAT/DRYRUN
 * and their errors, the -NOPERM texts (top level, MULTI, EXEC, scripts) and the ACL LOG.
 *
 * <p>Redis lists the single commands of a rule description ("+get +set") in the order of its
 * command hash table, which is seeded at random per process: replies are compared with the words
 * of each line sorted. ACL LOG ages and client details, and GENPASS, are random on both sides.
 */
class AclMatchesRedisTest extends RawSocketTestBase {
  private static final String RULES = """
      ACL SETUSER x -@all +get +set +incr +lpush +config|get ~a* %R~b* &ch* (+hset ~h*)
      ACL GETUSER x
      ACL SETUSER y +@all -@dangerous -get >pw on
      ACL GETUSER y
      ACL SETUSER z reset
      ACL GETUSER z
      ACL SETUSER w +@read +@write -@keyspace +select|0 %W~w* %RW~v*
      ACL SETUSER w2 +@hash +@list -lpush allkeys allchannels nopass
      ACL SETUSER w3 on #5e884898da28047151d0e56f8dc6292773603d0d6ae2c5e7ff0c8f0e9b6a5c1c clearselectors
      ACL SETUSER w3 !5e884898da28047151d0e56f8dc6292773603d0d6ae2c5e7ff0c8f0e9b6a5c1c >a >b <a
      ACL SETUSER w4 +client -client|kill +@all -@all +acl|whoami skip-sanitize-payload
      ACL SETUSER w5 allcommands -debug nocommands +@connection -ping (~a +@string) (%R~b -@all +get)
      ACL GETUSER w5
      ACL LIST
      ACL USERS
      ACL SETUSER q (~x +get) resetchannels
      ACL SETUSER q (~x
      ACL SETUSER q fake
      ACL SETUSER q +nosuch
      ACL SETUSER q -@nosuch
      ACL SETUSER q ~a allkeys ~b
      ACL SETUSER q &a allchannels &b
      ACL SETUSER q #abc
      ACL SETUSER q <nop
      ACL SETUSER q +config|get|x
      ACL SETUSER q +get|
      ACL SETUSER q %X~a
      ACL GETUSER nosuch
      ACL DELUSER default
      ACL DELUSER q nosuch w2
      ACL USERS
      ACL CAT
      ACL CAT geo
      ACL CAT NoSuch
      ACL GENPASS 0
      ACL GENPASS 5000
      ACL GENPASS x
      ACL LOG x
      ACL LOAD
      ACL SAVE
      ACL FOO
      ACL WHOAMI
      ACL DRYRUN x get a
      ACL DRYRUN x get b
      ACL DRYRUN x set b 1
      ACL DRYRUN x hset h f v
      ACL DRYRUN x publish ch1 m
      ACL DRYRUN x publish xx m
      ACL DRYRUN x ping
      ACL DRYRUN x config get maxmemory
      ACL DRYRUN x config set maxmemory 1
      ACL DRYRUN w select 0
      ACL DRYRUN w select 1
      ACL DRYRUN w set w1 1
      ACL DRYRUN w get w1
      ACL DRYRUN nobody get a
      ACL DRYRUN x nosuch a
      ACL CAT a b
      ACL GENPASS 1 2
      ACL GENPASS -1
      ACL LOG 1 2
      ACL LOG -5
      ACL HELP x
      ACL
      ACL WHOAMI x
      ACL GETUSER
      ACL SETUSER
      ACL DRYRUN x
      ACL DRYRUN x get
      ACL DELUSER
      ACL USERS x
      ACL SETUSER sp on >pw (~a* +get) ( ~b* +set ) ( %RW~c* )
      ACL GETUSER sp
      ACL SETUSER sp ()
      ACL SETUSER sp (allkeys ~x)
      AUTH nosuch x
      AUTH x
      AUTH default x
      """;

  @AfterEach
  void dropUsers() throws IOException {
    try (RawClient raw = client()) {
      for (Object user : (List<?>) raw.request("ACL", "USERS")) {
        String name = new String((byte[]) user, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!name.equals("default")) {
          raw.request("ACL", "DELUSER", name);
        }
      }
      raw.request("ACL", "LOG", "RESET");
    }
  }

  @Test
  void rulesAndTheirDescriptionsMatchRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide both = new SideBySide(client(), new RawClient(redis.port))) {
      assertSameSorted(both, SideBySide.parse(RULES));
    }
  }

  @Test
  void refusalsAndTheLogMatchRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes"); SideBySide admin = new SideBySide(client(), new RawClient(redis.port));
         SideBySide user = new SideBySide(client(), new RawClient(redis.port))) {
      admin.same("ACL", "SETUSER", "u", "on", ">pw", "~a*", "%R~r*", "+@all", "-debug");
      admin.same("ACL", "SETUSER", "v", "on", "nopass", "+get", "+auth");
      user.same("AUTH", "u", "wrong");
      user.same("AUTH", "u", "pw");
      user.same("ACL", "WHOAMI");
      user.same("GET", "b");
      user.same("SET", "r", "1");
      user.same("GET", "r");
      user.same("MSET", "a1", "1", "a2", "2", "z", "3");
      user.same("RPUSH", "alist", "1", "2");
      user.same("SORT", "alist", "BY", "x_*");
      user.same("SORT", "alist", "GET", "#");
      user.same("SORT", "alist", "BY", "nosort");
      user.same("PUBLISH", "ch", "m");
      user.same("SUBSCRIBE", "ch");
      user.same("PSUBSCRIBE", "ch*");
      user.same("DEBUG", "SLEEP", "0");
      user.same("EVAL", "return redis.call('get','b')", "0");
      user.same("EVAL", "return redis.pcall('get','b')", "0");
      user.same("EVAL", "return redis.pcall('publish','zz','x')", "0");
      user.same("EVAL", "return redis.pcall('debug','sleep','0')", "0");
      user.same("EVAL", "return redis.acl_check_cmd('get','b')", "0");
      user.same("EVAL", "return redis.acl_check_cmd('get','a')", "0");
      user.same("MULTI");
      user.same("GET", "b");
      user.same("GET", "a");
      user.same("EXEC");
      user.same("MULTI");
      user.same("GET", "a");
      admin.same("ACL", "SETUSER", "u", "resetkeys");
      user.same("EXEC");
      user.same("MULTI");
      user.same("PING");
      admin.same("ACL", "SETUSER", "u", "-ping");
      user.same("EXEC");
      user.same("AUTH", "v", "any");
      user.same("SET", "a", "1");
      user.same("HELLO", "2", "AUTH", "nosuch", "x");
      admin.same("ACL", "SETUSER", "v", "off");
      user.same("GET", "a");
      user.same("AUTH", "v", "any");
      List<String> verdisLog = logWithoutTimes(admin.verdis);
      List<String> redisLog = logWithoutTimes(admin.redis);
      assertEquals(redisLog, verdisLog);
      admin.same("ACL", "DRYRUN", "v", "get", "a");
      admin.same("CLIENT", "KILL", "USER", "nosuch");
    }
  }

  @Test
  void deletingAUserClosesItsClientsAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide admin = new SideBySide(client(), new RawClient(redis.port));
         SideBySide user = new SideBySide(client(), new RawClient(redis.port))) {
      admin.same("ACL", "SETUSER", "u", "on", ">pw", "+@all", "~*");
      user.same("AUTH", "u", "pw");
      admin.same("ACL", "SETUSER", "u", "off");
      user.same("PING");
      admin.same("ACL", "SETUSER", "u", "reset", "on", ">pw");
      user.same("PING");
      admin.same("ACL", "DELUSER", "u");
      assertEquals(true, user.redis.closedByServerWithin(5000), "redis closes it");
      assertEquals(true, user.verdis.closedByServerWithin(5000), "verdis closes it");
    }
  }

  @Test
  void subscribersLosingTheirChannelsAreClosedAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide admin = new SideBySide(client(), new RawClient(redis.port));
         SideBySide kept = new SideBySide(client(), new RawClient(redis.port));
         SideBySide lost = new SideBySide(client(), new RawClient(redis.port))) {
      admin.same("ACL", "SETUSER", "s", "on", "nopass", "+@all", "resetchannels", "&news", "&sport*");
      kept.same("AUTH", "s", "x");
      kept.same("PSUBSCRIBE", "sport*");
      lost.same("AUTH", "s", "x");
      lost.same("SUBSCRIBE", "news");
      admin.same("ACL", "SETUSER", "s", "resetchannels", "&sport*", "&other");
      assertEquals(true, lost.redis.closedByServerWithin(5000), "redis closes the subscriber of news");
      assertEquals(true, lost.verdis.closedByServerWithin(5000), "verdis closes the subscriber of news");
      kept.same("PING");
    }
  }

  @Test
  void anAclFileWrittenByRedisLoadsAndSavesTheSame(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    Path redisDir = Files.createDirectory(dir.resolve("redis"));
    Path redisFile = redisDir.resolve("users.acl");
    Files.writeString(redisFile, "");
    try (RealRedis redis = RealRedis.start(redisDir, "--aclfile", redisFile.toString());
         RawClient real = new RawClient(redis.port)) {
      real.request("ACL", "SETUSER", "alice", "on", ">secret", "~cache:*", "%R~shared:*", "&news", "+@read", "-keys");
      real.request("ACL", "SETUSER", "bob", "off", "+@all", "-@dangerous", "(~x +get)", "nopass");
      real.request("ACL", "SETUSER", "default", "on", ">adminpw", "allkeys", "allchannels", "allcommands");
      assertEquals("OK", real.request("ACL", "SAVE"));
      Path verdisFile = dir.resolve("verdis.acl");
      Files.copy(redisFile, verdisFile);
      try (TestServer verdis = TestServer.start("--aclfile", verdisFile.toString());
           RawClient ours = new RawClient(verdis.port())) {
        assertEquals("OK", ours.request("AUTH", "adminpw"));
        assertEquals(sortedLines(real.request("ACL", "LIST")), sortedLines(ours.request("ACL", "LIST")));
        assertEquals("OK", ours.request("AUTH", "alice", "secret"));
        assertEquals("OK", ours.request("AUTH", "default", "adminpw"));
        // Verdis writes the file back; redis-server loads what Verdis wrote.
        ours.request("ACL", "SETUSER", "carol", "on", "nopass", "+ping");
        assertEquals("OK", ours.request("ACL", "SAVE"));
        Files.copy(verdisFile, redisFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("OK", real.request("ACL", "LOAD"));
        assertEquals(sortedLines(ours.request("ACL", "LIST")), sortedLines(real.request("ACL", "LIST")));
        assertEquals("OK", ours.request("ACL", "LOAD"));
        Files.writeString(verdisFile, "user bad +nosuch\nfoo\n");
        Files.writeString(redisFile, "user bad +nosuch\nfoo\n");
        assertEquals(errorOf(real, "ACL", "LOAD").replace(redisFile.toString(), "FILE"),
            errorOf(ours, "ACL", "LOAD").replace(verdisFile.toString(), "FILE"));
      }
    }
  }

  private static String errorOf(RawClient client, Object... command) throws IOException {
    try {
      client.request(command);
      fail("expected an error from " + Arrays.toString(command));
      return null;
    } catch (RawClient.ErrorReply e) {
      return e.getMessage();
    }
  }

  /** ACL LOG without age-seconds and client-info, which differ by nature. */
  private static List<String> logWithoutTimes(RawClient client) throws IOException {
    List<String> fields = new ArrayList<>();
    for (Object entry : (List<?>) client.request("ACL", "LOG")) {
      List<?> pairs = (List<?>) entry;
      for (int i = 0; i < pairs.size(); i += 2) {
        String name = String.valueOf(RawClient.asText(pairs.get(i)));
        if (!name.equals("age-seconds") && !name.equals("client-info")) {
          fields.add(name + "=" + RawClient.asText(pairs.get(i + 1)));
        }
      }
    }
    return fields;
  }

  private static List<String> sortedLines(Object list) {
    List<String> lines = new ArrayList<>();
    for (Object line : (List<?>) list) {
      lines.add(sortedWords(String.valueOf(RawClient.asText(line))));
    }
    return lines;
  }

  /** Runs each command on both and fails listing those whose replies differ beyond the order of words in a line. */
  private static void assertSameSorted(SideBySide both, List<String[]> commands) throws IOException {
    List<String> differences = new ArrayList<>();
    for (String[] command : commands) {
      byte[] request = RawClient.command(command);
      String expected = both.redis.send(request).readReply();
      String actual = both.verdis.send(request).readReply();
      boolean random = command.length > 1 && command[1].equalsIgnoreCase("genpass") && !expected.startsWith("-");
      // ACL CAT lists a category in hash-table order too: compared as a set of lines.
      boolean set = command.length > 1 && command[1].equalsIgnoreCase("cat");
      if (!random && !(set ? sortedLines(expected).equals(sortedLines(actual))
          : sortedWords(expected).equals(sortedWords(actual)))) {
        differences.add(String.join(" ", command) + "\n    redis:  " + expected.replace("\r\n", "\\r\\n")
            + "\n    verdis: " + actual.replace("\r\n", "\\r\\n"));
      }
    }
    if (!differences.isEmpty()) {
      fail(differences.size() + " replies differ:\n  " + String.join("\n  ", differences));
    }
  }

  private static List<String> sortedLines(String reply) {
    List<String> lines = new ArrayList<>(Arrays.asList(reply.split("\r\n", -1)));
    lines.sort(null);
    return lines;
  }

  /** Each line of a reply with its words sorted: Redis's order of single-command rules is random. */
  static String sortedWords(String reply) {
    StringBuilder out = new StringBuilder();
    for (String line : reply.split("\r\n", -1)) {
      String[] words = line.split(" ");
      Arrays.sort(words);
      out.append(String.join(" ", words)).append('\n');
    }
    return out.toString();
  }
}
