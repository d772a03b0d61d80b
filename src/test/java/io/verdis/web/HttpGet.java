package io.verdis.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.verdis.it.web.TestHttp;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** One GET against a node's HTTP port with Vert.x core's HTTP client: status, content type, body. */
record HttpGet(int status, String contentType, String body) {

  static HttpGet of(Vertx vertx, int port, String path) {
    HttpClient http = vertx.createHttpClient();
    try {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path);
      return TestHttp.exchange(http, options, null)
          .map(exchange -> new HttpGet(exchange.status(), exchange.header("content-type"), exchange.text()))
          .await();
    } finally {
      http.close().await();
    }
  }
}
