package io.verdis.command.lists;

import io.verdis.command.Args;
import io.verdis.command.BlockingTimeout;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.shard.Database;
import io.verdis.types.ListLimits;
import io.verdis.types.ListValue;

import java.util.Arrays;

import static io.verdis.command.CommandFlag.BLOCKING;
import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * The list family (Redis's t_list.c). A list that loses its last element is deleted, as Redis
 * never keeps an empty collection; blocking pops and LMPOP are logged as the plain pop they did.
 */
public final class ListCommands {
  private static final byte[] LPOP = Args.bytes("LPOP");
  private static final byte[] RPOP = Args.bytes("RPOP");
  private static final byte[] LMOVE = Args.bytes("LMOVE");
  private static final byte[] LEFT = Args.bytes("LEFT");
  private static final byte[] RIGHT = Args.bytes("RIGHT");

  private ListCommands() {
  }

  // LPUSH, RPUSH, LPUSHX, RPUSHX

  static void lpush(KeyspaceCall c) {
    push(c, true, false);
  }

  static void rpush(KeyspaceCall c) {
    push(c, false, false);
  }

  static void lpushx(KeyspaceCall c) {
    push(c, true, true);
  }

  static void rpushx(KeyspaceCall c) {
    push(c, false, true);
  }

  private static void push(KeyspaceCall c, boolean head, boolean onlyIfExists) {
    byte[] key = c.arg(1);
    Database db = c.db();
    ListValue list = Types.as(db.lookupWrite(key), ListValue.class);
    int pushed = c.argc() - 2;
    if (list == null && onlyIfExists) {
      c.reply().integer(0);
      return;
    }
    boolean created = list == null;
    if (created) {
      list = new ListValue(pushed);
    }
    list.pushAll(c.argv(), 2, head, limits(c));
    if (created) {
      db.set(key, list);
    } else {
      db.changed(key, pushed);
    }
    c.notify(NotifyType.LIST, head ? "lpush" : "rpush", key);
    c.reply().integer(list.size());
  }

  // LPOP, RPOP, LMPOP

  static void lpop(KeyspaceCall c) {
    pop(c, true);
  }

  static void rpop(KeyspaceCall c) {
    pop(c, false);
  }

  /** [LR]POP key [count]: one element as a bulk string, or with a count an array of up to count. */
  private static void pop(KeyspaceCall c, boolean head) {
    if (c.argc() > 3) {
      throw new CommandException("ERR wrong number of arguments for '" + c.commandName() + "' command");
    }
    boolean hasCount = c.argc() == 3;
    long count = hasCount ? positive(c.arg(2), 0, "ERR value is out of range, must be positive") : 0;
    byte[] key = c.arg(1);
    ListValue list = Types.as(c.db().lookupWrite(key), ListValue.class);
    if (list == null) {
      if (hasCount) {
        c.reply().nullArray();
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    if (!hasCount) {
      c.reply().bulk(head ? list.popHead(limits(c)) : list.popTail(limits(c)));
      popped(c, key, list, head, 1);
    } else if (count == 0) {
      c.reply().array(0);
    } else {
      popRange(c, key, list, head, count);
    }
  }

  /** Pops up to {@code count} elements into an array reply, in the order they come off; returns how many. */
  private static int popRange(KeyspaceCall c, byte[] key, ListValue list, boolean head, long count) {
    int popped = (int) Math.min(count, list.size());
    RespWriter reply = c.reply();
    reply.array(popped);
    ListLimits limits = limits(c);
    for (int i = 0; i < popped; i++) {
      reply.bulk(head ? list.popHead(limits) : list.popTail(limits));
    }
    popped(c, key, list, head, popped);
    return popped;
  }

  static void lmpop(KeyspaceCall c) {
    if (!multiPop(c, MultiPop.parse(c, 1))) {
      c.reply().nullArray();
    }
  }

  /** Pops from the first non-empty list of LMPOP/BLMPOP's keys; false when all are empty. */
  private static boolean multiPop(KeyspaceCall c, MultiPop request) {
    int end = request.firstKey() + request.numkeys();
    for (int i = request.firstKey(); i < end; i++) {
      byte[] key = c.arg(i);
      ListValue list = Types.as(c.db().lookupWrite(key), ListValue.class);
      if (list != null) {
        c.reply().array(2);
        c.reply().bulk(key);
        int popped = popRange(c, key, list, request.head(), request.count());
        c.propagateAs(request.head() ? LPOP : RPOP, key, Args.bytes(popped));
        return true;
      }
    }
    return false;
  }

  /** After elements were popped from one end of {@code list}: Redis's listElementsRemoved. */
  private static void popped(KeyspaceCall c, byte[] key, ListValue list, boolean head, int count) {
    removed(c, key, list, head ? "lpop" : "rpop", count);
  }

  /**
   * After {@code event} took {@code count} elements from {@code list}: its event, then, for a list
   * left empty, its deletion (Redis keeps no empty collection); else the change is reported.
   */
  private static void removed(KeyspaceCall c, byte[] key, ListValue list, String event, int count) {
    c.notify(NotifyType.LIST, event, key);
    if (list.size() == 0) {
      c.db().delete(key);
      c.notify(NotifyType.GENERIC, "del", key);
    } else {
      c.db().changed(key, count);
    }
  }

  // BLPOP, BRPOP, BLMPOP

  static void blpop(KeyspaceCall c) {
    blockingPop(c, true);
  }

  static void brpop(KeyspaceCall c) {
    blockingPop(c, false);
  }

  /** B[LR]POP key [key ...] timeout: [key, element] from the first non-empty list, else wait. */
  private static void blockingPop(KeyspaceCall c, boolean head) {
    long deadline = BlockingTimeout.deadline(c.arg(c.argc() - 1), c.now());
    for (int i = 1; i < c.argc() - 1; i++) {
      byte[] key = c.arg(i);
      ListValue list = Types.as(c.db().lookupWrite(key), ListValue.class);
      if (list != null) {
        byte[] element = head ? list.popHead(limits(c)) : list.popTail(limits(c));
        c.reply().array(2);
        c.reply().bulk(key);
        c.reply().bulk(element);
        popped(c, key, list, head, 1);
        c.propagateAs(head ? LPOP : RPOP, key);
        return;
      }
    }
    c.block(deadline, false, Arrays.copyOfRange(c.argv(), 1, c.argc() - 1));
  }

  static void blmpop(KeyspaceCall c) {
    long deadline = BlockingTimeout.deadline(c.arg(1), c.now());
    MultiPop request = MultiPop.parse(c, 2);
    if (!multiPop(c, request)) {
      c.block(deadline, false, request.keys(c));
    }
  }

  // LMOVE, RPOPLPUSH, BLMOVE, BRPOPLPUSH

  static void lmove(KeyspaceCall c) {
    boolean fromHead = isHead(c.arg(3));
    boolean toHead = isHead(c.arg(4));
    if (!move(c, fromHead, toHead)) {
      c.reply().nullBulk();
    }
  }

  static void rpoplpush(KeyspaceCall c) {
    if (!move(c, false, true)) {
      c.reply().nullBulk();
    }
  }

  static void blmove(KeyspaceCall c) {
    boolean fromHead = isHead(c.arg(3));
    boolean toHead = isHead(c.arg(4));
    blockingMove(c, BlockingTimeout.deadline(c.arg(5), c.now()), fromHead, toHead);
  }

  static void brpoplpush(KeyspaceCall c) {
    blockingMove(c, BlockingTimeout.deadline(c.arg(3), c.now()), false, true);
  }

  private static void blockingMove(KeyspaceCall c, long deadline, boolean fromHead, boolean toHead) {
    if (move(c, fromHead, toHead)) {
      c.propagateAs(LMOVE, c.arg(1), c.arg(2), fromHead ? LEFT : RIGHT, toHead ? LEFT : RIGHT);
    } else {
      c.block(deadline, true, c.arg(1));
    }
  }

  /**
   * Moves one element from the list at argument 1 to the list at argument 2 (created if absent)
   * and replies with it; false, with no reply, when the source is absent. As Redis, the
   * destination's type is checked only when there is something to move; source and destination
   * may be the same list (a rotation).
   */
  private static boolean move(KeyspaceCall c, boolean fromHead, boolean toHead) {
    byte[] sourceKey = c.arg(1);
    byte[] targetKey = c.arg(2);
    Database db = c.db();
    ListValue source = Types.as(db.lookupWrite(sourceKey), ListValue.class);
    if (source == null) {
      return false;
    }
    ListValue target = Types.as(db.lookupWrite(targetKey), ListValue.class);
    ListLimits limits = limits(c);
    byte[] element = fromHead ? source.popHead(limits) : source.popTail(limits);
    if (target == null) {
      target = new ListValue(1);
      target.pushHead(element, limits);
      db.set(targetKey, target);
    } else {
      if (toHead) {
        target.pushHead(element, limits);
      } else {
        target.pushTail(element, limits);
      }
      db.changed(targetKey, 1);
    }
    // Redis's lmoveHandlePush, then the pop's own events.
    c.notify(NotifyType.LIST, toHead ? "lpush" : "rpush", targetKey);
    popped(c, sourceKey, source, fromHead, 1);
    c.reply().bulk(element);
    return true;
  }

  // LLEN, LINDEX, LRANGE, LPOS

  static void llen(KeyspaceCall c) {
    ListValue list = Types.as(c.db().lookupRead(c.arg(1)), ListValue.class);
    c.reply().integer(list == null ? 0 : list.size());
  }

  static void lindex(KeyspaceCall c) {
    ListValue list = Types.as(c.db().lookupRead(c.arg(1)), ListValue.class);
    if (list == null) {
      c.reply().nullBulk();
      return;
    }
    int index = index(list, Args.parseLong(c.arg(2)));
    if (index < 0) {
      c.reply().nullBulk();
    } else {
      list.forRange(index, index, c.reply()::bulk);
    }
  }

  static void lrange(KeyspaceCall c) {
    long start = Args.parseLong(c.arg(2));
    long end = Args.parseLong(c.arg(3));
    ListValue list = Types.as(c.db().lookupRead(c.arg(1)), ListValue.class);
    if (list == null) {
      c.reply().array(0);
      return;
    }
    int length = list.size();
    int first = rangeStart(start, length);
    int last = rangeEnd(end, length);
    RespWriter reply = c.reply();
    if (first > last) {
      reply.array(0);
      return;
    }
    reply.array(last - first + 1);
    list.forRange(first, last, reply::bulk);
  }

  static void lpos(KeyspaceCall c) {
    PositionQuery query = PositionQuery.parse(c);
    ListValue list = Types.as(c.db().lookupRead(c.arg(1)), ListValue.class);
    if (list == null) {
      if (query.wantsArray()) {
        c.reply().array(0);
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    query.reply(list, c.arg(2), c.reply());
  }

  // LSET, LINSERT, LREM, LTRIM

  static void lset(KeyspaceCall c) {
    byte[] key = c.arg(1);
    ListValue list = Types.as(c.db().lookupWrite(key), ListValue.class);
    if (list == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    int index = index(list, Args.parseLong(c.arg(2)));
    if (index < 0) {
      throw new CommandException("ERR index out of range");
    }
    list.set(index, c.arg(3), limits(c));
    c.db().changed(key, 1);
    c.notify(NotifyType.LIST, "lset", key);
    c.reply().ok();
  }

  /** LINSERT key BEFORE|AFTER pivot element: the new length, 0 without the key, -1 without the pivot. */
  static void linsert(KeyspaceCall c) {
    boolean after;
    if (Args.is(c.arg(2), "after")) {
      after = true;
    } else if (Args.is(c.arg(2), "before")) {
      after = false;
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    byte[] key = c.arg(1);
    ListValue list = Types.as(c.db().lookupWrite(key), ListValue.class);
    if (list == null) {
      c.reply().integer(0);
      return;
    }
    int pivot = list.indexOf(c.arg(3), 0);
    if (pivot < 0) {
      c.reply().integer(-1);
      return;
    }
    list.insert(after ? pivot + 1 : pivot, c.arg(4), limits(c));
    c.db().changed(key, 1);
    c.notify(NotifyType.LIST, "linsert", key);
    c.reply().integer(list.size());
  }

  /** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
  static void lrem(KeyspaceCall c) {
    long count = Args.parseLong(c.arg(2));
    byte[] key = c.arg(1);
    ListValue list = Types.as(c.db().lookupWrite(key), ListValue.class);
    if (list == null) {
      c.reply().integer(0);
      return;
    }
    // -Long.MIN_VALUE is still negative: removeAll then takes every match, as Redis does.
    int removed = list.removeAll(c.arg(3), count < 0 ? -count : count, count < 0, limits(c));
    if (removed > 0) {
      removed(c, key, list, "lrem", removed);
    }
    c.reply().integer(removed);
  }

  static void ltrim(KeyspaceCall c) {
    long start = Args.parseLong(c.arg(2));
    long end = Args.parseLong(c.arg(3));
    byte[] key = c.arg(1);
    ListValue list = Types.as(c.db().lookupWrite(key), ListValue.class);
    if (list == null) {
      c.reply().ok();
      return;
    }
    int length = list.size();
    int first = rangeStart(start, length);
    int last = rangeEnd(end, length);
    // Redis publishes "ltrim" even when nothing was trimmed.
    c.notify(NotifyType.LIST, "ltrim", key);
    if (first > last) {
      c.db().delete(key);
      c.notify(NotifyType.GENERIC, "del", key);
    } else if (last - first + 1 < length) {
      list.keepRange(first, last, limits(c));
      c.db().changed(key, length - list.size());
    }
    c.reply().ok();
  }

  /** list-max-listpack-size and list-compress-depth of the moment: a CONFIG SET applies at the next write. */
  private static ListLimits limits(KeyspaceCall c) {
    return c.server().config().listLimits();
  }

  // Arguments

  /** LEFT or RIGHT (any case), as Redis's getListPositionFromObjectOrReply. */
  static boolean isHead(byte[] arg) {
    if (Args.is(arg, "left")) {
      return true;
    }
    if (Args.is(arg, "right")) {
      return false;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  /** An integer ≥ {@code min}; anything else, not a number included, fails with {@code error}. */
  static long positive(byte[] arg, long min, String error) {
    long value = Args.parseLongOr(arg, Long.MIN_VALUE);
    if (value < min) {
      throw new CommandException(error);
    }
    return value;
  }

  /** LINDEX/LSET's index (negative counts from the tail) in [0, size), or -1 when outside. */
  private static int index(ListValue list, long index) {
    long size = list.size();
    long position = index < 0 ? size + index : index;
    return position < 0 || position >= size ? -1 : (int) position;
  }

  /** LRANGE/LTRIM's first index: negative counts from the tail; clamped at 0. */
  private static int rangeStart(long start, int length) {
    long first = start < 0 ? length + start : start;
    return (int) Math.max(0, Math.min(first, length));
  }

  /** LRANGE/LTRIM's last index: negative counts from the tail; clamped at length - 1 (-1 when before the head). */
  private static int rangeEnd(long end, int length) {
    long last = end < 0 ? length + end : end;
    return (int) Math.max(-1, Math.min(last, length - 1));
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    KeySpec sourceAndTarget = new KeySpec(1, 2, 1);
    KeySpec allButTimeout = new KeySpec(1, -2, 1);
    String pushed = "O(1) for each element added, so O(N) to add N elements when the command is called with "
        + "multiple arguments.";
    String returned = "O(N) where N is the number of elements returned";
    String keysAndReturned = "O(N+M) where N is the number of provided keys and M is the number of elements returned.";
    table
        .add(CommandSpec.keyspace("lpush", -3, key, ListCommands::lpush).flags(WRITE, DENYOOM, FAST)
            .doc("Prepends one or more elements to a list. Creates the key if it doesn't exist.", "1.0.0", "list", pushed))
        .add(CommandSpec.keyspace("rpush", -3, key, ListCommands::rpush).flags(WRITE, DENYOOM, FAST)
            .doc("Appends one or more elements to a list. Creates the key if it doesn't exist.", "1.0.0", "list", pushed))
        .add(CommandSpec.keyspace("lpushx", -3, key, ListCommands::lpushx).flags(WRITE, DENYOOM, FAST)
            .doc("Prepends one or more elements to a list only when the list exists.", "2.2.0", "list", pushed))
        .add(CommandSpec.keyspace("rpushx", -3, key, ListCommands::rpushx).flags(WRITE, DENYOOM, FAST)
            .doc("Appends an element to a list only when the list exists.", "2.2.0", "list", pushed))
        .add(CommandSpec.keyspace("lpop", -2, key, ListCommands::lpop).flags(WRITE, FAST)
            .doc("Returns the first elements in a list after removing it. Deletes the list if the last element "
                + "was popped.", "1.0.0", "list", returned))
        .add(CommandSpec.keyspace("rpop", -2, key, ListCommands::rpop).flags(WRITE, FAST)
            .doc("Returns and removes the last elements of a list. Deletes the list if the last element was "
                + "popped.", "1.0.0", "list", returned))
        .add(CommandSpec.keyspace("lmpop", -4, KeySpec.numkeys(0, 1), ListCommands::lmpop).flags(WRITE)
            .doc("Returns multiple elements from a list after removing them. Deletes the list if the last "
                + "element was popped.", "7.0.0", "list", keysAndReturned))
        .add(CommandSpec.keyspace("llen", 2, key, ListCommands::llen).flags(READONLY, FAST)
            .doc("Returns the length of a list.", "1.0.0", "list", "O(1)"))
        .add(CommandSpec.keyspace("lindex", 3, key, ListCommands::lindex).flags(READONLY)
            .doc("Returns an element from a list by its index.", "1.0.0", "list", "O(N) where N is the number of "
                + "elements to traverse to get to the element at index. This makes asking for the first or the "
                + "last element of the list O(1)."))
        .add(CommandSpec.keyspace("lrange", 4, key, ListCommands::lrange).flags(READONLY)
            .doc("Returns a range of elements from a list.", "1.0.0", "list", "O(S+N) where S is the distance of "
                + "start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N "
                + "is the number of elements in the specified range."))
        .add(CommandSpec.keyspace("lpos", -3, key, ListCommands::lpos).flags(READONLY)
            .doc("Returns the index of matching elements in a list.", "6.0.6", "list", "O(N) where N is the number "
                + "of elements in the list, for the average case. When searching for elements near the head or "
                + "the tail of the list, or when the MAXLEN option is provided, the command may run in constant "
                + "time."))
        .add(CommandSpec.keyspace("lset", 4, key, ListCommands::lset).flags(WRITE, DENYOOM)
            .doc("Sets the value of an element in a list by its index.", "1.0.0", "list", "O(N) where N is the "
                + "length of the list. Setting either the first or the last element of the list is O(1)."))
        .add(CommandSpec.keyspace("linsert", 5, key, ListCommands::linsert).flags(WRITE, DENYOOM)
            .doc("Inserts an element before or after another element in a list.", "2.2.0", "list", "O(N) where N "
                + "is the number of elements to traverse before seeing the value pivot. This means that inserting "
                + "somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on "
                + "the right end (tail) is O(N)."))
        .add(CommandSpec.keyspace("lrem", 4, key, ListCommands::lrem).flags(WRITE)
            .doc("Removes elements from a list. Deletes the list if the last element was removed.", "1.0.0", "list",
                "O(N+M) where N is the length of the list and M is the number of elements removed."))
        .add(CommandSpec.keyspace("ltrim", 4, key, ListCommands::ltrim).flags(WRITE)
            .doc("Removes elements from both ends a list. Deletes the list if all elements were trimmed.", "1.0.0",
                "list", "O(N) where N is the number of elements to be removed by the operation."))
        .add(CommandSpec.keyspace("lmove", 5, sourceAndTarget, ListCommands::lmove).flags(WRITE, DENYOOM)
            .doc("Returns an element after popping it from one list and pushing it to another. Deletes the list "
                + "if the last element was moved.", "6.2.0", "list", "O(1)"))
        .add(CommandSpec.keyspace("rpoplpush", 3, sourceAndTarget, ListCommands::rpoplpush).flags(WRITE, DENYOOM)
            .doc("Returns the last element of a list after removing and pushing it to another list. Deletes the "
                + "list if the last element was popped.", "1.2.0", "list", "O(1)"))
        .add(CommandSpec.keyspace("blpop", -3, allButTimeout, ListCommands::blpop).flags(WRITE, NOSCRIPT, BLOCKING)
            .doc("Removes and returns the first element in a list. Blocks until an element is available "
                + "otherwise. Deletes the list if the last element was popped.", "2.0.0", "list",
                "O(N) where N is the number of provided keys."))
        .add(CommandSpec.keyspace("brpop", -3, allButTimeout, ListCommands::brpop).flags(WRITE, NOSCRIPT, BLOCKING)
            .doc("Removes and returns the last element in a list. Blocks until an element is available otherwise. "
                + "Deletes the list if the last element was popped.", "2.0.0", "list",
                "O(N) where N is the number of provided keys."))
        .add(CommandSpec.keyspace("blmpop", -5, KeySpec.numkeys(0, 2), ListCommands::blmpop).flags(WRITE, BLOCKING)
            .doc("Pops the first element from one of multiple lists. Blocks until an element is available "
                + "otherwise. Deletes the list if the last element was popped.", "7.0.0", "list", keysAndReturned))
        .add(CommandSpec.keyspace("blmove", 6, sourceAndTarget, ListCommands::blmove)
            .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING)
            .doc("Pops an element from a list, pushes it to another list and returns it. Blocks until an element "
                + "is available otherwise. Deletes the list if the last element was moved.", "6.2.0", "list", "O(1)"))
        .add(CommandSpec.keyspace("brpoplpush", 4, sourceAndTarget, ListCommands::brpoplpush)
            .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING)
            .doc("Pops an element from a list, pushes it to another list and returns it. Block until an element "
                + "is available otherwise. Deletes the list if the last element was popped.", "2.2.0", "list",
                "O(1)"));
  }
}
