/**
 * Polygon geometry of administrative areas: structural checks, bounding box, centroid,
 * winding and point-in-area. Planar arithmetic on longitude/latitude: good enough for
 * areas the size of provinces and health zones, and it does not depend on winding order
 * the way spherical (d3-geo) computations do.
 */

export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoordinates = Ring[];

export interface AreaGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: PolygonCoordinates | PolygonCoordinates[];
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** One thing wrong with a geometry, with the path of the offending value. */
export interface GeometryProblem {
  field: string;
  message: string;
}

export type CheckedGeometry =
  | { ok: true; polygons: PolygonCoordinates[]; type: AreaGeometry['type']; vertexCount: number }
  | { ok: false; problem: GeometryProblem };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (field: string, message: string): CheckedGeometry => ({ ok: false, problem: { field, message } });

/**
 * Checks a GeoJSON geometry is a Polygon or MultiPolygon of closed rings of finite,
 * in-range positions, with at most `maxVertices` positions. Answers the polygons as 2D
 * copies (a third coordinate, altitude, is dropped), or the first problem found.
 */
export function checkAreaGeometry(geometry: unknown, maxVertices: number): CheckedGeometry {
  if (geometry === null || geometry === undefined) return fail('geometry', 'is missing; each area needs a Polygon or MultiPolygon');
  if (!isRecord(geometry)) return fail('geometry', 'must be a GeoJSON geometry object');
  const type = geometry.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    return fail('geometry.type', `is ${JSON.stringify(type)}; only Polygon and MultiPolygon can be areas`);
  const coordinates = geometry.coordinates;
  if (!Array.isArray(coordinates) || coordinates.length === 0) return fail('geometry.coordinates', 'must be a non-empty array');
  const parts: unknown[] = type === 'Polygon' ? [coordinates] : coordinates;
  const polygons: PolygonCoordinates[] = [];
  let vertexCount = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    const partPath = type === 'Polygon' ? 'geometry.coordinates' : `geometry.coordinates[${p}]`;
    if (!Array.isArray(part) || part.length === 0) return fail(partPath, 'must be a non-empty array of rings');
    const rings: Ring[] = [];
    for (let r = 0; r < part.length; r++) {
      const raw = part[r];
      const ringPath = `${partPath}[${r}]`;
      if (!Array.isArray(raw)) return fail(ringPath, 'must be an array of positions');
      if (raw.length < 4) return fail(ringPath, `has ${raw.length} positions; a ring needs at least 4 (the first repeated last)`);
      vertexCount += raw.length;
      // REL-4: stop before copying more than the limit allows.
      if (vertexCount > maxVertices) return fail('geometry.coordinates', `has more than ${maxVertices} positions; simplify the boundary first`);
      const ring: Ring = [];
      for (let i = 0; i < raw.length; i++) {
        const position = checkPosition(raw[i]);
        if (typeof position === 'string') return fail(`${ringPath}[${i}]`, position);
        ring.push(position);
      }
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1])
        return fail(ringPath, 'is not closed: its first and last positions differ');
      rings.push(ring);
    }
    polygons.push(rings);
  }
  return { ok: true, polygons, type, vertexCount };
}

function checkPosition(value: unknown): Position | string {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return 'must be a position [longitude, latitude]';
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat))
    return 'must hold finite numbers';
  if (lon < -180 || lon > 180) return `has longitude ${lon}, outside -180..180`;
  if (lat < -90 || lat > 90) return `has latitude ${lat}, outside -90..90`;
  return [lon, lat];
}

/** The smallest box around every position: [minLon, minLat, maxLon, maxLat]. */
export function computeBbox(polygons: readonly PolygonCoordinates[]): BBox {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const polygon of polygons) {
    // Holes lie inside their exterior ring: the exterior alone bounds the polygon.
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** Twice the signed planar area of a ring: positive when counter-clockwise. */
export function ringArea2(ring: readonly Position[]): number {
  // Relative to the first position: products of absolute coordinates (170 x 80) would
  // cancel away the area of a ring a few metres wide.
  const [ox, oy] = ring[0] ?? [0, 0];
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += (a[0] - ox) * (b[1] - oy) - (b[0] - ox) * (a[1] - oy);
  }
  return sum;
}

/**
 * Area-weighted centroid of every polygon, holes subtracted. Degenerate geometry (zero
 * area) falls back to the middle of the bounding box, so a centroid always exists.
 */
export function computeCentroid(polygons: readonly PolygonCoordinates[]): Position {
  // Sums are taken relative to one position of the area, for the precision reason above.
  const [ox, oy] = polygons[0]?.[0]?.[0] ?? [0, 0];
  let area = 0, cx = 0, cy = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      // Exterior rings add, holes subtract, whatever way the file winds them.
      const sign = index === 0 ? 1 : -1;
      const ringSign = Math.sign(ringArea2(ring)) || 1;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const ax = ring[j]![0] - ox, ay = ring[j]![1] - oy;
        const bx = ring[i]![0] - ox, by = ring[i]![1] - oy;
        const cross = (ax * by - bx * ay) * ringSign * sign;
        area += cross;
        cx += (ax + bx) * cross;
        cy += (ay + by) * cross;
      }
    });
  }
  const [minLon, minLat, maxLon, maxLat] = computeBbox(polygons);
  const centroid: Position = area > 0 ? [ox + cx / (3 * area), oy + cy / (3 * area)] : [NaN, NaN];
  // Degenerate (no area) or cancelled out: the middle of the box still places the label.
  if (!(centroid[0] >= minLon && centroid[0] <= maxLon && centroid[1] >= minLat && centroid[1] <= maxLat))
    return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
  return centroid;
}

/** RFC 7946 winding: exterior rings counter-clockwise, holes clockwise. */
export function rewindPolygons(polygons: readonly PolygonCoordinates[]): PolygonCoordinates[] {
  return polygons.map((polygon) =>
    polygon.map((ring, index) => {
      const isCounterClockwise = ringArea2(ring) > 0;
      return isCounterClockwise === (index === 0) ? ring : [...ring].reverse();
    }),
  );
}

/** Even-odd test of a point against the polygons (holes excluded). */
export function isPointInPolygons(point: Position, polygons: readonly PolygonCoordinates[]): boolean {
  const [x, y] = point;
  for (const polygon of polygons) {
    let inside = false;
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}

/** Polygons of a stored geometry, for the point test and re-computation. */
export function polygonsOf(geometry: AreaGeometry): PolygonCoordinates[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates as PolygonCoordinates] : (geometry.coordinates as PolygonCoordinates[]);
}

/** Back to GeoJSON: one polygon stays a Polygon unless the source was a MultiPolygon. */
export function geometryOf(type: AreaGeometry['type'], polygons: PolygonCoordinates[]): AreaGeometry {
  return type === 'Polygon' && polygons.length === 1 ? { type, coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

/** The first shape containing the point, testing the bounding box before the polygons. */
export function findContainingShape<T extends { bbox: BBox; polygons: readonly PolygonCoordinates[] }>(point: Position, shapes: readonly T[]): T | null {
  const [x, y] = point;
  for (const shape of shapes) {
    const [minLon, minLat, maxLon, maxLat] = shape.bbox;
    if (x < minLon || x > maxLon || y < minLat || y > maxLat) continue;
    if (isPointInPolygons(point, shape.polygons)) return shape;
  }
  return null;
}
