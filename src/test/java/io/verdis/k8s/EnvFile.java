package io.verdis.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
* An env file as kustomize's generators read it ({@code envs:}): one KEY=value per line, the value
* everything after the first '=' as it is; blank lines and lines starting with '#' skipped. Stricter
* than kustomize where kustomize's behaviour would surprise: a line without '=' (kustomize takes the
* value from the environment of whoever runs it), quotes (kept as part of the value) and trailing
* blanks (likewise) are refused, and so is a key given twice.
*/
final class EnvFile {
  private static final Pattern NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private EnvFile() {
  }

  static Map<String, String> parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].stripLeading();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      String where = "line " + (i + 1) + ": ";
      if (equals < 0) {
        throw new IllegalArgumentException(where + "no '=': kustomize would take the value from its own environment");
      }
      String key = line.substring(0, equals);
      String value = line.substring(equals + 1);
      if (!NAME.matcher(key).matches()) {
        throw new IllegalArgumentException(where + "'" + key + "' is not a valid variable name");
      }
      if (value.contains("\"") || value.contains("'") || !value.equals(value.stripTrailing())) {
        throw new IllegalArgumentException(where + "quotes and trailing blanks would become part of the value");
      }
      if (values.put(key, value) != null) {
        throw new IllegalArgumentException(where + key + " given twice");
      }
    }
    return values;
  }
}
