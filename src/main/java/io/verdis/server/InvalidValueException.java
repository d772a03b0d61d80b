package io.verdis.server;

/**
* A directive's value was rejected. The message is the reason exactly as Redis words it
* ("argument couldn't be parsed into an integer"), so CONFIG SET can quote it to the letter
* and start-up errors can wrap it with where the value came from.
*/
public final class InvalidValueException extends Exception {

  public InvalidValueException(String reason) {
    super(reason, null, false, false);
  }

  public String reason() {
    return getMessage();
  }
}
