import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * PUBLISH fan-out load tool: one publisher, N subscribers to one channel, counting every
 * {@code message} each subscriber gets. Subscribers are RESP connections and, optionally, some
 * WebSocket connections speaking Verdis's {@code /ws} JSON protocol; both kinds are non-blocking
 * SocketChannels shared out over a few threads with one Selector each, parsed in place without
 * per-message allocation, so the tool costs far less CPU per message than the server it loads.
 * JDK only, so it runs as {@code java Fanout.java --port 6379 ...} (or compiled with javac);
 * {@code src/bench/fanout.sh} runs it against Verdis and redis-server side by side.
 *
 * <p>Two modes. Timed (default): publish as fast as the server takes it for a warm-up, then measure
 * delivered messages/s summed over all subscribers, publishes/s and publish-to-receipt latency
 * over {@code --seconds}, then stop publishing and check that every subscriber got everything.
 * Counted ({@code --messages M}): publish exactly M messages and check that each of the N
 * subscribers received exactly M, in order (received == N*M).
 *
 * <p>Each payload starts with the publisher's {@code System.nanoTime()} as 16 hex digits (the same
 * JVM reads the clock on receipt, so no clock skew), padded with letters to {@code --payload}
 * bytes; payloads under 16 bytes carry no time stamp and latency reads n/a.
 *
 * <p>Flow control: the publisher keeps at most {@code --pipeline} PUBLISH commands unanswered, and
 * stops while the messages published but not yet received average more than {@code --max-lag}
 * per subscriber, so the server's subscriber output buffers stay bounded (Redis disconnects a
 * subscriber past client-output-buffer-limit pubsub 32mb) and the rate measured is the rate the
 * server sustains end to end, not how fast it can fill memory.
 */
public final class Fanout {
  private static final byte[] MESSAGE = ascii("message");
  private static final byte[] SUBSCRIBE = ascii("subscribe");
  private static final byte[] KEY_TYPE = ascii("\"type\"");
  private static final byte[] KEY_DATA = ascii("\"data\"");
  private static final byte[] KEY_COUNT = ascii("\"count\"");
  private static final byte[] TYPE_MESSAGE = ascii("message\"");
  private static final byte[] TYPE_SUBSCRIBE = ascii("subscribe\"");
  private static final byte[] TYPE_ERROR = ascii("error\"");
  private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int STAMP_DIGITS = 16;

  private final Options opt;
  private final Stats stats = new Stats();
  private final List<Reader> readers = new ArrayList<>();
  private final List<Sub> subs = new ArrayList<>();
  private final List<Conn> conns = new ArrayList<>();
  private final List<JdkWsSub> jdkSubs = new ArrayList<>();
  private final List<ExecutorService> httpExecutors = new ArrayList<>();
  /** Counts of the JDK WebSocket client's listener calls, per whatever thread the client uses. */
  private final ThreadLocal<Tally> jdkTally = ThreadLocal.withInitial(() -> new Tally(stats));
  private Publisher publisher;

  private Fanout(Options opt) {
    this.opt = opt;
  }

  public static void main(String[] args) throws Exception {
    Options opt;
    try {
      opt = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("Fanout: " + e.getMessage() + " (--help for the options)");
      System.exit(2);
      return;
    }
    if (opt == null) {
      System.out.print(Options.USAGE);
      return;
    }
    int rc;
    Fanout run = new Fanout(opt);
    try {
      rc = run.run();
    } catch (Exception e) {
      System.out.println("  FAILED: " + (e instanceof Failure ? e.getMessage() : e.toString()));
      System.out.println("RESULT label=" + opt.label + " ok=0");
      rc = 1;
    } finally {
      run.close();
    }
    System.exit(rc);
  }

  // ------------------------------------------------------------------ the run

  private int run() throws Exception {
    int resp = opt.subscribers - opt.ws;
    System.out.printf(Locale.ROOT, "fanout %s: %s:%d, %d subscribers (%d RESP + %d WebSocket%s), payload %d B,"
            + " pipeline %d, max lag %d/subscriber, %d reader threads%s, %s%n",
        opt.label, opt.host, opt.port, opt.subscribers, resp, opt.ws,
        opt.ws > 0 ? " on ws://" + opt.host + ":" + opt.httpPort + opt.wsPath + ", " + opt.wsClient + " client" : "",
        opt.payload, opt.pipeline, opt.maxLag, Math.min(opt.threads, opt.subscribers),
        opt.rate > 0 ? ", rate " + opt.rate + " publishes/s" : "",
        opt.messages > 0 ? opt.messages + " messages" : opt.seconds + " s after " + opt.warmup + " s warm-up");

    long t0 = System.nanoTime();
    connect(resp, opt.ws);
    readers.forEach(Thread::start);
    awaitSubscribed(t0);
    System.out.printf(Locale.ROOT, "  subscribed:  %d subscribers confirmed in %.2f s%n",
        opt.subscribers, secondsSince(t0));

    publisher = new Publisher();
    return opt.messages > 0 ? counted() : timed();
  }

  /** Timed mode: warm-up, measured window, then stop and check that nothing went missing. */
  private int timed() throws Exception {
    publisher.start();
    sleepWatching(opt.warmup * 1000L);
    Snapshot a = snapshot();
    stats.measuring = true;
    sleepWatching(opt.seconds * 1000L);
    stats.measuring = false;
    Snapshot b = snapshot();
    publisher.finish();
    List<String> problems = new ArrayList<>();
    long expected = drain(problems);

    double secs = (b.nanos - a.nanos) / 1e9;
    long delivered = b.received - a.received;
    Histogram lat = mergedHistogram();
    System.out.printf(Locale.ROOT, "  delivered:   %,.0f msg/s summed over subscribers (%,d messages in %.2f s)%n",
        delivered / secs, delivered, secs);
    if (opt.ws > 0 && opt.ws < opt.subscribers) {
      System.out.printf(Locale.ROOT, "               RESP %,.0f msg/s (%,.0f per subscriber), WebSocket %,.0f msg/s (%,.0f per subscriber)%n",
          (b.respReceived - a.respReceived) / secs, (b.respReceived - a.respReceived) / secs / (opt.subscribers - opt.ws),
          (b.wsReceived - a.wsReceived) / secs, (b.wsReceived - a.wsReceived) / secs / opt.ws);
    }
    System.out.printf(Locale.ROOT, "  publisher:   %,.0f PUBLISH/s (%,d replies)%n", (b.replied - a.replied) / secs, b.replied - a.replied);
    printLatency(lat);
    printCpu(a, b, secs);
    printChecks(problems, expected);
    System.out.printf(Locale.ROOT, "RESULT label=%s subscribers=%d ws=%d delivered_per_s=%.0f resp_per_s=%.0f ws_per_s=%.0f"
            + " publishes_per_s=%.0f p50_us=%s p99_us=%s tool_cpu=%s server_cpu=%s ok=%d%n",
        opt.label, opt.subscribers, opt.ws, delivered / secs, (b.respReceived - a.respReceived) / secs,
        (b.wsReceived - a.wsReceived) / secs, (b.replied - a.replied) / secs,
        micros(lat, 0.50), micros(lat, 0.99), cpuPercent(a.toolCpu, b.toolCpu, secs),
        cpuPercent(a.serverCpu, b.serverCpu, secs), problems.isEmpty() ? 1 : 0);
    return problems.isEmpty() ? 0 : 1;
  }

  /** Counted mode: exactly M publishes; every subscriber must receive all M, in order. */
  private int counted() throws Exception {
    Snapshot a = snapshot();
    stats.measuring = true;
    publisher.start();
    while (publisher.isAlive()) { // it stops by itself after M replies
      if (stats.error != null) throw new Failure(stats.error);
      publisher.join(20);
    }
    publisher.rethrow();
    List<String> problems = new ArrayList<>();
    long expected = drain(problems);
    stats.measuring = false;
    Snapshot b = snapshot();
    double secs = (b.nanos - a.nanos) / 1e9;
    long want = (long) opt.subscribers * opt.messages;
    if (publisher.sent.get() != opt.messages) {
      problems.add("published " + publisher.sent.get() + " messages, expected " + opt.messages);
    }
    if (b.received != want) {
      problems.add("received " + b.received + " messages in all, expected N*M = " + want);
    }
    System.out.printf(Locale.ROOT, "  delivered:   %,d messages (N*M = %d*%d = %,d) in %.2f s, %,.0f msg/s%n",
        b.received, opt.subscribers, opt.messages, want, secs, b.received / secs);
    printLatency(mergedHistogram());
    printChecks(problems, expected);
    System.out.printf(Locale.ROOT, "RESULT label=%s subscribers=%d ws=%d messages=%d received=%d expected=%d ok=%d%n",
        opt.label, opt.subscribers, opt.ws, opt.messages, b.received, want, problems.isEmpty() ? 1 : 0);
    return problems.isEmpty() ? 0 : 1;
  }

  /**
   * After the last PUBLISH reply, waits until the subscribers hold every message the replies
   * promised (sum of receivers); returns that sum. Lost, duplicated, reordered messages and
   * disconnected subscribers become problems.
   */
  private long drain(List<String> problems) throws InterruptedException {
    long expected = publisher.receivers.get();
    long sentTimesN = publisher.replied.get() * opt.subscribers;
    long deadline = System.nanoTime() + opt.drainTimeout * 1_000_000_000L;
    long target = Math.max(expected, sentTimesN);
    long received;
    while ((received = stats.received()) < target && System.nanoTime() < deadline && stats.error == null) {
      Thread.sleep(5);
    }
    Thread.sleep(50); // anything beyond the expected count (duplicates) shows up here
    received = stats.received();
    if (stats.error != null) {
      problems.add(stats.error);
    }
    if (expected != sentTimesN) {
      problems.add("PUBLISH replies counted " + expected + " receivers in all, expected " + publisher.replied.get()
          + " publishes x " + opt.subscribers + " subscribers = " + sentTimesN);
    }
    if (received != expected) {
      problems.add((received < expected ? "lost " + (expected - received) : "got " + (received - expected) + " more than")
          + " messages: received " + received + ", the PUBLISH replies counted " + expected
          + (received < expected ? " (waited " + opt.drainTimeout + " s)" : ""));
    }
    long[] range = perSubscriberRange();
    long published = publisher.replied.get();
    if (range[0] != published || range[1] != published) {
      problems.add("per subscriber received min " + range[0] + " max " + range[1] + ", expected every one to get all "
          + published + " messages published");
    }
    long outOfOrder = 0;
    for (Sub s : subs) outOfOrder += s.outOfOrder;
    if (outOfOrder > 0) {
      problems.add(outOfOrder + " messages arrived out of publish order");
    }
    if (stats.unexpected.get() > 0) {
      problems.add(stats.unexpected.get() + " unexpected frames (not a message or subscribe confirmation)");
    }
    return expected;
  }

  // ------------------------------------------------------------------ connections

  /**
   * Opens every subscriber and sends its SUBSCRIBE: connections one by one with blocking I/O (no
   * connect storm past the listen backlog, upgrade handshakes read simply), then non-blocking,
   * registered with the readers round-robin (RESP and WebSocket mixed on every reader) before
   * the readers start, so registering never waits on a select in progress.
   */
  private void connect(int resp, int ws) throws Exception {
    boolean jdk = opt.wsClient.equals("jdk");
    int nio = resp + (jdk ? 0 : ws);
    int threads = Math.min(opt.threads, Math.max(1, nio));
    for (int i = 0; i < threads && nio > 0; i++) readers.add(new Reader(i));
    InetSocketAddress respAddr = new InetSocketAddress(opt.host, opt.port);
    InetSocketAddress httpAddr = ws > 0 ? new InetSocketAddress(opt.host, opt.httpPort) : null;
    byte[] subscribe = command("SUBSCRIBE", opt.channel);
    byte[] wsSubscribe = maskedFrame(0x1, wsSubscribeText().getBytes(StandardCharsets.UTF_8));
    // Interleave the kinds, so that each reader thread serves its share of both.
    int r = 0;
    int w = jdk ? ws : 0;
    for (int i = 0; r < resp || w < ws; i++) {
      boolean webSocket = w < ws && (r >= resp || (long) w * resp <= (long) r * ws);
      Conn c;
      if (webSocket) {
        SocketChannel ch = open(httpAddr, "WebSocket subscriber " + (w + 1));
        conns.add(c = new WsConn(ch));
        upgrade(c, ch);
        ch.write(ByteBuffer.wrap(wsSubscribe));
        w++;
      } else {
        SocketChannel ch = open(respAddr, "RESP subscriber " + (r + 1));
        conns.add(c = new RespConn(ch));
        ch.write(ByteBuffer.wrap(subscribe));
        r++;
      }
      subs.add(c);
      c.ch.configureBlocking(false);
      c.ch.register(readers.get(i % threads).selector, SelectionKey.OP_READ, c);
    }
    if (jdk) connectJdk(ws);
  }

  private String wsSubscribeText() {
    return "{\"op\":\"subscribe\",\"channels\":[\"" + opt.channel + "\"]}";
  }

  private static SocketChannel open(InetSocketAddress addr, String what) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    try {
      ch.connect(addr);
    } catch (IOException e) {
      ch.close();
      throw new Failure(what + " could not connect to " + addr + ": " + e.getMessage());
    }
    return ch;
  }

  /**
   * The client side of the WebSocket opening handshake (RFC 6455 4.1), blocking: GET with a random
   * key, then 101 with the matching Sec-WebSocket-Accept. No Origin header (not a browser), no
   * extensions. Bytes after the response head are kept as the connection's first carry.
   */
  private void upgrade(Conn c, SocketChannel ch) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String request = "GET " + opt.wsPath + " HTTP/1.1\r\nHost: " + opt.host + ":" + opt.httpPort
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) ch.write(out);
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    int headEnd;
    while ((headEnd = indexOf(in.array(), in.position(), "\r\n\r\n")) < 0) {
      if (!in.hasRemaining()) throw new Failure("WebSocket upgrade: response head over 16 KiB");
      if (ch.read(in) < 0) throw new Failure("WebSocket upgrade: the server closed the connection");
    }
    String head = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
    String status = head.lines().findFirst().orElse("");
    if (!status.matches("HTTP/1\\.1 101\\b.*")) {
      throw new Failure("WebSocket upgrade of " + opt.wsPath + " refused: " + status);
    }
    String accept = null;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
        accept = line.substring(colon + 1).trim();
      }
    }
    if (!acceptFor(key).equals(accept)) {
      throw new Failure("WebSocket upgrade: Sec-WebSocket-Accept " + accept + ", expected " + acceptFor(key));
    }
    int rest = in.position() - (headEnd + 4);
    c.carry = Arrays.copyOfRange(in.array(), headEnd + 4, headEnd + 4 + rest);
    c.carryLen = rest;
  }

  private static String acceptFor(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(byte[] b, int end, String what) {
    outer:
    for (int i = 0; i + what.length() <= end; i++) {
      for (int j = 0; j < what.length(); j++) {
        if (b[i + j] != what.charAt(j)) continue outer;
      }
      return i;
    }
    return -1;
  }

  /** A client frame (RFC 6455 5.2): FIN, the opcode, the length, a random mask, the masked payload. */
  private static byte[] maskedFrame(int opcode, byte[] payload) {
    int len = payload.length;
    int lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
    byte[] f = new byte[2 + lenBytes + 4 + len];
    f[0] = (byte) (0x80 | opcode);
    f[1] = (byte) (0x80 | (lenBytes == 0 ? len : lenBytes == 2 ? 126 : 127));
    for (int i = 0; i < lenBytes; i++) f[2 + i] = (byte) ((long) len >>> (8 * (lenBytes - 1 - i)));
    int maskAt = 2 + lenBytes;
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, f, maskAt, 4);
    for (int i = 0; i < len; i++) f[maskAt + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
    return f;
  }

  /** The WebSocket subscribers on java.net.http instead ({@code --ws-client jdk}). */
  private void connectJdk(int count) throws Exception {
    int clients = Math.max(1, Math.min(opt.threads, count));
    List<HttpClient> httpClients = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      ExecutorService ex = Executors.newFixedThreadPool(2, task -> {
        Thread t = new Thread(task, "ws-client");
        t.setDaemon(true);
        return t;
      });
      httpExecutors.add(ex);
      httpClients.add(HttpClient.newBuilder().executor(ex).connectTimeout(Duration.ofSeconds(10)).build());
    }
    URI uri = URI.create("ws://" + opt.host + ":" + opt.httpPort + opt.wsPath);
    // Opened in batches, so the upgrade requests do not all hit the listen backlog at once.
    for (int from = 0; from < count; from += 50) {
      List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 50); i++) {
        JdkWsSub sub = new JdkWsSub();
        jdkSubs.add(sub);
        subs.add(sub);
        batch.add(httpClients.get(i % clients).newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, sub));
      }
      for (int i = 0; i < batch.size(); i++) {
        WebSocket ws;
        try {
          ws = batch.get(i).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          throw new Failure("WebSocket subscriber " + (from + i + 1) + " could not open " + uri + ": " + cause);
        }
        jdkSubs.get(from + i).ws = ws;
        ws.sendText(wsSubscribeText(), true);
      }
    }
  }

  private void awaitSubscribed(long t0) throws InterruptedException {
    long deadline = t0 + opt.subscribeTimeout * 1_000_000_000L;
    while (stats.subscribed() < opt.subscribers) {
      if (stats.error != null) throw new Failure(stats.error);
      if (System.nanoTime() > deadline) {
        throw new Failure("only " + stats.subscribed() + " of " + opt.subscribers + " subscribers confirmed within "
            + opt.subscribeTimeout + " s");
      }
      Thread.sleep(5);
    }
  }

  private void sleepWatching(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      if (stats.error != null) throw new Failure(stats.error);
      publisher.rethrow();
      Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000L)));
    }
  }

  private void close() {
    if (publisher != null) publisher.halt();
    for (Reader r : readers) r.halt();
    for (JdkWsSub s : jdkSubs) if (s.ws != null) s.ws.abort();
    for (ExecutorService ex : httpExecutors) ex.shutdownNow();
    for (Conn s : conns) {
      try {
        s.ch.close();
      } catch (IOException ignored) {
        // closing at exit
      }
    }
  }

  // ------------------------------------------------------------------ figures

  private Snapshot snapshot() {
    long resp = stats.respReceived();
    long ws = stats.wsReceived();
    return new Snapshot(System.nanoTime(), resp + ws, resp, ws, publisher.replied.get(),
        cpu(ProcessHandle.current()), opt.serverPid > 0 ? cpu(ProcessHandle.of(opt.serverPid).orElse(null)) : -1);
  }

  private static long cpu(ProcessHandle p) {
    if (p == null) return -1;
    Optional<Duration> d = p.info().totalCpuDuration();
    return d.map(Duration::toNanos).orElse(-1L);
  }

  private Histogram mergedHistogram() {
    stats.received(); // acquire: the histograms were written before each thread's count release
    Histogram all = new Histogram();
    for (Tally t : stats.tallies) all.add(t.latency);
    return all;
  }

  private long[] perSubscriberRange() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Sub s : subs) {
      min = Math.min(min, s.count);
      max = Math.max(max, s.count);
    }
    return new long[] {min, max};
  }

  private void printLatency(Histogram h) {
    if (opt.payload < STAMP_DIGITS) {
      System.out.println("  latency:     n/a (payload under " + STAMP_DIGITS + " bytes carries no time stamp)");
    } else if (h.total == 0) {
      System.out.println("  latency:     no samples");
    } else {
      System.out.printf(Locale.ROOT, "  latency:     publish -> receipt p50 %s  p90 %s  p99 %s  p99.9 %s  max %s (%,d samples)%n",
          human(h.percentile(0.50)), human(h.percentile(0.90)), human(h.percentile(0.99)),
          human(h.percentile(0.999)), human(h.max), h.total);
    }
  }

  private void printCpu(Snapshot a, Snapshot b, double secs) {
    System.out.printf(Locale.ROOT, "  cpu:         load tool %s%%, server %s%% (of one core; %d cores here)%n",
        cpuPercent(a.toolCpu, b.toolCpu, secs), cpuPercent(a.serverCpu, b.serverCpu, secs),
        Runtime.getRuntime().availableProcessors());
  }

  private void printChecks(List<String> problems, long expected) {
    long[] range = perSubscriberRange();
    System.out.printf(Locale.ROOT, "  per subscriber: min %,d max %,d messages%n", range[0], range[1]);
    if (problems.isEmpty()) {
      System.out.printf(Locale.ROOT, "  check:       OK, all %,d deliveries arrived: every subscriber got every message published, in order%n", expected);
    } else {
      for (String p : problems) System.out.println("  FAILED: " + p);
    }
  }

  private static String cpuPercent(long from, long to, double secs) {
    if (from < 0 || to < 0) return "n/a";
    return String.format(Locale.ROOT, "%.0f", (to - from) / 1e9 / secs * 100);
  }

  private static String micros(Histogram h, double p) {
    return h.total == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", h.percentile(p) / 1000.0);
  }

  private static String human(long nanos) {
    if (nanos < 1_000_000) return String.format(Locale.ROOT, "%.0f us", nanos / 1000.0);
    if (nanos < 1_000_000_000) return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private record Snapshot(long nanos, long received, long respReceived, long wsReceived, long replied,
                          long toolCpu, long serverCpu) {
  }

  // ------------------------------------------------------------------ shared counters

  /** What every receiving thread reports (through its Tally), and the first error. */
  private static final class Stats {
    final List<Tally> tallies = new CopyOnWriteArrayList<>();
    final AtomicLong unexpected = new AtomicLong();
    volatile boolean measuring;
    volatile String error;

    long respReceived() {
      long n = 0;
      for (Tally t : tallies) n += t.resp.get();
      return n;
    }

    long wsReceived() {
      long n = 0;
      for (Tally t : tallies) n += t.ws.get();
      return n;
    }

    long received() {
      return respReceived() + wsReceived();
    }

    long subscribed() {
      long n = 0;
      for (Tally t : tallies) n += t.subscribed.get();
      return n;
    }

    void fail(String message) {
      if (error == null) error = message;
    }
  }

  /**
   * The counts and latencies of one receiving thread: single writer, so no contended writes; the
   * counters are released after the histogram is written, so whoever reads a count sees at least
   * the samples behind it.
   */
  private static final class Tally {
    final Counter resp = new Counter();
    final Counter ws = new Counter();
    final Counter subscribed = new Counter();
    final Histogram latency = new Histogram();

    Tally(Stats stats) {
      stats.tallies.add(this);
    }
  }

  /** A count with one writing thread: a release store instead of a locked add. */
  private static final class Counter {
    private final AtomicLong value = new AtomicLong();

    void add(long n) {
      value.lazySet(value.get() + n);
    }

    long get() {
      return value.get();
    }
  }

  /**
   * Latencies in nanoseconds, log-linear: exact below 64 ns, then 64 buckets per power of two
   * (under 1.6% error). Written by one thread, merged at the end.
   */
  private static final class Histogram {
    private static final int SUB = 64;
    final long[] counts = new long[SUB * 59];
    long total;
    long max;

    void record(long nanos) {
      long v = Math.max(0, nanos);
      counts[index(v)]++;
      total++;
      if (v > max) max = v;
    }

    static int index(long v) {
      if (v < SUB) return (int) v;
      int e = 63 - Long.numberOfLeadingZeros(v); // >= 6
      return (e - 5) * SUB + (int) ((v >>> (e - 6)) & (SUB - 1));
    }

    static long valueAt(int index) {
      if (index < SUB) return index;
      int e = index / SUB + 5;
      long width = 1L << (e - 6);
      return ((long) (SUB + index % SUB) << (e - 6)) + width / 2;
    }

    void add(Histogram h) {
      for (int i = 0; i < counts.length; i++) counts[i] += h.counts[i];
      total += h.total;
      max = Math.max(max, h.max);
    }

    long percentile(double p) {
      long rank = Math.max(1, (long) Math.ceil(p * total));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) return Math.min(valueAt(i), max);
      }
      return max;
    }
  }

  // ------------------------------------------------------------------ subscribers

  /**
   * What one subscriber received. Written by one thread at a time (its reader thread, or the JDK
   * client's listener calls, which are sequential), read by the main thread at the end.
   */
  private static class Sub {
    long count;
    long lastStamp = Long.MIN_VALUE;
    long outOfOrder;
  }

  /** Counts one message whose time stamp, if any, starts at {@code stampAt}. */
  private static void received(Sub s, Tally t, byte[] b, int stampAt, boolean stamped, long now, boolean measuring) {
    s.count++;
    if (stamped) {
      long stamp = parseHex(b, stampAt);
      if (stamp < s.lastStamp) s.outOfOrder++;
      s.lastStamp = stamp;
      if (measuring) t.latency.record(now - stamp);
    }
  }

  /**
   * One text message of the /ws JSON protocol: {@code {"type":"message",...,"data":...}} counts,
   * {@code {"type":"subscribe",...,"count":1}} confirms, {@code {"type":"error",...}} fails the run.
   * Member order and spacing are free.
   */
  private void json(Sub s, Tally t, byte[] b, int from, int to, long now, boolean measuring) {
    int type = valueStart(b, from, to, KEY_TYPE);
    if (startsWith(b, type, to, TYPE_MESSAGE)) {
      int data = valueStart(b, from, to, KEY_DATA);
      received(s, t, b, data, opt.payload >= STAMP_DIGITS && data >= 0 && data + STAMP_DIGITS <= to, now, measuring);
    } else if (startsWith(b, type, to, TYPE_SUBSCRIBE)) {
      int n = valueStart(b, from, to, KEY_COUNT);
      if (n < 0 || b[n] != '1' || (n + 1 < to && Character.isDigit(b[n + 1]))) {
        stats.fail("WebSocket subscribe confirmation without \"count\":1: " + new String(b, from, to - from, StandardCharsets.UTF_8));
      }
      t.subscribed.add(1);
    } else if (startsWith(b, type, to, TYPE_ERROR)) {
      stats.fail("a WebSocket subscriber got an error: " + new String(b, from, to - from, StandardCharsets.UTF_8));
    } else {
      stats.unexpected.incrementAndGet();
    }
  }

  /**
   * Where the value of JSON member {@code "key"} starts (after the opening quote for a string),
   * or -1. Enough for the server's flat objects; {@code key} is {@code "name"} with its quotes.
   */
  private static int valueStart(byte[] b, int from, int to, byte[] key) {
    outer:
    for (int i = from; i + key.length < to; i++) {
      for (int j = 0; j < key.length; j++) {
        if (b[i + j] != key[j]) continue outer;
      }
      int p = i + key.length;
      while (p < to && b[p] == ' ') p++;
      if (p >= to || b[p] != ':') continue;
      p++;
      while (p < to && b[p] == ' ') p++;
      if (p >= to) return -1;
      return b[p] == '"' ? p + 1 : p;
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int at, int to, byte[] prefix) {
    if (at < 0 || at + prefix.length > to) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) return false;
    }
    return true;
  }

  /** A subscriber on a non-blocking SocketChannel, served by one Reader. */
  private abstract static class Conn extends Sub {
    final SocketChannel ch;
    byte[] carry = new byte[0]; // the start of a frame the last read cut off
    int carryLen;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }

    abstract String kind();

    /** Handles the whole frames in {@code b[p..end)}; returns where the first incomplete one starts. */
    abstract int consume(Reader r, byte[] b, int p, int end, long now, boolean measuring) throws IOException;
  }

  /** A RESP subscriber: counts {@code message} pushes and {@code subscribe} confirmations. */
  private final class RespConn extends Conn {
    RespConn(SocketChannel ch) {
      super(ch);
    }

    @Override
    String kind() {
      return "RESP";
    }

    @Override
    int consume(Reader r, byte[] b, int p, int end, long now, boolean measuring) {
      RespFrame f = r.frame;
      int next;
      while ((next = f.parse(b, p, end)) >= 0) {
        if (f.count == 3 && f.type[0] == '$' && f.type[2] == '$' && equal(b, f.start[0], f.len[0], MESSAGE)) {
          received(this, r.tally, b, f.start[2], f.len[2] >= STAMP_DIGITS, now, measuring);
        } else if (f.count == 3 && f.type[0] == '$' && f.type[2] == ':' && equal(b, f.start[0], f.len[0], SUBSCRIBE)) {
          if (f.integer != 1) stats.fail("SUBSCRIBE confirmation counted " + f.integer + " channels, expected 1");
          r.tally.subscribed.add(1);
        } else if (f.count == -1) {
          stats.fail("a RESP subscriber got an error: " + new String(b, f.start[0], f.len[0], StandardCharsets.UTF_8));
        } else {
          stats.unexpected.incrementAndGet();
        }
        p = next;
      }
      return p;
    }
  }

  /**
   * A WebSocket subscriber (RFC 6455 client side, no extensions): the upgrade is done blocking
   * when it connects; here it reads unmasked server frames, reassembles fragmented text messages,
   * answers pings, and hands each text message to {@link #json}.
   */
  private final class WsConn extends Conn {
    private byte[] partial = new byte[0];
    private int partialLen;
    private boolean fragmented;

    WsConn(SocketChannel ch) {
      super(ch);
    }

    @Override
    String kind() {
      return "WebSocket";
    }

    @Override
    int consume(Reader r, byte[] b, int p, int end, long now, boolean measuring) throws IOException {
      while (p + 2 <= end) {
        int b0 = b[p] & 0xff;
        int b1 = b[p + 1] & 0xff;
        if ((b1 & 0x80) != 0) throw new IOException("the server sent a masked WebSocket frame");
        long len = b1 & 0x7f;
        int header = 2;
        if (len == 126) {
          if (p + 4 > end) break;
          len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
          header = 4;
        } else if (len == 127) {
          if (p + 10 > end) break;
          len = 0;
          for (int i = 2; i < 10; i++) len = (len << 8) | (b[p + i] & 0xff);
          header = 10;
        }
        if (len > r.buf.capacity() / 2) throw new IOException("a WebSocket frame of " + len + " bytes, over the read buffer");
        int start = p + header;
        if (start + len > end) break;
        frame(r, b0 & 0x80, b0 & 0x0f, b, start, (int) len, now, measuring);
        p = start + (int) len;
      }
      return p;
    }

    private void frame(Reader r, int fin, int opcode, byte[] b, int start, int len, long now, boolean measuring)
        throws IOException {
      switch (opcode) {
        case 0x1, 0x0 -> { // text, continuation
          if (fin != 0 && !fragmented) {
            json(this, r.tally, b, start, start + len, now, measuring);
            return;
          }
          fragmented = true;
          if (partialLen + len > partial.length) partial = Arrays.copyOf(partial, Math.max(partialLen + len, 2 * partial.length));
          System.arraycopy(b, start, partial, partialLen, len);
          partialLen += len;
          if (fin != 0) {
            json(this, r.tally, partial, 0, partialLen, now, measuring);
            partialLen = 0;
            fragmented = false;
          }
        }
        case 0x8 -> {
          int code = len >= 2 ? ((b[start] & 0xff) << 8) | (b[start + 1] & 0xff) : 1005;
          throw new IOException("the server closed a WebSocket subscriber: " + code + " "
              + new String(b, start + Math.min(2, len), Math.max(0, len - 2), StandardCharsets.UTF_8));
        }
        case 0x9 -> { // ping: pong with the same payload
          ByteBuffer pong = ByteBuffer.wrap(maskedFrame(0xA, Arrays.copyOfRange(b, start, start + len)));
          for (int tries = 0; pong.hasRemaining() && tries < 1000; tries++) ch.write(pong);
        }
        case 0xA -> {
          // pong: nothing to do
        }
        default -> stats.unexpected.incrementAndGet(); // binary or reserved
      }
    }
  }

  /** A scratch RESP frame parser, one per reader thread. */
  private static final class RespFrame {
    final int[] start = new int[8];
    final int[] len = new int[8];
    final byte[] type = new byte[8];
    /** Elements of the last array or push; -1 for an error line, 0 for another simple line. */
    int count;
    long integer;

    /**
     * Parses one whole frame at {@code p}: an array or push of bulk strings and integers, or a
     * line (an error's text goes to element 0). Returns the offset after it, or -1 when the
     * frame is not complete yet.
     */
    int parse(byte[] b, int p, int end) {
      if (p >= end) return -1;
      byte t = b[p];
      int eol = lineEnd(b, p + 1, end);
      if (eol < 0) return -1;
      if (t != '*' && t != '>') {
        count = t == '-' ? -1 : 0;
        start[0] = p + 1;
        len[0] = eol - p - 1;
        return eol + 2;
      }
      int n = (int) parseLong(b, p + 1, eol);
      p = eol + 2;
      for (int i = 0; i < n; i++) {
        if (p >= end) return -1;
        byte et = b[p];
        eol = lineEnd(b, p + 1, end);
        if (eol < 0) return -1;
        long v = parseLong(b, p + 1, eol);
        int slot = Math.min(i, type.length - 1);
        type[slot] = et;
        if (et == '$') {
          int l = (int) v;
          int s = eol + 2;
          if (s + l + 2 > end) return -1;
          start[slot] = s;
          len[slot] = l;
          p = s + l + 2;
        } else if (et == ':') {
          integer = v;
          p = eol + 2;
        } else {
          throw new IllegalStateException("unexpected RESP element type '" + (char) et + "' in a push");
        }
      }
      count = n;
      return p;
    }
  }

  /** A thread with its own Selector over a share of the subscriber connections. */
  private final class Reader extends Thread {
    final Selector selector;
    final Tally tally = new Tally(stats);
    final RespFrame frame = new RespFrame();
    final ByteBuffer buf;
    volatile boolean stop;

    Reader(int i) throws IOException {
      super("reader-" + i);
      setDaemon(true);
      selector = Selector.open();
      // Room for a carried partial frame plus several whole frames in one read.
      buf = ByteBuffer.allocate(Math.max(256 * 1024, 8 * (opt.payload + opt.channel.length() + 256)));
    }

    void halt() {
      stop = true;
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (!stop) {
          selector.select(100);
          var keys = selector.selectedKeys();
          for (SelectionKey key : keys) {
            if (key.isValid() && key.isReadable()) read((Conn) key.attachment(), key);
          }
          keys.clear();
        }
      } catch (IOException | RuntimeException e) {
        if (!stop) stats.fail(getName() + ": " + e);
      } finally {
        try {
          selector.close();
        } catch (IOException ignored) {
          // exiting
        }
      }
    }

    /** One read per readiness, so a busy connection cannot starve the others on this selector. */
    private void read(Conn c, SelectionKey key) {
      buf.clear();
      if (c.carryLen > 0) buf.put(c.carry, 0, c.carryLen);
      long before = c.count;
      int end;
      int pos;
      try {
        if (c.ch.read(buf) < 0) throw new IOException("closed by the server");
        end = buf.position();
        pos = c.consume(this, buf.array(), 0, end, System.nanoTime(), stats.measuring);
      } catch (IOException | RuntimeException e) {
        key.cancel();
        if (!stop) stats.fail("a " + c.kind() + " subscriber failed after " + c.count + " messages: " + e.getMessage());
        return;
      }
      int rest = end - pos;
      if (rest > c.carry.length) c.carry = new byte[Math.max(rest, 2 * c.carry.length)];
      System.arraycopy(buf.array(), pos, c.carry, 0, rest);
      c.carryLen = rest;
      if (c.count != before) (c instanceof WsConn ? tally.ws : tally.resp).add(c.count - before);
    }
  }

  /**
   * A WebSocket subscriber on the JDK's java.net.http client ({@code --ws-client jdk}): a second,
   * independent implementation of the client side, to cross-check the NIO one; far more CPU per
   * message (hand-offs between the client's selector and executor threads), so not the default.
   */
  private final class JdkWsSub extends Sub implements WebSocket.Listener {
    volatile WebSocket ws;
    private StringBuilder partial;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE); // no per-message demand round trip
    }

    @Override
    public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (!last || (partial != null && partial.length() > 0)) {
        if (partial == null) partial = new StringBuilder();
        partial.append(data);
        if (!last) return null;
        data = partial.toString();
        partial.setLength(0);
      }
      Tally t = jdkTally.get();
      byte[] b = data.toString().getBytes(StandardCharsets.UTF_8);
      long before = count;
      json(this, t, b, 0, b.length, System.nanoTime(), stats.measuring);
      if (count != before) t.ws.add(count - before);
      return null;
    }

    @Override
    public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      stats.unexpected.incrementAndGet();
      return null;
    }

    @Override
    public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      stats.fail("the server closed a WebSocket subscriber: " + statusCode + " " + reason + " (after " + count + " messages)");
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      stats.fail("a WebSocket subscriber failed: " + error);
    }
  }

  private static int lineEnd(byte[] b, int p, int end) {
    for (int i = p; i < end - 1; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') return i;
    }
    return -1;
  }

  private static long parseLong(byte[] b, int from, int to) {
    boolean neg = from < to && b[from] == '-';
    long v = 0;
    for (int i = neg ? from + 1 : from; i < to; i++) v = v * 10 + (b[i] - '0');
    return neg ? -v : v;
  }

  private static long parseHex(byte[] b, int from) {
    long v = 0;
    for (int i = from; i < from + STAMP_DIGITS; i++) v = (v << 4) | hexValue(b[i]);
    return v;
  }

  private static int hexValue(int c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
  }

  private static boolean equal(byte[] b, int from, int len, byte[] word) {
    if (len != word.length) return false;
    for (int i = 0; i < len; i++) {
      if ((b[from + i] | 0x20) != word[i]) return false; // case-insensitive: "message" / "MESSAGE"
    }
    return true;
  }

  // ------------------------------------------------------------------ publisher

  /**
   * One connection, blocking I/O on its own thread: keeps up to {@code --pipeline} PUBLISH
   * commands unanswered, sums the receivers the replies count.
   */
  private final class Publisher extends Thread {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong replied = new AtomicLong();
    final AtomicLong receivers = new AtomicLong();
    private final SocketChannel ch;
    private final byte[] head;
    private final byte[] tail;
    private volatile boolean stop;
    private volatile Throwable failure;

    Publisher() throws IOException {
      super("publisher");
      setDaemon(true);
      ch = SocketChannel.open(new InetSocketAddress(opt.host, opt.port));
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      byte[] channel = opt.channel.getBytes(StandardCharsets.UTF_8);
      head = ascii("*3\r\n$7\r\nPUBLISH\r\n$" + channel.length + "\r\n" + opt.channel + "\r\n$" + opt.payload + "\r\n");
      // Filler after the time stamp: letters, valid UTF-8, nothing JSON must escape.
      int fill = Math.max(0, opt.payload - STAMP_DIGITS);
      tail = new byte[(opt.payload >= STAMP_DIGITS ? fill : opt.payload) + 2];
      for (int i = 0; i < tail.length - 2; i++) tail[i] = (byte) ('a' + i % 26);
      tail[tail.length - 2] = '\r';
      tail[tail.length - 1] = '\n';
    }

    /** Stops publishing and waits until every outstanding PUBLISH is answered. */
    void finish() throws InterruptedException {
      stop = true;
      join(opt.drainTimeout * 1000L);
      rethrow();
      if (isAlive()) throw new Failure("the publisher's last replies did not arrive within " + opt.drainTimeout + " s");
    }

    void halt() {
      stop = true;
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing at exit
      }
    }

    void rethrow() {
      if (failure != null) throw new Failure("publisher: " + failure);
    }

    @Override
    public void run() {
      try {
        publish();
      } catch (Throwable e) {
        if (!stop || failure == null) failure = e;
      }
    }

    private void publish() throws IOException {
      int frameLen = head.length + (opt.payload >= STAMP_DIGITS ? STAMP_DIGITS : 0) + tail.length;
      ByteBuffer out = ByteBuffer.allocate(frameLen * opt.pipeline);
      ByteBuffer in = ByteBuffer.allocate(64 * 1024);
      byte[] stamp = new byte[STAMP_DIGITS];
      long limit = opt.messages > 0 ? opt.messages : Long.MAX_VALUE;
      long n = 0;      // sent
      long done = 0;   // replied
      long start = System.nanoTime();
      while (true) {
        boolean more = !stop && n < limit && stats.error == null;
        if (more) {
          long k = Math.min(opt.pipeline - (n - done), limit - n);
          if (k > 0) k = Math.min(k, opt.maxLag - (n - stats.received() / opt.subscribers));
          if (k > 0 && opt.rate > 0) k = Math.min(k, (long) ((System.nanoTime() - start) / 1e9 * opt.rate) - n);
          if (k > 0) {
            out.clear();
            long now = System.nanoTime();
            if (opt.payload >= STAMP_DIGITS) hex(now, stamp);
            for (long i = 0; i < k; i++) {
              out.put(head);
              if (opt.payload >= STAMP_DIGITS) out.put(stamp);
              out.put(tail);
            }
            out.flip();
            while (out.hasRemaining()) ch.write(out);
            n += k;
            sent.lazySet(n);
          }
        }
        if (n == done) {
          if (!more) return;
          LockSupport.parkNanos(100_000); // held back by --max-lag or --rate with nothing in flight
          continue;
        }
        int r = ch.read(in);
        if (r < 0) throw new IOException("the server closed the publisher's connection");
        in.flip();
        long got = 0;
        long sum = 0;
        byte[] b = in.array();
        int p = 0;
        int end = in.limit();
        int eol;
        while (p < end && (eol = lineEnd(b, p + 1, end)) >= 0) {
          if (b[p] != ':') {
            throw new IOException("PUBLISH failed: " + new String(b, p, eol - p, StandardCharsets.UTF_8));
          }
          sum += parseLong(b, p + 1, eol);
          got++;
          p = eol + 2;
        }
        in.position(p);
        in.compact();
        done += got;
        receivers.lazySet(receivers.get() + sum);
        replied.lazySet(done);
      }
    }
  }

  private static void hex(long v, byte[] out) {
    for (int i = STAMP_DIGITS - 1; i >= 0; i--) {
      int d = (int) (v & 15);
      out[i] = (byte) (d < 10 ? '0' + d : 'a' + d - 10);
      v >>>= 4;
    }
  }

  // ------------------------------------------------------------------ small things

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] command(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A run that cannot go on: reported as FAILED with exit status 1. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private static final class Options {
    static final String USAGE = """
        Usage: java Fanout.java [options]
          --host H              server address                               [127.0.0.1]
          --port P              RESP port                                    [6379]
          --http-port P         HTTP port for the WebSocket subscribers      [none]
          --ws-path PATH        WebSocket endpoint                           [/ws]
          --subscribers N       subscribers in all                           [1000]
          --ws N                how many of them use WebSocket, the rest RESP [0]
          --ws-client nio|jdk   WebSocket client: this tool's own on NIO, or
                                java.net.http (a cross-check; much more CPU) [nio]
          --channel NAME        channel                                      [fanout:<pid>]
          --payload BYTES       message size; >= 16 carries a time stamp     [32]
          --pipeline N          PUBLISH commands in flight                   [16]
          --max-lag N           messages published but not yet received,
                                on average per subscriber, before the
                                publisher waits                              [1000]
          --rate N              PUBLISH/s cap, 0 = as fast as possible        [0]
          --seconds S           measured time                                [10]
          --warmup S            unmeasured time before it                    [2]
          --messages M          counted mode instead: publish exactly M and
                                check every subscriber got all M (N*M)
          --threads N           reader threads, one Selector each           [processors]
          --server-pid PID      also report this process's CPU use
          --label NAME          name in the output                           [server]
          --subscribe-timeout S / --drain-timeout S                          [60 / 30]
        Prints a report and one line "RESULT key=value ..." for scripts; exit status 0 when every
        message arrived (and every check passed), 1 otherwise, 2 for bad options.
        """;

    String host = "127.0.0.1";
    int port = 6379;
    int httpPort = -1;
    String wsPath = "/ws";
    String wsClient = "nio";
    int subscribers = 1000;
    int ws = 0;
    /** Unique per run, so two runs against one server cannot count each other's messages. */
    String channel = "fanout:" + ProcessHandle.current().pid();
    int payload = 32;
    int pipeline = 16;
    long maxLag = 1000;
    long rate = 0;
    int seconds = 10;
    int warmup = 2;
    long messages = 0;
    int threads = Runtime.getRuntime().availableProcessors();
    long serverPid = 0;
    String label = "server";
    int subscribeTimeout = 60;
    int drainTimeout = 30;

    /** The options, or null for --help. */
    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("-h") || name.equals("--help")) return null;
        if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value");
        String v = args[++i];
        switch (name) {
          case "--host" -> o.host = v;
          case "--port" -> o.port = (int) number(name, v, 1, 65535);
          case "--http-port" -> o.httpPort = (int) number(name, v, 1, 65535);
          case "--ws-path" -> o.wsPath = v;
          case "--ws-client" -> {
            if (!v.equals("nio") && !v.equals("jdk")) throw new IllegalArgumentException("--ws-client must be nio or jdk");
            o.wsClient = v;
          }
          case "--subscribers" -> o.subscribers = (int) number(name, v, 1, 1_000_000);
          case "--ws" -> o.ws = (int) number(name, v, 0, 1_000_000);
          case "--channel" -> o.channel = v;
          case "--payload" -> o.payload = (int) number(name, v, 0, 64 * 1024 * 1024);
          case "--pipeline" -> o.pipeline = (int) number(name, v, 1, 100_000);
          case "--max-lag" -> o.maxLag = number(name, v, 1, Long.MAX_VALUE / 2);
          case "--rate" -> o.rate = number(name, v, 0, 1_000_000_000);
          case "--seconds" -> o.seconds = (int) number(name, v, 1, 86_400);
          case "--warmup" -> o.warmup = (int) number(name, v, 0, 86_400);
          case "--messages" -> o.messages = number(name, v, 1, Long.MAX_VALUE / 2);
          case "--threads" -> o.threads = (int) number(name, v, 1, 1024);
          case "--server-pid" -> o.serverPid = number(name, v, 1, Long.MAX_VALUE);
          case "--label" -> o.label = v;
          case "--subscribe-timeout" -> o.subscribeTimeout = (int) number(name, v, 1, 86_400);
          case "--drain-timeout" -> o.drainTimeout = (int) number(name, v, 1, 86_400);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      if (o.ws > o.subscribers) throw new IllegalArgumentException("--ws " + o.ws + " is more than --subscribers " + o.subscribers);
      if (o.ws > 0 && o.httpPort < 0) throw new IllegalArgumentException("--ws needs --http-port");
      if (!o.channel.matches("[A-Za-z0-9:_.-]+")) {
        throw new IllegalArgumentException("--channel: letters, digits and :_.- only (it goes into JSON unescaped)");
      }
      return o;
    }

    private static long number(String name, String v, long min, long max) {
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
      }
      if (n < min || n > max) throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + n);
      return n;
    }
  }
}
