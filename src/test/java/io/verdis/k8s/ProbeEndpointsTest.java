package io.verdis.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.verdis.it.TestServer;
import io.verdis.server.Config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
* The paths the kubelet's probes and Prometheus ask for answer 200 on a real node, asked as they
* ask: by the pod's IP in the Host header, with no credentials, while the node requires the
* password the pod gets from the Secret.
*/
class ProbeEndpointsTest {
  private static final PodEnvironment.Pod POD = PodEnvironment.Pod.EXAMPLE;
  private static Manifests manifests;
  private static Config podConfig;
  private static TestServer server;

  @BeforeAll
  static void start() {
    manifests = Manifests.load();
    podConfig = PodEnvironment.of(manifests, POD).config();
    // The pod's security settings on a loopback test node (a standalone one, on free ports).
    server = TestServer.start(
        "--requirepass", podConfig.requirepass(),
        "--http-auth-probes", podConfig.httpAuthProbes() ? "yes" : "no");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyProbePathAnswers200() throws IOException {
    var container = manifests.container();
    List<Probe> probes = new ArrayList<>();
    probes.add(container.getStartupProbe());
    probes.add(container.getLivenessProbe());
    probes.add(container.getReadinessProbe());
    for (Probe probe : probes) {
      String path = probe.getHttpGet().getPath();
      assertEquals(200, status(path, "kube-probe/1.31"), path);
    }
  }

  @Test
  void theMetricsPathAnswers200() throws IOException {
    for (Endpoint endpoint : manifests.the(ServiceMonitor.class).getSpec().getEndpoints()) {
      assertEquals(200, status(endpoint.getPath(), "Prometheus/3.0.0"), endpoint.getPath());
    }
  }

  /** A password-protected path, to show the node under test does require the password. */
  @Test
  void theAdminApiWantsThePassword() throws IOException {
    assertEquals(401, status("/api/stats", "curl/8.0"));
  }

  /** One HTTP/1.1 GET as the kubelet sends it (Host: podIP:port), and the status it gets back. */
  private static int status(String path, String userAgent) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.httpPort())) {
      OutputStream out = socket.getOutputStream();
      String request = "GET " + path + " HTTP/1.1\r\n"
          + "Host: " + POD.ip() + ":" + podConfig.httpPort() + "\r\n"
          + "User-Agent: " + userAgent + "\r\n"
          + "Accept: */*\r\n"
          + "Connection: close\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String statusLine = in.readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }
}
