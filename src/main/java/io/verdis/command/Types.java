package io.verdis.command;

/** What kind of Redis value an object is: strings are byte[]; other types come with their own classes. */
public final class Types {
  private Types() {
  }

  /** The string held by {@code value}, null when absent, WRONGTYPE when it is another type. */
  public static byte[] asString(Object value) {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    throw new CommandException(Errors.WRONGTYPE);
  }

  /** TYPE's answer. */
  public static String typeName(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof byte[]) {
      return "string";
    }
    throw new IllegalStateException("unknown value type " + value.getClass().getName());
  }
}
