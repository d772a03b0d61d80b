package io.verdis.command.geo;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.LongDouble;
import io.verdis.command.sortedsets.SortedSetCommands;
import io.verdis.command.sortedsets.Strtod;
import io.verdis.command.sortedsets.ZAddOptions;
import io.verdis.net.RespWriter;
import io.verdis.types.SortedSetValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * The geo family (Redis's geo.c): positions stored as sorted-set members whose score is their
 * 52-bit geohash ({@link GeoHash}). This class holds the point commands, the argument helpers
 * and the registration; the searches are {@link GeoSearch}.
 */
public final class GeoCommands {
  private static final String GROUP = "geo";
  private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

  private GeoCommands() {
  }

  /** extractLongLatOrReply: {longitude, latitude} from two arguments, within the Mercator square. */
  static double[] longLat(KeyspaceCall c, int at) {
    double longitude = Strtod.parseWhole(c.arg(at), Errors.NOT_FLOAT);
    double latitude = Strtod.parseWhole(c.arg(at + 1), Errors.NOT_FLOAT);
    if (longitude < GeoHash.LONG_MIN || longitude > GeoHash.LONG_MAX
        || latitude < GeoHash.LAT_MIN || latitude > GeoHash.LAT_MAX) {
      throw new CommandException(
          "ERR invalid longitude,latitude pair " + fixed(longitude, 6) + "," + fixed(latitude, 6));
    }
    return new double[] {longitude, latitude};
  }

  /** extractUnitOrReply: meters per unit. */
  static double unit(byte[] unit) {
    if (Args.is(unit, "m")) {
      return 1;
    } else if (Args.is(unit, "km")) {
      return 1000;
    } else if (Args.is(unit, "ft")) {
      return 0.3048;
    } else if (Args.is(unit, "mi")) {
      return 1609.34;
    }
    throw new CommandException("ERR unsupported unit provided. please use M, KM, FT, MI");
  }

  /** Redis's addReplyDoubleDistance: "%.4f" as a bulk string in both protocols. */
  static void distance(RespWriter reply, double meters) {
    reply.bulk(fixed(meters, 4).getBytes(StandardCharsets.US_ASCII));
  }

  /** C's "%.Nf": the exact binary value rounded half-even, "inf" and "-inf" as glibc prints them. */
  static String fixed(double value, int digits) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String text = new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    return value < 0 || (value == 0 && 1 / value < 0) ? (text.startsWith("-") ? text : "-" + text) : text;
  }

  /** addReplyHumanLongDouble: a coordinate as "%.17Lf" without trailing zeros. */
  static void coordinate(RespWriter reply, double value) {
    reply.doubleText(LongDouble.format(new BigDecimal(value)));
  }

  /** GEOADD key [NX|XX] [CH] longitude latitude member …: Redis's ZADD of geohash scores. */
  static void geoadd(KeyspaceCall c) {
    boolean nx = false;
    boolean xx = false;
    boolean ch = false;
    int at = 2;
    for (; at < c.argc(); at++) {
      byte[] option = c.arg(at);
      if (Args.is(option, "nx")) {
        nx = true;
      } else if (Args.is(option, "xx")) {
        xx = true;
      } else if (Args.is(option, "ch")) {
        ch = true;
      } else {
        break;
      }
    }
    int remaining = c.argc() - at;
    // No triple at all gets the ZADD it becomes's syntax error.
    if (remaining % 3 != 0 || (xx && nx) || remaining == 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    int elements = remaining / 3;
    double[] scores = new double[elements];
    byte[][] members = new byte[elements][];
    for (int i = 0; i < elements; i++) {
      double[] xy = longLat(c, at + 3 * i);
      scores[i] = GeoHash.score(xy[0], xy[1]);
      members[i] = c.arg(at + 3 * i + 2);
    }
    SortedSetCommands.add(c, ZAddOptions.geoadd(nx, xx, ch), scores, members);
  }

  /** GEODIST key member1 member2 [unit]. */
  static void geodist(KeyspaceCall c) {
    double toMeter = 1;
    if (c.argc() == 5) {
      toMeter = unit(c.arg(4));
    } else if (c.argc() > 5) {
      throw new CommandException(Errors.SYNTAX);
    }
    SortedSetValue z = SortedSetCommands.read(c, c.arg(1));
    double score1 = z == null ? Double.NaN : z.score(c.arg(2));
    double score2 = z == null ? Double.NaN : z.score(c.arg(3));
    if (Double.isNaN(score1) || Double.isNaN(score2)) {
      c.reply().nullBulk();
      return;
    }
    double[] a = GeoHash.position(score1);
    double[] b = GeoHash.position(score2);
    distance(c.reply(), GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeter);
  }

  /** GEOHASH key member …: the standard 11-character geohash (latitude over -90..90). */
  static void geohash(KeyspaceCall c) {
    SortedSetValue z = SortedSetCommands.read(c, c.arg(1));
    c.reply().array(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      double score = z == null ? Double.NaN : z.score(c.arg(j));
      if (Double.isNaN(score)) {
        c.reply().nullBulk();
        continue;
      }
      double[] xy = GeoHash.position(score);
      long bits = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], GeoHash.STEP_MAX);
      byte[] text = new byte[11];
      for (int i = 0; i < 11; i++) {
        // 52 bits make 10 characters; the API always printed 11, the last one zero.
        int index = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
        text[i] = (byte) ALPHABET.charAt(index);
      }
      c.reply().bulk(text);
    }
  }

  /** GEOPOS key member …: each member's cell centre, or a null array. */
  static void geopos(KeyspaceCall c) {
    SortedSetValue z = SortedSetCommands.read(c, c.arg(1));
    c.reply().array(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      double score = z == null ? Double.NaN : z.score(c.arg(j));
      if (Double.isNaN(score)) {
        c.reply().nullArray();
        continue;
      }
      double[] xy = GeoHash.position(score);
      c.reply().array(2);
      coordinate(c.reply(), xy[0]);
      coordinate(c.reply(), xy[1]);
    }
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    String search = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the "
        + "shape provided as the filter and M is the number of items inside the shape";
    table
        .add(CommandSpec.keyspace("geoadd", -5, key, GeoCommands::geoadd).flags(WRITE, DENYOOM)
            .doc("Add one or more geospatial items in the geospatial index represented using a sorted set", "3.2.0",
                GROUP, "O(log(N)) for each item added, where N is the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("geodist", -4, key, GeoCommands::geodist).flags(READONLY)
            .doc("Returns the distance between two members of a geospatial index", "3.2.0", GROUP, "O(log(N))"))
        .add(CommandSpec.keyspace("geohash", -2, key, GeoCommands::geohash).flags(READONLY)
            .doc("Returns members of a geospatial index as standard geohash strings", "3.2.0", GROUP,
                "O(log(N)) for each member requested, where N is the number of elements in the sorted set."))
        .add(CommandSpec.keyspace("geopos", -2, key, GeoCommands::geopos).flags(READONLY)
            .doc("Returns longitude and latitude of members of a geospatial index", "3.2.0", GROUP,
                "O(N) where N is the number of members requested."))
        .add(CommandSpec.keyspace("geosearch", -7, key, GeoSearch::geosearch).flags(READONLY)
            .doc("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a "
                + "circle.", "6.2.0", GROUP, search))
        .add(CommandSpec.keyspace("geosearchstore", -8, new KeySpec(1, 2, 1), GeoSearch::geosearchstore)
            .flags(WRITE, DENYOOM)
            .doc("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a "
                + "circle, and store the result in another key.", "6.2.0", GROUP, search))
        .add(CommandSpec.keyspace("georadius_ro", -6, key, GeoSearch::georadiusRo).flags(READONLY)
            .doc("A read-only variant for GEORADIUS", "3.2.10", GROUP, search))
        .add(CommandSpec.keyspace("georadiusbymember_ro", -5, key, GeoSearch::georadiusbymemberRo).flags(READONLY)
            .doc("A read-only variant for GEORADIUSBYMEMBER", "3.2.10", GROUP, search))
        .add(CommandSpec.keyspace("georadius", -6, new KeySpec(1, 1, 1, GeoSearch::radiusKeys),
                GeoSearch::georadius).flags(WRITE, DENYOOM)
            .doc("Query a sorted set representing a geospatial index to fetch members matching a given maximum "
                + "distance from a point", "3.2.0", GROUP, search))
        .add(CommandSpec.keyspace("georadiusbymember", -5, new KeySpec(1, 1, 1, GeoSearch::radiusByMemberKeys),
                GeoSearch::georadiusbymember).flags(WRITE, DENYOOM)
            .doc("Query a sorted set representing a geospatial index to fetch members matching a given maximum "
                + "distance from a member", "3.2.0", GROUP, search));
  }
}
