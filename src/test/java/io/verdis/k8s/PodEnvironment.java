package io.verdis.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.verdis.server.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
* The process a pod of k8s/'s StatefulSet runs, worked out as the kubelet does: the image's
* ENTRYPOINT and CMD unless the container replaces them, its environment from {@code envFrom}
* then {@code env} (a later variable wins), {@code $(VAR)} references expanded, and the
* downward-API, ConfigMap and Secret values filled in, the first from a {@link Pod} standing for
* the pod Kubernetes would create. Paths in the image that a COPY takes from this repository
* (the config file) are mapped back to the repository's file, so {@link #config()} loads exactly
* what the pod would load.
*
* <p>Meant for reuse: a test that starts nodes with the pods' environment takes {@link #args()}
* and {@link #env()} and overrides only what one machine needs (ports, dir, addresses).
*/
final class PodEnvironment {

  /** What Kubernetes would tell the pod through the downward API. */
  record Pod(String name, String namespace, String ip) {
    /** A pod of the StatefulSet in a namespace that is not "default", on a typical pod network. */
    static final Pod EXAMPLE = new Pod("verdis-0", "verdis-test", "10.244.1.7");
  }

  private final List<String> command;
  private final List<String> args;
  private final Map<String, String> env;

  private PodEnvironment(List<String> command, List<String> args, Map<String, String> env) {
    this.command = command;
    this.args = args;
    this.env = env;
  }

  static PodEnvironment of(Manifests manifests, Pod pod) {
    Container container = manifests.container();
    Map<String, String> env = environment(manifests, container, pod);
    Containerfile image = Containerfile.read();
    List<String> command = new ArrayList<>();
    // Kubernetes: a container's command replaces ENTRYPOINT and drops CMD; its args replace CMD.
    boolean ownCommand = !container.getCommand().isEmpty();
    (ownCommand ? container.getCommand() : image.entrypoint()).forEach(word -> command.add(expand(word, env)));
    List<String> args = !container.getArgs().isEmpty() ? container.getArgs() : ownCommand ? List.of() : image.cmd();
    args.forEach(word -> command.add(expand(word, env)));
    int jar = command.indexOf("-jar");
    boolean runsJar = !command.isEmpty() && command.get(0).equals("java") && jar > 0 && jar + 1 < command.size();
    if (!runsJar) {
      throw new IllegalStateException("the container does not run java ... -jar <jar>: " + command);
    }
    List<String> verdisArgs = command.subList(jar + 2, command.size()).stream()
        .map(arg -> image.sourceOf(arg).filter(Files::isRegularFile).map(Path::toString).orElse(arg))
        .toList();
    return new PodEnvironment(List.copyOf(command), verdisArgs, env);
  }

  /** The whole command line, as in the image ({@code java -jar /opt/verdis/verdis.jar ...}). */
  List<String> command() {
    return command;
  }

  /** Verdis's own arguments (after the jar), image paths mapped to this repository's files. */
  List<String> args() {
    return args;
  }

  /** The container's environment variables, in the order they are defined. */
  Map<String, String> env() {
    return env;
  }

  /** The configuration the node in the pod starts with. */
  Config config() {
    return Config.load(args.toArray(new String[0]), env);
  }

  private static Map<String, String> environment(Manifests manifests, Container container, Pod pod) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      String prefix = source.getPrefix() == null ? "" : source.getPrefix();
      Map<String, String> values;
      if (source.getConfigMapRef() != null) {
        values = manifests.configMap(source.getConfigMapRef().getName());
      } else if (source.getSecretRef() != null) {
        values = manifests.secret(source.getSecretRef().getName());
      } else {
        throw new IllegalArgumentException("envFrom with neither configMapRef nor secretRef");
      }
      values.forEach((key, value) -> env.put(prefix + key, value));
    }
    for (EnvVar variable : container.getEnv()) {
      String value = variable.getValueFrom() == null
          ? expand(variable.getValue() == null ? "" : variable.getValue(), env)
          : valueFrom(manifests, variable, pod);
      env.put(variable.getName(), value);
    }
    return env;
  }

  private static String valueFrom(Manifests manifests, EnvVar variable, Pod pod) {
    EnvVarSource from = variable.getValueFrom();
    if (from.getFieldRef() != null) {
      String path = from.getFieldRef().getFieldPath();
      return switch (path) {
        case "metadata.name" -> pod.name();
        case "metadata.namespace" -> pod.namespace();
        case "status.podIP" -> pod.ip();
        default -> throw new IllegalArgumentException(variable.getName() + ": no stand-in for fieldRef " + path);
      };
    }
    if (from.getSecretKeyRef() != null) {
      return key(manifests.secret(from.getSecretKeyRef().getName()), from.getSecretKeyRef().getKey(), variable);
    }
    if (from.getConfigMapKeyRef() != null) {
      return key(manifests.configMap(from.getConfigMapKeyRef().getName()), from.getConfigMapKeyRef().getKey(), variable);
    }
    throw new IllegalArgumentException(variable.getName() + ": valueFrom of a kind not handled here");
  }

  private static String key(Map<String, String> data, String key, EnvVar variable) {
    return Optional.ofNullable(data.get(key))
        .orElseThrow(() -> new NoSuchElementException(variable.getName() + " names a missing key " + key));
  }

  /**
  * Kubernetes's expansion of {@code $(NAME)} with the variables defined so far: a name not
  * defined is left as written, and {@code $$} stands for one '$'.
  */
  static String expand(String text, Map<String, String> defined) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(' && text.indexOf(')', i) > 0) {
        int close = text.indexOf(')', i);
        String name = text.substring(i + 2, close);
        out.append(defined.containsKey(name) ? defined.get(name) : text.substring(i, close + 1));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
