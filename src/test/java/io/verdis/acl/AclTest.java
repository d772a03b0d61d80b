package io.verdis.acl;

import io.verdis.client.ClientRegistry;
import io.verdis.command.Commands;
import io.verdis.command.CommandTable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ACL registry on its own: rules, their description, the permission check. */
class AclTest {
  private static final CommandTable TABLE = Commands.table();
  private static final List<String> OPS = List.of("+@all", "-@all", "+@read", "-@read", "+@write", "-@write",
      "+@admin", "-@dangerous", "+@fast", "-@slow", "+@keyspace", "-@hash", "+@list", "+@pubsub", "+get", "-get",
      "+config", "-config|set", "+client|list", "-client", "+select|0", "+acl|whoami", "allcommands",
      "nocommands", "~a*", "%R~r*", "%W~w*", "&ch", "resetkeys", "resetchannels", "(~x +get)", "clearselectors");

  private final Acl acl = new Acl(TABLE, new ClientRegistry(), () -> false, () -> 128);

  @Test
  void aUserDescribedAndSetAgainFromItsDescriptionIsTheSameUser() {
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      List<String> rules = new ArrayList<>(List.of("reset"));
      for (int n = random.nextInt(8); n >= 0; n--) {
        rules.add(OPS.get(random.nextInt(OPS.size())));
      }
      // An "allkeys" selector refuses patterns after it: Redis's error, not what this test is about.
      if (acl.setUser("u" + i, rules) != null) {
        continue;
      }
      String described = acl.user("u" + i).rules().describe();
      assertNull(acl.setUser("copy" + i, new ArrayList<>(Arrays.asList(("reset " + described).split(" ")))),
          described);
      assertEquals(described, acl.user("copy" + i).rules().describe(), String.join(" ", rules));
    }
  }

  @Test
  void theDefaultUserIsUnrestrictedAndOthersAreChecked() {
    assertTrue(acl.defaultUser().unrestricted());
    assertNull(acl.setUser("r", List.of("on", ">pw", "%R~r*", "+@read", "&news")));
    User user = acl.authenticate("r", "pw".getBytes(StandardCharsets.UTF_8));
    assertNotNull(user);
    assertNull(acl.authenticate("r", "nope".getBytes(StandardCharsets.UTF_8)));
    assertNull(user.check(TABLE.get("get"), argv("GET", "r1")));
    assertEquals(AclDenial.Reason.KEY, user.check(TABLE.get("get"), argv("GET", "x")).reason());
    assertEquals(AclDenial.Reason.COMMAND, user.check(TABLE.get("set"), argv("SET", "r1", "v")).reason());
    assertTrue(user.mayUseChannel("news".getBytes(StandardCharsets.UTF_8)));
    acl.updateDefaultPassword("secret");
    assertTrue(acl.defaultPasswordMatches("secret"));
    assertTrue(!acl.defaultUserOpen() && !acl.defaultUserNopass());
  }

  private static byte[][] argv(String... words) {
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }
}
