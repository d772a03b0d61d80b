package io.verdis.it.web;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
  void loginFormGuardsTheDashboardWhenRequirepassIsSet() throws Exception {
    try (TestServer server = TestServer.start("--requirepass", PASSWORD)) {
      browser.run("login.mjs", server.httpPort(), server.port(), PASSWORD);
    }
  }
}
