package io.verdis.server;

/**
* The configuration could not be loaded, set or rewritten.
*
* <p>At start-up the message is a fatal report in the spirit of redis-server's: where the value
* was read (file and line, command line, or environment variable), the offending text, and why.
* From {@link Config#set} and {@link Config#rewrite} the message is the error reply exactly as
* Redis 7 sends it, without the leading '-' ({@code ERR CONFIG SET failed ...}).
*/
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  /** A start-up error at a known place: names the source, echoes what was read, says why. */
  static ConfigException at(ConfigOrigin origin, String reason) {
    return new ConfigException("*** FATAL CONFIG ERROR (Verdis) ***\n"
        + "Reading " + origin.where() + "\n"
        + ">>> '" + origin.text() + "'\n"
        + reason);
  }
}
