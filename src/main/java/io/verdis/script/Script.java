package io.verdis.script;

import org.luaj.vm2.Prototype;

/**
 * An EVAL script compiled once, under its SHA1. The prototype is shared by every thread; each
 * thread makes its own closure of it.
 */
public final class Script {
  private final String sha;
  private final byte[] body;
  private final ScriptFlags flags;
  private final Prototype prototype;
  private final Footprint footprint = new Footprint();

  Script(String sha, byte[] body, ScriptFlags flags, Prototype prototype) {
    this.sha = sha;
    this.body = body;
    this.flags = flags;
    this.prototype = prototype;
  }

  public String sha() {
    return sha;
  }

  public byte[] body() {
    return body;
  }

  public ScriptFlags flags() {
    return flags;
  }

  Prototype prototype() {
    return prototype;
  }

  public Footprint footprint() {
    return footprint;
  }

  /** The bytes this script keeps on the heap, roughly (body, and the compiled code about three times over). */
  long memory() {
    return 64 + body.length * 4L;
  }
}
