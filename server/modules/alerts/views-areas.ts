/**
 * Alerts per area for the map and the figures: counts per area placed (views-counts.ts) rolled
 * up to provinces or health zones, and, for roles that see aggregates only, small cells
 * withheld over the whole area tree, month by month then over the period
 * (core/alerts/map-small-cells.ts, core/alerts/map-months.ts; AGG-2).
 */
import { decideAreaMonths } from '../../../core/alerts/map-months';
import { areaCell, areaCellTree, type AreaLeaf } from '../../../core/alerts/map-small-cells';
import type { Executor } from '../../db/database';
import { countAlertsPerArea, countAlertsPerAreaByMonth } from './views-counts';
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
 * The province or health zone an area filter narrows to when aggregates are withheld over the
 * whole tree (null: no filter, or no threshold). Deeper areas are refused to those roles
 * before this (views.ts), since the tree has no cell for them.
 */
export async function focusOf(ex: Executor, threshold: number | null, areaId: string | undefined): Promise<AreaFocus | null> {
  if (threshold === null || areaId === undefined) return null;
  const [place] = await placesOfAreas(ex, [areaId]);
  return place?.level === 1 || place?.level === 2 ? { kind: place.level === 1 ? 'province' : 'zone', id: areaId } : null;
}

/** The tree cell an area of the level answers with (a province seen through one of its zones shows that zone). */
export const areaCellOf = (focus: AreaFocus | null, level: 1 | 2, areaId: string): string =>
  focus?.kind === 'zone' ? areaCell.zone(focus.id) : level === 1 ? areaCell.province(areaId) : areaCell.zone(areaId);

/** The tree cells of an answer's total and of what lies outside the level's areas (null: nothing, shown as 0). */
export function outerCellsOf(focus: AreaFocus | null, level: 1 | 2): { total: string; outside: string | null } {
  if (!focus) return { total: areaCell.total, outside: level === 1 ? areaCell.outsideProvinces : areaCell.outsideZones };
  if (focus.kind === 'province') return { total: areaCell.province(focus.id), outside: level === 1 ? null : areaCell.provinceOnly(focus.id) };
  return { total: areaCell.zone(focus.id), outside: null };
}

/** Places counts of areas in the tree: each as a leaf of its province and health zone. */
export async function leavesOf<T extends { areaId: string | null; count: number }>(ex: Executor, counts: readonly T[]): Promise<{ leaves: (AreaLeaf & { source: T })[]; codes: Map<string, string> }> {
  const places = new Map((await placesOfAreas(ex, [...new Set(counts.flatMap((c) => (c.areaId ? [c.areaId] : [])))])).map((p) => [p.areaId, p]));
  const placeOf = (areaId: string | null): AreaPlace | undefined => (areaId ? places.get(areaId) : undefined);
  const leaves = counts.map((c) => ({ province: placeOf(c.areaId)?.province?.id ?? null, zone: placeOf(c.areaId)?.zone?.id ?? null, count: c.count, source: c }));
  const codes = new Map<string, string>();
  for (const p of places.values()) for (const a of [p.province, p.zone]) if (a) codes.set(a.id, a.code);
  return { leaves, codes };
}

/** Leaves grouped by month, months in order. */
export function byMonth<T extends { source: { month: string } }>(leaves: readonly T[]): T[][] {
  const months = new Map<string, T[]>();
  for (const leaf of leaves) months.set(leaf.source.month, [...(months.get(leaf.source.month) ?? []), leaf]);
  return [...months.keys()].sort().map((m) => months.get(m)!);
}

/**
 * Counts of the filtered alerts per area of `level`. With a threshold (aggregates only), the
 * tree is counted without the area filter, month by month, and decided as a whole; an area
 * filter on a province or a health zone then answers that subtree, so it withholds what the
 * unfiltered map withholds.
 */
export async function countMapAreas(ex: Executor, filter: AlertViewFilter, level: 1 | 2, options: { threshold: number | null; areaId?: string | undefined }): Promise<AreaCounts> {
  const focus = await focusOf(ex, options.threshold, options.areaId);
  const treeFilter = focus ? { ...filter, areaIds: undefined } : filter;
  let leaves: AreaLeaf[];
  let codes: Map<string, string>;
  let tree: { counts: ReadonlyMap<string, number> };
  let withheld: ReadonlySet<string>;
  if (options.threshold === null) {
    ({ leaves, codes } = await leavesOf(ex, await countAlertsPerArea(ex, treeFilter)));
    tree = areaCellTree(leaves);
    withheld = new Set<string>();
  } else {
    const placed = await leavesOf(ex, await countAlertsPerAreaByMonth(ex, treeFilter));
    ({ leaves, codes } = placed);
    const decided = decideAreaMonths(byMonth(placed.leaves), options.threshold).period;
    tree = decided;
    withheld = decided.withheld;
  }
  const cell = (name: string | null): MaybeCount => (name === null ? shown(0) : withheld.has(name) ? { count: null, suppressed: true } : shown(tree.counts.get(name) ?? 0));

  // Which cells answer: the areas of the level and what lies outside them, within the focus.
  const inFocus = (leaf: AreaLeaf) => !focus || (focus.kind === 'province' ? leaf.province === focus.id : leaf.zone === focus.id);
  const keyOf = (leaf: AreaLeaf) => (level === 1 ? leaf.province : leaf.zone);
  const areaIds = [...new Set(leaves.filter((l) => inFocus(l) && keyOf(l) !== null && l.count > 0).map((l) => keyOf(l)!))];
  const areas = areaIds.map((id) => ({ areaId: id, code: codes.get(id) ?? id, ...cell(areaCellOf(focus, level, id)) }));
  areas.sort((x, y) => x.code.localeCompare(y.code));
  const outer = outerCellsOf(focus, level);
  return { areas, total: cell(outer.total), outside: cell(outer.outside) };
}
