package io.verdis.command.geo;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.sortedsets.SortedSetCommands;
import io.verdis.command.sortedsets.Strtod;
import io.verdis.pubsub.NotifyType;
import io.verdis.types.SortedSetValue;
import io.verdis.types.ZsetLimits;

import java.nio.charset.StandardCharsets;
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
  private static final int RADIUS_COORDS = 1;
  private static final int RADIUS_MEMBER = 2;
  private static final int NOSTORE = 4;
  private static final int SEARCH = 8;
  private static final int SEARCHSTORE = 16;

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

  /** longLatFromMember: the position of a member of {@code z}. */
  private static double[] memberPosition(SortedSetValue z, byte[] member) {
    double score = z.score(member);
    if (Double.isNaN(score)) {
      throw new CommandException("ERR could not decode requested zset member");
    }
    return GeoHash.position(score);
  }

  /** extractDistanceOrReply: {radius, meters per unit}. */
  private static double[] radius(KeyspaceCall c, int at) {
    double distance = Strtod.parseWhole(c.arg(at), "ERR need numeric radius");
    if (distance < 0) {
      throw new CommandException("ERR radius cannot be negative");
    }
    return new double[] {distance, GeoCommands.unit(c.arg(at + 1))};
  }

  /** extractBoxOrReply: {width, height, meters per unit}. */
  private static double[] box(KeyspaceCall c, int at) {
    double width = Strtod.parseWhole(c.arg(at), "ERR need numeric width");
    double height = Strtod.parseWhole(c.arg(at + 1), "ERR need numeric height");
    if (height < 0 || width < 0) {
      throw new CommandException("ERR height or width cannot be negative");
    }
    return new double[] {width, height, GeoCommands.unit(c.arg(at + 2))};
  }

  private static void search(KeyspaceCall c, int srcKeyIndex, int flags) {
    SortedSetValue z = SortedSetCommands.read(c, c.arg(srcKeyIndex));
    byte[] storeKey = null;
    boolean storeDist = false;
    double[] centre = null;
    double[] circle = null;
    double[] rectangle = null;
    int baseArgs;
    if ((flags & RADIUS_COORDS) != 0) {
      baseArgs = 6;
      centre = GeoCommands.longLat(c, 2);
      circle = radius(c, baseArgs - 2);
    } else if ((flags & RADIUS_MEMBER) != 0) {
      baseArgs = 5;
      // Without a source the arguments are still parsed, to know which empty reply to give.
      if (z != null) {
        centre = memberPosition(z, c.arg(2));
        circle = radius(c, baseArgs - 2);
      }
    } else {
      baseArgs = 2;
      if ((flags & SEARCHSTORE) != 0) {
        baseArgs = 3;
        storeKey = c.arg(1);
      }
    }
    boolean withDist = false;
    boolean withHash = false;
    boolean withCoords = false;
    boolean fromMember = false;
    boolean fromLoc = false;
    boolean byRadius = false;
    boolean byBox = false;
    int sort = 0;
    boolean any = false;
    long count = 0;
    boolean search = (flags & SEARCH) != 0;
    boolean canStore = (flags & NOSTORE) == 0 && !search;
    int remaining = c.argc() - baseArgs;
    for (int i = 0; i < remaining; i++) {
      byte[] arg = c.arg(baseArgs + i);
      if (Args.is(arg, "withdist")) {
        withDist = true;
      } else if (Args.is(arg, "withhash")) {
        withHash = true;
      } else if (Args.is(arg, "withcoord")) {
        withCoords = true;
      } else if (Args.is(arg, "any")) {
        any = true;
      } else if (Args.is(arg, "asc")) {
        sort = 1;
      } else if (Args.is(arg, "desc")) {
        sort = -1;
      } else if (Args.is(arg, "count") && i + 1 < remaining) {
        count = Args.parseLong(c.arg(baseArgs + i + 1));
        if (count <= 0) {
          throw new CommandException("ERR COUNT must be > 0");
        }
        i++;
      } else if (Args.is(arg, "store") && i + 1 < remaining && canStore) {
        storeKey = c.arg(baseArgs + i + 1);
        storeDist = false;
        i++;
      } else if (Args.is(arg, "storedist") && i + 1 < remaining && canStore) {
        storeKey = c.arg(baseArgs + i + 1);
        storeDist = true;
        i++;
      } else if (Args.is(arg, "storedist") && search && (flags & SEARCHSTORE) != 0) {
        storeDist = true;
      } else if (Args.is(arg, "frommember") && i + 1 < remaining && search && !fromLoc) {
        if (z != null) {
          centre = memberPosition(z, c.arg(baseArgs + i + 1));
        }
        fromMember = true;
        i++;
      } else if (Args.is(arg, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
        centre = GeoCommands.longLat(c, baseArgs + i + 1);
        fromLoc = true;
        i += 2;
      } else if (Args.is(arg, "byradius") && i + 2 < remaining && search && !byBox) {
        circle = radius(c, baseArgs + i + 1);
        rectangle = null;
        byRadius = true;
        i += 2;
      } else if (Args.is(arg, "bybox") && i + 3 < remaining && search && !byRadius) {
        rectangle = box(c, baseArgs + i + 1);
        circle = null;
        byBox = true;
        i += 3;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    String name = new String(c.arg(0), StandardCharsets.UTF_8);
    if (storeKey != null && (withDist || withHash || withCoords)) {
      throw new CommandException("ERR " + ((flags & SEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
          + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
    }
    if (search && !(fromMember || fromLoc)) {
      throw new CommandException("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + name);
    }
    if (search && !(byRadius || byBox)) {
      throw new CommandException("ERR exactly one of BYRADIUS and BYBOX can be specified for " + name);
    }
    if (any && count == 0) {
      throw new CommandException("ERR the ANY argument requires COUNT argument");
    }
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
    if (count != 0 && sort == 0 && !any) {
      sort = 1;
    }
    GeoShape shape = rectangle != null
        ? new GeoShape(centre[0], centre[1], true, 0, rectangle[0], rectangle[1], rectangle[2])
        : new GeoShape(centre[0], centre[1], false, circle[0], 0, 0, circle[1]);
    List<Point> points = members(z, shape, any ? count : 0);
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
      reply(c, points, returned, shape.conversion, withDist, withHash, withCoords);
    } else {
      store(c, points, returned, shape.conversion, storeKey, storeDist, search);
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
