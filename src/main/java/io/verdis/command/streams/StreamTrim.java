package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

/**
 * The options XADD and XTRIM share (t_stream.c's streamParseAddOrTrimArgsOrReply): MAXLEN or MINID
 * with {@code =} or {@code ~}, LIMIT, and for XADD NOMKSTREAM and the id, which ends the options.
 */
final class StreamTrim {
  enum Strategy { NONE, MAXLEN, MINID }

  Strategy strategy = Strategy.NONE;
  boolean approx;
  long maxLen;
  StreamId minId;
  long limit;
  /** Index of the MAXLEN/MINID value (its {@code ~} or {@code =}, if any, is just before it). */
  int strategyArgAt;
  boolean noMkStream;
  /** XADD: index of the id argument. */
  int idAt;
  /** XADD: the explicit id, or null for {@code *}. */
  StreamId id;
  /** XADD: false for {@code ms-*}. */
  boolean seqGiven = true;

  private StreamTrim() {
  }

  static StreamTrim parse(KeyspaceCall c, boolean xadd, long nodeMaxEntries) {
    StreamTrim args = new StreamTrim();
    boolean limitGiven = false;
    int i = 2;
    for (; i < c.argc(); i++) {
      int more = c.argc() - 1 - i;
      byte[] opt = c.arg(i);
      if (xadd && opt.length == 1 && opt[0] == '*') {
        break;
      } else if ((Args.is(opt, "maxlen") || Args.is(opt, "minid")) && more > 0) {
        if (args.strategy != Strategy.NONE) {
          throw new CommandException("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        }
        args.approx = false;
        byte[] next = c.arg(i + 1);
        if (more >= 2 && next.length == 1 && (next[0] == '~' || next[0] == '=')) {
          args.approx = next[0] == '~';
          i++;
        }
        if (Args.is(opt, "maxlen")) {
          args.maxLen = Args.parseLong(c.arg(i + 1));
          if (args.maxLen < 0) {
            throw new CommandException("ERR The MAXLEN argument must be >= 0.");
          }
          args.strategy = Strategy.MAXLEN;
        } else {
          args.minId = StreamIds.parseStrict(c.arg(i + 1), 0);
          args.strategy = Strategy.MINID;
        }
        i++;
        args.strategyArgAt = i;
      } else if (Args.is(opt, "limit") && more > 0) {
        args.limit = Args.parseLong(c.arg(i + 1));
        if (args.limit < 0) {
          throw new CommandException("ERR The LIMIT argument must be >= 0.");
        }
        limitGiven = true;
        i++;
      } else if (xadd && Args.is(opt, "nomkstream")) {
        args.noMkStream = true;
      } else if (xadd) {
        boolean[] seqGiven = new boolean[1];
        args.id = StreamIds.parseForAdd(opt, seqGiven);
        args.seqGiven = seqGiven[0];
        break;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    args.idAt = i;
    if (args.limit != 0 && args.strategy == Strategy.NONE) {
      throw new CommandException("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    }
    if (!xadd && args.strategy == Strategy.NONE) {
      throw new CommandException("ERR syntax error, XTRIM must be called with a trimming strategy");
    }
    if (c.loading()) {
      args.limit = 0; // the AOF's records were rewritten to trim exactly what the original did
    } else if (limitGiven) {
      if (!args.approx) {
        throw new CommandException("ERR syntax error, LIMIT cannot be used without the special ~ option");
      }
    } else if (args.approx) {
      // Caps the work of one approximate trim at about 100 nodes, as Redis does.
      args.limit = 100 * nodeMaxEntries;
      if (args.limit <= 0) {
        args.limit = 10000;
      }
      if (args.limit > 1000000) {
        args.limit = 1000000;
      }
    }
    return args;
  }

  /** Trims {@code stream}; returns the entries removed. */
  long apply(StreamValue stream) {
    return switch (strategy) {
      case NONE -> 0;
      case MAXLEN -> stream.trimToLength(maxLen, approx, limit);
      case MINID -> stream.trimBelow(minId, approx, limit);
    };
  }

  /**
   * After an approximate trim, the record the AOF gets must trim exactly as much
   * (streamRewriteApproxSpecifier and streamRewriteTrimArgument): {@code ~} becomes {@code =} and
   * the value the length or first id the stream was left with.
   */
  void rewriteForLog(byte[][] record, StreamValue stream) {
    if (!approx) {
      return;
    }
    record[strategyArgAt - 1] = new byte[] {'='};
    if (strategy == Strategy.MAXLEN) {
      record[strategyArgAt] = Args.bytes(stream.length());
    } else {
      record[strategyArgAt] = (stream.length() == 0 ? StreamId.MAX : stream.firstId()).toBytes();
    }
  }
}
