package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RespParserTest {
  private static final String STREAM =
      "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"
          + "PING\r\n"
          + "*2\r\n$3\r\nGET\r\n$0\r\n\r\n"
          + "set k \"a b\"\n"
          + "*-1\r\n*0\r\n"
          + "*1\r\n$4\r\nPING\r\n";

  private static final List<String> EXPECTED = List.of(
      "[SET, key, va\r\nl]", "[PING]", "[GET, ]", "[set, k, a b]", "[PING]");

  /** Collects what the parser emits. */
  private static final class Recorder implements RespParser.Sink {
    final List<String> commands = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    @Override
    public void command(byte[][] argv) {
      List<String> args = new ArrayList<>();
      for (byte[] arg : argv) {
        args.add(new String(arg, StandardCharsets.UTF_8));
      }
      commands.add(args.toString());
    }

    @Override
    public void protocolError(String message) {
      errors.add(message);
    }

    @Override
    public boolean authenticated() {
      return true;
    }

    @Override
    public long maxBulkLength() {
      return 512L * 1024 * 1024;
    }
  }

  private static Recorder feedInChunks(byte[] stream, int... cuts) {
    RespParser parser = new RespParser();
    Recorder recorder = new Recorder();
    int from = 0;
    for (int cut : cuts) {
      feed(parser, recorder, stream, from, cut);
      from = cut;
    }
    feed(parser, recorder, stream, from, stream.length);
    return recorder;
  }

  private static void feed(RespParser parser, Recorder recorder, byte[] stream, int from, int to) {
    ByteBuf chunk = Unpooled.copiedBuffer(stream, from, to - from);
    parser.feed(chunk, recorder);
    chunk.release();
  }

  @Test
  void aStreamSplitAtAnyByteGivesTheSameCommands() {
    byte[] stream = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= stream.length; cut++) {
      Recorder recorder = feedInChunks(stream, cut);
      assertEquals(EXPECTED, recorder.commands, "split at " + cut);
      assertEquals(List.of(), recorder.errors, "split at " + cut);
    }
  }

  @Test
  void aStreamFedOneByteAtATimeGivesTheSameCommands() {
    byte[] stream = STREAM.getBytes(StandardCharsets.UTF_8);
    int[] cuts = new int[stream.length - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    assertEquals(EXPECTED, feedInChunks(stream, cuts).commands);
  }

  @Test
  void aStreamSplitAtEveryPairOfPointsGivesTheSameCommands() {
    byte[] stream = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int first = 1; first < stream.length; first++) {
      for (int second = first; second < stream.length; second++) {
        assertEquals(EXPECTED, feedInChunks(stream, first, second).commands, "split at " + first + "," + second);
      }
    }
  }

  @Test
  void aBulkLengthAboveTheLimitIsRefusedBeforeItsBytesArrive() {
    Recorder recorder = feedInChunks("*1\r\n$536870913\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(List.of("ERR Protocol error: invalid bulk length"), recorder.errors);
  }

  /** A value of {@link RespParser#BIG_ARG} bytes and more is gathered in its own array; it must arrive whole however it is split. */
  private static final String BIG = "v".repeat(RespParser.BIG_ARG - 1) + "\r\n" + "w".repeat(8000);
  private static final String BIG_STREAM = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + BIG.length() + "\r\n" + BIG + "\r\n"
      + "*1\r\n$4\r\nPING\r\n"
      + "*2\r\n$3\r\nGET\r\n$" + RespParser.BIG_ARG + "\r\n" + "g".repeat(RespParser.BIG_ARG) + "\r\n";
  private static final List<String> BIG_EXPECTED = List.of(
      "[SET, k, " + BIG + "]", "[PING]", "[GET, " + "g".repeat(RespParser.BIG_ARG) + "]");

  @Test
  void aBigArgumentSplitAnywhereNearItsEdgesArrivesWholeAndTheCommandsAfterItRun() {
    byte[] stream = BIG_STREAM.getBytes(StandardCharsets.US_ASCII);
    int valueStart = BIG_STREAM.indexOf(BIG);
    int valueEnd = valueStart + BIG.length();
    for (int edge : new int[] {valueStart, valueEnd, valueEnd + 2, stream.length - RespParser.BIG_ARG - 2, stream.length - 2}) {
      for (int cut = edge - 3; cut <= Math.min(edge + 3, stream.length); cut++) {
        Recorder recorder = feedInChunks(stream, cut);
        assertEquals(BIG_EXPECTED, recorder.commands, "split at " + cut);
        assertEquals(List.of(), recorder.errors, "split at " + cut);
      }
    }
  }

  @Test
  void aBigArgumentFedInSmallReadsArrivesWhole() {
    byte[] stream = BIG_STREAM.getBytes(StandardCharsets.US_ASCII);
    for (int read : new int[] {1, 7, 1000, 65536}) {
      int[] cuts = new int[(stream.length - 1) / read];
      for (int i = 0; i < cuts.length; i++) {
        cuts[i] = (i + 1) * read;
      }
      assertEquals(BIG_EXPECTED, feedInChunks(stream, cuts).commands, "reads of " + read);
    }
  }

  @Test
  void whileABigArgumentArrivesItsBytesCountAsBuffered() {
    RespParser parser = new RespParser();
    Recorder recorder = new Recorder();
    byte[] stream = BIG_STREAM.getBytes(StandardCharsets.US_ASCII);
    int half = BIG_STREAM.indexOf(BIG) + BIG.length() / 2;
    feed(parser, recorder, stream, 0, half);
    assertEquals(BIG.length() / 2, parser.bufferedBytes());
    feed(parser, recorder, stream, half, stream.length);
    assertEquals(0, parser.bufferedBytes());
    assertEquals(BIG_EXPECTED, recorder.commands);
  }
}
