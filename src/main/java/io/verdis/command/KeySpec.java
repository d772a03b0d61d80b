package io.verdis.command;

/**
 * Where a command's keys are in its arguments: Redis's legacy (first, last, step) triple.
 * {@code last} counts from the end when negative (-1 is the last argument).
 */
public record KeySpec(int first, int last, int step) {
  public static final KeySpec NONE = new KeySpec(0, 0, 0);

  public static KeySpec single(int position) {
    return new KeySpec(position, position, 1);
  }

  public boolean hasKeys() {
    return first > 0;
  }

  /** Index of the last key argument for a call with {@code argc} arguments. */
  public int lastIndex(int argc) {
    return last >= 0 ? Math.min(last, argc - 1) : argc + last;
  }
}
