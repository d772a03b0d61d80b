package io.verdis.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RawClient;
import io.verdis.persist.VerdisProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes started with exactly the arguments and environment the StatefulSet gives its pods
 * (the image's command line, the ConfigMap, the Secret, the downward API), changed only where one
 * machine differs from a pod network: each node its own ports and dir on 127.0.0.1, and a members
 * list in place of the headless Service's DNS name, which only Kubernetes can answer. They form
 * one cluster and serve one keyspace behind the Secret's password.
 */
class PodClusterTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();

  @TempDir
  Path root;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void threePodsFormOneCluster() throws Exception {
    Manifests manifests = Manifests.load();
    String password = manifests.secret("verdis-auth").get("requirepass");
    int[][] ports = new int[3][];
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports[i] = new int[] {VerdisProcess.freePort(), VerdisProcess.freePort(), VerdisProcess.freePort(),
          VerdisProcess.freePort(), VerdisProcess.freePort()};
      members.add("127.0.0.1:" + ports[i][3]);
    }
    for (int i = 0; i < 3; i++) {
      PodEnvironment pod = PodEnvironment.of(manifests, new PodEnvironment.Pod("verdis-" + i, "verdis-test", "127.0.0.1"));
      Map<String, String> env = new LinkedHashMap<>(pod.env());
      env.put("VERDIS_BIND", "127.0.0.1");
      env.put("VERDIS_DIR", root.resolve("verdis-" + i).toString());
      env.put("VERDIS_PORT", Integer.toString(ports[i][0]));
      env.put("VERDIS_PIZZARIA_PORT", Integer.toString(ports[i][1]));
      env.put("VERDIS_HTTP_PORT", Integer.toString(ports[i][2]));
      env.put("VERDIS_CLUSTER_PORT", Integer.toString(ports[i][3]));
      env.put("VERDIS_CLUSTER_BUS_PORT", Integer.toString(ports[i][4]));
      env.put("VERDIS_CLUSTER_DISCOVERY", "tcp");
      env.put("VERDIS_CLUSTER_MEMBERS", String.join(" ", members));
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-cp", System.getProperty("java.class.path"), "io.verdis.server.Verdis"));
      command.addAll(pod.args());
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(root.resolve("verdis-" + i + ".log").toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("VERDIS_"));
      builder.environment().putAll(env);
      processes.add(builder.start());
    }
    for (int i = 0; i < 3; i++) {
      awaitReady(ports[i][2], i);
    }
    try (RawClient client = new RawClient(ports[0][0])) {
      assertTrue(client.call("SET", "k", "v").startsWith("-NOAUTH"), "the Secret's password is required");
      assertEquals("+OK\r\n", client.call("AUTH", password));
      for (int k = 0; k < 100; k++) {
        assertEquals("+OK\r\n", client.call("SET", "pod-key:" + k, "v" + k));
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (int i = 0; i < 3; i++) {
      try (RawClient client = new RawClient(ports[i][0])) {
        assertEquals("+OK\r\n", client.call("AUTH", password));
        String info = client.call("CLUSTER", "INFO");
        while (!settled(info) && System.nanoTime() < deadline) {
          Thread.sleep(200);
          info = client.call("CLUSTER", "INFO");
        }
        assertTrue(settled(info), info);
      }
    }
    for (int i = 0; i < 3; i++) {
      try (RawClient client = new RawClient(ports[i][0])) {
        assertEquals("+OK\r\n", client.call("AUTH", password));
        assertEquals(":100\r\n", client.call("DBSIZE"), "one keyspace, seen from pod " + i);
        assertEquals("$2\r\nv7\r\n", client.call("GET", "pod-key:7"));
      }
    }
  }

  /** Joined, nothing moving, and this node's third of the slots. */
  private static boolean settled(String info) {
    return info.contains("cluster_state:ok") && info.contains("cluster_nodes_up:3")
        && info.contains("cluster_migrating_slots:0")
        && (info.contains("cluster_my_slots:5461") || info.contains("cluster_my_slots:5462"));
  }

  private void awaitReady(int httpPort, int pod) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertTrue(processes.get(pod).isAlive(), () -> "pod " + pod + " exited: " + log(pod));
      try {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
            + "/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("pod " + pod + " did not become ready: " + log(pod));
  }

  private String log(int pod) {
    try {
      return java.nio.file.Files.readString(root.resolve("verdis-" + pod + ".log"));
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
