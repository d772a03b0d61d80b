package io.verdis.it;

import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * What the fuzzer sends, all drawn from one seeded Random so that a failing run replays from its
 * seed: commands from the server's own table with arguments of every kind, and the ways a buggy or
 * hostile client breaks the protocol (frames cut short, lengths that lie, garbage, inline commands,
 * Pizzaria lines).
 */
final class FuzzFrames {
  /** The key every round checks; no generated key or command can reach it. */
  static final String CANARY = "fuzz:canary";

  /**
   * Commands not sent (besides those flagged admin): they stop the server, wipe, swap or move the
   * canary's database, kill or pause the checking client, or write files.
   */
  private static final Set<String> EXCLUDED = Set.of("shutdown", "flushall", "flushdb", "swapdb",
      "debug", "config", "save", "bgsave", "bgrewriteaof", "client|kill", "client|pause", "monitor",
      "replicaof", "slaveof", "failover", "sync", "psync", "migrate");
  /** Sent more often than a uniform pick would: where one client's state meets the shards'. */
  private static final List<String> STATEFUL = List.of("multi", "exec", "discard", "watch", "unwatch",
      "select", "reset", "mset", "msetnx", "mget", "del", "rename", "blpop", "subscribe", "hello");
  private static final String[] WORDS = {"0", "1", "-1", "2", "3", "10", "100", "-100", "1.5", "-0.0",
      "inf", "-inf", "+inf", "nan", "(1", "[a", "(a", "-", "+", "*", "k*", "9223372036854775807",
      "-9223372036854775808", "18446744073709551616", "1e400", "NX", "XX", "GT", "LT", "CH", "INCR",
      "EX", "PX", "EXAT", "PXAT", "KEEPTTL", "GET", "PERSIST", "REPLACE", "DB", "LEFT", "RIGHT",
      "BEFORE", "AFTER", "WITHSCORES", "LIMIT", "STORE", "BY", "AGGREGATE", "SUM", "MIN", "MAX",
      "WEIGHTS", "ALPHA", "ASC", "DESC", "COUNT", "MATCH", "TYPE", "string", "list", "RANK", "MAXLEN",
      "REV", "BYSCORE", "BYLEX", "IDLETIME", "FREQ", "ABSTTL", "SETNAME", "AUTH", "default", "3", "2"};
  private static final String[] BROKEN = {"*-1\r\n", "*0\r\n", "*1\r\n$-5\r\n", "*1\r\n$abc\r\n",
      "*2147483648\r\n", "*1048577\r\n", "*1\r\n$999999999999\r\n", "$5\r\nhello\r\n", "*1\r\n$3\r\nPINGX\r\n",
      "*2\r\n:1\r\n:2\r\n", "\r\n", "*1\r\n$4\r\nPING", "*1\r\n$4\r\nPING\n\n", "*3\r\n$3\r\nSET\r\n",
      "*\r\n", "$\r\n", "*1\r\n*1\r\n$4\r\nPING\r\n", "*-2147483649\r\n", "*1\r\n$0\r\n\r\n",
      "\"unbalanced quote\r\n", "SET 'a' 'b\r\n", "PING \"\\x4\"\r\n"};

  private final Random random;
  private final List<CommandSpec> commands = new ArrayList<>();
  private final List<CommandSpec> stateful = new ArrayList<>();

  FuzzFrames(Random random, CommandTable table) {
    this.random = random;
    // Sorted, so the same seed picks the same commands whatever the table's iteration order.
    List<CommandSpec> all = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      all.add(spec);
      all.addAll(spec.subcommands().values());
    }
    all.sort(Comparator.comparing(CommandSpec::fullName));
    for (CommandSpec spec : all) {
      if (spec.has(CommandFlag.ADMIN) || EXCLUDED.contains(spec.fullName())
          || (spec.isContainer() && EXCLUDED.contains(spec.name()))) {
        continue;
      }
      commands.add(spec);
      if (STATEFUL.contains(spec.fullName())) {
        stateful.add(spec);
      }
    }
  }

  /** One request for the RESP port: a command, as a multibulk or now and then inline. */
  byte[] resp() {
    return random.nextInt(10) == 0 ? inline(command()) : RawClient.command(command());
  }

  /**
   * A RESP request broken on purpose: cut short, with lengths that lie, or garbage. The server
   * answers a protocol error and closes, as Redis does, or waits for the rest: a session sends at
   * most one (see FuzzClient).
   */
  byte[] broken() {
    int kind = random.nextInt(3);
    if (kind == 0) {
      byte[] frame = RawClient.command(command());
      return Arrays.copyOf(frame, random.nextInt(frame.length));
    }
    if (kind == 1) {
      return BROKEN[random.nextInt(BROKEN.length)].getBytes(StandardCharsets.ISO_8859_1);
    }
    return garbage(1 + random.nextInt(200));
  }

  /** One line for the Pizzaria port. */
  byte[] pizzaria() {
    String end = random.nextInt(10) == 0 ? "\n" : "\r";
    String line = switch (random.nextInt(10)) {
      case 0, 1 -> "write " + text(key()) + "|" + text(value());
      case 2, 3 -> "read " + text(key());
      case 4 -> "delete " + text(key());
      case 5 -> random.nextBoolean() ? "keys" : "status";
      case 6 -> "reads " + prefix(text(key()));
      case 7 -> "auth " + text(arg());
      case 8 -> "write " + text(key());
      default -> text(garbage(random.nextInt(100)));
    };
    return (line + end).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A command of the table, its arguments mostly of the right number and shape. */
  private byte[][] command() {
    List<CommandSpec> from = random.nextInt(4) == 0 ? stateful : commands;
    CommandSpec spec = from.get(random.nextInt(from.size()));
    List<byte[]> argv = new ArrayList<>();
    argv.add(caseOf(spec.parent() == null ? spec.name() : spec.parent()));
    if (spec.parent() != null) {
      argv.add(caseOf(spec.name()));
    }
    int wanted = Math.abs(spec.arity()) - argv.size();
    if (spec.arity() < 0) {
      wanted += random.nextInt(20) == 0 ? 100 + random.nextInt(300) : random.nextInt(7);
    }
    if (random.nextInt(10) == 0) {
      wanted += random.nextBoolean() ? 1 : -1;
    }
    for (int i = 0; i < wanted; i++) {
      argv.add(random.nextInt(100) < 45 ? key() : arg());
    }
    if (spec.has(CommandFlag.BLOCKING) && !argv.isEmpty()) {
      // A short timeout mostly: a client blocked for good only waits until its round ends.
      argv.set(argv.size() - 1, bytes(random.nextInt(20) == 0 ? "0" : "0.0" + (1 + random.nextInt(9))));
    }
    return argv.toArray(new byte[0][]);
  }

  private String prefix(String key) {
    return key.substring(0, Math.min(key.length(), random.nextInt(3)));
  }

  private byte[] caseOf(String name) {
    return bytes(random.nextBoolean() ? name : name.toUpperCase(Locale.ROOT));
  }

  /** Keys from a small pool, spread over the shards and some sharing a hash tag, so they collide. */
  private byte[] key() {
    int kind = random.nextInt(10);
    if (kind < 5) {
      return bytes("k" + random.nextInt(16));
    }
    if (kind < 8) {
      return bytes("{t}" + random.nextInt(6));
    }
    if (kind < 9) {
      return new byte[0];
    }
    return garbage(1 + random.nextInt(4));
  }

  private byte[] arg() {
    int kind = random.nextInt(10);
    if (kind < 5) {
      return bytes(WORDS[random.nextInt(WORDS.length)]);
    }
    if (kind < 7) {
      return number();
    }
    return value();
  }

  /**
   * Small numbers, or ones at the edges of 64 bits. Not the large values in between: SETBIT or
   * SETRANGE at an offset of 2^32 - 1, or SRANDMEMBER of -10^12, are valid and cost gigabytes, in
   * Redis as here, and the server under test shares the test's heap.
   */
  private byte[] number() {
    if (random.nextInt(5) > 0) {
      return bytes(Integer.toString(random.nextInt(1100) - 100));
    }
    String[] edges = {"9223372036854775807", "-9223372036854775808", "18446744073709551616", "-0", "007",
        "1e3", "0x10", " 1", "1 ", "+5", "3.0"};
    return bytes(edges[random.nextInt(edges.length)]);
  }

  private byte[] value() {
    int kind = random.nextInt(100);
    if (kind < 60) {
      return bytes("v" + random.nextInt(1000));
    }
    if (kind < 97) {
      return garbage(random.nextInt(64));
    }
    return garbage(1024 + random.nextInt(64 * 1024));
  }

  /** Arguments joined by spaces, as a person types them; quotes and escapes now and then. */
  private byte[] inline(byte[][] argv) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int i = 0; i < argv.length; i++) {
      if (i > 0) {
        line.write(' ');
      }
      if (random.nextInt(8) == 0) {
        line.writeBytes(("\"" + text(argv[i]).replace("\"", "\\x22") + "\"").getBytes(StandardCharsets.ISO_8859_1));
      } else {
        line.writeBytes(argv[i]);
      }
    }
    line.writeBytes(random.nextBoolean() ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    return line.toByteArray();
  }

  private byte[] garbage(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Bytes as a string of the same bytes (ISO-8859-1), for the text protocols. */
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
