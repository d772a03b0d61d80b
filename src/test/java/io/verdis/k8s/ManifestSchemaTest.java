package io.verdis.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
* k8s/'s manifests are what the Kubernetes API accepts: each parses strictly (unknown fields,
* wrong types and duplicate keys refused, as {@code kubectl apply}'s strict validation does) into
* fabric8's model of its apiVersion and kind, and the kustomization names every one of them.
*/
class ManifestSchemaTest {

  @Test
  void everyManifestParsesStrictlyIntoItsKubernetesType() {
    Manifests manifests = Manifests.load();
    Set<String> kinds = new TreeSet<>();
    for (HasMetadata object : manifests.resources()) {
      kinds.add(object.getApiVersion() + "/" + object.getKind());
    }
    assertEquals(Set.of("apps/v1/StatefulSet", "v1/Service", "policy/v1/PodDisruptionBudget",
        "monitoring.coreos.com/v1/ServiceMonitor"), kinds);
    assertEquals(2, manifests.all(Service.class).size());
  }

  @Test
  void noTwoObjectsShareAKindAndName() {
    Set<String> seen = new HashSet<>();
    for (HasMetadata object : Manifests.load().resources()) {
      assertTrue(seen.add(object.getKind() + "/" + object.getMetadata().getName()),
          "two " + object.getKind() + " named " + object.getMetadata().getName());
    }
  }

  @Test
  void aMisspeltFieldFailsTheParse() {
    String statefulSet = manifest("statefulset.yaml");
    // Top level of the spec, deep inside the pod template, and in the ServiceMonitor's own model.
    assertUnknownField(statefulSet.replace("  serviceName:", "  serviceNmae:"), "serviceNmae");
    assertUnknownField(statefulSet.replace("containerPort: 6379", "containerport: 6379"), "containerport");
    assertUnknownField(statefulSet.replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:"), "readOnlyRootFileSystem");
    assertUnknownField(manifest("servicemonitor.yaml").replace("path: /metrics", "pth: /metrics"), "pth");
    assertUnknownField(manifest("pdb.yaml").replace("maxUnavailable:", "maxUnavaliable:"), "maxUnavaliable");
    // The unmodified texts parse, so it is the misspelling that failed above.
    Manifests.parse(statefulSet);
  }

  @Test
  void aValueOfTheWrongTypeFailsTheParse() {
    String statefulSet = manifest("statefulset.yaml");
    assertThrows(JacksonException.class, () -> Manifests.parse(statefulSet.replace("replicas: 3", "replicas: three")));
    assertThrows(JacksonException.class, () -> Manifests.parse(statefulSet.replace(
        "terminationGracePeriodSeconds: 120", "terminationGracePeriodSeconds: {seconds: 120}")));
  }

  @Test
  void aKeyGivenTwiceFailsTheParse() {
    String service = manifest("service.yaml");
    assertThrows(JacksonException.class, () -> Manifests.parse(service.replace("  type: ClusterIP\n",
        "  type: ClusterIP\n  type: NodePort\n")));
  }

  @Test
  void anUnknownApiVersionFailsTheParse() {
    String statefulSet = manifest("statefulset.yaml");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Manifests.parse(statefulSet.replace("apiVersion: apps/v1", "apiVersion: apps/v1beta1")));
    assertTrue(e.getMessage().contains("apps/v1beta1/StatefulSet"), e.getMessage());
  }

  @Test
  void theKustomizationParsesStrictly() {
    Kustomization kustomization = Manifests.load().kustomization();
    assertEquals("kustomize.config.k8s.io/v1beta1", kustomization.apiVersion());
    assertEquals("Kustomization", kustomization.kind());
    String text = manifest("kustomization.yaml");
    assertThrows(UnrecognizedPropertyException.class,
        () -> StrictYaml.read(text.replace("resources:", "resource:"), Kustomization.class));
  }

  /**
  * Every file in k8s/ is accounted for: a manifest the kustomization lists, an env file one of its
  * generators reads, or one of the files that are not applied (the kustomization itself, the
  * Containerfile, the README). And everything the kustomization names exists.
  */
  @Test
  void theKustomizationListsEveryManifestAndNamesNoMissingFile() throws IOException {
    Kustomization kustomization = Manifests.load().kustomization();
    Set<String> named = new TreeSet<>(kustomization.resources());
    List<Kustomization.Generator> generators = new ArrayList<>(kustomization.configMapGenerator());
    generators.addAll(kustomization.secretGenerator());
    generators.forEach(generator -> named.addAll(generator.envs()));
    for (String file : named) {
      assertTrue(Files.isRegularFile(Manifests.ROOT.resolve(file)), "kustomization.yaml names a missing file " + file);
    }
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Manifests.ROOT)) {
      files.filter(Files::isRegularFile).forEach(file -> present.add(Manifests.ROOT.relativize(file).toString()));
    }
    Set<String> expected = new TreeSet<>(named);
    expected.addAll(List.of("kustomization.yaml", "Containerfile", "README.md"));
    assertEquals(expected, present, "files in k8s/ that kustomization.yaml does not account for, or missing");
    for (String file : present) {
      if (file.endsWith(".yaml") || file.endsWith(".yml")) {
        assertTrue(file.equals("kustomization.yaml") || kustomization.resources().contains(file),
            file + " is a manifest that kustomization.yaml does not list");
      }
    }
  }

  @Test
  void theTypedObjectsCarryWhatTheFilesSay() {
    // A sanity check that parsing really filled the models (a parse into empty objects would
    // make every other test pass vacuously).
    Manifests manifests = Manifests.load();
    StatefulSet statefulSet = manifests.statefulSet();
    assertEquals(3, statefulSet.getSpec().getReplicas());
    assertEquals(1, manifests.the(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal());
    assertEquals("/metrics", manifests.the(ServiceMonitor.class).getSpec().getEndpoints().get(0).getPath());
    assertFalse(manifests.container().getPorts().isEmpty());
  }

  private static String manifest(String file) {
    return Manifests.read(Manifests.ROOT.resolve(file));
  }

  private static void assertUnknownField(String yaml, String field) {
    UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class, () -> Manifests.parse(yaml));
    assertEquals(field, e.getPropertyName());
  }
}
