package io.verdis.command;

/**
 * A command failed with a Redis error reply (the message is the reply line without '-').
 * Thrown by argument parsing and handlers; the executor turns it into the reply. It carries no
 * stack trace: it is an answer, not a bug.
 */
public final class CommandException extends RuntimeException {
  public CommandException(String message) {
    super(message, null, false, false);
  }
}
