package io.verdis.script;

import org.luaj.vm2.Prototype;

import java.util.Map;

/**
 * A library FUNCTION LOAD accepted: its code (as given, shebang included, which is what FUNCTION
 * DUMP, the RDB and the AOF keep), compiled once, and the functions it registered, by name.
 */
public record FunctionLibrary(String name, byte[] code, Prototype prototype, Map<String, LibraryFunction> functions) {
  /** Heap it takes, roughly: the code, its bytecode, the function entries. */
  long memory() {
    return 64 + code.length * 4L + functions.size() * 96L;
  }
}
