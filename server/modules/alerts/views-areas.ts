/**
 * Alerts per area for the map and the figures: counts per area placed (views-counts.ts) rolled
 * up to provinces or health zones, and, for roles that see aggregates only, small cells
 * withheld over the whole area tree (core/alerts/map-small-cells.ts, AGG-2).
 */
import { areaCell, areaCellTree, suppressSmallCells, type AreaLeaf } from '../../../core/alerts/map-small-cells';
import type { Executor } from '../../db/database';
import { countAlertsPerArea } from './views-counts';
import { placesOfAreas, type AlertViewFilter, type AreaPlace } from './views-store';

/** A count, or null with `suppressed` when withheld (AGG-2). */
export interface MaybeCount {
  count: number | null;
  suppressed: boolean;
}

export interface AreaCounts {
  /** Areas of the level with at least one alert, by code. */
  areas: ({ areaId: string; code: string } & MaybeCount)[];
  total: MaybeCount;
  /** Alerts in no area of the level (not located, or placed above it). */
  outside: MaybeCount;
}

/** The area a filter narrows to, when aggregates are withheld over the whole tree. */
export interface AreaFocus {
  kind: 'province' | 'zone';
  id: string;
}

const shown = (count: number): MaybeCount => ({ count, suppressed: false });

/**
 * Counts of the filtered alerts per area of `level`. With a threshold (aggregates only), the
 * tree is counted without the area filter and decided as a whole; an area filter on a
 * province or a health zone then answers that subtree, so it withholds what the unfiltered
 * map withholds (a deeper area is counted and decided on its own).
 */
export async function countMapAreas(ex: Executor, filter: AlertViewFilter, level: 1 | 2, options: { threshold: number | null; areaId?: string | undefined }): Promise<AreaCounts> {
  let focus: AreaFocus | null = null;
  if (options.threshold !== null && options.areaId !== undefined) {
    const [place] = await placesOfAreas(ex, [options.areaId]);
    if (place?.level === 1 || place?.level === 2) focus = { kind: place.level === 1 ? 'province' : 'zone', id: options.areaId };
  }
  const counts = await countAlertsPerArea(ex, focus ? { ...filter, areaIds: undefined } : filter);
  const places = new Map((await placesOfAreas(ex, counts.flatMap((c) => (c.areaId ? [c.areaId] : [])))).map((p) => [p.areaId, p]));
  const placeOf = (areaId: string | null): AreaPlace | undefined => (areaId ? places.get(areaId) : undefined);
  const leaves: AreaLeaf[] = counts.map((c) => ({ province: placeOf(c.areaId)?.province?.id ?? null, zone: placeOf(c.areaId)?.zone?.id ?? null, count: c.count }));
  const codes = new Map<string, string>();
  for (const p of places.values()) for (const a of [p.province, p.zone]) if (a) codes.set(a.id, a.code);

  const tree = areaCellTree(leaves);
  const withheld = options.threshold === null ? new Set<string>() : suppressSmallCells(tree.counts, tree.sums, options.threshold);
  const cell = (name: string): MaybeCount => (withheld.has(name) ? { count: null, suppressed: true } : shown(tree.counts.get(name) ?? 0));

  // Which cells answer: the areas of the level and what lies outside them, within the focus.
  const inFocus = (leaf: AreaLeaf) => !focus || (focus.kind === 'province' ? leaf.province === focus.id : leaf.zone === focus.id);
  const keyOf = (leaf: AreaLeaf) => (level === 1 ? leaf.province : leaf.zone);
  const areaIds = [...new Set(leaves.filter((l) => inFocus(l) && keyOf(l) !== null && l.count > 0).map((l) => keyOf(l)!))];
  const areas = areaIds.map((id) => {
    // A province seen through one of its zones shows that zone's cell.
    const name = focus?.kind === 'zone' ? areaCell.zone(focus.id) : level === 1 ? areaCell.province(id) : areaCell.zone(id);
    return { areaId: id, code: codes.get(id) ?? id, ...cell(name) };
  });
  areas.sort((x, y) => x.code.localeCompare(y.code));
  let total: MaybeCount;
  let outside: MaybeCount;
  if (!focus) {
    total = cell(areaCell.total);
    outside = cell(level === 1 ? areaCell.outsideProvinces : areaCell.outsideZones);
  } else if (focus.kind === 'province') {
    total = cell(areaCell.province(focus.id));
    outside = level === 1 ? shown(0) : cell(areaCell.provinceOnly(focus.id));
  } else {
    total = cell(areaCell.zone(focus.id));
    outside = shown(0);
  }
  return { areas, total, outside };
}
