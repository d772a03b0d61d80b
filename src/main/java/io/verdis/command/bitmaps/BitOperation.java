package io.verdis.command.bitmaps;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;

/** BITOP's operations, byte by byte over sources zero-padded to the longest. */
enum BitOperation {
  AND, OR, XOR, NOT;

  static BitOperation parse(byte[] name) {
    for (BitOperation operation : values()) {
      if (Args.is(name, operation.name().toLowerCase(java.util.Locale.ROOT))) {
        return operation;
      }
    }
    throw new CommandException(Errors.SYNTAX);
  }

  byte[] apply(byte[][] sources, int length) {
    byte[] result = new byte[length];
    for (int i = 0; i < length; i++) {
      int acc = byteAt(sources[0], i);
      if (this == NOT) {
        acc = ~acc;
      }
      for (int s = 1; s < sources.length; s++) {
        int b = byteAt(sources[s], i);
        acc = switch (this) {
          case AND -> acc & b;
          case OR -> acc | b;
          case XOR -> acc ^ b;
          case NOT -> acc;
        };
      }
      result[i] = (byte) acc;
    }
    return result;
  }

  private static int byteAt(byte[] source, int index) {
    return index < source.length ? source[index] : 0;
  }
}
