package io.verdis.web.admin;

import io.verdis.web.JsonBytes;

/** Bytes in a request body, by the JSON rule of io.verdis.web.JsonBytes, or a 400 saying what is wrong. */
final class RequestBytes {
  private RequestBytes() {
  }

  static byte[] of(Object value, String what) {
    if (value == null) {
      throw ApiException.badRequest("ERR " + what + " is missing");
    }
    byte[] bytes = JsonBytes.fromJson(value);
    if (bytes == null) {
      throw ApiException.badRequest("ERR " + what + " must be a string or {\"base64\":\"...\"} with valid base64");
    }
    return bytes;
  }
}
