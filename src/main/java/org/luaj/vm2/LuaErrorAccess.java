package org.luaj.vm2;

/**
 * What Verdis needs from a {@link LuaError} that LuaJ keeps to its package: where it was raised
 * and its message without LuaJ's traceback, to word it as Lua 5.1 (and so Redis) does:
 * {@code user_script:1: boom}, where LuaJ says {@code user_script:1 boom} and appends a traceback.
 */
public final class LuaErrorAccess {
  private LuaErrorAccess() {
  }

  /** "chunk:line" of the Lua code the error was raised in, or null. */
  public static String fileline(LuaError error) {
    return shortSource(error.fileline);
  }

  /**
   * Whether a string error would carry a position in Lua 5.1 but LuaJ knows none: raised by a
   * Java function the script tail-called (return cjson.decode(x)), whose frame LuaJ has left.
   */
  public static boolean lacksPosition(LuaError error) {
    return error.fileline == null && error.level > 0 && error.getMessageObject() != null
        && error.getMessageObject().isstring();
  }

  /** LuaJ keeps the chunk name as given ("@user_script"); Lua 5.1 messages show it without the '@'. */
  private static String shortSource(String fileline) {
    if (fileline != null && (fileline.startsWith("@") || fileline.startsWith("="))) {
      return fileline.substring(1);
    }
    return fileline;
  }

  /**
   * The value the error carries as Lua 5.1 hands it to pcall: a table (or any non-string value)
   * as it was raised, a string message prefixed with where it was raised.
   */
  public static LuaValue value(LuaError error) {
    String traceback = error.traceback;
    String fileline = error.fileline;
    error.traceback = null;
    error.fileline = null;
    try {
      LuaValue value = error.getMessageObject();
      if (value == null) {
        return LuaValue.NIL;
      }
      if (value.isstring() && !value.isnumber() && fileline != null && error.level > 0) {
        return LuaValue.valueOf(shortSource(fileline) + ": " + value.tojstring());
      }
      return value;
    } finally {
      error.traceback = traceback;
      error.fileline = fileline;
    }
  }
}
