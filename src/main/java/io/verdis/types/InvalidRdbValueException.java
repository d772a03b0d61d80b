package io.verdis.types;

/**
 * A value from an RDB file or a RESTORE payload that Redis's loader (rdbLoadObject) refuses: a
 * collection without elements, duplicate members or fields, a NaN score.
 */
public final class InvalidRdbValueException extends Exception {
  private final boolean empty;

  InvalidRdbValueException(String message, boolean empty) {
    super(message);
    this.empty = empty;
  }

  /** An empty collection: Redis skips such a key in a file (with a notice), and RESTORE refuses it. */
  public boolean empty() {
    return empty;
  }
}
