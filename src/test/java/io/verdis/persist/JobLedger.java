package io.verdis.persist;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the clients of the job-queue workload saw, across every load and restart: each job pushed
 * (and whether its push was acknowledged), each delivery a consumer got a reply for, each job a
 * consumer finished with — and, at each check, what the restarted server holds against all that.
 *
 * <p>A job may legitimately be in doubt only where a command was sent and the server died before
 * answering it: such commands are passed to {@link #check} as {@link InFlight}, and only they may
 * explain a job that is missing (a BRPOP that popped it) or sits in a processing list undelivered
 * (a BLMOVE that moved it).
 */
final class JobLedger {
  /** One job: pushed by {@code producer} as its {@code seq}-th push, onto queue {@code queue}. */
  record Job(String name, String producer, long seq, int queue) {
  }

  /** A reply a consumer got: BRPOP (processing null) or BLMOVE into {@code processing}. */
  record Delivery(String consumer, String processing) {
  }

  /** What a producer saw acknowledged: its pushes up to {@code acked}, in order (one at a time). */
  static final class Producer {
    final String id;
    volatile long acked = -1;

    Producer(String id) {
      this.id = id;
    }
  }

  /**
   * A consumer's command left without a reply when its load ended: BRPOP on {@code brpopQueues}, or
   * BLMOVE from queue {@code moveQueue} (-1: none) into {@code processing}, or the LREM of {@code lremJob}.
   */
  record InFlight(String consumer, List<Integer> brpopQueues, int moveQueue, String processing, String lremJob) {
  }

  private final QueueKeys keys;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<Producer> producers = new ArrayList<>();
  private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private final Queue<String> violations = new ConcurrentLinkedQueue<>();
  // The state of the checks, touched by the test thread only.
  private final Map<String, InFlight> processingOwners = new HashMap<>();
  private final Set<String> lremsInFlight = new HashSet<>();
  private Map<String, String> seenAtLastCheck = Map.of();
  private Set<String> jobsAtLastCheck = Set.of();
  private Set<String> lost = Set.of();

  JobLedger(QueueKeys keys) {
    this.keys = keys;
  }

  synchronized Producer producer(String id) {
    Producer producer = new Producer(id);
    producers.add(producer);
    return producer;
  }

  /** Before the push is sent: from now on the job may show up on the server. */
  Job register(Producer producer, long seq, String suffix, int queue) {
    String name = "job:" + producer.id + ":" + seq + suffix + ":q" + queue;
    Job job = new Job(name, producer.id, seq, queue);
    jobs.put(name, job);
    return job;
  }

  Job job(String name) {
    return jobs.get(name);
  }

  void delivered(String job, Delivery delivery) {
    Delivery earlier = deliveries.putIfAbsent(job, delivery);
    if (earlier != null) {
      violation(job + " delivered twice: to " + earlier + " and to " + delivery);
    }
  }

  /** The consumer's LREM of {@code job} from its processing list was acknowledged. */
  void finished(String job) {
    finished.add(job);
  }

  /** Something a client saw that must never happen (reported by {@link #check}). */
  void violation(String message) {
    violations.add(message);
  }

  int deliveries() {
    return deliveries.size();
  }

  /**
   * Compares the lists the server now holds (every list key → its elements, head first) with what
   * clients saw; {@code ended} are the commands left unanswered when the last load ended. Returns
   * the problems found, empty when none.
   */
  List<String> check(Map<String, List<String>> lists, List<InFlight> ended) {
    List<String> problems = new ArrayList<>(violations);
    for (InFlight inFlight : ended) {
      if (inFlight.processing() != null) {
        processingOwners.put(inFlight.processing(), inFlight);
      }
      if (inFlight.lremJob() != null) {
        lremsInFlight.add(inFlight.lremJob());
      }
    }
    Map<String, String> seen = seen(lists, problems);
    Map<String, Integer> undeliveredInProcessing = new HashMap<>();
    for (Map.Entry<String, String> entry : seen.entrySet()) {
      checkPlace(jobs.get(entry.getKey()), entry.getValue(), undeliveredInProcessing, problems);
    }
    Set<String> lostNow = lost(seen);
    checkLost(lostNow, ended, problems);
    for (Map.Entry<String, Delivery> delivery : deliveries.entrySet()) {
      String job = delivery.getKey();
      if (delivery.getValue().processing() != null && !finished.contains(job) && !seen.containsKey(job)
          && !lremsInFlight.contains(job)) {
        problems.add(job + " was moved to " + delivery.getValue().processing()
            + " and is gone, though no LREM of it was acknowledged or in flight");
      }
    }
    seenAtLastCheck = seen;
    jobsAtLastCheck = new HashSet<>(jobs.keySet());
    lost = lostNow;
    return problems;
  }

  /** Where each job is now (job → list key); unknown elements and jobs in two places are problems. */
  private Map<String, String> seen(Map<String, List<String>> lists, List<String> problems) {
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, List<String>> list : lists.entrySet()) {
      String key = list.getKey();
      if (keys.queueIndex(key) < 0 && !processingOwners.containsKey(key)) {
        problems.add("unexpected list " + key);
        continue;
      }
      for (String element : list.getValue()) {
        if (!jobs.containsKey(element)) {
          problems.add("unknown element " + element + " in " + key);
        } else {
          String other = seen.put(element, key);
          if (other != null) {
            problems.add(element + " is both in " + other + " and in " + key);
          }
        }
      }
    }
    return seen;
  }

  /** Whether a job may be where it is, given who got it and which of its commands were answered. */
  private void checkPlace(Job job, String key, Map<String, Integer> undeliveredInProcessing, List<String> problems) {
    if (jobsAtLastCheck.contains(job.name()) && !seenAtLastCheck.containsKey(job.name())) {
      problems.add(job.name() + " came back in " + key + " after it had gone at an earlier check");
    }
    Delivery delivery = deliveries.get(job.name());
    int queue = keys.queueIndex(key);
    if (delivery != null) {
      if (delivery.processing() == null) {
        problems.add(job.name() + " was delivered to " + delivery.consumer() + " by BRPOP and is back in " + key);
      } else if (!delivery.processing().equals(key)) {
        problems.add(job.name() + " was moved to " + delivery.processing() + " and is in " + key);
      } else if (finished.contains(job.name())) {
        problems.add(job.name() + " was removed from " + key + " (LREM acknowledged) and is back");
      }
    } else if (queue >= 0) {
      if (queue != job.queue()) {
        problems.add(job.name() + " is in " + key + ", not in the queue it was pushed to");
      }
    } else {
      // Moved by a BLMOVE that was never answered: only the consumer's last one, from the queue it named.
      InFlight owner = processingOwners.get(key);
      int count = undeliveredInProcessing.merge(key, 1, Integer::sum);
      if (owner.moveQueue() != job.queue() || count > 1) {
        problems.add(job.name() + " is in " + key + " though its consumer never got it (in flight: "
            + (owner.moveQueue() < 0 ? "no BLMOVE" : "BLMOVE from queue " + owner.moveQueue()) + ")");
      }
    }
  }

  /**
   * The jobs surely pushed and now neither on the server nor delivered: a producer pushes one job (or
   * pair) at a time, so a job is surely pushed when its push or any later push of its producer was
   * acknowledged, or a later job of its producer was seen or delivered.
   */
  private Set<String> lost(Map<String, String> seen) {
    Map<String, Long> pushedUpTo = new HashMap<>();
    for (Producer producer : producers) {
      pushedUpTo.put(producer.id, producer.acked);
    }
    for (Job job : jobs.values()) {
      if (seen.containsKey(job.name()) || deliveries.containsKey(job.name())) {
        pushedUpTo.merge(job.producer(), job.seq(), Math::max);
      }
    }
    Set<String> lostNow = new HashSet<>();
    for (Job job : jobs.values()) {
      if (job.seq() <= pushedUpTo.get(job.producer()) && !seen.containsKey(job.name())
          && !deliveries.containsKey(job.name())) {
        lostNow.add(job.name());
      }
    }
    return lostNow;
  }

  /**
   * A job lost since the last check is one an unanswered BRPOP popped (its pop was logged, the
   * reply never came): at most one per such BRPOP, from a queue it named. Nothing lost may come back.
   */
  private void checkLost(Set<String> lostNow, List<InFlight> ended, List<String> problems) {
    for (String job : lost) {
      if (!lostNow.contains(job)) {
        problems.add(job + " was lost at an earlier check and was delivered since");
      }
    }
    int brpops = 0;
    Set<Integer> brpopQueues = new HashSet<>();
    for (InFlight inFlight : ended) {
      if (inFlight.brpopQueues() != null) {
        brpops++;
        for (int queue : inFlight.brpopQueues()) {
          brpopQueues.add(queue);
        }
      }
    }
    List<String> newlyLost = new ArrayList<>();
    for (String job : lostNow) {
      if (!lost.contains(job)) {
        newlyLost.add(job);
        if (!brpopQueues.contains(jobs.get(job).queue())) {
          problems.add(job + " (acknowledged push) is lost: in no list, delivered to nobody, and no BRPOP in flight named its queue");
        }
      }
    }
    if (newlyLost.size() > brpops) {
      problems.add(newlyLost.size() + " jobs lost, more than the " + brpops + " BRPOPs in flight: " + newlyLost);
    }
  }

  /** For the test's log: how much the ledger holds. */
  String summary() {
    return jobs.size() + " jobs, " + deliveries.size() + " delivered, " + finished.size() + " finished, "
        + seenAtLastCheck.size() + " on the server, " + lost.size() + " lost in flight";
  }
}
