package io.verdis.command.scripting;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.RoamingCommand;
import io.verdis.script.Script;
import io.verdis.script.Scripting;
import io.verdis.script.Sha1Hex;
import io.verdis.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * EVAL, EVALSHA and their _RO forms: {@code <script|sha> numkeys key… arg…}. It runs where its
 * keys live once the script is known to touch only them, else with every shard held.
 */
final class EvalCommand implements RoamingCommand {
  static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

  private final boolean bySha;
  private final boolean readOnly;

  EvalCommand(boolean bySha, boolean readOnly) {
    this.bySha = bySha;
    this.readOnly = readOnly;
  }

  @Override
  public boolean confined(ServerState server, byte[][] argv) {
    Script script = known(server.scripting(), argv[1]);
    return script != null && script.footprint().confined();
  }

  private Script known(Scripting scripting, byte[] scriptOrSha) {
    if (bySha) {
      return scriptOrSha.length == 40 ? scripting.script(new String(scriptOrSha, StandardCharsets.US_ASCII)) : null;
    }
    return scripting.script(Sha1Hex.of(scriptOrSha));
  }

  @Override
  public void execute(KeyspaceCall c) {
    int numkeys = numkeys(c.argv(), 2);
    Scripting scripting = c.server().scripting();
    Script script = bySha ? known(scripting, c.arg(1)) : scripting.load(c.arg(1));
    if (script == null) {
      throw new CommandException(NOSCRIPT);
    }
    byte[][] keys = Arrays.copyOfRange(c.argv(), 3, 3 + numkeys);
    byte[][] args = Arrays.copyOfRange(c.argv(), 3 + numkeys, c.argc());
    scripting.eval(c, script, keys, args, readOnly);
  }

  /** The number of keys at {@code at}, checked as Redis's evalGetKeys and fcallCommand do. */
  static int numkeys(byte[][] argv, int at) {
    long numkeys = Args.parseLongOr(argv[at], Long.MIN_VALUE);
    if (numkeys == Long.MIN_VALUE) {
      throw new CommandException(io.verdis.command.Errors.NOT_INTEGER);
    }
    if (numkeys > argv.length - at - 1) {
      throw new CommandException("ERR Number of keys can't be greater than number of args");
    }
    if (numkeys < 0) {
      throw new CommandException("ERR Number of keys can't be negative");
    }
    return (int) numkeys;
  }
}
