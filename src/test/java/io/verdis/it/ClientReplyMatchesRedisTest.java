package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CLIENT REPLY ON|OFF|SKIP on Verdis and on redis-server side by side: each pipeline ends with an
 * ECHO whose reply is awaited, and everything the client got up to it must be the same bytes, in
 * RESP2 and RESP3 (subscription confirmations and messages come even while replies are off).
 */
class ClientReplyMatchesRedisTest extends RawSocketTestBase {
  private static final String[][][] PIPELINES = {
      {{"CLIENT", "REPLY", "OFF"}, {"SET", "k", "1"}, {"GET", "k"}, {"NOSUCH"}, {"CLIENT", "REPLY", "ON"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"SET", "k", "2"}, {"GET", "k"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"CLIENT", "REPLY", "SKIP"}, {"PING", "a"}, {"PING", "b"}},
      {{"CLIENT", "REPLY", "OFF"}, {"CLIENT", "REPLY", "SKIP"}, {"CLIENT", "REPLY", "ON"}, {"PING", "c"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"NOSUCH"}, {"PING", "d"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"GET"}, {"PING", "d"}},
      {{"CLIENT", "REPLY", "OFF"}, {"RESET"}, {"PING", "e"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"MULTI"}, {"SET", "q", "1"}, {"EXEC"}, {"PING", "f"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"BLPOP", "nolist", "0.01"}, {"PING", "g"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"MSET", "a{x}", "1", "b", "2"}, {"MGET", "a{x}", "b"}},
      {{"CLIENT", "REPLY", "SKIP"}, {"EVAL", "return redis.call('get', KEYS[1])", "1", "a{x}"}, {"PING", "h"}},
      {{"CLIENT", "REPLY", "FOO"}, {"CLIENT", "REPLY"}, {"CLIENT", "REPLY", "ON", "x"}},
      {{"CLIENT", "REPLY", "OFF"}, {"SUBSCRIBE", "ch"}, {"PING"}, {"UNSUBSCRIBE", "ch"}, {"PING", "x"},
          {"CLIENT", "REPLY", "ON"}},
  };

  @Test
  void repliesAreKeptBackAsRedisKeepsThem(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir)) {
      for (String protocol : new String[] {"2", "3"}) {
        try (RawClient verdis = client(); RawClient real = new RawClient(redis.port)) {
          verdis.call("HELLO", protocol);
          real.call("HELLO", protocol);
          for (String[][] pipeline : PIPELINES) {
            assertEquals(run(real, pipeline), run(verdis, pipeline), "RESP" + protocol + " " + describe(pipeline));
          }
        }
      }
    }
  }

  @Test
  void messagesStillComeWhileRepliesAreOff(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir)) {
      for (String protocol : new String[] {"2", "3"}) {
        try (SideBySide subscriber = new SideBySide(client(), new RawClient(redis.port));
             SideBySide publisher = new SideBySide(client(), new RawClient(redis.port))) {
          subscriber.verdis.call("HELLO", protocol);
          subscriber.redis.call("HELLO", protocol);
          subscriber.verdis.send(RawClient.command("CLIENT", "REPLY", "OFF"));
          subscriber.redis.send(RawClient.command("CLIENT", "REPLY", "OFF"));
          subscriber.same("SUBSCRIBE", "news");
          publisher.same("PUBLISH", "news", "hello");
          subscriber.sameNext("RESP" + protocol + ": the message, replies off");
        }
      }
    }
  }

  /** Sends the pipeline and an ECHO in one write; returns all the client got up to the ECHO's reply. */
  private static String run(RawClient client, String[][] pipeline) throws IOException {
    String[][] commands = new String[pipeline.length + 1][];
    System.arraycopy(pipeline, 0, commands, 0, pipeline.length);
    commands[pipeline.length] = new String[] {"ECHO", "end-of-pipeline"};
    client.sendPipelined(commands);
    return client.readUntil("end-of-pipeline\r\n");
  }

  private static String describe(String[][] pipeline) {
    StringBuilder text = new StringBuilder();
    for (String[] command : pipeline) {
      text.append(String.join(" ", command)).append("; ");
    }
    return text.toString();
  }
}
