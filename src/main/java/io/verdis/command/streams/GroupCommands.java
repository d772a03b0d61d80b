package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.pubsub.NotifyType;
import io.verdis.types.stream.ConsumerGroup;
import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

import java.util.List;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.STALE;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * XGROUP CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER and HELP (t_stream.c's
 * xgroupCommand). Redis checks in one order for every subcommand: the options, the key's type, the
 * key's existence (unless MKSTREAM), the group's existence (except for CREATE and DESTROY), and
 * only then the subcommand's argument count; {@link #prelude} keeps that order. As in Redis 7.0,
 * changing a group leaves the key's WATCHes valid (only MKSTREAM's new key touches them).
 */
public final class GroupCommands {
  private static final List<String> HELP = List.of(
      "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CREATE <key> <groupname> <id|$> [option]",
      "    Create a new consumer group. Options are:",
      "    * MKSTREAM",
      "      Create the empty stream if it does not exist.",
      "    * ENTRIESREAD entries_read",
      "      Set the group's entries_read counter (internal use).",
      "CREATECONSUMER <key> <groupname> <consumer>",
      "    Create a new consumer in the specified group.",
      "DELCONSUMER <key> <groupname> <consumer>",
      "    Remove the specified consumer.",
      "DESTROY <key> <groupname>",
      "    Remove the specified group.",
      "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
      "    Set the current group ID and entries_read counter.",
      "HELP",
      "    Prints this help.");
  private static final String NO_KEY = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you "
      + "may want to use the MKSTREAM option to create an empty stream automatically.";

  private GroupCommands() {
  }

  /** What the checks common to the subcommands found: the stream (null only with MKSTREAM), the group, the options. */
  private record Target(StreamValue stream, ConsumerGroup group, boolean mkstream, long entriesRead) {
  }

  private static Target prelude(KeyspaceCall c, boolean create, boolean setid, boolean needsGroup) {
    boolean mkstream = false;
    long entriesRead = ConsumerGroup.UNKNOWN_ENTRIES_READ;
    for (int i = 5; i < c.argc(); ) {
      if (create && Args.is(c.arg(i), "mkstream")) {
        mkstream = true;
        i++;
      } else if ((create || setid) && Args.is(c.arg(i), "entriesread") && i + 1 < c.argc()) {
        entriesRead = Args.parseLong(c.arg(i + 1));
        if (entriesRead < 0 && entriesRead != ConsumerGroup.UNKNOWN_ENTRIES_READ) {
          throw new CommandException("ERR value for ENTRIESREAD must be positive or -1");
        }
        i += 2;
      } else {
        throw StreamGroups.subcommandSyntax(c);
      }
    }
    StreamValue stream = Types.as(c.db().lookupWrite(c.arg(2)), StreamValue.class);
    ConsumerGroup group = stream == null ? null : stream.group(c.arg(3));
    if (!mkstream) {
      if (stream == null) {
        throw new CommandException(NO_KEY);
      }
      if (group == null && needsGroup) {
        throw StreamGroups.noSuchGroup(c.arg(2), c.arg(3));
      }
    }
    return new Target(stream, group, mkstream, entriesRead);
  }

  /** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]: $ is the stream's last id (0-0 for a new stream). */
  static void create(KeyspaceCall c) {
    Target target = prelude(c, true, false, false);
    if (c.argc() > 8) {
      throw StreamGroups.subcommandSyntax(c);
    }
    StreamValue stream = target.stream();
    StreamId id;
    if (c.arg(4).length == 1 && c.arg(4)[0] == '$') {
      id = stream == null ? StreamId.MIN : stream.lastId();
    } else {
      id = StreamIds.parseStrict(c.arg(4), 0);
    }
    byte[] key = c.arg(2);
    if (stream == null) {
      // MKSTREAM, now that nothing can fail: an empty stream is a key like any other (a "new" event).
      stream = new StreamValue();
      c.db().set(key, stream);
    }
    if (stream.createGroup(c.arg(3), id, target.entriesRead()) == null) {
      throw new CommandException("BUSYGROUP Consumer Group name already exists");
    }
    c.db().dirtied(key, 1);
    c.notify(NotifyType.STREAM, "xgroup-create", key);
    c.reply().ok();
  }

  /** XGROUP SETID key group id|$ [ENTRIESREAD n]: the entries read become n, or unknown without it. */
  static void setid(KeyspaceCall c) {
    Target target = prelude(c, false, true, true);
    if (c.argc() != 5 && c.argc() != 7) {
      throw StreamGroups.subcommandSyntax(c);
    }
    StreamId id;
    if (c.arg(4).length == 1 && c.arg(4)[0] == '$') {
      id = target.stream().lastId();
    } else {
      id = StreamIds.parse(c.arg(4), 0);
    }
    target.group().setLastId(id);
    target.group().setEntriesRead(target.entriesRead());
    c.db().dirtied(c.arg(2), 1);
    c.notify(NotifyType.STREAM, "xgroup-setid", c.arg(2));
    c.reply().ok();
  }

  /**
   * XGROUP DESTROY key group: 1 when it existed. Its clients blocked in XREADGROUP wake and,
   * running again, answer NOGROUP.
   */
  static void destroy(KeyspaceCall c) {
    Target target = prelude(c, false, false, false);
    if (target.group() == null) {
      c.reply().integer(0);
      return;
    }
    target.stream().destroyGroup(c.arg(3));
    c.db().dirtied(c.arg(2), 1);
    c.notify(NotifyType.STREAM, "xgroup-destroy", c.arg(2));
    c.db().signalReady(c.arg(2));
    c.reply().integer(1);
  }

  /** XGROUP CREATECONSUMER key group consumer: 1 when created, 0 when it existed. */
  static void createConsumer(KeyspaceCall c) {
    Target target = prelude(c, false, false, true);
    if (!target.group().createConsumer(c.arg(4), c.now())) {
      c.reply().integer(0);
      return;
    }
    c.db().dirtied(c.arg(2), 1);
    c.notify(NotifyType.STREAM, "xgroup-createconsumer", c.arg(2));
    c.reply().integer(1);
  }

  /** XGROUP DELCONSUMER key group consumer: how many entries it had pending (they leave the group's PEL too). */
  static void deleteConsumer(KeyspaceCall c) {
    Target target = prelude(c, false, false, true);
    long pending = target.group().deleteConsumer(c.arg(4));
    if (pending < 0) {
      c.reply().integer(0);
      return;
    }
    c.db().dirtied(c.arg(2), 1);
    c.notify(NotifyType.STREAM, "xgroup-delconsumer", c.arg(2));
    c.reply().integer(pending);
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(2);
    table.add(CommandSpec.container("xgroup")
        .doc("A container for consumer groups commands", "5.0.0", "stream", "Depends on subcommand.")
        .sub(CommandSpec.keyspace("create", -5, key, GroupCommands::create).flags(WRITE, DENYOOM)
            .doc("Create a consumer group.", "5.0.0", "stream", "O(1)"))
        .sub(CommandSpec.keyspace("setid", -5, key, GroupCommands::setid).flags(WRITE)
            .doc("Set a consumer group to an arbitrary last delivered ID value.", "5.0.0", "stream", "O(1)"))
        .sub(CommandSpec.keyspace("destroy", 4, key, GroupCommands::destroy).flags(WRITE)
            .doc("Destroy a consumer group.", "5.0.0", "stream",
                "O(N) where N is the number of entries in the group's pending entries list (PEL)."))
        .sub(CommandSpec.keyspace("createconsumer", 5, key, GroupCommands::createConsumer).flags(WRITE, DENYOOM)
            .doc("Create a consumer in a consumer group.", "6.2.0", "stream", "O(1)"))
        .sub(CommandSpec.keyspace("delconsumer", 5, key, GroupCommands::deleteConsumer).flags(WRITE)
            .doc("Delete a consumer from a consumer group.", "5.0.0", "stream", "O(1)"))
        .sub(CommandSpec.client("help", 2, GroupCommands::help).flags(LOADING, STALE)
            .doc("Show helpful text about the different subcommands", "5.0.0", "stream", "O(1)")));
  }
}
