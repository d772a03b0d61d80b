package io.verdis.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import tools.jackson.databind.JsonNode;

/**
* The k8s/ folder as {@code kubectl apply -k k8s/} reads it: the kustomization, every manifest it
* lists, parsed strictly into fabric8's Kubernetes models, and the data of the ConfigMaps and
* Secrets its generators make. Generated names keep their base name here (kustomize adds a hash
* and rewrites the references to match).
*/
final class Manifests {
  /** The folder, from the project's root (where Maven runs the tests). */
  static final Path ROOT = Path.of("k8s");

  /** What each apiVersion and kind parses into; anything else in k8s/ is refused. */
  private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
      "v1/Service", Service.class,
      "v1/ConfigMap", ConfigMap.class,
      "v1/Secret", Secret.class,
      "apps/v1/StatefulSet", StatefulSet.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

  private final Kustomization kustomization;
  private final List<HasMetadata> resources;
  private final Map<String, Map<String, String>> configMaps;
  private final Map<String, Map<String, String>> secrets;

  private Manifests(Kustomization kustomization, List<HasMetadata> resources,
                    Map<String, Map<String, String>> configMaps, Map<String, Map<String, String>> secrets) {
    this.kustomization = kustomization;
    this.resources = resources;
    this.configMaps = configMaps;
    this.secrets = secrets;
  }

  static Manifests load() {
    Kustomization kustomization = StrictYaml.read(read(ROOT.resolve("kustomization.yaml")), Kustomization.class);
    List<HasMetadata> resources = new ArrayList<>();
    for (String file : kustomization.resources()) {
      resources.addAll(parse(read(ROOT.resolve(file))));
    }
    return new Manifests(kustomization, List.copyOf(resources),
        generated(kustomization.configMapGenerator()), generated(kustomization.secretGenerator()));
  }

  /** Every Kubernetes object in a YAML text, each parsed strictly into its fabric8 type. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (JsonNode document : StrictYaml.documents(yaml)) {
      String key = document.path("apiVersion").asString("") + "/" + document.path("kind").asString("");
      Class<? extends HasMetadata> type = TYPES.get(key);
      if (type == null) {
        throw new IllegalArgumentException("unexpected apiVersion/kind " + key + " (known: " + TYPES.keySet() + ")");
      }
      HasMetadata object = StrictYaml.read(document, type);
      if (object.getMetadata() == null || object.getMetadata().getName() == null) {
        throw new IllegalArgumentException(key + " without metadata.name");
      }
      objects.add(object);
    }
    return objects;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Map<String, String>> generated(List<Kustomization.Generator> generators) {
    Map<String, Map<String, String>> data = new LinkedHashMap<>();
    for (Kustomization.Generator generator : generators) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String file : generator.envs()) {
        values.putAll(EnvFile.parse(read(ROOT.resolve(file))));
      }
      data.put(generator.name(), values);
    }
    return data;
  }

  Kustomization kustomization() {
    return kustomization;
  }

  List<HasMetadata> resources() {
    return resources;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The only object of this type. */
  <T extends HasMetadata> T the(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new IllegalStateException("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + type.getSimpleName() + " named " + name));
  }

  StatefulSet statefulSet() {
    return the(StatefulSet.class);
  }

  /** The StatefulSet's one container: Verdis. */
  Container container() {
    List<Container> containers = statefulSet().getSpec().getTemplate().getSpec().getContainers();
    if (containers.size() != 1) {
      throw new IllegalStateException("expected one container, found " + containers.size());
    }
    return containers.get(0);
  }

  /** The Service the StatefulSet names as its governing one: the headless discovery Service. */
  Service headlessService() {
    return named(Service.class, statefulSet().getSpec().getServiceName());
  }

  /** The Service that is not the headless one: what clients connect to. */
  Service clientService() {
    List<Service> others = all(Service.class).stream()
        .filter(service -> !"None".equals(service.getSpec().getClusterIP()))
        .toList();
    if (others.size() != 1) {
      throw new IllegalStateException("expected one client Service, found " + others.size());
    }
    return others.get(0);
  }

  /** A generated ConfigMap's data, by the name the manifests use. */
  Map<String, String> configMap(String name) {
    return generatedData(configMaps, "ConfigMap", name);
  }

  /** A generated Secret's data (not base64-encoded), by the name the manifests use. */
  Map<String, String> secret(String name) {
    return generatedData(secrets, "Secret", name);
  }

  private static Map<String, String> generatedData(Map<String, Map<String, String>> generated, String kind, String name) {
    Map<String, String> data = generated.get(name);
    if (data == null) {
      throw new NoSuchElementException("no " + kind + " generator named " + name + " in kustomization.yaml");
    }
    return data;
  }
}
