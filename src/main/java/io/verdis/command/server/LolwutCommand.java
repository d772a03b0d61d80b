package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.server.ServerState;

import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;

/**
 * LOLWUT [VERSION v]: Redis 7.0 draws generative art for versions 5 and 6 and otherwise prints
 * only "Redis ver. 7.0.x". Verdis draws one fixed picture, whatever the version asked for, and ends
 * with its own version line; VERSION must still be an integer, as Redis checks it.
 */
public final class LolwutCommand {
  private static final String ART = String.join("\n",
      " __   __           _ _",
      " \\ \\ / /__ _ _ __| (_)___",
      "  \\ V / -_) '_/ _` | (_-<",
      "   \\_/\\___|_| \\__,_|_/__/",
      "");

  private LolwutCommand() {
  }

  static void lolwut(ClientCall c) {
    if (c.argc() >= 3 && Args.is(c.arg(1), "version")) {
      Args.parseLong(c.arg(2));
    }
    c.reply().verbatim(ART + "\nVerdis ver. " + ServerState.VERSION + "\n");
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.client("lolwut", -1, LolwutCommand::lolwut).flags(READONLY, FAST)
        .doc("Display some computer art and the Redis version", "5.0.0", "server", ""));
  }
}
