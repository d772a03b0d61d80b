package io.verdis.command;

import io.verdis.types.Aggregate;

/** What kind of Redis value an object is: strings are byte[]; other types are {@link Aggregate}s. */
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

  /** {@code value} as {@code type}, null when absent, WRONGTYPE when it is another type. */
  public static <T extends Aggregate> T as(Object value, Class<T> type) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
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
    return ((Aggregate) value).typeName();
  }
}
