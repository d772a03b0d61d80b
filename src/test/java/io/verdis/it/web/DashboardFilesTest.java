package io.verdis.it.web;

import io.verdis.it.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's static files as the web verticle serves them (a real node, a real HTTP client),
 * and the rules the files themselves keep so that a strict Content-Security-Policy never blocks
 * them: no inline script, style or event handler, nothing loaded from another origin.
 */
class DashboardFilesTest {
  private static final Path WEBROOT = Path.of("webroot");

  private static TestServer server;
  private static Vertx vertx;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    vertx = Vertx.vertx();
    http = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close().await();
      vertx.close().await();
    }
    if (server != null) {
      server.close();
    }
  }

  private record Reply(int status, String contentType, String cacheControl, String body) {
  }

  private static Reply fetch(HttpMethod method, String path) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(server.httpPort()).setURI(path);
    return TestHttp.exchange(http, options, null)
        .map(exchange -> new Reply(exchange.status(), exchange.header("content-type"), exchange.header("cache-control"),
            exchange.text()))
        .await();
  }

  @Test
  void theRootServesTheDashboardPageWhichBrowsersRevalidate() {
    Reply page = fetch(HttpMethod.GET, "/");
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertEquals("no-cache", page.cacheControl());
    assertTrue(page.body().contains("<script type=\"module\" src=\"app/main.js\"></script>"), page.body());
    assertEquals(page.body(), fetch(HttpMethod.GET, "/index.html").body());
  }

  @Test
  void modulesAndStylesAreServedWithTheirTypes() {
    Reply module = fetch(HttpMethod.GET, "/app/main.js");
    assertEquals(200, module.status());
    assertTrue(module.contentType().startsWith("text/javascript") || module.contentType().startsWith("application/javascript"),
        module.contentType());
    assertEquals("no-cache", module.cacheControl());
    Reply css = fetch(HttpMethod.GET, "/app/style.css");
    assertTrue(css.contentType().startsWith("text/css"), css.contentType());
    assertEquals(200, fetch(HttpMethod.HEAD, "/app/style.css").status());
  }

  @Test
  void theVendoredChartLibraryIsCachedForAWeekUnderItsVersionedPath() {
    Reply uplot = fetch(HttpMethod.GET, "/vendor/uplot-1.6.32/uPlot.esm.js");
    assertEquals(200, uplot.status());
    assertEquals("public, max-age=604800, immutable", uplot.cacheControl());
    assertEquals(200, fetch(HttpMethod.GET, "/vendor/uplot-1.6.32/LICENSE").status());
  }

  @Test
  void nothingOutsideTheDashboardsFilesIsServed() {
    assertEquals(404, fetch(HttpMethod.GET, "/app/missing.js").status());
    assertEquals(404, fetch(HttpMethod.GET, "/app/../pom.xml").status());
    assertEquals(404, fetch(HttpMethod.GET, "/app/%2e%2e/%2e%2e/pom.xml").status());
    assertEquals(404, fetch(HttpMethod.GET, "/pom.xml").status());
    assertEquals(404, fetch(HttpMethod.GET, "/app/").status());
    assertEquals(200, fetch(HttpMethod.GET, "/health/live").status());
  }

  @Test
  void thePageHasNoInlineScriptStyleOrHandlerAndLoadsNothingFromElsewhere() throws IOException {
    String html = Files.readString(WEBROOT.resolve("index.html"));
    Matcher scripts = Pattern.compile("<script\\b([^>]*)>").matcher(html);
    while (scripts.find()) {
      assertTrue(scripts.group(1).contains("src="), "inline script: " + scripts.group());
    }
    assertFalse(html.contains("<style"), "inline <style> element");
    assertFalse(Pattern.compile("\\sstyle\\s*=").matcher(html).find(), "style attribute");
    Matcher handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html);
    assertFalse(handler.find(), () -> "event handler attribute: " + handler.group());
    assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//").matcher(html).find(), "a resource from another origin");
  }

  @Test
  void thePagePreloadsEveryModuleTheAppImportsAndNothingElse() throws IOException {
    String html = Files.readString(WEBROOT.resolve("index.html"));
    Set<String> preloaded = new TreeSet<>();
    Matcher preload = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">").matcher(html);
    while (preload.find()) {
      preloaded.add(preload.group(1));
    }
    Set<String> modules = new TreeSet<>();
    try (Stream<Path> files = Files.list(WEBROOT.resolve("app"))) {
      files.map(f -> "app/" + f.getFileName()).filter(f -> f.endsWith(".js") && !f.equals("app/main.js")).forEach(modules::add);
    }
    modules.add("vendor/uplot-1.6.32/uPlot.esm.js");
    assertEquals(modules, preloaded, "index.html preloads exactly the modules main.js pulls in");
    for (String module : preloaded) {
      assertEquals(200, fetch(HttpMethod.GET, "/" + module).status(), module);
    }
  }

  @Test
  void scriptsBuildNoMarkupFromStringsAndEvaluateNoCode() throws IOException {
    try (Stream<Path> files = Files.list(WEBROOT.resolve("app"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
        String source = Files.readString(file);
        for (String banned : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
            "new Function", "setAttribute('style'")) {
          assertFalse(source.contains(banned), file + " uses " + banned);
        }
        // Absolute URLs only as the SVG namespace name, never as something to load.
        Matcher url = Pattern.compile("['\"`]https?://(?!www\\.w3\\.org/2000/svg['\"`])").matcher(source);
        assertFalse(url.find(), () -> file + " names another origin at " + url.start());
      }
    }
  }
}
