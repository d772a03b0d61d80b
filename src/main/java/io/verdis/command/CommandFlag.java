package io.verdis.command;

/** Redis 7's command flags, with the names COMMAND INFO reports, in the order it reports them. */
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
  MAY_REPLICATE("may_replicate"),
  NO_ASYNC_LOADING("no_async_loading"),
  NO_MULTI("no_multi"),
  ALLOW_BUSY("allow_busy");

  private final String redisName;

  CommandFlag(String redisName) {
    this.redisName = redisName;
  }

  public String redisName() {
    return redisName;
  }
}
