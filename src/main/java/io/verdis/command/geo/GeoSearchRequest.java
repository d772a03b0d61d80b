package io.verdis.command.geo;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.sortedsets.Strtod;
import io.verdis.types.SortedSetValue;

import java.nio.charset.StandardCharsets;

/**
 * The arguments of a geo search, parsed and checked as georadiusGeneric does, in its order: the
 * fixed arguments of GEORADIUS* first, then the options (a missing source still has its options
 * parsed, to know which empty reply to give), then the combinations.
 */
final class GeoSearchRequest {
  byte[] storeKey;
  boolean storeDist;
  double[] centre;
  double[] circle;
  double[] rectangle;
  boolean withDist;
  boolean withHash;
  boolean withCoords;
  /** 1 ascending, -1 descending, 0 as found. */
  int sort;
  boolean any;
  long count;

  GeoSearchRequest(KeyspaceCall c, SortedSetValue z, int flags) {
    int baseArgs;
    boolean fromMember = false;
    boolean fromLoc = false;
    boolean byRadius = false;
    boolean byBox = false;
    if ((flags & GeoSearch.RADIUS_COORDS) != 0) {
      baseArgs = 6;
      centre = GeoCommands.longLat(c, 2);
      circle = radius(c, baseArgs - 2);
    } else if ((flags & GeoSearch.RADIUS_MEMBER) != 0) {
      baseArgs = 5;
      // Without a source the arguments are still parsed, to know which empty reply to give.
      if (z != null) {
        centre = memberPosition(z, c.arg(2));
        circle = radius(c, baseArgs - 2);
      }
    } else {
      baseArgs = 2;
      if ((flags & GeoSearch.SEARCHSTORE) != 0) {
        baseArgs = 3;
        storeKey = c.arg(1);
      }
    }
    boolean search = (flags & GeoSearch.SEARCH) != 0;
    boolean canStore = (flags & GeoSearch.NOSTORE) == 0 && !search;
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
      } else if (Args.is(arg, "storedist") && search && (flags & GeoSearch.SEARCHSTORE) != 0) {
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
      String what = (flags & GeoSearch.SEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS";
      throw new CommandException("ERR " + what + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
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
  }

  /** The shape searched; only once the source exists (FROMMEMBER needs it). */
  GeoShape shape() {
    return rectangle != null
        ? new GeoShape(centre[0], centre[1], true, 0, rectangle[0], rectangle[1], rectangle[2])
        : new GeoShape(centre[0], centre[1], false, circle[0], 0, 0, circle[1]);
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
}
