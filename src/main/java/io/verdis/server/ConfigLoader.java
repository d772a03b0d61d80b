package io.verdis.server;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
* Builds the start-up configuration from its sources, each overriding the one before:
* defaults, then the config file, then the command line, then {@code VERDIS_*} environment
* variables (so a container can override what the image's file says).
*/
final class ConfigLoader {

  private ConfigLoader() {
  }

  static Config load(String[] args, Map<String, String> environment) {
    CommandLine commandLine = CommandLine.parse(args);
    EnvironmentOverrides overrides = EnvironmentOverrides.from(environment);
    Object[] values = defaults();
    Path file = commandLine.configFile().map(path -> path.toAbsolutePath().normalize()).orElse(null);
    List<List<String>> users = new java.util.ArrayList<>();
    if (file != null) {
      List<ConfigEntry> entries = ConfigFileReader.read(file);
      users.addAll(users(entries));
      apply(values, entries);
    }
    users.addAll(users(commandLine.entries()));
    apply(values, commandLine.entries());
    apply(values, overrides.entries());
    return new Config(values, file, overrides.warnings(), users);
  }

  /** The {@code user} lines: ACL users, not a directive with one value (see {@link Config#users()}). */
  private static List<List<String>> users(List<ConfigEntry> entries) {
    // The command line gives a directive's words as one value (--user alice on >pw ~*): split again.
    return entries.stream().filter(ConfigLoader::declaresUser)
        .map(entry -> entry.args().size() == 1 ? ArgSplitter.split(entry.args().get(0)).orElse(entry.args())
            : entry.args())
        .toList();
  }

  private static boolean declaresUser(ConfigEntry entry) {
    return entry.name().equalsIgnoreCase("user");
  }

  /** Every directive's default, indexed by ordinal. */
  static Object[] defaults() {
    Directive[] directives = Directive.values();
    Object[] values = new Object[directives.length];
    for (Directive directive : directives) {
      values[directive.ordinal()] = directive.defaultValue();
    }
    return values;
  }

  /** The values a config file gives on top of the defaults. */
  static Object[] fromFile(Path file) {
    Object[] values = defaults();
    apply(values, ConfigFileReader.read(file));
    return values;
  }

  /**
  * Checks and applies one source's entries in order. Within a source a directive given twice
  * normally keeps the later value, but some add up (several {@code save} lines).
  */
  static void apply(Object[] values, List<ConfigEntry> entries) {
    Set<Directive> seen = EnumSet.noneOf(Directive.class);
    for (ConfigEntry entry : entries) {
      if (declaresUser(entry)) {
        continue;
      }
      Directive directive = Directive.named(entry.name()).orElseThrow(
          () -> ConfigException.at(entry.origin(), "Bad directive or wrong number of arguments"));
      Object value;
      try {
        value = directive.parse(entry.args());
      } catch (InvalidValueException e) {
        throw ConfigException.at(entry.origin(), directive.configName() + ": " + e.reason());
      }
      int slot = directive.ordinal();
      values[slot] = seen.add(directive)
          ? directive.type().update(values[slot], value)
          : directive.type().accumulate(values[slot], value);
    }
  }
}
