package io.verdis.server;

import java.util.List;

/**
* One directive as a source gave it, before it is checked: a config file line, a command-line
* {@code --name value}, or a {@code VERDIS_NAME} environment variable.
*
* @param name   the directive name as written (matched case-insensitively)
* @param args   its arguments, already split
* @param origin where it came from, for error messages
*/
record ConfigEntry(String name, List<String> args, ConfigOrigin origin) {

  ConfigEntry {
    args = List.copyOf(args);
  }
}
