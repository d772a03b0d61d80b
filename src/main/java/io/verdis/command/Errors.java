package io.verdis.command;

/** Redis's error replies, to the letter: clients match on them. */
public final class Errors {
  public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  public static final String SYNTAX = "ERR syntax error";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String DB_INDEX = "ERR DB index is out of range";
  public static final String NOAUTH = "NOAUTH Authentication required.";
  public static final String LOADING = "LOADING Redis is loading the dataset in memory";
  public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  public static final String MAX_CLIENTS = "ERR max number of clients reached";
  /** Redis 7.0's refusal of DEBUG while enable-debug-command does not allow the client. */
  public static final String DEBUG_NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is "
      + "set to \"local\", you can run it from a local connection, otherwise you need to set this option in the "
      + "configuration file, and then restart the server.";
  public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
  public static final String READONLY = "READONLY You can't write against a read only replica.";
  public static final String MASTERDOWN =
      "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
  /** A command that may grow memory, refused while used memory stays over maxmemory. */
  public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
  public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

  private Errors() {
  }

  /**
   * A container command's subcommand it does not know, or called with the wrong number of
   * arguments: the subcommand as typed (its first 128 characters), as addReplySubcommandSyntaxError.
   */
  public static String subcommandSyntax(String subcommand, String container) {
    return "ERR unknown subcommand or wrong number of arguments for '"
        + subcommand.substring(0, Math.min(subcommand.length(), 128)) + "'. Try " + container + " HELP.";
  }

  public static String invalidExpireTime(String command) {
    return "ERR invalid expire time in '" + command + "' command";
  }
}
