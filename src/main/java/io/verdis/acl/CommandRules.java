package io.verdis.acl;

import java.util.List;
import java.util.Map;

/**
 * Writes a selector's command permissions back as rules ACL SETUSER accepts, exactly as Redis's
 * ACLDescribeSelectorCommandRules: start from {@code +@all} (when future commands are allowed) or
 * {@code -@all}, repeatedly apply the category that best fits the remaining differences, then fix
 * what is left command by command. A scratch selector replays the rules as they are written, so
 * the result is checked to give back exactly the same bits.
 */
final class CommandRules {
  private CommandRules() {
  }

  static String describe(Selector selector, CommandCatalog catalog) {
    StringBuilder rules = new StringBuilder();
    boolean additive = !selector.futureCommands();
    Selector replay = new Selector(catalog, false, false);
    replay.allCommands(!additive);
    rules.append(additive ? "-@all " : "+@all ");

    // Redis counts the categories on a copy whose bits flip as categories are chosen.
    Selector remaining = selector.copy();
    boolean[] applied = new boolean[CommandCatalog.CATEGORIES.size()];
    while (true) {
      int best = -1;
      long minDiff = Integer.MAX_VALUE;
      long maxSame = 0;
      for (int j = 0; j < applied.length; j++) {
        if (applied[j]) {
          continue;
        }
        int[] onOff = remaining.countCategory(1 << j);
        long diff = additive ? onOff[1] : onOff[0];
        long same = additive ? onOff[0] : onOff[1];
        if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
          best = j;
          minDiff = diff;
          maxSame = same;
        }
      }
      if (best == -1) {
        break;
      }
      replay.changeCategory(1 << best, additive);
      remaining.changeCategory(1 << best, !additive);
      rules.append(additive ? "+@" : "-@").append(CommandCatalog.CATEGORIES.get(best)).append(' ');
      applied[best] = true;
    }

    Map<Integer, List<String>> firstArgs = selector.firstArgs();
    for (int id = 0; id < catalog.size(); id++) {
      boolean userBit = selector.bit(id);
      if (userBit != replay.bit(id)) {
        rules.append(userBit ? '+' : '-').append(catalog.spec(id).fullName()).append(' ');
        replay.changePermission(id, userBit);
      }
      if (!userBit && firstArgs != null && firstArgs.get(id) != null) {
        for (String arg : firstArgs.get(id)) {
          rules.append('+').append(catalog.spec(id).fullName()).append('|').append(arg).append(' ');
        }
      }
    }
    rules.setLength(rules.length() - 1);
    if (!replay.sameCommands(selector)) {
      throw new IllegalStateException("ACL rules do not describe the user's commands: " + rules);
    }
    return rules.toString();
  }
}
