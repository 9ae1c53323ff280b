/**
 * The arithmetic of the alert views (issue 4 parts 5-6): the coarse grid an alert's point is
 * kept on in plain (0.01 degree, about 1 km), the cell size server-side clusters use at a map
 * zoom, the rank the queue sorts severity by, and percentiles as PostgreSQL's
 * percentile_cont computes them (the SQL is the authority; this mirrors it for tests and
 * for the browser).
 */

/** The plain grid of a point, in degrees: coarse enough that it is not a house (DESIGN 3 privacy). */
export const GRID_DEGREES = 0.01;

/** The most cells a map answer may hold, whatever the bbox and zoom asked. */
export const MAX_CLUSTER_CELLS = 2_000;

export const MIN_ZOOM = 0;
export const MAX_ZOOM = 18;

/** minLon, minLat, maxLon, maxLat in degrees (WGS 84), minLon <= maxLon (no wrap over 180). */
export type BoundingBox = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

export const WORLD: BoundingBox = [-180, -90, 180, 90];

/** A coordinate on the 0.01 degree grid; two decimals exactly, so equal cells compare equal. */
export function roundToGrid(degrees: number): number {
  return Number((Math.round(degrees / GRID_DEGREES) * GRID_DEGREES).toFixed(2));
}

/** The plain, coarse copy of a point stored at intake for clustering; the exact point stays sealed. */
export function gridPointOf(location: { lat: number; lon: number }): { lat: number; lon: number } {
  return { lat: Math.max(-90, Math.min(90, roundToGrid(location.lat))), lon: Math.max(-180, Math.min(180, roundToGrid(location.lon))) };
}

/** The number of cells of `cell` degrees, anchored at 0, that the bbox touches. */
export function cellsInBox(bbox: BoundingBox, cell: number): number {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const across = Math.floor(maxLon / cell) - Math.floor(minLon / cell) + 1;
  const down = Math.floor(maxLat / cell) - Math.floor(minLat / cell) + 1;
  return across * down;
}

/**
 * The side of a cluster cell in degrees: a quarter of a web-map tile at `zoom` (360 / 2^zoom
 * / 4), never finer than the 0.01 grid, then doubled until the bbox holds at most
 * MAX_CLUSTER_CELLS cells, so a wide box at a close zoom still answers a bounded list.
 * Without a zoom, the finest cell the bbox allows. Cells are anchored at 0 degrees so they
 * stay put when the map pans.
 */
export function clusterCellDegrees(bbox: BoundingBox, zoom?: number): number {
  const tileQuarter = zoom === undefined ? GRID_DEGREES : 360 / 2 ** zoom / 4;
  let cell = Math.max(GRID_DEGREES, tileQuarter);
  while (cellsInBox(bbox, cell) > MAX_CLUSTER_CELLS) cell *= 2;
  return cell;
}

export const SEVERITY_RANKS = { critical: 4, high: 3, medium: 2, low: 1 } as const;

/** The queue's severity order: critical first; an alert nobody has rated yet comes last (0). */
export function severityRank(severity: string | null): number {
  return severity !== null && Object.hasOwn(SEVERITY_RANKS, severity) ? SEVERITY_RANKS[severity as keyof typeof SEVERITY_RANKS] : 0;
}

/**
 * The continuous percentile of `values` (0 <= p <= 1) with linear interpolation between the
 * two nearest ranks: what PostgreSQL's percentile_cont(p) within group (order by v) returns.
 * Null for no values.
 */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError('p must be from 0 to 1');
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Alert states in which a clock that has not stopped still runs (later states end every clock). */
export const OPEN_ALERT_STATES = ['new', 'acknowledged', 'verifying', 'verified'] as const;

/**
 * Whether one alert's clock counts for a within-target share, and whether it met its target:
 * it counts once it stopped, or once its target passed while the alert is still open (a
 * missed target); an alert whose target has not yet passed is not judged yet, and a dismissed,
 * merged or closed alert whose clock never stopped is not judged at all.
 */
export function judgeClock(
  clock: { receivedAt: Date; stoppedAt: Date | null; state: string },
  targetMinutes: number,
  now: Date,
): 'met' | 'missed' | 'not_judged' {
  const deadline = clock.receivedAt.getTime() + targetMinutes * 60_000;
  if (clock.stoppedAt !== null) return clock.stoppedAt.getTime() <= deadline ? 'met' : 'missed';
  return deadline < now.getTime() && (OPEN_ALERT_STATES as readonly string[]).includes(clock.state) ? 'missed' : 'not_judged';
}
