package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;

/**
 * The options of XREAD and XREADGROUP (t_stream.c's xreadCommand): BLOCK, COUNT, GROUP, NOACK, and
 * STREAMS, which ends them and is followed by the keys and then as many ids. The key finder for
 * routing parses the same way, so a key named like an option is still found where Redis finds it.
 */
record ReadRequest(long blockMs, long count, int streamsAt, int streamCount, boolean noAck,
                   byte[] group, byte[] consumer) {
  /** Redis's XREAD_BLOCKED_DEFAULT_COUNT: what a woken read without COUNT takes at most. */
  static final long BLOCKED_DEFAULT_COUNT = 1000;

  static ReadRequest parse(byte[][] argv, boolean xreadgroup) {
    long blockMs = -1;
    long count = 0;
    int streamsAt = 0;
    int streamCount = 0;
    boolean noAck = false;
    byte[] group = null;
    byte[] consumer = null;
    String name = xreadgroup ? "XREADGROUP" : "XREAD";
    for (int i = 1; i < argv.length; i++) {
      int more = argv.length - i - 1;
      byte[] opt = argv[i];
      if (Args.is(opt, "block") && more > 0) {
        blockMs = timeoutMs(argv[++i]);
      } else if (Args.is(opt, "count") && more > 0) {
        count = Math.max(0, Args.parseLong(argv[++i]));
      } else if (Args.is(opt, "streams") && more > 0) {
        streamsAt = i + 1;
        streamCount = argv.length - streamsAt;
        if (streamCount % 2 != 0) {
          throw new CommandException("ERR Unbalanced " + name + " list of streams: for each stream key an ID or '"
              + (xreadgroup ? '>' : '$') + "' must be specified.");
        }
        streamCount /= 2;
        break;
      } else if (Args.is(opt, "group") && more >= 2) {
        if (!xreadgroup) {
          throw new CommandException("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
        }
        group = argv[i + 1];
        consumer = argv[i + 2];
        i += 2;
      } else if (Args.is(opt, "noack")) {
        if (!xreadgroup) {
          throw new CommandException("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
        }
        noAck = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (streamsAt == 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (xreadgroup && group == null) {
      throw new CommandException("ERR Missing GROUP option for XREADGROUP");
    }
    return new ReadRequest(blockMs, count, streamsAt, streamCount, noAck, group, consumer);
  }

  /** Routing: the key positions, or none when the arguments do not parse (the command reports why). */
  static int[] keyIndexes(byte[][] argv, boolean xreadgroup) {
    try {
      ReadRequest request = parse(argv, xreadgroup);
      int[] indexes = new int[request.streamCount];
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = request.streamsAt + i;
      }
      return indexes;
    } catch (CommandException malformed) {
      return new int[0];
    }
  }

  byte[] key(byte[][] argv, int i) {
    return argv[streamsAt + i];
  }

  byte[] id(byte[][] argv, int i) {
    return argv[streamsAt + streamCount + i];
  }

  /** getTimeoutFromObjectOrReply in milliseconds: an integer, not negative. */
  private static long timeoutMs(byte[] arg) {
    long ms = Args.parseLong(arg, "ERR timeout is not an integer or out of range");
    if (ms < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    return ms;
  }
}
