/**
 * Makes boundaries small enough to send to a map: Douglas-Peucker per ring, then rounding
 * to a number of decimals. Rings are simplified one by one, so borders shared by two
 * areas may drift apart by up to the tolerance; keep it below what the map shows
 * (0.001° is about 110 m, under one pixel on a map of a province).
 */
import { ringArea2, type PolygonCoordinates, type Position, type Ring } from './geometry';

export interface SimplifyOptions {
  /** Largest distance, in degrees, a removed point may lie from the simplified line. 0 keeps every point. */
  tolerance: number;
  /** Decimals kept on each coordinate: 5 is about 1 m, 4 about 11 m. */
  decimals: number;
}

/** Squared distance from p to the segment a-b. */
function segmentDistance2(p: Position, a: Position, b: Position): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Marks the points of line[first..last] to keep; iterative, so long rings cannot overflow the stack. */
function markKept(line: readonly Position[], first: number, last: number, tolerance2: number, keep: Uint8Array): void {
  const stack: Array<[number, number]> = [[first, last]];
  while (stack.length > 0) {
    const [start, end] = stack.pop()!;
    let farthest = -1;
    let farthest2 = tolerance2;
    for (let i = start + 1; i < end; i++) {
      const d2 = segmentDistance2(line[i]!, line[start]!, line[end]!);
      if (d2 > farthest2) {
        farthest = i;
        farthest2 = d2;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([start, farthest], [farthest, end]);
    }
  }
}

/** Douglas-Peucker on a closed ring, anchored at its first point and the point farthest from it. */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  if (tolerance <= 0 || ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  const last = ring.length - 1;
  let pivot = 1;
  let pivot2 = -1;
  for (let i = 1; i < last; i++) {
    const dx = ring[i]![0] - ring[0]![0];
    const dy = ring[i]![1] - ring[0]![1];
    if (dx * dx + dy * dy > pivot2) {
      pivot = i;
      pivot2 = dx * dx + dy * dy;
    }
  }
  keep[0] = keep[pivot] = keep[last] = 1;
  const tolerance2 = tolerance * tolerance;
  markKept(ring, 0, pivot, tolerance2, keep);
  markKept(ring, pivot, last, tolerance2, keep);
  const kept = ring.filter((_, i) => keep[i] === 1);
  if (kept.length >= 4) return kept;
  // Everything lay within the tolerance of one line: keep the widest triangle instead.
  let third = -1;
  let third2 = -1;
  for (let i = 1; i < last; i++) {
    const d2 = segmentDistance2(ring[i]!, ring[0]!, ring[pivot]!);
    if (i !== pivot && d2 > third2) {
      third = i;
      third2 = d2;
    }
  }
  if (third >= 0) keep[third] = 1;
  return ring.filter((_, i) => keep[i] === 1);
}

function roundRing(ring: Ring, decimals: number): Ring {
  const factor = 10 ** decimals;
  const out: Ring = [];
  for (const [lon, lat] of ring) {
    const point: Position = [Math.round(lon * factor) / factor, Math.round(lat * factor) / factor];
    const previous = out[out.length - 1];
    // Rounding can make neighbours equal; a repeated position adds bytes and no shape.
    if (!previous || previous[0] !== point[0] || previous[1] !== point[1]) out.push(point);
  }
  return out;
}

/** A ring still worth drawing: closed, at least three distinct corners, some area. */
const isDrawable = (ring: Ring) => ring.length >= 4 && ringArea2(ring) !== 0;

/**
 * Simplifies and rounds every ring. A hole or a secondary part that collapses is dropped
 * (it is smaller than the tolerance); the largest part is never lost: if it collapses,
 * it keeps its rounded, unsimplified ring.
 */
export function simplifyPolygons(polygons: readonly PolygonCoordinates[], options: SimplifyOptions): PolygonCoordinates[] {
  const largest = polygons.reduce(
    (best, polygon, index) => {
      const area = Math.abs(ringArea2(polygon[0] ?? []));
      return area > best.area ? { index, area } : best;
    },
    { index: 0, area: -1 },
  ).index;
  const out: PolygonCoordinates[] = [];
  polygons.forEach((polygon, p) => {
    const rings: Ring[] = [];
    for (let r = 0; r < polygon.length; r++) {
      const original = polygon[r]!;
      let ring = roundRing(simplifyRing(original, options.tolerance), options.decimals);
      if (!isDrawable(ring) && r === 0 && p === largest) ring = roundRing(original, options.decimals);
      if (!isDrawable(ring) && r === 0 && p === largest) ring = original;
      if (isDrawable(ring)) rings.push(ring);
      else if (r === 0) return; // a collapsed secondary part: drop it with its holes
    }
    out.push(rings);
  });
  return out;
}

/** Positions in the polygons. */
export const countVertices = (polygons: readonly PolygonCoordinates[]): number =>
  polygons.reduce((sum, polygon) => sum + polygon.reduce((s, ring) => s + ring.length, 0), 0);
