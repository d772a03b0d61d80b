package io.verdis.it.web;

import io.verdis.it.TestServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tests of the HTTP side against one real node per test class, through Vert.x's own HTTP and
 * WebSocket clients: {@code get("/api/session").json()}, {@code connect("/ws").call(op)}. A
 * subclass picks the node's directives by overriding {@link #directives()}. Headers are given as
 * name, value pairs; no Origin header is sent unless given.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebTestBase {
  /** How long any single wait in these tests may take before it counts as a failure. */
  protected static final long WAIT_SECONDS = 20;

  protected TestServer server;
  protected Vertx vertx;
  protected HttpClient http;
  protected WebSocketClient webSockets;
  private final List<JsonSocket> sockets = new ArrayList<>();

  /** Command-line style directives of this class's node ({@code "--requirepass", "pw"}). */
  protected String[] directives() {
    return new String[0];
  }

  @BeforeAll
  void startWebServer() {
    server = TestServer.start(directives());
    vertx = Vertx.vertx();
    http = vertx.createHttpClient(new HttpClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(server.httpPort()));
    webSockets = webSocketClient(new WebSocketClientOptions());
  }

  @AfterAll
  void stopWebServer() {
    sockets.forEach(JsonSocket::close);
    if (vertx != null) {
      vertx.close().await();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A WebSocket client taking frames up to 16 MiB (the server's frames carry whole messages). */
  protected WebSocketClient webSocketClient(WebSocketClientOptions options) {
    return vertx.createWebSocketClient(options.setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20));
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  /** An HTTP answer, body read whole. */
  public record Answer(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray jsonArray() {
      return new JsonArray(body);
    }

    public String header(String name) {
      return headers.get(name);
    }
  }

  protected Answer request(HttpMethod method, String path, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path);
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return result(TestHttp.exchange(http, options, body)
        .map(exchange -> new Answer(exchange.status(), exchange.headers(), exchange.text())));
  }

  protected Answer get(String path, String... headers) {
    return request(HttpMethod.GET, path, null, headers);
  }

  protected Answer post(String path, JsonObject body, String... headers) {
    return request(HttpMethod.POST, path, body.encode(), headers);
  }

  // ---- WebSocket --------------------------------------------------------------------------------

  protected JsonSocket connect(String path, String... headers) {
    return connect(webSockets, path, headers);
  }

  /**
   * Handlers are set before the socket connects: on a socket handed over connected, a frame the
   * server sends at once could arrive before them and be dropped.
   */
  protected JsonSocket connect(WebSocketClient client, String path, String... headers) {
    ClientWebSocket socket = client.webSocket();
    JsonSocket json = new JsonSocket(socket);
    result(socket.connect(connectOptions(path, headers)));
    sockets.add(json);
    return json;
  }

  /** Expects the upgrade to be refused; returns the HTTP status of the refusal. */
  protected int refusedUpgrade(String path, String... headers) {
    try {
      WebSocket socket = result(webSockets.connect(connectOptions(path, headers)));
      socket.close();
      return fail("the upgrade of " + path + " was accepted");
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    }
  }

  private WebSocketConnectOptions connectOptions(String path, String... headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1")
        .setPort(server.httpPort())
        .setURI(path)
        .setAllowOriginHeader(false);
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
      // Without this the client drops an Origin header, even one given here.
      options.setAllowOriginHeader(options.getAllowOriginHeader() || headers[i].equalsIgnoreCase("Origin"));
    }
    return options;
  }

  /** A WebSocket speaking JSON text frames; received frames queue up until taken with {@link #next()}. */
  public static final class JsonSocket implements AutoCloseable {
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    JsonSocket(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
      socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
    }

    /** The Vert.x socket, for tests that read frames their own way. */
    public WebSocket socket() {
      return socket;
    }

    public void send(JsonObject frame) {
      send(frame.encode());
    }

    public void send(String text) {
      result(socket.writeTextMessage(text));
    }

    /** Sends a frame and returns the next one received. */
    public JsonObject call(JsonObject frame) {
      send(frame);
      return next();
    }

    /** The next frame received, waiting for it. */
    public JsonObject next() {
      try {
        JsonObject frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(frame, "no frame received");
        return frame;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** The next {@code count} frames. */
    public List<JsonObject> next(int count) {
      List<JsonObject> list = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        list.add(next());
      }
      return list;
    }

    /** Waits for the socket to close; its close status (1006 when the connection just ended). */
    public short awaitClose() {
      try {
        Short status = closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return status == null ? 1006 : status;
      } catch (Exception e) {
        throw new AssertionError("the socket did not close", e);
      }
    }

    @Override
    public void close() {
      if (!socket.isClosed()) {
        socket.close();
      }
    }
  }

  /** The result of {@code future}, waiting for it; its failure is thrown as it is. */
  protected static <T> T result(Future<T> future) {
    try {
      return future.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /** Waits until {@code condition} holds (a figure another thread updates), failing after a while. */
  protected static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
