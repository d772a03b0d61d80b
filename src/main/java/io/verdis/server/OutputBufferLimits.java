package io.verdis.server;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code client-output-buffer-limit} directive: for each client class (normal, replica,
 * pubsub) a hard limit and a soft limit with its seconds, as Redis's
 * {@code client-output-buffer-limit <class> <hard> <soft> <soft seconds>}.
 *
 * <p>A text names only some classes ({@code pubsub 32mb 8mb 60}); it changes those and keeps
 * the others, so a parsed value remembers which classes it named ({@link #update}). Equality
 * looks at the limits only.
 */
public final class OutputBufferLimits {
  /** One class's limits; 0 bytes means no limit. */
  public record Limit(long hardBytes, long softBytes, long softSeconds) {
    @Override
    public String toString() {
      return hardBytes + " " + softBytes + " " + softSeconds;
    }
  }

  /** Redis's names, in the order CONFIG GET lists them ("replica" is accepted for "slave"). */
  private static final List<String> CLASSES = List.of("normal", "slave", "pubsub");
  private static final int NORMAL = 0;
  private static final int REPLICA = 1;
  private static final int PUBSUB = 2;

  static final String WRONG_COUNT = "Wrong number of arguments in buffer limit configuration.";
  static final String BAD_CLASS = "Invalid client class specified in buffer limit configuration.";
  static final String BAD_LIMIT = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";

  private final Limit[] limits;
  /** Which classes the parsed text named (bit per class); a merged value names them all. */
  private final int named;

  private OutputBufferLimits(Limit[] limits, int named) {
    this.limits = limits;
    this.named = named;
  }

  /** Redis's default: {@code normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60}. */
  public static final OutputBufferLimits DEFAULT = new OutputBufferLimits(new Limit[] {
      new Limit(0, 0, 0), new Limit(256L << 20, 64L << 20, 60), new Limit(32L << 20, 8L << 20, 60)}, 0b111);

  public Limit normal() {
    return limits[NORMAL];
  }

  public Limit replica() {
    return limits[REPLICA];
  }

  /** The limits of clients subscribed to anything (RESP subscribers, WebSockets). */
  public Limit pubsub() {
    return limits[PUBSUB];
  }

  /**
   * Parses {@code <class> <hard> <soft> <seconds>} repeated, with Redis's checks and messages
   * (updateClientOutputBufferLimit): all or nothing. Classes not named keep the defaults here;
   * {@link #update} applies only the named ones to a running value.
   */
  static OutputBufferLimits parse(List<String> args) throws InvalidValueException {
    if (args.equals(List.of(""))) {
      args = List.of();
    }
    if (args.size() % 4 != 0) {
      throw new InvalidValueException(WRONG_COUNT);
    }
    Limit[] parsed = DEFAULT.limits.clone();
    int named = 0;
    for (int i = 0; i < args.size(); i += 4) {
      int type = classOf(args.get(i));
      long hard;
      long soft;
      long seconds;
      try {
        hard = MemorySize.parse(args.get(i + 1));
        soft = MemorySize.parse(args.get(i + 2));
        seconds = Long.parseLong(args.get(i + 3));
      } catch (InvalidValueException | NumberFormatException e) {
        throw new InvalidValueException(BAD_LIMIT);
      }
      if (seconds < 0) {
        throw new InvalidValueException(BAD_LIMIT);
      }
      parsed[type] = new Limit(hard, soft, seconds);
      named |= 1 << type;
    }
    return new OutputBufferLimits(parsed, named);
  }

  private static int classOf(String name) throws InvalidValueException {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("replica")) {
      return REPLICA;
    }
    int index = CLASSES.indexOf(lower);
    if (index < 0) {
      throw new InvalidValueException(BAD_CLASS);
    }
    return index;
  }

  /** This value with the classes {@code given} named replaced by its limits. */
  OutputBufferLimits update(OutputBufferLimits given) {
    Limit[] merged = limits.clone();
    for (int type = 0; type < merged.length; type++) {
      if ((given.named & (1 << type)) != 0) {
        merged[type] = given.limits[type];
      }
    }
    return new OutputBufferLimits(merged, 0b111);
  }

  /** As CONFIG GET shows it: every class, in bytes. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int type = 0; type < limits.length; type++) {
      text.append(type == 0 ? "" : " ").append(CLASSES.get(type)).append(' ').append(limits[type]);
    }
    return text.toString();
  }

  /** As a config file line's arguments: sizes with units where exact (Redis's rewrite does the same). */
  String toFileText() {
    StringBuilder text = new StringBuilder();
    for (int type = 0; type < limits.length; type++) {
      Limit limit = limits[type];
      text.append(type == 0 ? "" : " ").append(CLASSES.get(type)).append(' ')
          .append(MemorySize.format(limit.hardBytes())).append(' ')
          .append(MemorySize.format(limit.softBytes())).append(' ').append(limit.softSeconds());
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutputBufferLimits that && java.util.Arrays.equals(limits, that.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash((Object[]) limits);
  }
}
