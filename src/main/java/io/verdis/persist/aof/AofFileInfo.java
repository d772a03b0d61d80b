package io.verdis.persist.aof;

import java.util.Objects;

/** One line of a Redis 7 AOF manifest: {@code file <name> seq <n> type <b|h|i>}. */
public record AofFileInfo(String name, long seq, Type type) {

  /** The file's role, with the letter Redis writes for it in the manifest. */
  public enum Type {
    BASE('b'), HISTORY('h'), INCR('i');

    private final char code;

    Type(char code) {
      this.code = code;
    }

    public char code() {
      return code;
    }

    /** The type for a manifest letter, or null when Redis would call it an unknown type. */
    public static Type ofCode(int code) {
      for (Type type : values()) {
        if (type.code == code) {
          return type;
        }
      }
      return null;
    }
  }

  public AofFileInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public AofFileInfo withType(Type newType) {
    return new AofFileInfo(name, seq, newType);
  }

  /** The manifest line, newline included, as Redis's aofInfoFormat writes it. */
  String toManifestLine() {
    return "file " + ManifestQuoting.quoteIfNeeded(name) + " seq " + seq + " type " + type.code + "\n";
  }
}
