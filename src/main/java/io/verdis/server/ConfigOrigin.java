package io.verdis.server;

import java.nio.file.Path;

/**
* Where a configuration value was read, so an error can point at it.
*
* @param where a phrase completing "Reading ...": "the configuration file /etc/verdis.conf, at line 2"
* @param text  what was read there, echoed back in the error
*/
record ConfigOrigin(String where, String text) {

  static ConfigOrigin fileLine(Path file, int lineNumber, String text) {
    return new ConfigOrigin("the configuration file " + file + ", at line " + lineNumber, text);
  }

  static ConfigOrigin commandLine(String text) {
    return new ConfigOrigin("the command line", text);
  }

  static ConfigOrigin environment(String variable, String value) {
    return new ConfigOrigin("the environment variable " + variable, variable + "=" + value);
  }
}
