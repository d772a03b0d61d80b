package io.verdis.it.web;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With requirepass set, the API's own connections are authenticated inside the server: a client
 * admitted over HTTP (here with the Bearer header the security handlers accept) needs no AUTH.
 */
@ExtendWith(VertxExtension.class)
class AdminApiWithPasswordTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("--requirepass", "s3cret");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theApiWritesWhatAnAuthenticatedRespClientReads(Vertx vertx) throws Exception {
    HttpClient http = vertx.createHttpClient();
    String body = new JsonObject().put("type", "list").put("value", new io.vertx.core.json.JsonArray().add("a").add("b")).encode();
    int status = http.request(HttpMethod.PUT, server.httpPort(), "127.0.0.1", "/api/key?key=guarded")
        .compose(request -> request.putHeader("authorization", "Bearer s3cret").send(body))
        .map(response -> response.statusCode())
        .await();
    http.close().await();
    assertEquals(200, status);
    try (RawClient raw = new RawClient(server.port())) {
      assertEquals("-NOAUTH Authentication required.\r\n", raw.call("llen", "guarded"));
      assertEquals("+OK\r\n", raw.call("auth", "s3cret"));
      assertEquals(":2\r\n", raw.call("llen", "guarded"));
    }
  }
}
