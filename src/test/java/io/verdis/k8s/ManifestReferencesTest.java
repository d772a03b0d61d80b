package io.verdis.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.verdis.server.Config;
import io.verdis.server.ConfigException;
import io.verdis.server.Directive;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
* k8s/'s objects agree with each other and with Verdis: selectors find the pods, ports are the
* ports the node listens on (as its configuration says, loaded by Verdis's own loader), every
* VERDIS_ variable is a directive, generated ConfigMaps and Secrets hold what is asked of them,
* and the pod's resources, security and shutdown fit what the node does.
*/
class ManifestReferencesTest {
  private final Manifests manifests = Manifests.load();
  private final StatefulSet statefulSet = manifests.statefulSet();
  private final PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
  private final Container container = manifests.container();
  private final Map<String, String> podLabels = statefulSet.getSpec().getTemplate().getMetadata().getLabels();

  // ---- Selectors --------------------------------------------------------------------------------

  @Test
  void theStatefulSetSelectsItsOwnPods() {
    assertSelects(statefulSet.getSpec().getSelector(), podLabels, "StatefulSet selector");
  }

  @Test
  void everyServiceSelectsThePods() {
    for (Service service : manifests.all(Service.class)) {
      Map<String, String> selector = service.getSpec().getSelector();
      assertFalse(selector == null || selector.isEmpty(), service.getMetadata().getName() + " selects nothing");
      assertSubset(selector, podLabels, "Service " + service.getMetadata().getName());
    }
  }

  @Test
  void theDisruptionBudgetSelectsThePodsAndLetsOneGo() {
    PodDisruptionBudget budget = manifests.the(PodDisruptionBudget.class);
    assertSelects(budget.getSpec().getSelector(), podLabels, "PodDisruptionBudget");
    assertEquals(new IntOrString(1), budget.getSpec().getMaxUnavailable());
  }

  @Test
  void antiAffinityKeepsThePodsOnDifferentMachines() {
    List<WeightedPodAffinityTerm> preferred =
        pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertEquals(1, preferred.size());
    assertEquals("kubernetes.io/hostname", preferred.get(0).getPodAffinityTerm().getTopologyKey());
    assertSelects(preferred.get(0).getPodAffinityTerm().getLabelSelector(), podLabels, "anti-affinity");
  }

  @Test
  void theServiceMonitorScrapesTheClientServicesHttpPort() {
    ServiceMonitor monitor = manifests.the(ServiceMonitor.class);
    List<Service> selected = manifests.all(Service.class).stream()
        .filter(service -> selects(monitor.getSpec().getSelector(), service.getMetadata().getLabels()))
        .toList();
    assertEquals(List.of(manifests.clientService()), selected, "the ServiceMonitor selects exactly the client Service");
    for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
      ServicePort port = servicePort(manifests.clientService(), endpoint.getPort());
      assertEquals(containerPort(port.getTargetPort()).getContainerPort(), config().httpPort(),
          "metrics are on the HTTP port");
      assertEquals("/metrics", endpoint.getPath());
    }
  }

  // ---- Services and ports -----------------------------------------------------------------------

  @Test
  void theStatefulSetIsGovernedByTheHeadlessService() {
    Service headless = manifests.headlessService();
    assertEquals("None", headless.getSpec().getClusterIP());
    assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses(),
        "members must find each other before they are ready");
    assertEquals(Set.of("cluster", "cluster-bus"), portNames(headless));
  }

  @Test
  void theClientServiceExposesRespPizzariaAndHttp() {
    assertEquals(Set.of("resp", "pizzaria", "http"), portNames(manifests.clientService()));
  }

  @Test
  void everyServicePortReachesTheContainerPortOfTheSameNumber() {
    for (Service service : manifests.all(Service.class)) {
      for (ServicePort port : service.getSpec().getPorts()) {
        ContainerPort target = containerPort(port.getTargetPort());
        assertEquals(target.getContainerPort(), port.getPort(), service.getMetadata().getName() + " " + port.getName());
        assertEquals(target.getName(), port.getName(), "one name per port everywhere");
      }
    }
  }

  /** The container's ports are exactly the node's listeners, as Verdis's own loader computes them. */
  @Test
  void theContainerPortsAreTheNodesListeners() {
    Config config = config();
    Map<String, Integer> expected = Map.of(
        "resp", config.port(),
        "pizzaria", config.pizzariaPort(),
        "http", config.httpPort(),
        "cluster", config.clusterPort(),
        "cluster-bus", config.clusterBusPort());
    Map<String, Integer> declared = container.getPorts().stream()
        .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    assertEquals(expected, declared);
    container.getPorts().forEach(port -> assertTrue(port.getProtocol() == null || port.getProtocol().equals("TCP")));
  }

  @Test
  void everyProbeAsksTheHttpPort() {
    for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
      assertNotNull(probe);
      assertEquals(config().httpPort(), containerPort(probe.getHttpGet().getPort()).getContainerPort());
    }
    assertEquals("/health/live", container.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/health/ready", container.getReadinessProbe().getHttpGet().getPath());
  }

  // ---- Environment ------------------------------------------------------------------------------

  @Test
  void everyVerdisVariableNamesADirective() {
    List<String> names = new ArrayList<>();
    container.getEnv().forEach(variable -> names.add(variable.getName()));
    for (EnvFromSource source : container.getEnvFrom()) {
      names.addAll(manifests.configMap(source.getConfigMapRef().getName()).keySet());
    }
    List<String> verdis = names.stream().filter(name -> name.startsWith("VERDIS_")).toList();
    assertFalse(verdis.isEmpty());
    for (String name : verdis) {
      String directive = name.substring("VERDIS_".length()).toLowerCase().replace('_', '-');
      assertTrue(Directive.named(directive).isPresent(), name + " names no directive (" + directive + ")");
    }
    assertEquals(List.of(), config().warnings(), "Verdis's loader warns of no variable");
  }

  @Test
  void theGeneratedConfigMapAndSecretHoldWhatThePodAsks() {
    for (EnvFromSource source : container.getEnvFrom()) {
      assertNotNull(source.getConfigMapRef(), "envFrom takes only ConfigMaps: a Secret's keys would show in kubectl describe");
      assertFalse(manifests.configMap(source.getConfigMapRef().getName()).isEmpty());
    }
    EnvVar password = variable("VERDIS_REQUIREPASS");
    var secretKey = password.getValueFrom().getSecretKeyRef();
    assertTrue(manifests.secret(secretKey.getName()).containsKey(secretKey.getKey()));
    assertFalse(Boolean.TRUE.equals(secretKey.getOptional()), "no node may start without the password");
  }

  /**
  * Kubernetes gives every pod Docker-link variables for the Services of its namespace, named
  * after them: VERDIS_PORT=tcp://..., VERDIS_SERVICE_HOST... for a Service named verdis. Verdis
  * reads VERDIS_PORT as its port and refuses it, so the pod must not get them.
  */
  @Test
  void serviceLinkVariablesAreOff() {
    assertEquals(Boolean.FALSE, pod.getEnableServiceLinks());
    Map<String, String> withLinks = new HashMap<>(PodEnvironment.of(manifests, PodEnvironment.Pod.EXAMPLE).env());
    withLinks.put("VERDIS_PORT", "tcp://10.96.12.34:6379");
    withLinks.put("VERDIS_SERVICE_HOST", "10.96.12.34");
    List<String> args = PodEnvironment.of(manifests, PodEnvironment.Pod.EXAMPLE).args();
    assertThrows(ConfigException.class, () -> Config.load(args.toArray(new String[0]), withLinks));
  }

  // ---- Storage and security ---------------------------------------------------------------------

  @Test
  void dirIsOnThePodsVolumeAndTmpIsWritable() {
    Map<String, String> mounts = container.getVolumeMounts().stream()
        .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    String claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    assertEquals(claim, mounts.get(config().dir()), "dir is the PersistentVolumeClaim's mount");
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertNotNull(volumes.get(mounts.get("/tmp")).getEmptyDir(), "/tmp is an emptyDir");
    for (VolumeMount mount : container.getVolumeMounts()) {
      assertTrue(volumes.containsKey(mount.getName()) || mount.getName().equals(claim), mount.getName() + " is no volume");
      assertFalse(Boolean.TRUE.equals(mount.getReadOnly()), mount.getMountPath() + " must be writable");
    }
  }

  @Test
  void thePodRunsAsTheImagesNonRootUserOnAReadOnlyRoot() {
    PodSecurityContext podSecurity = pod.getSecurityContext();
    SecurityContext security = container.getSecurityContext();
    assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot());
    assertTrue(podSecurity.getRunAsUser() > 0);
    assertEquals(podSecurity.getRunAsUser() + ":" + podSecurity.getRunAsGroup(), Containerfile.read().user(),
        "the pod runs as the image's USER");
    assertEquals(podSecurity.getRunAsGroup(), podSecurity.getFsGroup(), "the volume is writable by the user's group");
    assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
    assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
  }

  @Test
  void theImageRunsTheJarItBuildsAndTheConfigFileOfThisRepository() {
    Containerfile image = Containerfile.read();
    PodEnvironment environment = PodEnvironment.of(manifests, PodEnvironment.Pod.EXAMPLE);
    String jar = environment.command().get(environment.command().indexOf("-jar") + 1);
    assertTrue(image.copies().stream().anyMatch(copy -> copy.destination().equals(jar) && copy.stage() != null
        && copy.sources().equals(List.of("/src/target/verdis.jar"))),
        "the image runs the jar its build stage made (target/verdis.jar, the shade plugin's outputFile)");
    assertEquals(List.of("conf/verdis.conf"), environment.args(), "the pod reads the repository's conf/verdis.conf");
    String imageName = container.getImage().split(":")[0];
    assertTrue(manifests.kustomization().images().stream().anyMatch(entry -> entry.name().equals(imageName)),
        "kustomization.yaml's images: sets where " + imageName + " comes from");
  }

  // ---- Resources and shutdown -------------------------------------------------------------------

  /**
  * The JVM sizes its heap from the memory limit (MaxRAMPercentage, never a fixed -Xmx), and the
  * heap plus the direct-buffer cap plus 256 MiB for the rest of the JVM (metaspace, code, thread
  * stacks, GC) fits in the limit, so the kernel never OOM-kills the pod; the request is the limit.
  */
  @Test
  void theJvmFitsTheMemoryLimit() {
    Quantity limit = container.getResources().getLimits().get("memory");
    assertEquals(limit, container.getResources().getRequests().get("memory"));
    String options = variable("JDK_JAVA_OPTIONS").getValue();
    assertFalse(options.matches(".*-Xm[xs].*"), "no fixed heap: " + options);
    double percent = Double.parseDouble(flag(options, "-XX:MaxRAMPercentage=([0-9.]+)"));
    long direct = memory(flag(options, "-XX:MaxDirectMemorySize=([0-9]+[kmg]?)"));
    long limitBytes = Quantity.getAmountInBytes(limit).longValue();
    long heap = (long) (limitBytes * percent / 100);
    long rest = 256L << 20;
    assertTrue(heap + direct + rest <= limitBytes,
        "heap " + heap + " + direct " + direct + " + " + rest + " exceeds the limit " + limitBytes);
    assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"));
  }

  @Test
  void theCpuLimitIsSetForTheJvmToCountProcessors() {
    Quantity cpu = container.getResources().getLimits().get("cpu");
    assertNotNull(cpu, "without a CPU limit the JVM counts the machine's processors and starts a shard per each");
    assertTrue(Quantity.getAmountInBytes(cpu).compareTo(BigDecimal.ONE) >= 0);
  }

  @Test
  void theGracePeriodLeavesTimeToHandTheSlotsOver() {
    assertTrue(pod.getTerminationGracePeriodSeconds() >= 120);
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private Config config() {
    return PodEnvironment.of(manifests, PodEnvironment.Pod.EXAMPLE).config();
  }

  private EnvVar variable(String name) {
    return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("the container sets no " + name));
  }

  /** The container port a Service's targetPort or a probe's port names, by name or number. */
  private ContainerPort containerPort(IntOrString port) {
    return container.getPorts().stream()
        .filter(candidate -> port.getStrVal() != null ? port.getStrVal().equals(candidate.getName())
            : port.getIntVal().equals(candidate.getContainerPort()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + port));
  }

  private static ServicePort servicePort(Service service, String name) {
    return service.getSpec().getPorts().stream().filter(port -> name.equals(port.getName())).findFirst()
        .orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no port " + name));
  }

  private static Set<String> portNames(Service service) {
    return service.getSpec().getPorts().stream().map(ServicePort::getName).collect(Collectors.toSet());
  }

  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new AssertionError("matchExpressions are not checked here: use matchLabels");
    }
    Map<String, String> wanted = selector.getMatchLabels();
    return wanted != null && !wanted.isEmpty() && labels != null && labels.entrySet().containsAll(wanted.entrySet());
  }

  private static void assertSelects(LabelSelector selector, Map<String, String> labels, String what) {
    assertTrue(selects(selector, labels), what + " " + selector.getMatchLabels() + " does not select " + labels);
  }

  private static void assertSubset(Map<String, String> selector, Map<String, String> labels, String what) {
    assertTrue(labels.entrySet().containsAll(selector.entrySet()), what + " " + selector + " does not select " + labels);
  }

  private static String flag(String options, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(options);
    assertTrue(matcher.find(), "JDK_JAVA_OPTIONS lacks " + regex + ": " + options);
    return matcher.group(1);
  }

  /** A JVM memory size: bytes, or with k, m or g (binary units). */
  private static long memory(String size) {
    long unit = switch (size.charAt(size.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    String digits = unit == 1 ? size : size.substring(0, size.length() - 1);
    return Long.parseLong(digits) * unit;
  }
}
