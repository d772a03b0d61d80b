package io.verdis.web.admin;

/** A request the admin API answers with an error: the HTTP status and the Redis-style error text. */
final class ApiException extends RuntimeException {
  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException noSuchKey() {
    return new ApiException(404, "ERR no such key");
  }

  int status() {
    return status;
  }
}
