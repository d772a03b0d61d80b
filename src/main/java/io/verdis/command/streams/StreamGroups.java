package io.verdis.command.streams;

import io.verdis.command.CommandException;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.types.stream.ConsumerGroup;
import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the consumer-group commands share: finding the stream and the group with t_stream.c's
 * errors (two NOGROUP texts, depending on the command).
 */
final class StreamGroups {
  private StreamGroups() {
  }

  /**
   * Redis's lookupKeyRead for a command that then changes the stream (XACK, XCLAIM, XAUTOCLAIM):
   * counts the keyspace hit or miss; the value is got for writing, so one a snapshot shares is
   * copied before it changes. Null when absent; WRONGTYPE for another type.
   */
  static StreamValue readForWrite(KeyspaceCall c, byte[] key) {
    return Streams.readable(c, key) == null ? null : Streams.writable(c, key);
  }

  /** The group named {@code argv[groupAt]} of the stream (null: absent), else XPENDING's and XCLAIM's NOGROUP. */
  static ConsumerGroup groupOrNoKeyError(KeyspaceCall c, StreamValue stream, int keyAt, int groupAt) {
    ConsumerGroup group = stream == null ? null : stream.group(c.arg(groupAt));
    if (group == null) {
      throw new CommandException("NOGROUP No such key '" + text(c.arg(keyAt)) + "' or consumer group '"
          + text(c.arg(groupAt)) + "'");
    }
    return group;
  }

  /** XGROUP's and XINFO CONSUMERS's NOGROUP, naming the group first. */
  static CommandException noSuchGroup(byte[] key, byte[] group) {
    return new CommandException("NOGROUP No such consumer group '" + text(group) + "' for key name '" + text(key)
        + "'");
  }

  /** Redis's addReplySubcommandSyntaxError: the subcommand as typed, the container in capitals. */
  static CommandException subcommandSyntax(KeyspaceCall c) {
    String sub = text(c.arg(1));
    return new CommandException("ERR unknown subcommand or wrong number of arguments for '"
        + sub.substring(0, Math.min(sub.length(), 128)) + "'. Try " + text(c.arg(0)).toUpperCase(Locale.ROOT)
        + " HELP.");
  }

  /** Writes the live entry {@code id}; false (nothing written) when it is not in the stream. */
  static boolean writeEntryIfPresent(RespWriter out, StreamValue stream, StreamId id) {
    StreamValue.Iterator it = stream.iterator(id, id, false);
    if (!it.next()) {
      return false;
    }
    Streams.writeEntry(out, id, it.fieldsAndValues());
    return true;
  }

  static boolean exists(StreamValue stream, StreamId id) {
    return stream.iterator(id, id, false).next();
  }

  /** Redis prints keys and names with %s: as text. */
  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
