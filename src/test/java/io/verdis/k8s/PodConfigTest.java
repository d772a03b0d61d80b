package io.verdis.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.server.Config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
* The configuration a pod's node starts with, loaded by Verdis's own loader from exactly the
* arguments and environment the StatefulSet gives the container (downward-API values stood in for
* by {@link PodEnvironment.Pod}): valid, and a cluster node that finds the others through the
* headless Service.
*/
class PodConfigTest {
  private final Manifests manifests = Manifests.load();
  private final PodEnvironment.Pod pod = PodEnvironment.Pod.EXAMPLE;
  private final Config config = PodEnvironment.of(manifests, pod).config();

  @Test
  void theNodeReadsTheRepositorysConfigFile() {
    assertEquals(Path.of("conf/verdis.conf").toAbsolutePath().normalize(), config.configFile().orElseThrow());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void theNodeIsAClusterMemberFoundThroughTheHeadlessService() {
    assertTrue(config.clusterEnabled());
    assertEquals("kubernetes", config.clusterDiscovery());
    String headless = manifests.headlessService().getMetadata().getName();
    Pattern dnsName = Pattern.compile(Pattern.quote(headless) + "\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.svc\\.cluster\\.local");
    assertTrue(dnsName.matcher(config.clusterKubernetesService()).matches(), config.clusterKubernetesService());
    assertEquals(headless + "." + pod.namespace() + ".svc.cluster.local", config.clusterKubernetesService(),
        "the pod's own namespace, from the downward API");
    assertEquals(List.of(), config.clusterMembers(), "no static members list");
  }

  @Test
  void theNodeAnnouncesThePodsAddress() {
    assertEquals(pod.ip(), config.clusterAnnounceIp());
    assertEquals(config.port(), config.clusterAnnouncePort());
  }

  @Test
  void theNodeListensOnEveryInterfaceBehindAPassword() {
    assertEquals(List.of("0.0.0.0"), config.bind());
    assertEquals(List.of(), config.httpBind(), "HTTP listens where bind says");
    assertTrue(config.protectedMode());
    String secret = manifests.secret("verdis-auth").get("requirepass");
    assertFalse(secret.isEmpty());
    assertEquals(secret, config.requirepass());
    assertFalse(config.httpAuthProbes(), "the kubelet's probes and Prometheus carry no password");
  }

  @Test
  void theNodeKeepsItsDataAndIdentityOnItsVolume() {
    assertEquals("/data", config.dir());
    assertTrue(config.appendonly(), "a pod that restarts replays its AOF");
    assertFalse(config.clusterConfigFile().isEmpty());
  }

  /** Every pod runs the same configuration but for its address: nothing in it depends on the ordinal. */
  @Test
  void podsDifferOnlyInTheirAddress() {
    Map<String, String> first = settings(PodEnvironment.of(manifests, pod).config());
    Map<String, String> other = settings(PodEnvironment.of(manifests,
        new PodEnvironment.Pod("verdis-2", pod.namespace(), "10.244.2.9")).config());
    assertEquals("10.244.2.9", other.remove("cluster-announce-ip"));
    assertEquals(pod.ip(), first.remove("cluster-announce-ip"));
    assertEquals(first, other);
  }

  @Test
  void theDiscoveryNameFollowsTheNamespace() {
    Config elsewhere = PodEnvironment.of(manifests, new PodEnvironment.Pod("verdis-0", "prod", pod.ip())).config();
    assertEquals("verdis-headless.prod.svc.cluster.local", elsewhere.clusterKubernetesService());
  }

  private static Map<String, String> settings(Config config) {
    Map<String, String> settings = new TreeMap<>();
    config.get("*").forEach(entry -> settings.put(entry.getKey(), entry.getValue()));
    return settings;
  }
}
