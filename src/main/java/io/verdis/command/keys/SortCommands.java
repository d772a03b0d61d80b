package io.verdis.command.keys;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.persist.rdb.RdbValue;
import io.verdis.pubsub.NotifyType;
import io.verdis.shard.Database;
import io.verdis.types.ListValue;
import io.verdis.types.SetValue;
import io.verdis.types.SortedSetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * SORT and SORT_RO (Redis's sort.c): the elements of a list, set or sorted set, sorted as numbers
 * or (ALPHA) as binary strings, by themselves or by weights looked up through a BY pattern, with
 * LIMIT, GET patterns, and STORE into a list.
 */
public final class SortCommands {
  private static final String NOT_DOUBLE = "ERR One or more scores can't be converted into double";
  private static final byte[] EMPTY = new byte[0];
  private static final int[] KEY_ONLY = {1};

  private SortCommands() {
  }

  static void sort(KeyspaceCall c) {
    sortGeneric(c, false);
  }

  static void sortRo(KeyspaceCall c) {
    sortGeneric(c, true);
  }

  /** One element and what it sorts by: a number, or (ALPHA with BY) the weight's bytes. */
  private static final class Item {
    final byte[] element;
    double score;
    byte[] weight;

    Item(byte[] element) {
      this.element = element;
    }
  }

  private static void sortGeneric(KeyspaceCall c, boolean readonly) {
    SortOptions options = SortOptions.parse(c.argv(), readonly, fullKeyAccess(c, readonly));
    Object value = c.db().lookupRead(c.arg(1));
    List<byte[]> elements;
    boolean set = value instanceof SetValue;
    boolean ordered = value == null || value instanceof ListValue || value instanceof SortedSetValue;
    if (value == null) {
      elements = List.of();
    } else if (value instanceof ListValue list) {
      elements = list.toRdb().elements();
    } else if (value instanceof SetValue members) {
      elements = members.toRdb().members();
    } else if (value instanceof SortedSetValue zset) {
      elements = zset.toRdb().members();
    } else {
      throw new CommandException(Errors.WRONGTYPE);
    }
    boolean dontSort = options.dontSort;
    boolean alpha = options.alpha;
    SortPattern by = options.by;
    // A set has no order of its own: what STORE writes must not depend on the hash order.
    if (dontSort && set && options.store != null) {
      dontSort = false;
      alpha = true;
      by = null;
    }
    int length = elements.size();
    long start = Math.min(Math.max(options.limitStart, 0), length);
    long count = Math.min(Math.max(options.limitCount, -1), length);
    long end = count < 0 ? length - 1 : start + count - 1;
    if (start >= length) {
      start = length - 1;
      end = length - 2;
    }
    if (end >= length) {
      end = length - 1;
    }
    List<Item> items = new ArrayList<>(length);
    for (byte[] element : elements) {
      items.add(new Item(element));
    }
    if (dontSort && ordered && options.desc) {
      Collections.reverse(items);
    }
    boolean conversionError = false;
    if (!dontSort) {
      conversionError = weigh(c.db(), items, by, alpha);
      items.sort(comparator(alpha, by != null, options.desc));
    }
    if (conversionError) {
      throw new CommandException(NOT_DOUBLE);
    }
    List<Item> range = end < start ? List.of() : items.subList((int) start, (int) end + 1);
    if (options.store == null) {
      reply(c, range, options.gets);
    } else {
      store(c, range, options.gets, options.store);
    }
  }

  /** Sets each item's weight; true when one could not be read as a number (Redis still sorts). */
  private static boolean weigh(Database db, List<Item> items, SortPattern by, boolean alpha) {
    boolean conversionError = false;
    for (Item item : items) {
      byte[] weight = by == null ? item.element : by.lookup(db, item.element);
      if (weight == null) {
        continue;
      }
      if (alpha) {
        if (by != null) {
          item.weight = weight;
        }
      } else {
        item.score = Strtod.parse(weight);
        if (Double.isNaN(item.score)) {
          conversionError = true;
        }
      }
    }
    return conversionError;
  }

  /**
   * Redis's sortCompare: numbers with ties broken by the elements' bytes; ALPHA compares bytes
   * (Redis uses strcoll when not storing: the same in the C locale), a missing weight first.
   */
  private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean desc) {
    Comparator<Item> ascending;
    if (!alpha) {
      ascending = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
    } else if (byPattern) {
      ascending = (a, b) -> a.weight == null || b.weight == null
          ? (a.weight == b.weight ? 0 : a.weight == null ? -1 : 1)
          : Arrays.compareUnsigned(a.weight, b.weight);
    } else {
      ascending = (a, b) -> Arrays.compareUnsigned(a.element, b.element);
    }
    return desc ? ascending.reversed() : ascending;
  }

  private static void reply(KeyspaceCall c, List<Item> range, List<SortPattern> gets) {
    RespWriter reply = c.reply();
    reply.array(gets.isEmpty() ? range.size() : gets.size() * range.size());
    for (Item item : range) {
      if (gets.isEmpty()) {
        reply.bulk(item.element);
      }
      for (SortPattern get : gets) {
        byte[] found = get.lookup(c.db(), item.element);
        if (found == null) {
          reply.nullBulk();
        } else {
          reply.bulk(found);
        }
      }
    }
  }

  /** STORE: the result as a list (a missing GET value as an empty string); an empty result deletes. */
  private static void store(KeyspaceCall c, List<Item> range, List<SortPattern> gets, byte[] destination) {
    List<byte[]> result = new ArrayList<>(gets.isEmpty() ? range.size() : gets.size() * range.size());
    for (Item item : range) {
      if (gets.isEmpty()) {
        result.add(item.element);
      }
      for (SortPattern get : gets) {
        byte[] found = get.lookup(c.db(), item.element);
        result.add(found == null ? EMPTY : found);
      }
    }
    if (!result.isEmpty()) {
      c.db().set(destination, ListValue.fromRdb(new RdbValue.ListValue(result), c.server().config().listLimits()));
      c.notify(NotifyType.LIST, "sortstore", destination);
    } else if (c.db().delete(destination)) {
      c.notify(NotifyType.GENERIC, "del", destination);
    }
    c.reply().integer(result.size());
  }

  /**
   * Whether the client's ACL user may read any key with this call (Redis 7.0's
   * ACLUserCheckCmdWithUnrestrictedKeyAccess): BY and GET patterns may name any key, so a user with
   * key patterns may not use them.
   */
  private static boolean fullKeyAccess(KeyspaceCall c, boolean readonly) {
    io.verdis.acl.User user = c.client() == null ? null : c.client().user();
    return user == null || user.unrestricted()
        || user.hasUnrestrictedKeyAccess(c.server().commands().get(readonly ? "sort_ro" : "sort"), c.argv());
  }

  /** SORT's options, parsed in order as Redis does: the first bad one is the error. */
  private static final class SortOptions {
    boolean desc;
    boolean alpha;
    boolean dontSort;
    long limitStart;
    long limitCount = -1;
    byte[] store;
    SortPattern by;
    final List<SortPattern> gets = new ArrayList<>();

    static SortOptions parse(byte[][] argv, boolean readonly, boolean fullKeyAccess) {
      SortOptions options = new SortOptions();
      for (int j = 2; j < argv.length; j++) {
        int left = argv.length - j - 1;
        byte[] option = argv[j];
        if (Args.is(option, "asc")) {
          options.desc = false;
        } else if (Args.is(option, "desc")) {
          options.desc = true;
        } else if (Args.is(option, "alpha")) {
          options.alpha = true;
        } else if (Args.is(option, "limit") && left >= 2) {
          options.limitStart = Args.parseLong(argv[j + 1]);
          options.limitCount = Args.parseLong(argv[j + 2]);
          j += 2;
        } else if (!readonly && Args.is(option, "store") && left >= 1) {
          options.store = argv[++j];
        } else if (Args.is(option, "by") && left >= 1) {
          options.by = new SortPattern(argv[++j]);
          if (!options.by.hasStar()) {
            options.dontSort = true;
          } else if (!fullKeyAccess) {
            throw new CommandException("ERR BY option of SORT denied due to insufficient ACL permissions.");
          }
        } else if (Args.is(option, "get") && left >= 1) {
          if (!fullKeyAccess) {
            throw new CommandException("ERR GET option of SORT denied due to insufficient ACL permissions.");
          }
          options.gets.add(new SortPattern(argv[++j]));
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
      }
      return options;
    }
  }

  /** Redis's sortGetKeys: the sorted key is read, the STORE destination overwritten. */
  private static List<String> keyFlags(byte[][] argv, int index) {
    return index == 1 ? List.of("RO", "access") : List.of("OW", "update");
  }

  /**
   * The keys a SORT call touches: its key and STORE destination, or null (any key: every shard
   * held) when a BY or GET pattern may name other keys.
   */
  private static int[] keys(byte[][] argv, boolean readonly) {
    int store = -1;
    for (int j = 2; j < argv.length; j++) {
      int left = argv.length - j - 1;
      byte[] option = argv[j];
      if (Args.is(option, "limit") && left >= 2) {
        j += 2;
      } else if (!readonly && Args.is(option, "store") && left >= 1) {
        store = ++j;
      } else if ((Args.is(option, "by") || Args.is(option, "get")) && left >= 1) {
        if (SortPattern.readsKeys(argv[++j])) {
          return null;
        }
      }
    }
    return store < 0 ? KEY_ONLY : new int[] {1, store};
  }

  public static void register(CommandTable.Builder table) {
    String complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
        + "number of returned elements. When the elements are not sorted, complexity is O(N).";
    table
        .add(CommandSpec.keyspace("sort", -2, new KeySpec(1, 1, 1, argv -> keys(argv, false))
            .withFlags(SortCommands::keyFlags), SortCommands::sort)
            .flags(WRITE, DENYOOM)
            .doc("Sort the elements in a list, set or sorted set", "1.0.0", "generic", complexity))
        .add(CommandSpec.keyspace("sort_ro", -2, new KeySpec(1, 1, 1, argv -> keys(argv, true))
            .withFlags(SortCommands::keyFlags), SortCommands::sortRo)
            .flags(READONLY)
            .doc("Sort the elements in a list, set or sorted set. Read-only variant of SORT.", "7.0.0", "generic",
                complexity));
  }
}
