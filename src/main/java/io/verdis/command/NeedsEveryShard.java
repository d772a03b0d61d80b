package io.verdis.command;

/**
 * A command found, before changing anything, that it needs every shard held where it runs only on
 * one (a script that touched a key of another shard): the executor runs it again, from where it
 * stopped, with every shard held.
 */
public final class NeedsEveryShard extends RuntimeException {
  public NeedsEveryShard() {
    super("needs every shard", null, false, false);
  }
}
