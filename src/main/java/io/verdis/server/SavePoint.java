package io.verdis.server;

/**
* One {@code save} condition: snapshot when at least {@code changes} writes happened within
* {@code seconds}, as in Redis's {@code save <seconds> <changes>}.
*/
public record SavePoint(long seconds, int changes) {

  @Override
  public String toString() {
    return seconds + " " + changes;
  }
}
