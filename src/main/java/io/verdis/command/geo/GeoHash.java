package io.verdis.command.geo;

/**
 * Redis's geohash.c and the distance half of geohash_helper.c: a position is a cell of a grid of
 * 2^step × 2^step over the Web Mercator square (longitude ±180, latitude ±85.05112878); its hash
 * interleaves the latitude cell (even bits) with the longitude cell (odd bits). A member's score is
 * the 52-bit hash of step 26. The arithmetic follows the C code operation by operation, so cells,
 * centres and distances come out bit for bit the same.
 */
final class GeoHash {
  static final int STEP_MAX = 26;
  static final double LAT_MIN = -85.05112878;
  static final double LAT_MAX = 85.05112878;
  static final double LONG_MIN = -180;
  static final double LONG_MAX = 180;
  static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
  static final double MERCATOR_MAX = 20037726.37;
  private static final double D_R = Math.PI / 180.0;

  private GeoHash() {
  }

  /**
   * geohashEncode: the cell of {@code step} holding the point within the given ranges, or -1 when
   * the point is outside them or the Mercator square.
   */
  static long encode(double longMin, double longMax, double latMin, double latMax, double longitude, double latitude,
      int step) {
    if (longitude > 180 || longitude < -180 || latitude > 85.05112878 || latitude < -85.05112878) {
      return -1;
    }
    if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
      return -1;
    }
    double latOffset = (latitude - latMin) / (latMax - latMin);
    double longOffset = (longitude - longMin) / (longMax - longMin);
    latOffset *= (double) (1L << step);
    longOffset *= (double) (1L << step);
    return interleave((long) latOffset & 0xFFFFFFFFL, (long) longOffset & 0xFFFFFFFFL);
  }

  /** geohashEncodeWGS84 at {@code step}. */
  static long encode(double longitude, double latitude, int step) {
    return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
  }

  /** The score a member at this point gets (geohashAlign52Bits of the step-26 hash). */
  static long score(double longitude, double latitude) {
    return encode(longitude, latitude, STEP_MAX);
  }

  /** A step-{@code step} hash shifted to 52 bits: where its cell starts among the scores. */
  static long align52(long bits, int step) {
    return bits << (52 - step * 2);
  }

  private static long interleave(long x, long y) {
    long result = 0;
    for (int i = 0; i < 32; i++) {
      result |= ((x >>> i) & 1) << (2 * i);
      result |= ((y >>> i) & 1) << (2 * i + 1);
    }
    return result;
  }

  /** The even bits (latitude) in the low half, the odd ones (longitude) in the high half. */
  private static long deinterleave(long bits) {
    long x = 0;
    long y = 0;
    for (int i = 0; i < 32; i++) {
      x |= ((bits >>> (2 * i)) & 1) << i;
      y |= ((bits >>> (2 * i + 1)) & 1) << i;
    }
    return x | (y << 32);
  }

  /** geohashDecode: {longitude min, longitude max, latitude min, latitude max} of the cell. */
  static double[] decode(long bits, int step) {
    long separated = deinterleave(bits);
    long ilato = separated & 0xFFFFFFFFL;
    long ilono = separated >>> 32;
    double latScale = LAT_MAX - LAT_MIN;
    double longScale = LONG_MAX - LONG_MIN;
    double cells = (double) (1L << step);
    return new double[] {
        LONG_MIN + (ilono * 1.0 / cells) * longScale,
        LONG_MIN + (((ilono + 1) & 0xFFFFFFFFL) * 1.0 / cells) * longScale,
        LAT_MIN + (ilato * 1.0 / cells) * latScale,
        LAT_MIN + (((ilato + 1) & 0xFFFFFFFFL) * 1.0 / cells) * latScale};
  }

  /**
   * Redis's decodeGeohash: the centre of a score's cell, {longitude, latitude}, clamped to the
   * Mercator square. A score is cast to an unsigned integer as C casts it.
   */
  static double[] position(double score) {
    double[] area = decode(unsigned(score), STEP_MAX);
    double longitude = (area[0] + area[1]) / 2;
    longitude = Math.max(LONG_MIN, Math.min(LONG_MAX, longitude));
    double latitude = (area[2] + area[3]) / 2;
    latitude = Math.max(LAT_MIN, Math.min(LAT_MAX, latitude));
    return new double[] {longitude, latitude};
  }

  /** (uint64_t) score for the scores geo members have (non-negative, below 2^64). */
  private static long unsigned(double score) {
    return score >= 0x1p63 ? (long) (score - 0x1p63) ^ Long.MIN_VALUE : (long) score;
  }

  /** geohash_move_x: the cell {@code d} (±1) columns east. */
  static long moveX(long bits, int step, int d) {
    long x = bits & 0xaaaaaaaaaaaaaaaaL;
    long y = bits & 0x5555555555555555L;
    long zz = 0x5555555555555555L >>> (64 - step * 2);
    if (d > 0) {
      x = x + (zz + 1);
    } else {
      x = x | zz;
      x = x - (zz + 1);
    }
    x &= 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
    return x | y;
  }

  /** geohash_move_y: the cell {@code d} (±1) rows north. */
  static long moveY(long bits, int step, int d) {
    long x = bits & 0xaaaaaaaaaaaaaaaaL;
    long y = bits & 0x5555555555555555L;
    long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
    if (d > 0) {
      y = y + (zz + 1);
    } else {
      y = y | zz;
      y = y - (zz + 1);
    }
    y &= 0x5555555555555555L >>> (64 - step * 2);
    return x | y;
  }

  static double degRad(double degrees) {
    return degrees * D_R;
  }

  static double radDeg(double radians) {
    return radians / D_R;
  }

  /** geohashGetLatDistance. */
  static double latDistance(double lat1d, double lat2d) {
    return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
  }

  /**
   * geohashGetDistance: the haversine distance in meters. Java's sin, cos and asin are not glibc's:
   * about one distance in twenty differs in its last bit (measured: asin differs on 6% of inputs,
   * sin and cos on 0.2%), which only STOREDIST's full-precision scores show; "%.4f" hides it.
   */
  static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
    double lon1r = degRad(lon1d);
    double lon2r = degRad(lon2d);
    double v = Math.sin((lon2r - lon1r) / 2);
    // Redis skips the expensive part when the longitudes are practically the same.
    if (v == 0.0) {
      return latDistance(lat1d, lat2d);
    }
    double lat1r = degRad(lat1d);
    double lat2r = degRad(lat2d);
    double u = Math.sin((lat2r - lat1r) / 2);
    double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
    return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
  }

  /** geohashEstimateStepsByRadius: the coarsest step whose cells still hold the radius. */
  static int estimateSteps(double rangeMeters, double lat) {
    if (rangeMeters == 0) {
      return 26;
    }
    int step = 1;
    while (rangeMeters < MERCATOR_MAX) {
      rangeMeters *= 2;
      step++;
    }
    step -= 2;
    // Wider range towards the poles.
    if (lat > 66 || lat < -66) {
      step--;
      if (lat > 80 || lat < -80) {
        step--;
      }
    }
    return Math.max(1, Math.min(26, step));
  }
}
