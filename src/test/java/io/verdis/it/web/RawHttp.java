package io.verdis.it.web;

import io.verdis.it.RawClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand over a raw socket, for what Vert.x's client will not send (a foreign
 * Host header, a half-sent head) and for reading exactly what the server answers.
 */
final class RawHttp {
  private RawHttp() {
  }

  /** A request head (and body, if any) with {@code Connection: close}; header lines as "Name: value". */
  static String request(String method, String path, String body, String... headerLines) {
    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    if (body != null) {
      request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    if (body != null) {
      request.append(body);
    }
    return request.toString();
  }

  /** A WebSocket upgrade request for {@code path}; header lines as "Name: value" (Host among them). */
  static String upgrade(String path, String... headerLines) {
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    return request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").toString();
  }

  /** Sends {@code request} on a fresh connection and reads the answer until the server closes. */
  static String exchange(int port, String request) throws IOException {
    try (RawClient raw = new RawClient(port)) {
      raw.send(request);
      return raw.readToEnd();
    }
  }

  /** Sends {@code request} on a fresh connection; the status code of the answer's head. */
  static int status(int port, String request) throws IOException {
    try (RawClient raw = new RawClient(port)) {
      raw.send(request);
      return status(raw.readUntil("\r\n"));
    }
  }

  /** The status code of a status line ("HTTP/1.1 421 Misdirected Request"). */
  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }
}
