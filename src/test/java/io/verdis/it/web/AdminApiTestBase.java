package io.verdis.it.web;

import io.verdis.it.RedisTestBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tests of the JSON admin API through a real HTTP client (Vert.x core's), next to the Vert.x Redis
 * client of {@link RedisTestBase} to write or read the same data over RESP.
 */
public abstract class AdminApiTestBase extends RedisTestBase {
  protected HttpClient http;

  /** One HTTP answer: status and body. */
  protected record HttpReply(int status, Buffer body) {
    public JsonObject json() {
      return body.toJsonObject();
    }

    public JsonArray array() {
      return body.toJsonArray();
    }

    public String error() {
      return json().getString("error");
    }
  }

  @BeforeEach
  void openHttp(Vertx vertx) {
    http = vertx.createHttpClient();
  }

  @AfterEach
  void closeHttp() {
    http.close().await();
  }

  protected HttpReply request(HttpMethod method, String uri, String body) {
    try {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(server.httpPort())
          .setURI(uri);
      if (body != null) {
        options.addHeader("content-type", "application/json");
      }
      return TestHttp.exchange(http, options, body)
          .map(exchange -> new HttpReply(exchange.status(), exchange.body()))
          .await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer to " + method + " " + uri + " within 60 s", e);
    }
  }

  protected HttpReply get(String uri) {
    return request(HttpMethod.GET, uri, null);
  }

  protected HttpReply delete(String uri) {
    return request(HttpMethod.DELETE, uri, null);
  }

  protected HttpReply put(String uri, JsonObject body) {
    return request(HttpMethod.PUT, uri, body.encode());
  }

  protected HttpReply post(String uri, JsonObject body) {
    return request(HttpMethod.POST, uri, body.encode());
  }

  /** GET that must answer 200 with a JSON object. */
  protected JsonObject getJson(String uri) {
    HttpReply reply = get(uri);
    assertEquals(200, reply.status(), () -> uri + " answered " + reply.body());
    return reply.json();
  }

  protected JsonObject ok(HttpReply reply) {
    assertEquals(200, reply.status(), () -> "answered " + reply.body());
    return reply.json();
  }

  /** A query parameter value, percent-encoded. */
  protected static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
