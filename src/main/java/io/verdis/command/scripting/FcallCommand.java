package io.verdis.command.scripting;

import io.verdis.command.KeyspaceCall;
import io.verdis.command.RoamingCommand;
import io.verdis.script.LibraryFunction;
import io.verdis.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** FCALL and FCALL_RO: {@code function numkeys key… arg…}, routed as EVAL is (see {@link EvalCommand}). */
final class FcallCommand implements RoamingCommand {
  private final boolean readOnly;

  FcallCommand(boolean readOnly) {
    this.readOnly = readOnly;
  }

  @Override
  public boolean confined(ServerState server, byte[][] argv) {
    LibraryFunction function = server.scripting().functions().function(new String(argv[1], StandardCharsets.UTF_8));
    return function != null && function.footprint().confined();
  }

  @Override
  public void execute(KeyspaceCall c) {
    if (io.verdis.command.Args.parseLongOr(c.arg(2), Long.MIN_VALUE) == Long.MIN_VALUE) {
      throw new io.verdis.command.CommandException("ERR Bad number of keys provided");
    }
    int numkeys = EvalCommand.numkeys(c.argv(), 2);
    byte[][] keys = Arrays.copyOfRange(c.argv(), 3, 3 + numkeys);
    byte[][] args = Arrays.copyOfRange(c.argv(), 3 + numkeys, c.argc());
    c.server().scripting().fcall(c, new String(c.arg(1), StandardCharsets.UTF_8), keys, args, readOnly);
  }
}
