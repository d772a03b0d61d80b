package io.verdis.server;

import io.verdis.pubsub.NotifyFlags;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
* The kind of value a directive holds: how its arguments are checked and parsed, and how the value
* is shown by CONFIG GET and written by CONFIG REWRITE. The rejection reasons are Redis 7's own
* words, since CONFIG SET quotes them to clients.
*
* <p>Parsed values are immutable and compare with {@code equals}: Integer, Long, Boolean, String,
* or an unmodifiable List.
*/
sealed interface ValueType {

  String WRONG_ARGUMENT_COUNT = "wrong number of arguments";
  String NOT_AN_INTEGER = "argument couldn't be parsed into an integer";

  /** Parses the directive's arguments (one, unless {@link #multiArg()}). */
  Object parse(List<String> args) throws InvalidValueException;

  /** The value as CONFIG GET shows it. */
  String render(Object value);

  /** The value as the arguments of a config file line. */
  default String renderForFile(Object value) {
    return render(value);
  }

  /**
  * Whether the directive takes a list of arguments ({@code save 3600 1 300 100}). A single
  * such argument, as CONFIG SET or an environment variable give it, is split first.
  */
  default boolean multiArg() {
    return false;
  }

  /**
  * Combines a value with one set by an earlier line of the same config file. Normally the later
  * line wins; Redis lets {@code save} lines add up instead.
  */
  default Object accumulate(Object earlier, Object later) {
    return later;
  }

  /**
  * The value after {@code given} is applied to a directive that has {@code current} (its
  * default, an earlier source, the running value for CONFIG SET). Normally it replaces it;
  * {@code client-output-buffer-limit} changes only the classes it names, as in Redis.
  */
  default Object update(Object current, Object given) {
    return given;
  }

  static ValueType integer(int min, int max) {
    return new IntRange(min, max);
  }

  static ValueType longInteger(long min, long max) {
    return new LongRange(min, max);
  }

  static ValueType memory(long min, long max) {
    return new Memory(min, max);
  }

  /** Bytes, or a percentage of maxmemory ({@code maxmemory-clients}). */
  static ValueType memoryOrPercent() {
    return new MemoryOrPercent();
  }

  static ValueType yesNo() {
    return new YesNo();
  }

  static ValueType oneOf(String... values) {
    return new OneOf(List.of(values));
  }

  static ValueType text() {
    return new Text(value -> { });
  }

  static ValueType text(TextRule rule) {
    return new Text(rule);
  }

  /** {@code bind}: at most Redis's CONFIG_BINDADDR_MAX addresses. */
  static ValueType addresses() {
    return new WordList(16, "Too many bind addresses specified.");
  }

  /** A list of words without a limit ({@code http-allowed-origins}). */
  static ValueType words() {
    return new WordList(Integer.MAX_VALUE, null);
  }

  static ValueType savePoints() {
    return new SavePoints();
  }

  static ValueType outputBufferLimits() {
    return new OutputBufferLimitList();
  }

  static ValueType keyspaceEventClasses() {
    return new KeyspaceEventClasses();
  }

  /** A check on a string value, failing with Redis's message. */
  @FunctionalInterface
  interface TextRule {
    void check(String value) throws InvalidValueException;
  }

  /** Redis's string2ll: an optional '-', no '+', no leading zeros, no blanks, no overflow. */
  private static long strictLong(String text) throws InvalidValueException {
    if (!text.equals("0") && !looksLikeNonZeroNumber(text)) {
      throw new InvalidValueException(NOT_AN_INTEGER);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException overflow) {
      throw new InvalidValueException(NOT_AN_INTEGER);
    }
  }

  private static String single(List<String> args) throws InvalidValueException {
    if (args.size() != 1) {
      throw new InvalidValueException(WRONG_ARGUMENT_COUNT);
    }
    return args.get(0);
  }

  private static void checkRange(long value, long min, long max) throws InvalidValueException {
    if (value < min || value > max) {
      throw new InvalidValueException("argument must be between " + min + " and " + max + " inclusive");
    }
  }

  private static boolean looksLikeNonZeroNumber(String text) {
    int first = text.startsWith("-") ? 1 : 0;
    if (text.length() == first || text.charAt(first) < '1' || text.charAt(first) > '9') {
      return false;
    }
    for (int i = first + 1; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  record IntRange(int min, int max) implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      long value = strictLong(single(args));
      checkRange(value, min, max);
      return (int) value;
    }

    @Override
    public String render(Object value) {
      return value.toString();
    }
  }

  record LongRange(long min, long max) implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      long value = strictLong(single(args));
      checkRange(value, min, max);
      return value;
    }

    @Override
    public String render(Object value) {
      return value.toString();
    }
  }

  /** Bytes, written with units in files; CONFIG GET shows the plain byte count, as Redis does. */
  record Memory(long min, long max) implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      long value = MemorySize.parse(single(args));
      checkRange(value, min, max);
      return value;
    }

    @Override
    public String render(Object value) {
      return value.toString();
    }

    @Override
    public String renderForFile(Object value) {
      return MemorySize.format((Long) value);
    }
  }

  /**
   * Redis's MEMORY_CONFIG | PERCENT_CONFIG ({@code maxmemory-clients}): a memory value, or a whole
   * percentage up to 100 written {@code 10%}, held as Redis holds it, negated (-10), so one Long
   * says both. CONFIG GET and the file show the percentage with its sign.
   */
  record MemoryOrPercent() implements ValueType {
    private static final String INVALID = "argument must be a memory or percent value";

    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      String text = single(args);
      if (text.length() > 1 && text.endsWith("%")) {
        long percent;
        try {
          percent = strictLong(text.substring(0, text.length() - 1));
        } catch (InvalidValueException notANumber) {
          throw new InvalidValueException(INVALID);
        }
        if (percent < 0) {
          throw new InvalidValueException(INVALID);
        }
        if (percent > 100) {
          throw new InvalidValueException("percentage argument must be less or equal to 100");
        }
        return -percent;
      }
      try {
        return MemorySize.parse(text);
      } catch (InvalidValueException notAMemoryValue) {
        throw new InvalidValueException(INVALID);
      }
    }

    @Override
    public String render(Object value) {
      long bytes = (Long) value;
      return bytes < 0 ? -bytes + "%" : Long.toString(bytes);
    }

    @Override
    public String renderForFile(Object value) {
      long bytes = (Long) value;
      return bytes < 0 ? -bytes + "%" : MemorySize.format(bytes);
    }
  }

  record YesNo() implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      String text = single(args);
      if (text.equalsIgnoreCase("yes")) {
        return Boolean.TRUE;
      } else if (text.equalsIgnoreCase("no")) {
        return Boolean.FALSE;
      }
      throw new InvalidValueException("argument must be 'yes' or 'no'");
    }

    @Override
    public String render(Object value) {
      return (Boolean) value ? "yes" : "no";
    }
  }

  /** One of fixed lower-case names, matched case-insensitively; listed in Redis's order. */
  record OneOf(List<String> values) implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      String text = single(args).toLowerCase(Locale.ROOT);
      if (values.contains(text)) {
        return text;
      }
      throw new InvalidValueException("argument(s) must be one of the following: " + String.join(", ", values));
    }

    @Override
    public String render(Object value) {
      return (String) value;
    }
  }

  record Text(TextRule rule) implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      String text = single(args);
      rule.check(text);
      return text;
    }

    @Override
    public String render(Object value) {
      return (String) value;
    }

    /** Always quoted, as Redis's rewrite does, so blanks and '#' survive. */
    @Override
    public String renderForFile(Object value) {
      return ArgSplitter.quote((String) value);
    }
  }

  /**
  * A list of words, such as the listen addresses of {@code bind} (where a leading '-' marks an
  * address to skip when it is not available, as in Redis). A single empty argument means none
  * given (for {@code bind}: every interface). At most {@code max} words, else {@code tooMany}.
  */
  record WordList(int max, String tooMany) implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      if (args.equals(List.of(""))) {
        return List.of();
      }
      if (args.isEmpty()) {
        throw new InvalidValueException(WRONG_ARGUMENT_COUNT);
      }
      if (args.size() > max) {
        throw new InvalidValueException(tooMany);
      }
      return List.copyOf(args);
    }

    @Override
    public String render(Object value) {
      return String.join(" ", asStrings(value));
    }

    @Override
    public String renderForFile(Object value) {
      List<String> addresses = asStrings(value);
      if (addresses.isEmpty()) {
        return "\"\"";
      }
      List<String> quoted = new ArrayList<>(addresses.size());
      for (String address : addresses) {
        quoted.add(ArgSplitter.quoteIfNeeded(address));
      }
      return String.join(" ", quoted);
    }

    @Override
    public boolean multiArg() {
      return true;
    }

    @SuppressWarnings("unchecked")
    private static List<String> asStrings(Object value) {
      return (List<String>) value;
    }
  }

  /**
  * {@code save} as Redis 7 takes it: pairs of seconds (at least 1) and changes (at least 0),
  * or a single empty argument for no snapshots. Several {@code save} lines in one file add up,
  * and a {@code save ""} line clears what came before it.
  */
  record SavePoints() implements ValueType {
    private static final String INVALID = "Invalid save parameters";

    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      if (args.equals(List.of(""))) {
        return List.of();
      }
      if (args.isEmpty() || args.size() % 2 != 0) {
        throw new InvalidValueException(INVALID);
      }
      List<SavePoint> points = new ArrayList<>(args.size() / 2);
      for (int i = 0; i < args.size(); i += 2) {
        long seconds = number(args.get(i));
        long changes = number(args.get(i + 1));
        if (seconds < 1 || changes < 0 || changes > Integer.MAX_VALUE) {
          throw new InvalidValueException(INVALID);
        }
        points.add(new SavePoint(seconds, (int) changes));
      }
      return List.copyOf(points);
    }

    @Override
    public String render(Object value) {
      StringBuilder out = new StringBuilder();
      for (Object point : (List<?>) value) {
        out.append(out.length() == 0 ? "" : " ").append(point);
      }
      return out.toString();
    }

    @Override
    public String renderForFile(Object value) {
      return ((List<?>) value).isEmpty() ? "\"\"" : render(value);
    }

    @Override
    public boolean multiArg() {
      return true;
    }

    @Override
    public Object accumulate(Object earlier, Object later) {
      if (((List<?>) later).isEmpty()) {
        return later;
      }
      List<Object> both = new ArrayList<>((List<?>) earlier);
      both.addAll((List<?>) later);
      return List.copyOf(both);
    }

    private static long number(String text) throws InvalidValueException {
      try {
        return strictLong(text);
      } catch (InvalidValueException notANumber) {
        throw new InvalidValueException(INVALID);
      }
    }
  }

  /** {@code client-output-buffer-limit}: see {@link OutputBufferLimits}. */
  record OutputBufferLimitList() implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      return OutputBufferLimits.parse(args);
    }

    @Override
    public String render(Object value) {
      return value.toString();
    }

    @Override
    public String renderForFile(Object value) {
      return ((OutputBufferLimits) value).toFileText();
    }

    @Override
    public boolean multiArg() {
      return true;
    }

    @Override
    public Object accumulate(Object earlier, Object later) {
      return update(earlier, later);
    }

    @Override
    public Object update(Object current, Object given) {
      return ((OutputBufferLimits) current).update((OutputBufferLimits) given);
    }
  }

  /**
   * {@code notify-keyspace-events}: the letters of the event classes, held as Redis's flags (an
   * Integer) and shown as Redis prints them, so "KEA" reads back as "AKE".
   */
  record KeyspaceEventClasses() implements ValueType {
    @Override
    public Object parse(List<String> args) throws InvalidValueException {
      int flags = NotifyFlags.parse(single(args));
      if (flags < 0) {
        throw new InvalidValueException(NotifyFlags.INVALID);
      }
      return flags;
    }

    @Override
    public String render(Object value) {
      return NotifyFlags.render((Integer) value);
    }

    /** Quoted, as Redis's rewrite does (an empty value must still read as one argument). */
    @Override
    public String renderForFile(Object value) {
      return ArgSplitter.quote(render(value));
    }
  }
}
