package io.verdis.k8s;

import java.util.List;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
* YAML read as strictly as {@code kubectl apply} (server-side strict field validation, kubectl's
* default since 1.27): a field the type does not have, a value of the wrong type or a key given
* twice fails the read, naming it.
*
* <p>fabric8's model classes keep fields they do not know in {@code additionalProperties} (an
* any-setter), so that a client can round-trip objects of newer Kubernetes versions; Jackson's
* FAIL_ON_UNKNOWN_PROPERTIES never sees those. Here every bean's any-setter is removed, which
* leaves unknown fields to that check. This mapper also leaves out fabric8's own serialization
* set-up, which would put a value of the wrong type into {@code additionalProperties} as well.
*/
final class StrictYaml {
  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .addModule(new SimpleModule("no-additional-properties").setDeserializerModifier(new NoAnySetter()))
      .build();

  private StrictYaml() {
  }

  /** The documents of a YAML stream ("---" separated), as trees; empty documents are skipped. */
  static List<JsonNode> documents(String yaml) {
    return MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll().stream()
        .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
        .toList();
  }

  /** One document as {@code type}, strictly. */
  static <T> T read(JsonNode document, Class<T> type) {
    return MAPPER.treeToValue(document, type);
  }

  /** A YAML text holding exactly one document, as {@code type}, strictly. */
  static <T> T read(String yaml, Class<T> type) {
    List<JsonNode> documents = documents(yaml);
    if (documents.size() != 1) {
      throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
    }
    return read(documents.get(0), type);
  }

  /** A JSON array of strings, such as a Containerfile's exec-form ENTRYPOINT. */
  static List<String> stringArray(String json) {
    return List.of(MAPPER.readValue(json, String[].class));
  }

  private static final class NoAnySetter extends ValueDeserializerModifier {
    @Override
    public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier description,
                                                 BeanDeserializerBuilder builder) {
      builder.setAnySetter(null);
      return builder;
    }
  }
}
