package io.verdis.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * Selectors written over several arguments ({@code "(~key" "+get)"}), joined back into one, as
 * Redis's ACLMergeSelectorArguments; and the rules inside one split again.
 */
final class SelectorArguments {
  private SelectorArguments() {
  }

  /** The merged rules; throws with the index of the argument that opens an unclosed selector. */
  static List<String> merge(List<String> args) throws Unmatched {
    List<String> merged = new ArrayList<>();
    StringBuilder selector = null;
    int openedAt = -1;
    for (int i = 0; i < args.size(); i++) {
      String op = args.get(i);
      if (selector == null && op.startsWith("(") && !op.endsWith(")")) {
        selector = new StringBuilder(op);
        openedAt = i;
        continue;
      }
      if (selector != null) {
        selector.append(' ').append(op);
        if (op.endsWith(")")) {
          merged.add(selector.toString());
          selector = null;
        }
        continue;
      }
      merged.add(op);
    }
    if (selector != null) {
      throw new Unmatched(openedAt);
    }
    return merged;
  }

  /** The rules inside a selector's parentheses, split on spaces (Redis's sdssplitargs, without quotes). */
  static List<String> split(String inner) {
    List<String> ops = new ArrayList<>();
    for (String op : inner.trim().split("[ \t\r\n]+")) {
      if (!op.isEmpty()) {
        ops.add(op);
      }
    }
    return ops;
  }

  /** An opening parenthesis without its closing one. */
  static final class Unmatched extends Exception {
    final int index;

    Unmatched(int index) {
      super(null, null, false, false);
      this.index = index;
    }
  }
}
