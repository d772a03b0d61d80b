package io.verdis.script;

import io.verdis.command.CommandException;
import org.luaj.vm2.Prototype;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function libraries of a node (Redis 7's functions): an immutable set replaced whole on every
 * change, so FCALL on any thread reads one consistent version without a lock. Changes come from
 * FUNCTION LOAD, DELETE, FLUSH and RESTORE, which run with every shard held, and from loading.
 */
public final class Functions {
  /** One version of the libraries, and their functions by name. */
  private record Set(Map<String, FunctionLibrary> libraries, Map<String, LibraryFunction> functions) {
    static final Set EMPTY = new Set(Map.of(), Map.of());
  }

  /** What FUNCTION RESTORE does with the libraries already loaded. */
  public enum RestorePolicy { FLUSH, APPEND, REPLACE }

  private final Scripting scripting;
  private volatile Set current = Set.EMPTY;
  private volatile long generation;

  Functions(Scripting scripting) {
    this.scripting = scripting;
  }

  long generation() {
    return generation;
  }

  public LibraryFunction function(String name) {
    return current.functions().get(name);
  }

  public FunctionLibrary library(String name) {
    return current.libraries().get(name);
  }

  public Collection<FunctionLibrary> libraries() {
    return current.libraries().values();
  }

  /** The code of every library as LOAD took it (what FUNCTION DUMP, the RDB and the AOF keep); never changed once loaded. */
  public List<byte[]> codes() {
    List<byte[]> codes = new ArrayList<>();
    for (FunctionLibrary library : current.libraries().values()) {
      codes.add(library.code());
    }
    return codes;
  }

  public int functionCount() {
    return current.functions().size();
  }

  /** FUNCTION LOAD: compiles and runs the library's code, then adds it; returns its name. */
  public synchronized String load(byte[] code, boolean replace) {
    String name = libraryName(code);
    if (!replace && current.libraries().containsKey(name)) {
      throw new CommandException("ERR Library '" + name + "' already exists");
    }
    FunctionLibrary library = compile(code);
    Map<String, FunctionLibrary> libraries = new LinkedHashMap<>(current.libraries());
    FunctionLibrary old = libraries.get(library.name());
    if (old != null && !replace) {
      throw new CommandException("ERR Library '" + library.name() + "' already exists");
    }
    libraries.remove(library.name());
    libraries.put(library.name(), library);
    publish(libraries);
    return library.name();
  }

  /** FUNCTION DELETE. */
  public synchronized void delete(String name) {
    Map<String, FunctionLibrary> libraries = new LinkedHashMap<>(current.libraries());
    if (libraries.remove(name) == null) {
      throw new CommandException("ERR Library not found");
    }
    publish(libraries);
  }

  /** FUNCTION FLUSH. */
  public synchronized void flush() {
    publish(new LinkedHashMap<>());
  }

  /**
   * FUNCTION RESTORE (and an RDB's functions): the libraries of {@code codes}, all or none. FLUSH
   * replaces every library, APPEND refuses a name that exists, REPLACE replaces libraries of the same name.
   * As Redis's functionRestoreCommand, every library is compiled first (a name twice in
   * {@code codes} is refused whatever the policy), then joined to the loaded ones.
   */
  public synchronized void restore(List<byte[]> codes, RestorePolicy policy) {
    Map<String, FunctionLibrary> restored = new LinkedHashMap<>();
    for (byte[] code : codes) {
      FunctionLibrary library = compile(code);
      if (restored.putIfAbsent(library.name(), library) != null) {
        throw new CommandException("ERR Library '" + library.name() + "' already exists");
      }
    }
    Map<String, FunctionLibrary> libraries = policy == RestorePolicy.FLUSH
        ? new LinkedHashMap<>() : new LinkedHashMap<>(current.libraries());
    for (FunctionLibrary library : restored.values()) {
      if (libraries.containsKey(library.name()) && policy == RestorePolicy.APPEND) {
        throw new CommandException("ERR Library " + library.name() + " already exists");
      }
    }
    libraries.putAll(restored);
    publish(libraries);
  }

  /** The heap the libraries take, roughly (INFO's used_memory_functions). */
  public long memory() {
    long total = 0;
    for (FunctionLibrary library : current.libraries().values()) {
      total += library.memory();
    }
    return total;
  }

  private void publish(Map<String, FunctionLibrary> libraries) {
    Map<String, LibraryFunction> functions = new LinkedHashMap<>();
    for (FunctionLibrary library : libraries.values()) {
      for (LibraryFunction function : library.functions().values()) {
        LibraryFunction other = functions.putIfAbsent(function.name(), function);
        if (other != null) {
          throw new CommandException("ERR Function " + function.name() + " already exists");
        }
      }
    }
    current = new Set(Collections.unmodifiableMap(libraries), Collections.unmodifiableMap(functions));
    generation++;
  }

  /** Checks the metadata line, compiles the code and runs it to learn its functions (Redis's functionsCreateWithLibraryCtx). */
  private FunctionLibrary compile(byte[] code) {
    String name = libraryName(code);
    Prototype prototype = Scripting.compile(code, ScriptFlags.shebangLength(code), "@user_function",
        "ERR Error compiling function: ");
    Map<String, LibraryLoader.Registered> registered = ScriptRuntime.of(scripting).loadLibrary(prototype);
    Map<String, LibraryFunction> functions = new LinkedHashMap<>();
    for (LibraryLoader.Registered function : registered.values()) {
      functions.put(function.name(), new LibraryFunction(function.name(), name, function.description(),
          function.flags(), new Footprint()));
    }
    return new FunctionLibrary(name, code, prototype, Collections.unmodifiableMap(functions));
  }

  /** The library name of {@code #!lua name=<name>} on the first line, checked as Redis checks it. */
  static String libraryName(byte[] code) {
    int length = ScriptFlags.shebangLength(code);
    if (length == 0) {
      throw new CommandException("ERR Missing library metadata");
    }
    if (length == code.length) {
      throw new CommandException("ERR Invalid library metadata");
    }
    String[] parts = new String(code, 2, length - 2, StandardCharsets.UTF_8).trim().split(" +");
    if (!parts[0].equals("lua")) {
      throw new CommandException("ERR Engine '" + parts[0] + "' not found");
    }
    String name = null;
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].startsWith("name=")) {
        throw new CommandException("ERR Invalid metadata value given: " + parts[i]);
      }
      if (name != null) {
        throw new CommandException("ERR Invalid metadata value, name argument was given multiple times");
      }
      name = parts[i].substring("name=".length());
    }
    if (name == null) {
      throw new CommandException("ERR Library name was not given");
    }
    if (!LibraryLoader.validName(name)) {
      throw new CommandException(LibraryLoader.nameRule());
    }
    return name;
  }
}
