package io.verdis.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
* Directives from environment variables, for containers: {@code VERDIS_<DIRECTIVE>} with the name
* upper-cased and '-' written '_' ({@code VERDIS_PIZZARIA_PORT=9000}). The whole variable is the
* value; multi-argument directives split it ({@code VERDIS_SAVE="900 1 300 10"}).
*
* <p>Other {@code VERDIS_} variables are not an error, since people set names like VERDIS_HOME
* for their own reasons; each becomes a warning for the caller to log.
*/
record EnvironmentOverrides(List<ConfigEntry> entries, List<String> warnings) {

  static final String PREFIX = "VERDIS_";

  static EnvironmentOverrides from(Map<String, String> environment) {
    List<ConfigEntry> entries = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    // Sorted, so that what wins and what is reported never depends on the map's order.
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String key = variable.getKey();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String name = key.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
      if (Directive.named(name).isEmpty()) {
        warnings.add("Ignoring environment variable " + key + ": there is no directive named '" + name + "'");
        continue;
      }
      ConfigOrigin origin = ConfigOrigin.environment(key, variable.getValue());
      entries.add(new ConfigEntry(name, List.of(variable.getValue()), origin));
    }
    return new EnvironmentOverrides(List.copyOf(entries), List.copyOf(warnings));
  }
}
