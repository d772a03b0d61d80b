package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CLIENT KILL with each of Redis 7.0's filters, and its old form: errors as redis-server's, the
 * killed client gone from CLIENT LIST by the time the reply arrives, the caller closed after it.
 */
class ClientKillTest extends RawSocketTestBase {

  @Test
  void errorsAndCountsAreRedisOnes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir);
         SideBySide both = new SideBySide(client(), new RawClient(redis.port))) {
      both.assertSameReplies("""
          CLIENT KILL ID abc
          CLIENT KILL ID 0
          CLIENT KILL ID 99999
          CLIENT KILL TYPE foo
          CLIENT KILL TYPE normal SKIPME yes ID 99999
          CLIENT KILL TYPE master
          CLIENT KILL TYPE replica
          CLIENT KILL TYPE slave
          CLIENT KILL TYPE pubsub
          CLIENT KILL USER nosuch
          CLIENT KILL USER default SKIPME yes ID 99999
          CLIENT KILL ADDR 1.2.3.4:5
          CLIENT KILL LADDR 1.2.3.4:5
          CLIENT KILL SKIPME maybe
          CLIENT KILL 1.2.3.4:5
          CLIENT KILL foo bar
          CLIENT KILL id
          CLIENT KILL ID 1 TYPE
          CLIENT KILL
          """);
    }
  }

  @Test
  void aKilledClientIsGoneFromClientListWhenTheReplyComes() throws Exception {
    try (RawClient admin = client()) {
      for (int i = 0; i < 50; i++) {
        try (RawClient victim = client()) {
          long id = id(victim);
          // In one write: the CLIENT LIST runs right after the kill, as a pipelining client sends them.
          admin.sendPipelined(new String[] {"CLIENT", "KILL", "ID", Long.toString(id)}, new String[] {"CLIENT", "LIST"});
          assertEquals(":1\r\n", admin.readReply());
          assertFalse(admin.readReply().contains("id=" + id + " "), "client " + id + " listed after its kill");
        }
      }
    }
  }

  @Test
  void theOldFormKillsByAddressAndAnswersOk() throws Exception {
    try (RawClient admin = client(); RawClient victim = client()) {
      String address = field(victim.call("CLIENT", "INFO"), "addr");
      assertEquals("+OK\r\n", admin.call("CLIENT", "KILL", address));
      assertFalse(admin.call("CLIENT", "LIST").contains("addr=" + address + " "));
      assertClosed(victim);
    }
  }

  @Test
  void filtersCombineAndSkipTheCallerUnlessToldNot() throws Exception {
    try (RawClient admin = client(); RawClient subscriber = client(); RawClient plain = client()) {
      subscriber.call("SUBSCRIBE", "ch");
      String info = plain.call("CLIENT", "INFO");
      assertEquals(":1\r\n", admin.call("CLIENT", "KILL", "TYPE", "pubsub", "USER", "default"));
      assertClosed(subscriber);
      assertEquals(":1\r\n", admin.call("CLIENT", "KILL", "ADDR", field(info, "addr"), "LADDR", field(info, "laddr")));
      assertClosed(plain);
      assertEquals(":0\r\n", admin.call("CLIENT", "KILL", "ID", Long.toString(id(admin))));
      assertEquals(":1\r\n", admin.call("CLIENT", "KILL", "ID", Long.toString(id(admin)), "SKIPME", "no"));
      assertClosed(admin);
    }
  }

  @Test
  void maxAgeKillsOnlyClientsAtLeastThatOld() throws Exception {
    try (RawClient admin = client(); RawClient young = client()) {
      long id = id(young);
      assertEquals(":0\r\n", admin.call("CLIENT", "KILL", "ID", Long.toString(id), "MAXAGE", "3600"));
      assertEquals(":1\r\n", admin.call("CLIENT", "KILL", "ID", Long.toString(id), "MAXAGE", "0"));
      assertClosed(young);
    }
  }

  private static long id(RawClient client) throws IOException {
    String reply = client.call("CLIENT", "ID");
    return Long.parseLong(reply.substring(1).trim());
  }

  private static String field(String clientInfo, String name) {
    Matcher m = Pattern.compile("(?:^|[ \\n])" + name + "=(\\S*)").matcher(clientInfo);
    assertTrue(m.find(), name + " in " + clientInfo);
    return m.group(1);
  }

  private static void assertClosed(RawClient client) {
    try {
      String more = client.readReply();
      // A subscriber may have a last message on its way; the connection must end right after.
      client.readReply();
      throw new AssertionError("still open, got " + more);
    } catch (IOException closed) {
      // expected: the server closed the connection
    }
  }
}
