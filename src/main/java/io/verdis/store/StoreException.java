package io.verdis.store;

/** A command the server refused, with its error text ("WRONGTYPE Operation against a key …"). */
public final class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }
}
