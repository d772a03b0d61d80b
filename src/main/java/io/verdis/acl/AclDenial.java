package io.verdis.acl;

/**
 * Why a user may not run a call (Redis's ACL_DENIED_*), and the argument at fault for a key or a
 * channel. The reasons are declared in the order Redis ranks them when no selector allows a call.
 */
public record AclDenial(Reason reason, int index) {
  public enum Reason {
    COMMAND("command"), KEY("key"), AUTH("auth"), CHANNEL("channel");

    private final String logName;

    Reason(String logName) {
      this.logName = logName;
    }

    /** The reason as ACL LOG shows it. */
    public String logName() {
      return logName;
    }
  }

  /** The -NOPERM error a refused command gets (Redis 7.0's processCommand). */
  public String error(String fullName) {
    return switch (reason) {
      case COMMAND -> "NOPERM this user has no permissions to run the '" + fullName + "' command";
      case KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
      case CHANNEL -> "NOPERM this user has no permissions to access one of the channels used as arguments";
      case AUTH -> "NOPERM no permission";
    };
  }

  /** The error EXEC gives a queued command the user lost the right to (Redis 7.0's execCommand). */
  public String execError() {
    String why = switch (reason) {
      case COMMAND -> "no permission to execute the command or subcommand";
      case KEY -> "no permission to touch the specified keys";
      case CHANNEL -> "no permission to access one of the channels used as arguments";
      case AUTH -> "no permission";
    };
    return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
        + "This command is no longer allowed for the following reason: " + why;
  }

  /** The error redis.call gives in a script (Redis 7.0's scriptVerifyACL). */
  public String scriptError() {
    return switch (reason) {
      case COMMAND -> "ERR The user executing the script can't run this command or subcommand";
      case KEY -> "ERR The user executing the script can't access at least one of the keys mentioned in the "
          + "command arguments";
      case CHANNEL -> "ERR The user executing the script can't publish to the channel mentioned in the command";
      case AUTH -> "ERR The user is executing the script can't run this command for unknown reasons";
    };
  }

  /** ACL DRYRUN's answer (a bulk string, not an error). */
  public String dryRunText(String fullName, byte[][] argv) {
    return switch (reason) {
      case COMMAND -> "This user has no permissions to run the '" + fullName + "' command";
      case KEY -> "This user has no permissions to access the '" + Latin1.text(argv[index]) + "' key";
      case CHANNEL -> "This user has no permissions to access the '" + Latin1.text(argv[index]) + "' channel";
      case AUTH -> "no permission";
    };
  }
}
