import io.verdis.embed.EmbeddedVerdis;
import io.verdis.store.KeyValueStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Java API (io.verdis.store.KeyValueStore) in-process against the same API over the Vert.x
 * Redis client on loopback, both on one embedded node: SET/GET pairs per second with 1 and with 8
 * callers, each caller waiting for its reply before the next call (as application code does).
 * Also the embedded node's start-up time to the first command's reply, cold (first in the JVM)
 * and warm. Run it with the built jar on the class path:
 *
 *   mvn -B -q -DskipTests package && java -cp target/verdis.jar src/bench/StoreBench.java [seconds]
 */
public final class StoreBench {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.out.printf("start-up to first reply: cold %.0f ms, warm %.0f ms%n", startToFirstReply(), startToFirstReply());
    EmbeddedVerdis verdis = EmbeddedVerdis.builder().start().await();
    Vertx vertx = Vertx.vertx();
    try {
      KeyValueStore inProcess = KeyValueStore.of(verdis);
      KeyValueStore remote = KeyValueStore.open(vertx, "redis://127.0.0.1:" + verdis.port()).await();
      for (int callers : new int[] {1, 8}) {
        run("warm-up", inProcess, callers, 2);
        double local = run("in-process", inProcess, callers, seconds);
        run("warm-up", remote, callers, 2);
        double network = run("Vert.x Redis client, loopback", remote, callers, seconds);
        System.out.printf("  %d caller(s): in-process / loopback = %.2f%n", callers, local / network);
      }
      remote.close().await();
      inProcess.close().await();
    } finally {
      vertx.close().await();
      verdis.close();
    }
  }

  private static double startToFirstReply() throws Exception {
    long start = System.nanoTime();
    EmbeddedVerdis verdis = EmbeddedVerdis.builder().start().await();
    KeyValueStore store = KeyValueStore.of(verdis);
    store.put("k", "v").await();
    double ms = (System.nanoTime() - start) / 1e6;
    store.close().await();
    verdis.close();
    return ms;
  }

  /** SET then GET of one key per caller, repeated; operations (SETs and GETs) per second. */
  private static double run(String name, KeyValueStore store, int callers, int seconds) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    LongAdder operations = new LongAdder();
    CountDownLatch done = new CountDownLatch(callers);
    List<Thread> threads = new ArrayList<>();
    Buffer value = Buffer.buffer("x".repeat(32));
    for (int c = 0; c < callers; c++) {
      String key = "bench:" + c;
      Thread thread = new Thread(() -> {
        try {
          while (running.get()) {
            store.put(key, value).await();
            store.get(key).await();
            operations.add(2);
          }
        } finally {
          done.countDown();
        }
      }, "caller-" + c);
      threads.add(thread);
      thread.start();
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    running.set(false);
    done.await();
    double perSecond = operations.sum() / (double) seconds;
    if (!name.equals("warm-up")) {
      System.out.printf("%-32s %d caller(s): %,.0f ops/s%n", name, callers, perSecond);
    }
    return perSecond;
  }
}
