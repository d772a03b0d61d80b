package io.verdis.script;

/** A function a library registered: FCALL calls it by name. */
public record LibraryFunction(String name, String library, String description, ScriptFlags flags,
                              Footprint footprint) {
}
