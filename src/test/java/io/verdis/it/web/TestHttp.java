package io.verdis.it.web;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One HTTP exchange of the tests, read whole, through Vert.x core's HTTP client.
 *
 * <p>The body is asked for in the very callback that receives the response head. Vert.x hands a
 * response's chunks and its end to whoever listens when they arrive and drops them otherwise, so
 * {@code send().compose(...)} chained one future later than the head sometimes asks too late: its
 * {@code body()} never completes. Under load that showed as requests "hanging" with the server's
 * answer already sent.
 */
public final class TestHttp {
  private TestHttp() {
  }

  /** A response read whole. */
  public record Exchange(int status, MultiMap headers, Buffer body) {
    public String header(String name) {
      return headers.get(name);
    }

    public String text() {
      return body.toString();
    }
  }

  /** Sends {@code body} (none if null) as {@code options} say; the answer, body included. */
  public static Future<Exchange> exchange(HttpClient client, RequestOptions options, String body) {
    return client.request(options).compose(request -> (body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(bytes -> exchange(response, bytes))));
  }

  private static Exchange exchange(HttpClientResponse response, Buffer body) {
    return new Exchange(response.statusCode(), MultiMap.caseInsensitiveMultiMap().addAll(response.headers()), body);
  }
}
