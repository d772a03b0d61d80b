package io.verdis.command;

/**
 * Redis 7's command flags, with the names COMMAND INFO reports, in the order it reports them.
 * may_replicate is not reported by Redis 7.0 (it marks what CLIENT PAUSE WRITE holds besides writes).
 */
public enum CommandFlag {
  WRITE("write"),
  READONLY("readonly"),
  DENYOOM("denyoom"),
  ADMIN("admin"),
  PUBSUB("pubsub"),
  NOSCRIPT("noscript"),
  BLOCKING("blocking"),
  LOADING("loading"),
  STALE("stale"),
  SKIP_MONITOR("skip_monitor"),
  SKIP_SLOWLOG("skip_slowlog"),
  FAST("fast"),
  NO_AUTH("no_auth"),
  MAY_REPLICATE("may_replicate", false),
  /** EVAL, FCALL: may be called without keys (Redis routes them to any node then). */
  NO_MANDATORY_KEYS("no_mandatory_keys"),
  /** DEBUG: refused unless enable-debug-command allows the client (hidden by Redis 7.0 too). */
  PROTECTED("protected", false),
  NO_ASYNC_LOADING("no_async_loading"),
  NO_MULTI("no_multi"),
  ALLOW_BUSY("allow_busy");

  private final String redisName;
  private final boolean reported;

  CommandFlag(String redisName) {
    this(redisName, true);
  }

  CommandFlag(String redisName, boolean reported) {
    this.redisName = redisName;
    this.reported = reported;
  }

  /** Whether COMMAND INFO lists it, as redis-server 7.0 does. */
  public boolean reported() {
    return reported;
  }

  public String redisName() {
    return redisName;
  }
}
