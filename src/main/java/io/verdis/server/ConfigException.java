package io.verdis.server;

/** TEMPORARY. */
public class ConfigException extends Exception {
  public ConfigException(String message) { super(message); }
}
