package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lists of ten thousand elements side by side with redis-server 7.0, reply by reply, under several
 * list-max-listpack-size settings with inner nodes compressed: LINDEX, LSET, LINSERT, LREM,
 * LRANGE, LTRIM, LPOS and pops anywhere in the list, so that every index walk crosses node
 * boundaries, nodes split and empty, and compressed nodes are read and changed; now and then the
 * settings change under the live list.
 */
class LargeListsMatchRedisTest extends RawSocketTestBase {
  private static final int ELEMENTS = 10_000;
  /** list-max-listpack-size, list-compress-depth. */
  private static final int[][] SETTINGS = {{-2, 1}, {128, 1}, {5, 1}, {-1, 0}, {1, 2}, {-5, 3}};

  @Test
  void operationsAcrossNodeBoundariesReplyAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int[] setting : SETTINGS) {
        both.assertSameReplies("""
            !flushall
            config set list-max-listpack-size %d list-compress-depth %d
            """.formatted(setting[0], setting[1]));
        both.assertSameReplies(script(new Random(setting[0] * 31L + setting[1])));
      }
      both.assertSameReplies("config set list-max-listpack-size -2 list-compress-depth 0");
    }
  }

  @Test
  void listsCrossingTheListpackLimitBothWaysReplyAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      Random random = new Random(5);
      for (String settings : new String[] {"-1 1", "3 1", "1 0", "-2 2"}) {
        String[] fillAndDepth = settings.split(" ");
        both.assertSameReplies("""
            !flushall
            config set list-max-listpack-size %s list-compress-depth %s
            """.formatted(fillAndDepth[0], fillAndDepth[1]));
        List<String[]> commands = new ArrayList<>();
        for (int step = 0; step < 1500; step++) {
          String index = Integer.toString(random.nextInt(80) - 40);
          String big = "b" + random.nextInt(5) + "-" + "y".repeat(random.nextInt(900));
          // Phases of growth and of shrinking, so the list converts one way and back again.
          boolean growing = step % 300 < 150;
          int kind = random.nextInt(9);
          if (kind < 3) {
            kind = random.nextInt(3) == 0 ? (growing ? 2 : 0) : (growing ? 0 : 2);
          }
          commands.add(switch (kind) {
            case 0 -> new String[] {random.nextBoolean() ? "lpush" : "rpush", "l", big, word(random), element(random)};
            case 2 -> new String[] {random.nextBoolean() ? "lpop" : "rpop", "l",
                Integer.toString(1 + random.nextInt(growing ? 2 : 8))};
            case 3 -> new String[] {"lset", "l", index, random.nextBoolean() ? big : word(random)};
            case 4 -> new String[] {"linsert", "l", random.nextBoolean() ? "before" : "after", word(random), big};
            case 5 -> new String[] {"lrem", "l", Integer.toString(random.nextInt(5) - 2), word(random)};
            case 6 -> new String[] {"ltrim", "l", Integer.toString(random.nextInt(2)), Integer.toString(-1 - random.nextInt(2))};
            case 7 -> new String[] {"lindex", "l", index};
            default -> new String[] {"lrange", "l", "0", "-1"};
          });
          commands.add(new String[] {"llen", "l"});
        }
        both.assertSameReplies(commands);
      }
      both.assertSameReplies("config set list-max-listpack-size -2 list-compress-depth 0");
    }
  }

  /** Fills a list from both ends, then runs random operations on it, ending with the whole list. */
  private static List<String[]> script(Random random) {
    List<String[]> commands = new ArrayList<>();
    int length = 0;
    while (length < ELEMENTS) {
      List<String> push = new ArrayList<>(List.of(random.nextBoolean() ? "lpush" : "rpush", "big"));
      for (int i = 0; i < 250; i++) {
        push.add(element(random));
      }
      commands.add(push.toArray(new String[0]));
      length += 250;
    }
    for (int step = 0; step < 600; step++) {
      String index = Integer.toString(random.nextInt(2 * length + 20) - length - 10);
      commands.add(switch (random.nextInt(random.nextInt(50) == 0 ? 12 : 11)) {
        case 0, 1 -> new String[] {"lindex", "big", index};
        case 2 -> new String[] {"lset", "big", index, element(random)};
        case 3 -> new String[] {"linsert", "big", random.nextBoolean() ? "before" : "after", word(random),
            element(random)};
        case 4 -> new String[] {"lrem", "big", Integer.toString(random.nextInt(7) - 3), word(random)};
        case 5, 6 -> new String[] {"lrange", "big", index, Integer.toString(Integer.parseInt(index) + random.nextInt(40))};
        case 7 -> new String[] {"lpos", "big", word(random), "rank", Integer.toString(random.nextBoolean() ? 2 : -3),
            "count", "3", "maxlen", Integer.toString(random.nextInt(3000))};
        case 8 -> new String[] {random.nextBoolean() ? "lpop" : "rpop", "big", Integer.toString(1 + random.nextInt(30))};
        case 9 -> new String[] {"ltrim", "big", Integer.toString(random.nextInt(20)),
            Integer.toString(-1 - random.nextInt(20))};
        case 10 -> new String[] {random.nextBoolean() ? "lpush" : "rpush", "big", element(random), element(random)};
        // Settings changed under a live list: they apply to the conversions and lists that come next.
        default -> new String[] {"config", "set", "list-max-listpack-size",
            Integer.toString(new int[] {-1, -3, -5, 1, 4, 100}[random.nextInt(6)]),
            "list-compress-depth", Integer.toString(random.nextInt(3))};
      });
      commands.add(new String[] {"llen", "big"});
    }
    commands.add(new String[] {"lrange", "big", "0", "-1"});
    // Keeping only the last elements, then a stretch in the middle.
    commands.add(new String[] {"ltrim", "big", Integer.toString(-length / 2), "-1"});
    commands.add(new String[] {"lrange", "big", "0", "-1"});
    commands.add(new String[] {"ltrim", "big", Integer.toString(length / 8), Integer.toString(length / 4)});
    commands.add(new String[] {"lrange", "big", "0", "-1"});
    return commands;
  }

  /** Mostly short words (so LREM and LINSERT find them), some integers, a few long elements. */
  private static String element(Random random) {
    int kind = random.nextInt(20);
    if (kind == 0) {
      return "long-" + "x".repeat(100 + random.nextInt(3000));
    }
    if (kind < 5) {
      return Long.toString(random.nextLong() >> random.nextInt(64));
    }
    return word(random);
  }

  private static String word(Random random) {
    return "w" + random.nextInt(40);
  }
}
