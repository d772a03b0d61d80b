package io.verdis.it.web;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dashboard in a real browser: headless Chromium, driven by the playwright-core scripts in
 * {@code src/test/browser/} ({@link BrowserScripts}), against a real node. Skipped (with a
 * message) only where node or Chromium is missing.
 */
class DashboardBrowserTest {
  private static final String PASSWORD = "browser-secret";
  private static final String STREAM = "stream-browser";

  private static BrowserScripts browser;

  @BeforeAll
  static void findTools() throws Exception {
    browser = BrowserScripts.find();
  }

  @Test
  void dashboardLoadsDrawsLiveChartsCreatesKeysAndShowsPublishedMessages() throws Exception {
    try (TestServer server = TestServer.start()) {
      browser.run("dashboard.mjs", server.httpPort(), server.port());
      // What the key editor saved, read back over RESP here too (the script asks redis-cli).
      try (RawClient client = new RawClient(server.port())) {
        List<String> hash = new ArrayList<>();
        for (Object element : (List<?>) client.request("HGETALL", "browser:test:hash")) {
          hash.add(new String((byte[]) element, StandardCharsets.UTF_8));
        }
        assertEquals(List.of("color", "green", "size", "XL", "note", "made in a browser"), hash);
      }
    }
  }

  @Test
  void theKeyBrowserPagesAStreamOfTenThousandEntriesAndAddsAndRemovesOne(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    byte[] dump;
    // XGROUP CREATE is not here yet: the stream and its group come in a DUMP of redis-server's.
    try (RealRedis redis = RealRedis.start(dir)) {
      redis.call("EVAL", "for i = 1, 10000 do redis.call('XADD', KEYS[1], i .. '-0', 'n', i, 'kind', i % 2 == 0 and 'even' or 'odd') end",
          "1", STREAM);
      redis.call("XGROUP", "CREATE", STREAM, "workers", "0");
      redis.call("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "3", "STREAMS", STREAM, ">");
      dump = (byte[]) redis.call("DUMP", STREAM);
    }
    try (TestServer server = TestServer.start(); RawClient client = new RawClient(server.port())) {
      client.request("RESTORE", STREAM, "0", dump);
      browser.run("streams.mjs", server.httpPort(), server.port(), STREAM);
    }
  }

  @Test
  void theOverviewShowsAnAttachedReplicaAndHowFarBehindItAndTheNodesOwnPrimary(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    java.nio.file.Files.createDirectories(dir.resolve("replica"));
    java.nio.file.Files.createDirectories(dir.resolve("primary"));
    try (TestServer server = TestServer.start();
         RealRedis replica = RealRedis.start(dir.resolve("replica"), "--replicaof", "127.0.0.1", Integer.toString(server.port()));
         RealRedis primary = RealRedis.start(dir.resolve("primary"))) {
      Info.await(replica.client(), "replication", "master_link_status:up");
      browser.run("replicas.mjs", server.httpPort(), server.port(), "127.0.0.1:" + replica.port,
          Integer.toString(primary.port));
    }
  }

  @Test
  void aReadOnlyUserSignsInSeesKeysAndCannotCreateOne() throws Exception {
    try (TestServer server = TestServer.start("--requirepass", PASSWORD)) {
      try (RawClient client = new RawClient(server.port())) {
        client.request("AUTH", PASSWORD);
        client.request("ACL", "SETUSER", "viewer", "on", ">viewer-pw", "~*", "&*", "+@read", "+@connection",
            "+@transaction", "+info", "+client|list", "+slowlog|get", "+config|get", "+subscribe", "+psubscribe");
        client.request("SET", "readonly-seen", "visible");
      }
      browser.run("login-readonly.mjs", server.httpPort(), server.port(), "viewer", "viewer-pw",
          "readonly-seen", PASSWORD);
    }
  }

  @Test
  void loginFormGuardsTheDashboardWhenRequirepassIsSet() throws Exception {
    try (TestServer server = TestServer.start("--requirepass", PASSWORD)) {
      browser.run("login.mjs", server.httpPort(), server.port(), PASSWORD);
    }
  }
}
