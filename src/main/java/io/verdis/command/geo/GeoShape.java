package io.verdis.command.geo;

/**
 * What a search covers (Redis's GeoShape): a centre, a radius or a box (width × height) in the
 * request's unit, and that unit's size in meters. Knows the 9 cells to scan (geohash_helper.c's
 * geohashCalculateAreasByShapeWGS84) and whether a point is inside (geo.c's geoWithinShape).
 */
final class GeoShape {
  final double longitude;
  final double latitude;
  final boolean box;
  final double radius;
  final double width;
  final double height;
  final double conversion;

  GeoShape(double longitude, double latitude, boolean box, double radius, double width, double height,
      double conversion) {
    this.longitude = longitude;
    this.latitude = latitude;
    this.box = box;
    this.radius = radius;
    this.width = width;
    this.height = height;
    this.conversion = conversion;
  }

  /** A cell to scan: a hash and its step; {@code bits == 0 && step == 0} is Redis's zeroed (skipped) cell. */
  record Cell(long bits, int step) {
    static final Cell ZERO = new Cell(0, 0);

    boolean isZero() {
      return bits == 0 && step == 0;
    }

    Cell move(int dx, int dy) {
      long moved = bits;
      if (dx != 0) {
        moved = GeoHash.moveX(moved, step, dx);
      }
      if (dy != 0) {
        moved = GeoHash.moveY(moved, step, dy);
      }
      return new Cell(moved, step);
    }

    double[] area() {
      return GeoHash.decode(bits, step);
    }

    /** scoresOfGeoHashBox: the scores [min, max) of this cell's members. */
    long minScore() {
      return GeoHash.align52(bits, step);
    }

    long maxScore() {
      return GeoHash.align52(bits + 1, step);
    }
  }

  /** geohashBoundingBox: {min longitude, min latitude, max longitude, max latitude}. */
  private double[] boundingBox() {
    double h = conversion * (box ? height / 2 : radius);
    double w = conversion * (box ? width / 2 : radius);
    double latDelta = GeoHash.radDeg(h / GeoHash.EARTH_RADIUS_IN_METERS);
    double longDeltaTop = GeoHash.radDeg(w / GeoHash.EARTH_RADIUS_IN_METERS
        / Math.cos(GeoHash.degRad(latitude + latDelta)));
    double longDeltaBottom = GeoHash.radDeg(w / GeoHash.EARTH_RADIUS_IN_METERS
        / Math.cos(GeoHash.degRad(latitude - latDelta)));
    // North and south hemispheres widen towards opposite edges.
    boolean southern = latitude < 0;
    return new double[] {
        southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
        latitude - latDelta,
        southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
        latitude + latDelta};
  }

  /**
   * The cells to scan, in Redis's order: the centre's, north, south, east, west, north-east,
   * north-west, south-east, south-west; useless neighbours are {@link Cell#ZERO}.
   */
  Cell[] cells() {
    double[] bounds = boundingBox();
    double minLon = bounds[0];
    double minLat = bounds[1];
    double maxLon = bounds[2];
    double maxLat = bounds[3];
    double radiusMeters = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
    radiusMeters *= conversion;
    int steps = GeoHash.estimateSteps(radiusMeters, latitude);
    Cell centre = new Cell(GeoHash.encode(longitude, latitude, steps), steps);
    // Near an edge of the cell the estimated step may leave part of the area uncovered.
    boolean decrease = centre.move(0, 1).area()[3] < maxLat
        || centre.move(0, -1).area()[2] > minLat
        || centre.move(1, 0).area()[1] < maxLon
        || centre.move(-1, 0).area()[0] > minLon;
    if (steps > 1 && decrease) {
      steps--;
      centre = new Cell(GeoHash.encode(longitude, latitude, steps), steps);
    }
    double[] area = centre.area();
    Cell[] cells = {centre, centre.move(0, 1), centre.move(0, -1), centre.move(1, 0), centre.move(-1, 0),
        centre.move(1, 1), centre.move(-1, 1), centre.move(1, -1), centre.move(-1, -1)};
    if (steps >= 2) {
      if (area[2] < minLat) {
        zero(cells, SOUTH, SOUTH_WEST, SOUTH_EAST);
      }
      if (area[3] > maxLat) {
        zero(cells, NORTH, NORTH_EAST, NORTH_WEST);
      }
      if (area[0] < minLon) {
        zero(cells, WEST, SOUTH_WEST, NORTH_WEST);
      }
      if (area[1] > maxLon) {
        zero(cells, EAST, SOUTH_EAST, NORTH_EAST);
      }
    }
    return cells;
  }

  private static final int NORTH = 1;
  private static final int SOUTH = 2;
  private static final int EAST = 3;
  private static final int WEST = 4;
  private static final int NORTH_EAST = 5;
  private static final int NORTH_WEST = 6;
  private static final int SOUTH_EAST = 7;
  private static final int SOUTH_WEST = 8;

  private static void zero(Cell[] cells, int... which) {
    for (int i : which) {
      cells[i] = Cell.ZERO;
    }
  }

  /**
   * geoWithinShape: the distance in meters from the centre to the point at {@code xy}
   * (longitude, latitude), or -1 when the point is outside.
   */
  double distanceIfWithin(double[] xy) {
    if (!box) {
      double distance = GeoHash.distance(longitude, latitude, xy[0], xy[1]);
      return distance > radius * conversion ? -1 : distance;
    }
    // geohashGetDistanceIfInRectangle: the cheaper latitude test first.
    double latDistance = GeoHash.latDistance(xy[1], latitude);
    if (latDistance > height * conversion / 2) {
      return -1;
    }
    double lonDistance = GeoHash.distance(xy[0], xy[1], longitude, xy[1]);
    if (lonDistance > width * conversion / 2) {
      return -1;
    }
    return GeoHash.distance(longitude, latitude, xy[0], xy[1]);
  }
}
