package io.verdis.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
* The real kustomize (the one built into kubectl) renders k8s/ into what {@code kubectl apply -k}
* sends, and that output says what the other tests assume: the same objects, strictly valid, with
* the generated ConfigMap and Secret holding the env files' values as {@link EnvFile} reads them,
* their hashed names put into the StatefulSet's references, and the image from {@code images:}.
* Skipped where no kubectl with kustomize 4 or later is installed; runs offline (no cluster).
*/
class KustomizeBuildTest {
  private static List<HasMetadata> rendered;

  @BeforeAll
  static void render() throws IOException, InterruptedException {
    String kubectl = onPath("kubectl");
    assumeTrue(kubectl != null, "kubectl is not installed: kustomize's own rendering is not checked");
    Matcher version = Pattern.compile("Kustomize Version: v(\\d+)").matcher(run(kubectl, "version", "--client"));
    assumeTrue(version.find() && Integer.parseInt(version.group(1)) >= 4,
        "kubectl's kustomize is older than v4 (no envs: generators): not checked");
    rendered = Manifests.parse(run(kubectl, "kustomize", Manifests.ROOT.toString()));
  }

  @Test
  void theGeneratedConfigMapHoldsTheEnvFilesValues() {
    Manifests manifests = Manifests.load();
    ConfigMap configMap = one(ConfigMap.class);
    assertTrue(configMap.getMetadata().getName().startsWith("verdis-config-"), "a hash suffix rolls the pods on change");
    assertEquals(manifests.configMap("verdis-config"), configMap.getData());
  }

  @Test
  void theGeneratedSecretHoldsThePassword() {
    Secret secret = one(Secret.class);
    assertTrue(secret.getMetadata().getName().startsWith("verdis-auth-"));
    Map<String, String> decoded = new TreeMap<>();
    secret.getData().forEach((key, value) ->
        decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    assertEquals(Manifests.load().secret("verdis-auth"), decoded);
  }

  /**
  * With kustomize's changes undone (the generated names, the image), every rendered object is
  * the one the other tests read from the files: those tests check what is really applied.
  */
  @Test
  void theRenderedObjectsAreTheFilesObjects() {
    Manifests manifests = Manifests.load();
    StatefulSet statefulSet = one(StatefulSet.class);
    Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    Kustomization.Image image = manifests.kustomization().images().get(0);
    assertEquals(image.newName() + ":" + image.newTag(), container.getImage());
    assertEquals(one(ConfigMap.class).getMetadata().getName(), container.getEnvFrom().get(0).getConfigMapRef().getName());
    String secretName = container.getEnv().stream()
        .filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null)
        .map(variable -> variable.getValueFrom().getSecretKeyRef().getName())
        .findFirst().orElseThrow();
    assertEquals(one(Secret.class).getMetadata().getName(), secretName);

    container.setImage(manifests.container().getImage());
    container.getEnvFrom().get(0).getConfigMapRef().setName("verdis-config");
    container.getEnv().stream()
        .filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null)
        .forEach(variable -> variable.getValueFrom().getSecretKeyRef().setName("verdis-auth"));
    List<HasMetadata> applied = rendered.stream()
        .filter(object -> !(object instanceof ConfigMap) && !(object instanceof Secret))
        .toList();
    assertEquals(manifests.resources().size(), applied.size());
    for (HasMetadata object : applied) {
      assertTrue(manifests.resources().contains(object), object.getKind() + " " + object.getMetadata().getName()
          + " differs from its file");
    }
  }

  private static <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = rendered.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName());
    return found.get(0);
  }

  private static String onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("kubectl", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
      assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + Files.readString(errors));
      return out;
    } finally {
      Files.deleteIfExists(errors);
    }
  }
}
