package io.verdis.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
* The command line as redis-server reads it: {@code [configfile] [--name value ...]}.
*
* <p>The first argument is the config file unless it starts with "--". Each {@code --name} takes
* the arguments after it, up to the next one starting with "--", joined by spaces as its value
* ({@code --save 900 1 300 10}). As in Redis 7 the argument right after a name is always its value,
* even if it starts with "--" ({@code --requirepass --x}), except that {@code --save} followed by
* another option or by nothing means {@code save ""}. A name and its value may also come as one
* argument ({@code "--port 6380"}).
*/
record CommandLine(Optional<Path> configFile, List<ConfigEntry> entries) {

  private static final String OPTION = "--";

  static CommandLine parse(String... args) {
    int i = 0;
    Path configFile = null;
    if (args.length > 0 && !args[0].startsWith(OPTION)) {
      configFile = Path.of(args[0]);
      i = 1;
    }
    List<ConfigEntry> entries = new ArrayList<>();
    while (i < args.length) {
      String option = args[i++];
      if (!option.startsWith(OPTION)) {
        throw ConfigException.at(ConfigOrigin.commandLine(option),
            "Expected a --directive, found an argument that belongs to none");
      }
      List<String> words = ArgSplitter.split(option.substring(OPTION.length())).orElse(List.of());
      if (words.isEmpty()) {
        throw ConfigException.at(ConfigOrigin.commandLine(option), "Missing directive name after --");
      }
      String name = words.get(0);
      List<String> values = new ArrayList<>(words.subList(1, words.size()));
      boolean saveWithoutValue = name.equalsIgnoreCase("save")
          && (i == args.length || args[i].startsWith(OPTION));
      if (values.isEmpty() && i < args.length && !saveWithoutValue) {
        values.add(args[i++]);
      }
      while (i < args.length && !args[i].startsWith(OPTION)) {
        values.add(args[i++]);
      }
      String value = String.join(" ", values);
      ConfigOrigin origin = ConfigOrigin.commandLine((OPTION + name + " " + value).strip());
      entries.add(new ConfigEntry(name, values.isEmpty() && !saveWithoutValue ? List.of() : List.of(value), origin));
    }
    return new CommandLine(Optional.ofNullable(configFile), entries);
  }
}
