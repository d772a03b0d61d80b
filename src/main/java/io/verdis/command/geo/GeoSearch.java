package io.verdis.command.geo;

import io.verdis.command.Args;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.sortedsets.SortedSetCommands;
import io.verdis.command.sortedsets.Strtod;
import io.verdis.pubsub.NotifyType;
import io.verdis.types.SortedSetValue;
import io.verdis.types.ZsetLimits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * GEOSEARCH, GEOSEARCHSTORE and the GEORADIUS commands: Redis's georadiusGeneric, option by
 * option and error by error in its order. The members come from the 9 cells around the centre
 * (see {@link GeoShape#cells}), each a score range of the sorted set, filtered by the shape.
 */
final class GeoSearch {
  static final int RADIUS_COORDS = 1;
  static final int RADIUS_MEMBER = 2;
  static final int NOSTORE = 4;
  static final int SEARCH = 8;
  static final int SEARCHSTORE = 16;

  private GeoSearch() {
  }

  /** One match (Redis's geoPoint). */
  private record Point(double longitude, double latitude, double dist, double score, byte[] member) {
  }

  static void geosearch(KeyspaceCall c) {
    search(c, 1, SEARCH);
  }

  static void geosearchstore(KeyspaceCall c) {
    search(c, 2, SEARCH | SEARCHSTORE);
  }

  static void georadius(KeyspaceCall c) {
    search(c, 1, RADIUS_COORDS);
  }

  static void georadiusRo(KeyspaceCall c) {
    search(c, 1, RADIUS_COORDS | NOSTORE);
  }

  static void georadiusbymember(KeyspaceCall c) {
    search(c, 1, RADIUS_MEMBER);
  }

  static void georadiusbymemberRo(KeyspaceCall c) {
    search(c, 1, RADIUS_MEMBER | NOSTORE);
  }

  /** GEORADIUS's keys as Redis 7.0's key specs find them: the source, then the first STORE and STOREDIST keys. */
  static int[] radiusKeys(byte[][] argv) {
    return storeKeys(argv, 6);
  }

  /** GEORADIUSBYMEMBER's keys, the options starting one argument earlier. */
  static int[] radiusByMemberKeys(byte[][] argv) {
    return storeKeys(argv, 5);
  }

  private static int[] storeKeys(byte[][] argv, int from) {
    int store = keywordKey(argv, from, "store");
    int storeDist = keywordKey(argv, from, "storedist");
    return IntStream.of(1, store, storeDist).filter(i -> i > 0).toArray();
  }

  /** Redis's keyword key spec: the argument after the first {@code keyword} from {@code from} on, or -1. */
  private static int keywordKey(byte[][] argv, int from, String keyword) {
    for (int i = from; i < argv.length - 1; i++) {
      if (Args.is(argv[i], keyword)) {
        return i + 1;
      }
    }
    return -1;
  }

  private static void search(KeyspaceCall c, int srcKeyIndex, int flags) {
    SortedSetValue z = SortedSetCommands.read(c, c.arg(srcKeyIndex));
    GeoSearchRequest request = new GeoSearchRequest(c, z, flags);
    byte[] storeKey = request.storeKey;
    long count = request.count;
    int sort = request.sort;
    if (z == null) {
      if (storeKey != null) {
        if (c.db().delete(storeKey)) {
          c.notify(NotifyType.GENERIC, "del", storeKey);
        }
        c.reply().integer(0);
      } else {
        c.reply().array(0);
      }
      return;
    }
    // COUNT wants the closest ones, so it sorts unless ANY asked for the first found.
    if (count != 0 && sort == 0 && !request.any) {
      sort = 1;
    }
    GeoShape shape = request.shape();
    List<Point> points = members(z, shape, request.any ? count : 0);
    if (points.isEmpty() && storeKey == null) {
      c.reply().array(0);
      return;
    }
    int returned = count == 0 || points.size() < count ? points.size() : (int) count;
    if (sort != 0) {
      Comparator<Point> byDistance = Comparator.comparingDouble(Point::dist);
      points.sort(sort > 0 ? byDistance : byDistance.reversed());
    }
    if (storeKey == null) {
      reply(c, points, returned, shape.conversion, request.withDist, request.withHash, request.withCoords);
    } else {
      store(c, points, returned, shape.conversion, storeKey, request.storeDist, (flags & SEARCH) != 0);
    }
  }

  private static void reply(KeyspaceCall c, List<Point> points, int returned, double conversion, boolean withDist,
      boolean withHash, boolean withCoords) {
    int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoords ? 1 : 0);
    c.reply().array(returned);
    for (int i = 0; i < returned; i++) {
      Point point = points.get(i);
      if (options > 0) {
        c.reply().array(options + 1);
      }
      c.reply().bulk(point.member());
      if (withDist) {
        GeoCommands.distance(c.reply(), point.dist() / conversion);
      }
      if (withHash) {
        c.reply().integer((long) point.score());
      }
      if (withCoords) {
        c.reply().array(2);
        GeoCommands.coordinate(c.reply(), point.longitude());
        GeoCommands.coordinate(c.reply(), point.latitude());
      }
    }
  }

  /** STORE, STOREDIST, GEOSEARCHSTORE: the destination gets the matches, or is deleted when there are none. */
  private static void store(KeyspaceCall c, List<Point> points, int returned, double conversion, byte[] storeKey,
      boolean storeDist, boolean search) {
    if (returned == 0) {
      if (c.db().delete(storeKey)) {
        c.notify(NotifyType.GENERIC, "del", storeKey);
      }
      c.reply().integer(0);
      return;
    }
    ZsetLimits limits = c.server().config().zsetLimits();
    SortedSetValue stored = SortedSetValue.skiplist(returned);
    for (int i = 0; i < returned; i++) {
      Point point = points.get(i);
      stored.insert(point.member(), storeDist ? point.dist() / conversion : point.score(), limits);
    }
    stored.useListpackIfSmall(limits);
    c.db().set(storeKey, stored);
    c.notify(NotifyType.ZSET, search ? "geosearchstore" : "georadiusstore", storeKey);
    c.reply().integer(returned);
  }

  /** membersOfAllNeighbors: the matches in the 9 cells, in scan order; stops at {@code limit} (ANY) when not 0. */
  private static List<Point> members(SortedSetValue z, GeoShape shape, long limit) {
    GeoShape.Cell[] cells = shape.cells();
    List<Point> points = new ArrayList<>();
    int lastProcessed = 0;
    for (int i = 0; i < cells.length; i++) {
      if (cells[i].isZero()) {
        continue;
      }
      // With huge radii neighbours can be the same cell: Redis skips a repeat of the last one scanned.
      if (lastProcessed != 0 && cells[i].equals(cells[lastProcessed])) {
        continue;
      }
      if (!points.isEmpty() && limit != 0 && points.size() >= limit) {
        break;
      }
      inRange(z, cells[i].minScore(), cells[i].maxScore(), shape, points, limit);
      lastProcessed = i;
    }
    return points;
  }

  /** geoGetPointsInRange: the members scored min <= score < max that the shape holds, in score order. */
  private static void inRange(SortedSetValue z, double min, double max, GeoShape shape, List<Point> points,
      long limit) {
    for (int node = z.atRank(z.countScoresBelow(min, false)); node != SortedSetValue.NONE; node = z.next(node)) {
      double score = z.scoreOf(node);
      if (score >= max) {
        break;
      }
      double[] xy = GeoHash.position(score);
      double distance = shape.distanceIfWithin(xy);
      if (distance >= 0) {
        points.add(new Point(xy[0], xy[1], distance, score, z.memberOf(node)));
      }
      if (!points.isEmpty() && limit != 0 && points.size() >= limit) {
        break;
      }
    }
  }
}
