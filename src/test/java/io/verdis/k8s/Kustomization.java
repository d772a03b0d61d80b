package io.verdis.k8s;

import java.util.List;

/**
* The fields of kustomize's Kustomization (kustomize.config.k8s.io/v1beta1) that k8s/ uses. fabric8
* has no model of it, so this is a documented subset of kustomize's schema: read strictly, a field
* k8s/kustomization.yaml gains that is not here fails the read, and gets added here (with its real
* kustomize name) once checked against kustomize's documentation.
*/
record Kustomization(String apiVersion, String kind, List<String> resources,
                     List<Generator> configMapGenerator, List<Generator> secretGenerator, List<Image> images) {

  Kustomization {
    resources = resources == null ? List.of() : resources;
    configMapGenerator = configMapGenerator == null ? List.of() : configMapGenerator;
    secretGenerator = secretGenerator == null ? List.of() : secretGenerator;
    images = images == null ? List.of() : images;
  }

  /** A configMapGenerator or secretGenerator entry built from env files (KEY=value lines). */
  record Generator(String name, List<String> envs) {
    Generator {
      envs = envs == null ? List.of() : envs;
    }
  }

  /** An images entry: the image {@code name} in the manifests becomes newName:newTag. */
  record Image(String name, String newName, String newTag) {
  }
}
