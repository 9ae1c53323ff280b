/** Helpers for drawing areas with d3-geo: winding order, names, and the parent lookup. */
import type { Feature, Geometry, Position } from 'geojson';
import type { AreaNames } from '../../app/api-types';

/** What the map and the list need to know about an area, from GeoJSON or from /api/areas. */
export interface AreaSummary {
  code: string;
  level: number;
  names: AreaNames;
  parentCode: string | null;
}

/** The area's name in lang, else English, else French, else any name, else its code. */
export function areaName(area: Pick<AreaSummary, 'names' | 'code'>, lang: string): string {
  const names = area.names ?? {};
  const pick = names[lang] ?? names.en ?? names.fr ?? Object.values(names).find((name) => !!name);
  return pick && pick.trim() ? pick : area.code;
}

/** Twice the signed planar area of a ring: positive when counter-clockwise (x east, y north). */
export function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1 = 0, y1 = 0] = ring[j] ?? [];
    const [x2 = 0, y2 = 0] = ring[i] ?? [];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function orient(ring: Position[], clockwise: boolean): Position[] {
  const isClockwise = signedArea(ring) < 0;
  return isClockwise === clockwise ? ring : [...ring].reverse();
}

function rewindPolygon(rings: Position[][]): Position[][] {
  return rings.map((ring, index) => orient(ring, index === 0));
}

/**
 * d3-geo wants outer rings clockwise (spherical convention); RFC 7946 GeoJSON has them
 * counter-clockwise. Drawn as is, a polygon would cover the whole globe but itself.
 * Small areas (provinces, health zones) are safe to orient with a planar test.
 */
export function rewindForD3(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case 'Polygon':
      return { ...geometry, coordinates: rewindPolygon(geometry.coordinates) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map(rewindPolygon) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map(rewindForD3) };
    default:
      return geometry;
  }
}

export function rewindFeature<P>(feature: Feature<Geometry, P>): Feature<Geometry, P> {
  return feature.geometry ? { ...feature, geometry: rewindForD3(feature.geometry) } : feature;
}

/** Sorts areas by name in the reading order of the language. */
export function sortByName<T extends Pick<AreaSummary, 'names' | 'code'>>(areas: readonly T[], lang: string): T[] {
  const collator = new Intl.Collator(lang);
  return [...areas].sort((a, b) => collator.compare(areaName(a, lang), areaName(b, lang)));
}

/** True when the area's name or code contains the query, ignoring case and accents. */
export function matchesQuery(area: Pick<AreaSummary, 'names' | 'code'>, query: string): boolean {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const needle = fold(query.trim());
  if (!needle) return true;
  return [area.code, ...Object.values(area.names ?? {})].some((text) => !!text && fold(text).includes(needle));
}
