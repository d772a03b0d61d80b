package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The geo commands side by side with redis-server 7.0, in RESP2 and RESP3: GEOADD's options,
 * positions, hashes and distances in every unit, every search option (radius and box, from a member
 * or a point, sorting, COUNT and ANY, the WITH* replies), the stores (destination on another shard,
 * compared through ZRANGE WITHSCORES), the edges of the Mercator square and the antimeridian, and
 * the errors in Redis's order. A seeded random run compares many searches over many points.
 */
class GeoMatchesRedisTest extends RawSocketTestBase {

  private static final String SCRIPT = """
      geoadd SRC 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
      geoadd SRC 2.3522 48.8566 Paris -0.1276 51.5072 London 12.4964 41.9028 Rome
      geoadd SRC -73.935242 40.730610 NewYork 139.6917 35.6895 Tokyo -122.4194 37.7749 SanFrancisco
      geoadd SRC 179.9999 0 EastEdge -179.9999 0 WestEdge 180 85.05112878 NorthEastCorner -180 -85.05112878 SouthWest
      geoadd SRC 0 0 Origin
      geoadd SRC nx 13.361389 38.115556 Palermo 2 2 NewOne
      geoadd SRC xx 13.5 38.2 Palermo 3 3 NotAdded
      geoadd SRC xx ch 13.361389 38.115556 Palermo
      geoadd SRC ch 13.361389 38.115556 Palermo 4 4 Another
      geoadd SRC CH NX 5 5 Another 6 6 Fresh
      zrange SRC 0 -1 withscores
      zcard SRC
      geoadd SRC nx xx 1 1 a
      geoadd SRC 1 1
      geoadd SRC 1 1 a 2
      geoadd SRC ch
      geoadd SRC 181 10 bad
      geoadd SRC 10 86 bad
      geoadd SRC -180.5 -85.06 bad
      geoadd SRC abc 10 bad
      geoadd SRC 10 inf bad
      geoadd SRC 1 1 good 200 1 bad
      geoadd SRC
      geopos SRC Palermo Catania nosuch Origin EastEdge WestEdge NorthEastCorner SouthWest
      geopos SRC
      geopos nokey a b
      geohash SRC Palermo Catania nosuch Origin NorthEastCorner SouthWest Tokyo
      geohash nokey a
      geohash SRC
      geodist SRC Palermo Catania
      geodist SRC Palermo Catania m
      geodist SRC Palermo Catania KM
      geodist SRC Palermo Catania ft
      geodist SRC Palermo Catania mi
      geodist SRC Palermo Catania yards
      geodist SRC Palermo Catania km extra
      geodist SRC Palermo nosuch
      geodist nokey a b
      geodist SRC EastEdge WestEdge
      geodist SRC Palermo Palermo
      geodist SRC NorthEastCorner SouthWest km
      geodist SRC Paris London mi
      geosearch SRC frommember Palermo byradius 200 km
      geosearch SRC frommember Palermo byradius 200 km asc
      geosearch SRC frommember Palermo byradius 2000 km desc withdist withcoord withhash
      geosearch SRC fromlonlat 15 37 byradius 200 km asc withdist
      geosearch SRC fromlonlat 15 37 bybox 400 400 km asc withcoord withdist
      geosearch SRC fromlonlat 15 37 bybox 100 400 km asc
      geosearch SRC fromlonlat 15 37 bybox 400 100 km asc
      geosearch SRC fromlonlat 0 0 byradius 0 m withdist
      geosearch SRC fromlonlat 0 0 bybox 0 0 m withdist
      geosearch SRC fromlonlat 0 0 byradius 20000 km asc count 3
      geosearch SRC fromlonlat 0 0 byradius 20000 km desc count 3 withdist
      geosearch SRC fromlonlat 0 0 byradius 20000 km count 2 any
      geosearch SRC fromlonlat 0 0 byradius 20000 km count 2 any asc withdist
      geosearch SRC fromlonlat 0 0 byradius 20000 km count 200 any
      geosearch SRC fromlonlat 180 0 byradius 50 km asc withdist withcoord
      geosearch SRC fromlonlat -180 0 bybox 100 100 km asc withdist
      geosearch SRC fromlonlat 0 85.05112878 byradius 600 km asc withdist
      geosearch SRC fromlonlat 180 85 byradius 1000 km asc withdist
      geosearch SRC fromlonlat -179 -85 bybox 3000 3000 km asc withdist
      geosearch SRC frommember Paris byradius 1000 mi asc withdist
      geosearch SRC frommember Paris byradius 5000000 ft desc withdist
      geosearch SRC frommember Paris bybox 2000 2000 km withhash
      geosearch SRC frommember nosuch byradius 10 km
      geosearch nokey frommember nosuch byradius 10 km
      geosearch nokey fromlonlat 0 0 byradius 10 km
      geosearch SRC byradius 10 km
      geosearch SRC frommember Paris
      geosearch SRC frommember Paris fromlonlat 1 1 byradius 1 km
      geosearch SRC fromlonlat 1 1 frommember Paris byradius 1 km
      geosearch SRC frommember Paris byradius 1 km bybox 1 1 km
      geosearch SRC frommember Paris bybox 1 1 km byradius 1 km
      geosearch SRC frommember Paris byradius -1 km
      geosearch SRC frommember Paris byradius x km
      geosearch SRC frommember Paris byradius 1 parsecs
      geosearch SRC frommember Paris bybox -1 1 km
      geosearch SRC frommember Paris bybox x 1 km
      geosearch SRC frommember Paris bybox 1 y km
      geosearch SRC frommember Paris byradius 1 km count 0
      geosearch SRC frommember Paris byradius 1 km count -3
      geosearch SRC frommember Paris byradius 1 km count x
      geosearch SRC frommember Paris byradius 1 km any
      geosearch SRC frommember Paris byradius 1 km store DST
      geosearch SRC frommember Paris byradius 1 km storedist
      geosearch SRC frommember Paris byradius 1 km foo
      geosearch SRC frommember Paris byradius 1
      geosearch SRC fromlonlat 200 0 byradius 1 km
      geosearch SRC fromlonlat 0 0 byradius 1 km count
      geosearchstore DST SRC frommember Palermo byradius 300 km
      zrange DST 0 -1 withscores
      geosearchstore DST SRC frommember Palermo byradius 300 km storedist
      zrange DST 0 -1 withscores
      geosearchstore DST SRC fromlonlat 0 0 byradius 20000 km count 3 desc storedist
      zrange DST 0 -1 withscores
      geosearchstore DST SRC fromlonlat 0 0 bybox 40000 40000 km count 4 any
      zrange DST 0 -1 withscores
      type DST
      object encoding DST
      geosearchstore DST SRC fromlonlat 100 -60 byradius 1 km
      exists DST
      geosearchstore DST SRC frommember Palermo byradius 300 km withdist
      geosearchstore DST SRC frommember Palermo byradius 300 km withcoord
      geosearchstore DST nokey frommember Palermo byradius 300 km
      geosearchstore DST SRC frommember Palermo
      set DST string
      geosearchstore DST SRC frommember Palermo byradius 300 km
      type DST
      georadius SRC 15 37 200 km
      georadius SRC 15 37 200 km withdist withcoord withhash asc
      georadius SRC 15 37 20000 km count 3 desc
      georadius SRC 15 37 20000 km count 3 any
      georadius SRC 15 37 200 km store DST
      zrange DST 0 -1 withscores
      georadius SRC 15 37 200 km storedist DST
      zrange DST 0 -1 withscores
      georadius SRC 15 37 200 km store DST withdist
      georadius SRC 15 37 200 km frommember Paris
      georadius SRC 15 37 -200 km
      georadius SRC 15 37 200 lightyears
      georadius SRC 200 37 200 km
      georadius nokey 15 37 200 km
      georadius nokey 15 37 200 km store DST
      exists DST
      georadius_ro SRC 15 37 200 km asc withdist
      georadius_ro SRC 15 37 200 km store DST
      georadiusbymember SRC Palermo 200 km asc withdist withcoord
      georadiusbymember SRC Palermo 200 km storedist DST
      zrange DST 0 -1 withscores
      georadiusbymember SRC nosuch 200 km
      georadiusbymember nokey nosuch 200 km
      georadiusbymember nokey nosuch 200 km store DST
      georadiusbymember SRC Palermo 200 km foo
      georadiusbymember_ro SRC Palermo 2000 km count 2 withhash
      georadiusbymember_ro SRC Palermo 2000 km storedist DST
      command getkeys georadius SRC 0 0 1 km store DST
      command getkeys georadius SRC 0 0 1 km store DST storedist X
      command getkeys georadiusbymember SRC m 1 km storedist DST
      command getkeys georadius SRC 0 0 1 km
      command getkeys geosearchstore DST SRC frommember m byradius 1 km
      rpush L x
      geoadd L 1 1 a
      geopos L a
      geohash L a
      geodist L a b
      geosearch L fromlonlat 0 0 byradius 1 km
      geosearchstore DST L fromlonlat 0 0 byradius 1 km
      georadius L 0 0 1 km
      georadiusbymember L a 1 km
      zadd Z -5 negative 4503599627370496 huge 0 zero
      geopos Z negative huge zero
      geohash Z zero huge
      geodist Z zero huge
      """;

  @Test
  void geoCommandsReplyAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String script = SCRIPT.replace("SRC", keyOnShard("src", 0)).replace("DST", keyOnShard("dst", 1));
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n!flushall\n" + script);
      }
    }
  }

  @Test
  void randomPointsAndSearchesMatchRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String src = keyOnShard("src", 0);
    String dst = keyOnShard("dst", 1);
    Random random = new Random(13);
    StringBuilder script = new StringBuilder("!flushall\n");
    for (int batch = 0; batch < 20; batch++) {
      script.append("geoadd ").append(src);
      for (int i = 0; i < 50; i++) {
        // Half spread over the world, half clustered around Europe to fill neighbouring cells.
        double lon = batch % 2 == 0 ? random.nextDouble() * 360 - 180 : 5 + random.nextGaussian() * 5;
        double lat = batch % 2 == 0 ? random.nextDouble() * 170.1 - 85.05 : 45 + random.nextGaussian() * 5;
        script.append(String.format(Locale.ROOT, " %.6f %.6f m%d", lon, lat, batch * 50 + i));
      }
      script.append('\n');
    }
    String[] units = {"m", "km", "mi", "ft"};
    for (int i = 0; i < 300; i++) {
      double lon = i % 3 == 0 ? random.nextDouble() * 360 - 180 : 5 + random.nextGaussian() * 5;
      double lat = i % 3 == 0 ? random.nextDouble() * 170 - 85 : 45 + random.nextGaussian() * 5;
      String unit = units[random.nextInt(units.length)];
      double scale = switch (unit) {
        case "m" -> 1000;
        case "ft" -> 3000;
        default -> 1;
      };
      double size = Math.pow(10, random.nextDouble() * 4) * scale;
      String from = random.nextBoolean() ? String.format(Locale.ROOT, "fromlonlat %.6f %.6f", lon, lat)
          : "frommember m" + random.nextInt(1000);
      String by = random.nextBoolean() ? String.format(Locale.ROOT, "byradius %.3f %s", size, unit)
          : String.format(Locale.ROOT, "bybox %.3f %.3f %s", size, size * random.nextDouble() * 2, unit);
      script.append("geosearch ").append(src).append(' ').append(from).append(' ').append(by)
          .append(" asc withdist withcoord withhash\n");
      script.append("geosearch ").append(src).append(' ').append(from).append(' ').append(by)
          .append(" count 5 desc withdist\n");
      script.append("geosearchstore ").append(dst).append(' ').append(src).append(' ').append(from).append(' ')
          .append(by).append(random.nextBoolean() ? " count 20" : "").append('\n');
      script.append("zrange ").append(dst).append(" 0 -1 withscores\n");
    }
    script.append("geohash ").append(src);
    for (int i = 0; i < 1000; i += 7) {
      script.append(" m").append(i);
    }
    script.append("\ngeopos ").append(src);
    for (int i = 0; i < 1000; i += 7) {
      script.append(" m").append(i);
    }
    script.append('\n');
    for (int i = 0; i < 100; i++) {
      script.append("geodist ").append(src).append(" m").append(random.nextInt(1000)).append(" m")
          .append(random.nextInt(1000)).append(' ').append(units[i % 4]).append('\n');
    }
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      new SideBySide(verdis, redis.client()).assertSameReplies(script.toString());
    }
  }
}
