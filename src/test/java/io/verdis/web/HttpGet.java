package io.verdis.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;

/** One GET against a node's HTTP port with Vert.x core's HTTP client: status, content type, body. */
record HttpGet(int status, String contentType, String body) {

  static HttpGet of(Vertx vertx, int port, String path) {
    HttpClient http = io.verdis.it.web.TestHttp.client(vertx);
    try {
      return http.request(HttpMethod.GET, port, "127.0.0.1", path)
          .compose(request -> request.send())
          .compose(response -> response.body()
              .map(body -> new HttpGet(response.statusCode(), response.getHeader("content-type"), body.toString())))
          .await();
    } finally {
      http.close().await();
    }
  }
}
