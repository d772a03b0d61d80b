package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Redis's loader does with values it never writes itself: an empty collection is skipped, a
 * set with duplicate members stops start-up naming the key.
 */
class RdbLoadingChecksTest {
  @TempDir
  Path dir;

  @Test
  void emptyCollectionsAreSkipped() throws IOException {
    TestRdbFile file = new TestRdbFile(10).selectDb(0);
    file.key(RdbType.SET, "empty-set").out.writeLength(0);
    file.key(RdbType.LIST, "empty-list").out.writeLength(0);
    file.key(RdbType.SET, "good").out.writeLength(1);
    file.out.writeString(Bytes.of("member"));
    Files.write(dir.resolve("dump.rdb"), file.finish(true));
    try (TestServer server = TestServer.start("--dir", dir.toString());
         RawClient client = new RawClient(server.port())) {
      assertEquals(1L, client.request("DBSIZE"));
      assertEquals("set", client.request("TYPE", "good"));
    }
  }

  @Test
  void aSetWithDuplicateMembersStopsStartUpNamingTheKey() throws IOException {
    TestRdbFile file = new TestRdbFile(10).selectDb(0);
    file.key(RdbType.SET, "twice").out.writeLength(2);
    file.out.writeString(Bytes.of("a"));
    file.out.writeString(Bytes.of("a"));
    Files.write(dir.resolve("dump.rdb"), file.finish(true));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestServer.start("--dir", dir.toString()).close());
    String message = String.valueOf(e.getMessage()) + " / " + e.getCause();
    assertTrue(message.contains("'twice'") && message.contains("a set with duplicate members"), message);
  }
}
