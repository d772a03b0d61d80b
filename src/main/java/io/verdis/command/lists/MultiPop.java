package io.verdis.command.lists;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;

/**
 * The arguments of LMPOP and BLMPOP after the timeout: {@code numkeys key [key ...] LEFT|RIGHT
 * [COUNT count]}, checked in the order and with the errors of Redis's lmpopGenericCommand.
 *
 * @param firstKey index of the first key in the call's arguments
 * @param numkeys  how many keys follow
 * @param head     LEFT: pop from the head
 * @param count    at most this many elements (1 without COUNT)
 */
record MultiPop(int firstKey, int numkeys, boolean head, long count) {

  static MultiPop parse(KeyspaceCall c, int numkeysAt) {
    long numkeys = ListCommands.positive(c.arg(numkeysAt), 1, "ERR numkeys should be greater than 0");
    if (numkeys >= c.argc() - numkeysAt - 1) {
      throw new CommandException(Errors.SYNTAX);
    }
    int whereAt = numkeysAt + (int) numkeys + 1;
    boolean head = ListCommands.isHead(c.arg(whereAt));
    long count = -1;
    for (int i = whereAt + 1; i < c.argc(); i++) {
      if (count == -1 && Args.is(c.arg(i), "count") && i + 1 < c.argc()) {
        count = ListCommands.positive(c.arg(++i), 1, "ERR count should be greater than 0");
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return new MultiPop(numkeysAt + 1, (int) numkeys, head, count == -1 ? 1 : count);
  }

  byte[][] keys(KeyspaceCall c) {
    byte[][] keys = new byte[numkeys][];
    System.arraycopy(c.argv(), firstKey, keys, 0, numkeys);
    return keys;
  }
}
