package io.verdis.persist;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While a large AOF loads, the server already accepts clients: commands get -LOADING (INFO and
 * the like work and say loading:1), /health/ready answers 503, and once loading is done
 * everything is there. Whether a probe lands during loading depends on the machine's speed, so
 * the test checks that nothing else is ever answered, whatever it happens to catch.
 */
class LoadingTest {
  private static final int KEYS = 1_500_000;

  @TempDir
  Path dir;

  @Test
  void clientsAreToldTheServerIsLoadingUntilTheDatasetIsIn() throws Exception {
    writeAof(dir.resolve("appendonlydir"));
    int httpPort = VerdisProcess.freePort();
    HttpClient http = HttpClient.newHttpClient();
    try (VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes", "--http-port", Integer.toString(httpPort))) {
      Set<String> pings = new HashSet<>();
      Set<Integer> readiness = new HashSet<>();
      boolean sawLoadingInfo = false;
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!pings.contains("+PONG\r\n") && System.nanoTime() < deadline) {
        try (RawClient redis = server.client()) {
          String ping = redis.call("PING");
          pings.add(ping);
          if (ping.startsWith("-LOADING")) {
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", ping);
            String info = redis.call("INFO", "persistence");
            sawLoadingInfo |= info.contains("loading:1") && info.contains("loading_total_bytes:");
            readiness.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
          }
        } catch (IOException notListeningYet) {
          Thread.sleep(20);
        }
      }
      pings.remove("-LOADING Redis is loading the dataset in memory\r\n");
      assertEquals(Set.of("+PONG\r\n"), pings, "only -LOADING, then +PONG");
      readiness.remove(200);
      assertTrue(readiness.isEmpty() || readiness.equals(Set.of(503)), "readiness while loading: " + readiness);
      try (RawClient redis = server.client()) {
        assertEquals(":" + KEYS + "\r\n", redis.call("DBSIZE"));
        assertEquals("$6\r\nvalue7\r\n", redis.call("GET", "key:7"));
        assertTrue(redis.call("INFO", "persistence").contains("loading:0"));
      }
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
      if (sawLoadingInfo) {
        assertTrue(server.log().contains("DB loaded from append only file"));
      }
    }
  }

  private static void writeAof(Path appendonlydir) throws IOException {
    Files.createDirectories(appendonlydir);
    try (OutputStream out = new BufferedOutputStream(
        Files.newOutputStream(appendonlydir.resolve("appendonly.aof.1.incr.aof")), 1 << 20)) {
      for (int i = 0; i < KEYS; i++) {
        String key = "key:" + i;
        String value = "value" + i;
        out.write(("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
    }
    Files.writeString(appendonlydir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
  }
}
