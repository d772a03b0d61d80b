package io.verdis.persist;

import io.verdis.it.RawClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One load phase of the job-queue workload, each client a thread with its own connection:
 * producers RPUSH numbered jobs (one per RPUSH, two per RPUSH, or two onto two shards in one
 * MULTI/EXEC); consumers take them with BRPOP over several queues, or with BLMOVE into their own
 * processing list followed by LREM once "handled" (the reliable-queue pattern); transfers move
 * amounts between accounts on different shards in MULTI/EXEC. It ends with the server killed
 * (commands in flight are then left unanswered) or with every client stopping after its current step.
 */
final class QueueLoad {
  private static final long CYCLE_MS = 500;
  private static final long QUIET_MS = 250;

  private final int round;
  private final int port;
  private final QueueKeys keys;
  private final JobLedger ledger;
  private final List<Worker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  /** Set before the server is killed: errors after it are expected. */
  private final AtomicBoolean killed = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean consumersStopping = new AtomicBoolean();

  QueueLoad(int round, int port, QueueKeys keys, JobLedger ledger) {
    this.round = round;
    this.port = port;
    this.keys = keys;
    this.ledger = ledger;
    workers.add(new Producer(0, PushStyle.ONE));
    workers.add(new Producer(1, PushStyle.TWO_IN_ONE_RPUSH));
    workers.add(new Producer(2, PushStyle.TWO_IN_MULTI));
    // Three BRPOPs over three queues (three shards), one over a single queue (its own shard).
    workers.add(new BrpopConsumer(0, new int[] {0, 1, 2}, "0.1"));
    workers.add(new BrpopConsumer(1, new int[] {1, 2, 3}, "0.5"));
    workers.add(new BrpopConsumer(2, new int[] {3, 0, 1}, "1"));
    workers.add(new BrpopConsumer(3, new int[] {2}, "0.3"));
    workers.add(new MoveConsumer(0, "0.2"));
    workers.add(new MoveConsumer(1, "0.7"));
    workers.add(new Transfer(0));
    workers.add(new Transfer(1));
  }

  void start() {
    for (Worker worker : workers) {
      Thread thread = new Thread(worker, "queue-load-" + round + "-" + worker.name);
      thread.start();
      threads.add(thread);
    }
  }

  /** Kills the server under the load, then waits for every client to notice. */
  void killServer(VerdisProcess server) throws InterruptedException {
    killed.set(true);
    server.kill9();
    join();
  }

  /**
   * Lets every client but the producers finish its current step (blocking ones within their
   * timeout) and stop: from then on the queues only grow.
   */
  void stopConsumers() throws InterruptedException {
    consumersStopping.set(true);
    for (int i = 0; i < workers.size(); i++) {
      if (!(workers.get(i) instanceof Producer)) {
        join(threads.get(i));
      }
    }
  }

  /** Lets every client finish its current step and stop. */
  void stop() throws InterruptedException {
    consumersStopping.set(true);
    stopping.set(true);
    join();
  }

  private void join() throws InterruptedException {
    for (Thread thread : threads) {
      join(thread);
    }
  }

  private static void join(Thread thread) throws InterruptedException {
    thread.join(30_000);
    if (thread.isAlive()) {
      throw new IllegalStateException(thread.getName() + " did not end");
    }
  }

  /** The consumers' commands left without a reply. */
  List<JobLedger.InFlight> inFlight() {
    List<JobLedger.InFlight> inFlight = new ArrayList<>();
    for (Worker worker : workers) {
      if (worker instanceof BrpopConsumer brpop) {
        int[] pending = brpop.pending;
        List<Integer> queues = pending == null ? null : Arrays.stream(pending).boxed().toList();
        inFlight.add(new JobLedger.InFlight(worker.name, queues, -1, null, null));
      } else if (worker instanceof MoveConsumer move) {
        inFlight.add(new JobLedger.InFlight(worker.name, null, move.pendingMove, move.processing, move.pendingLrem));
      }
    }
    return inFlight;
  }

  /** Clients that failed before the end (an error reply, a closed connection …), and clients that did nothing. */
  List<String> failures() {
    List<String> failures = new ArrayList<>();
    for (Worker worker : workers) {
      if (worker.failure != null) {
        failures.add(worker.name + " failed: " + worker.failure);
      } else if (worker.done == 0) {
        failures.add(worker.name + " got nothing done");
      }
    }
    return failures;
  }

  String stats() {
    StringBuilder stats = new StringBuilder("round " + round + ":");
    for (Worker worker : workers) {
      stats.append(' ').append(worker.name).append('=').append(worker.done);
      if (worker.timeouts > 0) {
        stats.append('/').append(worker.timeouts).append(" timeouts");
      }
    }
    return stats.toString();
  }

  /** A client thread: its steps, one after another, until the load ends. */
  private abstract class Worker implements Runnable {
    final String name;
    volatile Throwable failure;
    /** Steps acknowledged, and blocking steps that timed out. */
    volatile long done;
    volatile long timeouts;

    Worker(String name) {
      this.name = name;
    }

    @Override
    public void run() {
      try (RawClient redis = new RawClient(port)) {
        while (!stopped()) {
          step(redis);
        }
      } catch (IOException | RuntimeException | Error e) {
        if (!killed.get()) {
          failure = e;
        }
      }
    }

    boolean stopped() {
      return consumersStopping.get();
    }

    abstract void step(RawClient redis) throws IOException;
  }

  private enum PushStyle { ONE, TWO_IN_ONE_RPUSH, TWO_IN_MULTI }

  private final class Producer extends Worker {
    private final PushStyle style;
    private final JobLedger.Producer log;
    private long seq;

    Producer(int id, PushStyle style) {
      super("producer" + id);
      this.style = style;
      this.log = ledger.producer("r" + round + "p" + id);
    }

    @Override
    boolean stopped() {
      return stopping.get();
    }

    @Override
    void step(RawClient redis) throws IOException {
      pauseInQuietPhase();
      int queue = (int) ((seq + round) % QueueKeys.QUEUES);
      int next = (queue + 1) % QueueKeys.QUEUES;
      switch (style) {
        case ONE -> {
          JobLedger.Job job = ledger.register(log, seq, "", queue);
          expectLength(1L, redis.request("RPUSH", keys.queue(queue), job.name()));
        }
        case TWO_IN_ONE_RPUSH -> {
          JobLedger.Job first = ledger.register(log, seq, "a", queue);
          JobLedger.Job second = ledger.register(log, seq, "b", queue);
          expectLength(2L, redis.request("RPUSH", keys.queue(queue), first.name(), second.name()));
        }
        default -> {
          JobLedger.Job first = ledger.register(log, seq, "a", queue);
          JobLedger.Job second = ledger.register(log, seq, "b", next);
          expectStatus("OK", redis.request("MULTI"));
          expectStatus("QUEUED", redis.request("RPUSH", keys.queue(queue), first.name()));
          expectStatus("QUEUED", redis.request("RPUSH", keys.queue(next), second.name()));
          Object replies = redis.request("EXEC");
          if (!(replies instanceof List<?> list) || list.size() != 2) {
            throw new IllegalStateException("EXEC answered " + replies);
          }
        }
      }
      log.acked = seq;
      seq++;
      done++;
    }

    /**
     * Producers all pause for the first {@link #QUIET_MS} of every {@link #CYCLE_MS}: the queues run
     * dry, consumers block (the shorter timeouts expire), and the first pushes after the pause
     * serve clients that waited long, on every shard at once. Once the consumers stop, no pauses.
     */
    private void pauseInQuietPhase() {
      long inCycle = System.currentTimeMillis() % CYCLE_MS;
      if (inCycle < QUIET_MS && !consumersStopping.get()) {
        try {
          Thread.sleep(QUIET_MS - inCycle);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** RPUSH answers the new length: at least what was pushed (consumers may have taken the rest). */
    private void expectLength(long pushed, Object reply) {
      if (!(reply instanceof Long length) || length < pushed) {
        throw new IllegalStateException("RPUSH answered " + reply);
      }
    }
  }

  private final class BrpopConsumer extends Worker {
    private final String[] command;
    private final int[] queues;
    /** The queues of the BRPOP sent and not answered yet, or null. */
    volatile int[] pending;

    BrpopConsumer(int id, int[] queues, String timeout) {
      super("brpop" + id);
      this.queues = queues;
      command = new String[queues.length + 2];
      command[0] = "BRPOP";
      for (int i = 0; i < queues.length; i++) {
        command[i + 1] = keys.queue(queues[i]);
      }
      command[command.length - 1] = timeout;
    }

    @Override
    void step(RawClient redis) throws IOException {
      pending = queues;
      Object reply = redis.request((Object[]) command);
      if (reply == null) {
        timeouts++;
      } else {
        List<?> popped = (List<?>) reply;
        String key = text(popped.get(0));
        String job = text(popped.get(1));
        ledger.delivered(job, new JobLedger.Delivery(name + "@" + round, null));
        JobLedger.Job known = ledger.job(job);
        if (known == null || !keys.queue(known.queue()).equals(key)) {
          ledger.violation("BRPOP answered " + job + " from " + key);
        }
        done++;
      }
      pending = null;
    }
  }

  private final class MoveConsumer extends Worker {
    private final String timeout;
    private final int id;
    final String processing;
    /** The queue of the BLMOVE sent and not answered yet, or -1. */
    volatile int pendingMove = -1;
    /** The job of the LREM sent and not answered yet, or null. */
    volatile String pendingLrem;
    private int turn;

    MoveConsumer(int id, String timeout) {
      super("blmove" + id);
      this.id = id;
      this.timeout = timeout;
      this.processing = QueueKeys.processing(round, id);
    }

    @Override
    void step(RawClient redis) throws IOException {
      int queue = (id + turn++) % QueueKeys.QUEUES;
      pendingMove = queue;
      Object reply = redis.request("BLMOVE", keys.queue(queue), processing, "LEFT", "RIGHT", timeout);
      if (reply == null) {
        timeouts++;
        pendingMove = -1;
        return;
      }
      String job = text(reply);
      ledger.delivered(job, new JobLedger.Delivery(name + "@" + round, processing));
      pendingLrem = job;
      pendingMove = -1;
      // "Handling" the job takes no time; then it leaves the processing list.
      Object removed = redis.request("LREM", processing, 1, job);
      if (!Long.valueOf(1).equals(removed)) {
        ledger.violation("LREM " + processing + " " + job + " answered " + removed);
      }
      ledger.finished(job);
      pendingLrem = null;
      done++;
    }
  }

  private final class Transfer extends Worker {
    private final Random random;

    Transfer(int id) {
      super("transfer" + id);
      random = new Random(round * 31L + id);
    }

    @Override
    void step(RawClient redis) throws IOException {
      int from = random.nextInt(QueueKeys.ACCOUNTS);
      int to = (from + 1 + random.nextInt(QueueKeys.ACCOUNTS - 1)) % QueueKeys.ACCOUNTS;
      int amount = 1 + random.nextInt(100);
      expectStatus("OK", redis.request("MULTI"));
      expectStatus("QUEUED", redis.request("DECRBY", keys.account(from), amount));
      expectStatus("QUEUED", redis.request("INCRBY", keys.account(to), amount));
      Object replies = redis.request("EXEC");
      if (!(replies instanceof List<?> list) || list.size() != 2) {
        throw new IllegalStateException("EXEC answered " + replies);
      }
      done++;
    }
  }

  private static void expectStatus(String status, Object reply) {
    if (!status.equals(reply)) {
      throw new IllegalStateException("expected " + status + ", got " + reply);
    }
  }

  private static String text(Object bulk) {
    return new String((byte[]) bulk, StandardCharsets.UTF_8);
  }
}
