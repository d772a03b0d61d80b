package io.verdis.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LATENCY DOCTOR: Redis's report (createLatencyReport in latency.c), word for word, over the events
 * Verdis records. Advice about forks, rewrite children and transparent huge pages is never given:
 * Verdis forks nothing, and the JVM, not the kernel's huge pages, owns its heap layout.
 */
final class LatencyReport {
  private static final String DISABLED = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this"
      + " Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable"
      + " it. If we weren't in a deep space mission I'd suggest to take a look at"
      + " https://redis.io/topics/latency-monitor.\n";

  private LatencyReport() {
  }

  static String create(Map<String, LatencyMonitor.Series> events, Config config, long nowSeconds) {
    if (events.isEmpty() && config.latencyMonitorThreshold() == 0) {
      return DISABLED;
    }
    StringBuilder report = new StringBuilder();
    boolean slowlogEnabled = false;
    boolean slowlogTuning = false;
    boolean slowlogInspect = false;
    boolean scheduler = false;
    boolean relaxFsync = false;
    boolean hz = false;
    boolean largeObjects = false;
    int advices = 0;
    int number = 0;
    for (Map.Entry<String, LatencyMonitor.Series> entry : events.entrySet()) {
      String event = entry.getKey();
      number++;
      if (number == 1) {
        report.append("Dave, I have observed latency spikes in this Redis instance."
            + " You don't mind talking about it, do you Dave?\n\n");
      }
      Stats stats = Stats.of(entry.getValue().samples(), nowSeconds);
      report.append(String.format(Locale.ROOT,
          "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all time event %dms.",
          number, event, stats.samples, stats.average, stats.meanDeviation,
          stats.samples == 0 ? 0.0 : (double) stats.period / stats.samples, entry.getValue().max()));
      switch (event.toLowerCase(Locale.ROOT)) {
        case "command" -> {
          long slowlog = config.slowlogLogSlowerThan();
          if (slowlog < 0) {
            slowlogEnabled = true;
            advices++;
          } else if (slowlog / 1000 > config.latencyMonitorThreshold()) {
            slowlogTuning = true;
            advices++;
          }
          slowlogInspect = true;
          largeObjects = true;
          advices += 2;
        }
        case "fast-command" -> {
          scheduler = true;
          advices++;
        }
        case "aof-fsync-always" -> {
          relaxFsync = true;
          advices++;
        }
        case "expire-cycle" -> {
          hz = true;
          largeObjects = true;
          advices += 2;
        }
        default -> {
        }
      }
      report.append('\n');
    }
    if (number == 0 && advices == 0) {
      report.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the"
          + " slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
      return report.toString();
    }
    if (advices == 0) {
      report.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the"
          + " Redis community to get some help, providing this report in your help request.\n");
      return report.toString();
    }
    long threshold = config.latencyMonitorThreshold();
    report.append("\nI have a few advices for you:\n\n");
    if (slowlogEnabled) {
      report.append("- There are latency issues with potentially slow commands you are using. Try to enable the Slow"
          + " Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000)
          .append("'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
    }
    if (slowlogTuning) {
      report.append("- Your current Slow Log configuration only logs events that are slower than your configured"
          + " latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000)
          .append("'.\n");
    }
    if (slowlogInspect) {
      report.append("- Check your Slow Log to understand what are the commands you are running which are too slow to"
          + " execute. Please check https://redis.io/commands/slowlog for more information.\n");
    }
    if (scheduler) {
      report.append("- The system is slow to execute Redis code paths not containing system calls. This usually means"
          + " the system does not provide Redis CPU time to run for long periods. You should try to:\n"
          + "  1) Lower the system load.\n"
          + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
          + "  3) Check if you have a \"noisy neighbour\" problem.\n"
          + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
          + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using"
          + " Jemalloc. However this may create fragmentation problems.\n");
    }
    if (relaxFsync && "always".equals(config.appendfsync())) {
      report.append("- Your fsync policy is set to 'always'. It is very hard to get good performances with such a"
          + " setup, if possible try to relax the fsync policy to 'onesec'.\n");
    }
    if (hz && config.hz() < 100) {
      report.append("- In order to make the Redis keys expiring process more incremental, try to set the 'hz'"
          + " configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
    }
    if (largeObjects) {
      report.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking"
          + " operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment"
          + " those objects into multiple smaller objects.\n");
    }
    return report.toString();
  }

  /** analyzeLatencyForEvent: average, mean absolute deviation, and seconds since the oldest sample. */
  private record Stats(int samples, long average, long meanDeviation, long period) {
    static Stats of(List<LatencyMonitor.Sample> samples, long nowSeconds) {
      if (samples.isEmpty()) {
        return new Stats(0, 0, 0, 0);
      }
      long sum = 0;
      long oldest = Long.MAX_VALUE;
      for (LatencyMonitor.Sample sample : samples) {
        sum += sample.latencyMs();
        oldest = Math.min(oldest, sample.unixSeconds());
      }
      long average = sum / samples.size();
      long deviations = 0;
      for (LatencyMonitor.Sample sample : samples) {
        deviations += Math.abs(average - sample.latencyMs());
      }
      long period = Math.max(1, nowSeconds - oldest);
      return new Stats(samples.size(), average, deviations / samples.size(), period);
    }
  }
}
