package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LATENCY side by side with redis-server 7.0: declarations, arities, error texts, the replies of
 * an idle monitor, and the samples both record after a DEBUG SLEEP longer than the threshold
 * (values compared by shape: the two servers did not sleep for exactly as long).
 */
class LatencyMatchesRedisTest extends RawSocketTestBase {
  /** Redis's hdr_histogram labels: 1024 * 2^k ns, each as the highest value it counts as equal, in µs. */
  private static final Set<Long> REDIS_BUCKETS = Set.of(1L, 2L, 4L, 8L, 16L, 33L, 66L, 132L, 264L, 528L, 1056L,
      2113L, 4227L, 8454L, 16908L, 33816L, 67633L, 135266L, 270532L, 541065L, 1073741L);

  @Test
  void latencyIsDeclaredAsRedisDeclaresIt(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      CommandDeclarations.assertSameAsRedis(redis.client(), verdis, "latency", "latency|doctor", "latency|graph",
          "latency|histogram", "latency|history", "latency|latest", "latency|reset", "latency|help");
    }
  }

  @Test
  void anIdleMonitorAnswersAsRedisWithTheSameErrors(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide both = new SideBySide(client(), redis.client())) {
      both.assertSameReplies("""
          config set latency-monitor-threshold 0
          latency
          latency foo
          latency help
          latency HELP
          latency help x
          latency latest
          latency latest x
          latency history command
          latency history
          latency history a b
          latency graph command
          latency graph nosuchevent
          latency graph
          latency reset
          latency reset command fast-command
          latency doctor
          latency doctor x
          latency histogram nosuchcommand
          latency histogram config|nosuch get|x
          config get latency-monitor-threshold
          config set latency-monitor-threshold -1
          config set latency-monitor-threshold abc
          config set latency-monitor-threshold 1.5
          config set latency-monitor-threshold 250
          config get latency-monitor-threshold
          config set latency-monitor-threshold 0
          !hello 3
          latency latest
          latency histogram nosuchcommand
          latency doctor
          latency graph command
          latency reset
          !hello 2
          """);
    }
  }

  @Test
  void aSleepAboveTheThresholdIsACommandSpikeOnBoth(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes"); RawClient verdis = client()) {
      RawClient real = redis.client();
      for (RawClient c : List.of(real, verdis)) {
        c.request("latency", "reset");
        c.request("config", "set", "latency-monitor-threshold", "0");
        assertEquals("OK", c.request("debug", "sleep", "0.06"));
        assertEquals(List.of(), c.request("latency", "latest"), "nothing recorded while the monitor is off");
        c.request("config", "set", "latency-monitor-threshold", "40");
        assertEquals("OK", c.request("debug", "sleep", "0.06"));
      }
      for (RawClient c : List.of(real, verdis)) {
        List<?> latest = (List<?>) c.request("latency", "latest");
        assertEquals(1, latest.size(), "one event class");
        List<?> command = (List<?>) latest.get(0);
        assertEquals("command", text(command.get(0)));
        long at = (Long) command.get(1);
        long latency = (Long) command.get(2);
        long max = (Long) command.get(3);
        assertTrue(at > 1_600_000_000L, "a unix time: " + at);
        assertTrue(latency >= 40 && max >= latency, latency + " " + max);
        List<?> history = (List<?>) c.request("latency", "history", "command");
        assertEquals(List.of(at, latency), history.get(history.size() - 1));
        assertEquals(List.of(), c.request("latency", "history", "COMMAND"), "event names are exact");
        String graph = text(c.request("latency", "graph", "command"));
        assertTrue(graph.startsWith("command - high " + latency + " ms, low "), graph);
        assertTrue(graph.contains("\n" + "-".repeat(80) + "\n"), graph);
        String doctor = text(c.request("latency", "doctor"));
        assertTrue(doctor.startsWith("Dave, I have observed latency spikes in this Redis instance."), doctor);
        assertTrue(doctor.contains("1. command: "), doctor);
        assertEquals(1L, c.request("latency", "reset", "COMMAND", "nosuchevent"), "reset ignores case");
        assertEquals(List.of(), c.request("latency", "latest"));
        String idle = text(c.request("latency", "doctor"));
        assertTrue(idle.startsWith("Dave, no latency spike was observed"), idle);
        c.request("config", "set", "latency-monitor-threshold", "0");
      }
    }
  }

  @Test
  void histogramsCountTheCallsOfEachCommandInRedisBuckets(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      RawClient real = redis.client();
      Map<String, Map<String, Long>> calls = new LinkedHashMap<>();
      for (RawClient c : List.of(real, verdis)) {
        c.request("config", "resetstat");
        c.request("set", "k", "v");
        c.request("get", "k");
        c.request("get", "k");
        c.request("config", "get", "maxmemory");
        Map<String, Long> perCommand = new LinkedHashMap<>();
        for (Map.Entry<String, List<?>> entry : pairs(c.request("latency", "histogram")).entrySet()) {
          perCommand.put(entry.getKey(), calls(entry.getValue()));
        }
        calls.put(c == real ? "redis" : "verdis", perCommand);
        Map<String, List<?>> named = pairs(c.request("latency", "histogram", "GET", "config", "nosuch"));
        assertEquals(Set.of("get", "config|get", "config|resetstat"), named.keySet(), "a container brings its subcommands");
        assertEquals(2L, calls(named.get("get")));
        assertEquals(List.of("config|get"), List.copyOf(pairs(c.request("latency", "histogram", "config|GET")).keySet()));
      }
      assertEquals(Map.of("set", 1L, "get", 2L, "config|get", 1L, "config|resetstat", 1L), calls.get("redis"));
      assertEquals(calls.get("redis"), calls.get("verdis"));
    }
  }

  /** A histogram's calls, after checking its buckets are Redis's and its counts cumulative up to the calls. */
  private static long calls(List<?> histogram) {
    assertEquals("calls", text(histogram.get(0)));
    assertEquals("histogram_usec", text(histogram.get(2)));
    long calls = (Long) histogram.get(1);
    List<?> buckets = (List<?>) histogram.get(3);
    long previous = 0;
    for (int i = 0; i < buckets.size(); i += 2) {
      assertTrue(REDIS_BUCKETS.contains((Long) buckets.get(i)), "bucket " + buckets.get(i));
      long cumulative = (Long) buckets.get(i + 1);
      assertTrue(cumulative > previous, "cumulative counts grow: " + buckets);
      previous = cumulative;
    }
    assertEquals(calls, previous, "the last bucket holds every call");
    return calls;
  }

  /** A RESP2 map (a flat array) as name to value. */
  private static Map<String, List<?>> pairs(Object reply) {
    List<?> flat = (List<?>) reply;
    Map<String, List<?>> map = new LinkedHashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      map.put(text(flat.get(i)), (List<?>) flat.get(i + 1));
    }
    return map;
  }

  private static String text(Object bulk) {
    return new String((byte[]) bulk, StandardCharsets.UTF_8);
  }
}
