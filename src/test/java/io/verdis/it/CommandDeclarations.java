package io.verdis.it;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares how Verdis and redis-server declare some commands: the legacy fields of COMMAND INFO
 * (name, arity, flags, first, last, step, ACL categories) and COMMAND DOCS's summary, since, group
 * and complexity. {@link CommandTableMatchesRedisTest} compares the whole entries of every command.
 */
final class CommandDeclarations {
  private CommandDeclarations() {
  }

  static void assertSameAsRedis(RawClient redis, RawClient verdis, String... names) throws Exception {
    for (String name : names) {
      List<?> expected = (List<?>) ((List<?>) redis.request("command", "info", name)).get(0);
      List<?> actual = (List<?>) ((List<?>) verdis.request("command", "info", name)).get(0);
      assertEquals(describe(expected.subList(0, 7)), describe(actual.subList(0, 7)), name);
      assertEquals(describe(docFields(redis, name)), describe(docFields(verdis, name)), name);
    }
  }

  private static List<?> docFields(RawClient client, String name) throws Exception {
    return ((List<?>) ((List<?>) client.request("command", "docs", name)).get(1)).subList(0, 8);
  }

  private static String describe(Object reply) {
    if (reply instanceof List<?> list) {
      return list.stream().map(CommandDeclarations::describe).toList().toString();
    }
    return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(reply);
  }
}
