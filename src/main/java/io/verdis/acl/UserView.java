package io.verdis.acl;

import io.verdis.net.RespWriter;

import java.util.List;

/** ACL GETUSER's reply, in Redis 7.0's shape: flags, passwords, the root selector's fields, then the other selectors. */
public final class UserView {
  private UserView() {
  }

  public static void write(RespWriter out, UserRules rules) {
    out.map(6);
    out.bulk("flags");
    List<String> flags = rules.flags();
    out.set(flags.size());
    flags.forEach(out::bulk);
    out.bulk("passwords");
    out.array(rules.passwords.size());
    rules.passwords.forEach(out::bulk);
    selector(out, rules.root());
    out.bulk("selectors");
    out.array(rules.selectors().size() - 1);
    for (Selector selector : rules.selectors().subList(1, rules.selectors().size())) {
      out.map(3);
      selector(out, selector);
    }
  }

  private static void selector(RespWriter out, Selector selector) {
    out.bulk("commands");
    out.bulk(Latin1.bytes(CommandRules.describe(selector, selector.catalog())));
    out.bulk("keys");
    out.bulk(Latin1.bytes(selector.describeKeys()));
    out.bulk("channels");
    out.bulk(Latin1.bytes(selector.describeChannels()));
  }
}
