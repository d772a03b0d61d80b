package io.verdis.command.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DebugCommandsTest {

  @Test
  void aFailureWithoutAMessageIsAnsweredWithItsClassNotLeftHanging() {
    assertEquals("ERR java.lang.NullPointerException", DebugCommands.errorLine(new NullPointerException()));
    assertEquals("ERR Error trying to load the RDB dump",
        DebugCommands.errorLine(new IOException("ERR Error trying to load the RDB dump")));
  }
}
