package io.verdis.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Redis 7.0 keeps from clients unless the operator opens it, side by side with redis-server:
 * protected mode (no password: clients from other machines are told why and disconnected),
 * enable-debug-command (DEBUG) and enable-protected-configs (CONFIG SET dbfilename), each no, yes
 * or local. A client "from another machine" connects to a non-loopback address of this one.
 */
class ProtectedActionsTest {
  @TempDir
  Path dir;

  /** An IPv4 address of this machine that is not loopback (hostname -I's first), if it has one. */
  private static String nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      Optional<InetAddress> address = Collections.list(nic.getInetAddresses()).stream()
          .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
      if (address.isPresent()) {
        return address.get().getHostAddress();
      }
    }
    return null;
  }

  private static String assumeNonLoopbackAddress() throws SocketException {
    String address = nonLoopbackAddress();
    assumeTrue(address != null, "this machine has no non-loopback address to connect from");
    return address;
  }

  @Test
  @DisplayName("protected mode without a password refuses a client from another address with Redis's text, and closes it")
  void protectedModeRefusesOtherAddresses() throws Exception {
    RealRedis.assumeInstalled();
    String address = assumeNonLoopbackAddress();
    String bind = "127.0.0.1 " + address;
    try (RealRedis redis = RealRedis.start(dir, "--bind", bind);
         TestServer verdis = TestServer.start("--bind", bind)) {
      String denied;
      try (RawClient outsider = new RawClient(address, redis.port)) {
        denied = outsider.send("PING\r\n").readToEnd();
      }
      assertTrue(denied.startsWith("-DENIED Redis is running in protected mode"), denied);
      try (RawClient outsider = new RawClient(address, verdis.port())) {
        assertEquals(denied, outsider.send("PING\r\n").readToEnd());
      }
      try (RawClient local = new RawClient(verdis.port())) {
        assertEquals("+PONG\r\n", local.call("PING"));
        assertTrue(local.call("INFO", "stats").contains("\r\nrejected_connections:1\r\n"));
        assertEquals("+OK\r\n", local.call("CONFIG", "SET", "protected-mode", "no"));
      }
      try (RawClient outsider = new RawClient(address, verdis.port())) {
        assertEquals("+PONG\r\n", outsider.call("PING"), "protected-mode no lets other addresses in");
      }
    }
  }

  @Test
  @DisplayName("protected mode lets loopback clients in over IPv6 (::1) too, and DEBUG local counts them local")
  void ipv6LoopbackIsLocal() throws Exception {
    try (TestServer verdis = TestServer.start("--bind", "127.0.0.1 -::1", "--enable-debug-command", "local")) {
      RawClient client;
      try {
        client = new RawClient("::1", verdis.port());
      } catch (java.io.IOException e) {
        assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
        return;
      }
      try (client) {
        assertEquals("+PONG\r\n", client.call("PING"));
        assertEquals("+OK\r\n", client.call("DEBUG", "SLEEP", "0"));
      }
    }
  }

  @Test
  @DisplayName("with a password, protected mode lets clients from other addresses in to authenticate")
  void passwordOpensProtectedMode() throws Exception {
    String address = assumeNonLoopbackAddress();
    try (TestServer verdis = TestServer.start("--bind", "127.0.0.1 " + address, "--requirepass", "secret")) {
      try (RawClient outsider = new RawClient(address, verdis.port())) {
        assertEquals("-NOAUTH Authentication required.\r\n", outsider.call("PING"));
        assertEquals("+OK\r\n", outsider.call("AUTH", "secret"));
        assertEquals("+PONG\r\n", outsider.call("PING"));
      }
    }
  }

  @Test
  @DisplayName("DEBUG and CONFIG SET dbfilename are refused by default as in Redis, and a bad arity still comes first")
  void refusedByDefault() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir);
         TestServer verdis = TestServer.start("--enable-debug-command", "no");
         SideBySide both = new SideBySide(new RawClient(verdis.port()), redis.client())) {
      both.assertSameReplies("""
          debug sleep 0
          debug help
          debug
          config set dbfilename other.rdb
          config get dbfilename
          config set enable-debug-command yes
          config set enable-protected-configs yes
          config get enable-debug-command
          config get enable-protected-configs
          config set hz 11 dbfilename other.rdb
          config get hz
          multi
          debug sleep 0
          exec
          """);
    }
  }

  @Test
  @DisplayName("enable-debug-command yes and enable-protected-configs yes open DEBUG and CONFIG SET dbfilename to everyone")
  void yesOpensToEveryone() throws Exception {
    try (TestServer verdis = TestServer.start("--enable-debug-command", "yes", "--enable-protected-configs", "yes");
         RawClient client = new RawClient(verdis.port())) {
      assertEquals("+OK\r\n", client.call("DEBUG", "SLEEP", "0"));
      assertEquals("+OK\r\n", client.call("CONFIG", "SET", "dbfilename", "other.rdb"));
      assertEquals("*2\r\n$10\r\ndbfilename\r\n$9\r\nother.rdb\r\n", client.call("CONFIG", "GET", "dbfilename"));
    }
  }

  @Test
  @DisplayName("local opens DEBUG and CONFIG SET dbfilename to loopback clients only")
  void localOpensToLoopbackClientsOnly() throws Exception {
    String address = assumeNonLoopbackAddress();
    try (TestServer verdis = TestServer.start("--bind", "127.0.0.1 " + address, "--protected-mode", "no",
        "--enable-debug-command", "local", "--enable-protected-configs", "local")) {
      try (RawClient local = new RawClient(verdis.port())) {
        assertEquals("+OK\r\n", local.call("DEBUG", "SLEEP", "0"));
        assertEquals("+OK\r\n", local.call("CONFIG", "SET", "dbfilename", "local.rdb"));
      }
      try (RawClient outsider = new RawClient(address, verdis.port())) {
        assertEquals("-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can "
            + "run it from a local connection, otherwise you need to set this option in the configuration file, and "
            + "then restart the server.\r\n", outsider.call("DEBUG", "SLEEP", "0"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config\r\n",
            outsider.call("CONFIG", "SET", "dbfilename", "outside.rdb"));
      }
    }
  }
}
