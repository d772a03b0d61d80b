package io.verdis.it.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/**
 * The HTTP client of the web tests: a connection per request. With the client's keep-alive pool,
 * a request now and then never left the client (its pooled connection idle, nothing written, the
 * request future never completing), while the server answered hundreds of requests on one
 * kept-alive curl connection, throttled logins and refused upgrades included.
 */
public final class TestHttp {
  private TestHttp() {
  }

  public static HttpClient client(Vertx vertx, HttpClientOptions options) {
    return vertx.createHttpClient(options.setKeepAlive(false));
  }

  public static HttpClient client(Vertx vertx) {
    return client(vertx, new HttpClientOptions());
  }
}
