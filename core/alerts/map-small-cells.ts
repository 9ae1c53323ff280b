/**
 * Small-cell suppression of the alert map and figures for roles that see aggregates only
 * (SECURITY AGG-2; DESIGN capability 3, location precision by role). A count from 1 to
 * threshold - 1 is withheld (primary suppression); then, so that no published sum gives one
 * back (a total minus the areas shown, a province minus its zones, the alerts outside every
 * area), more cells are withheld until every published sum has no withheld part or at least
 * two (complementary suppression). Zero is published: an empty area tells nothing about any
 * alert.
 *
 * The area cells form one tree for a filter, whichever level is asked: the total, provinces,
 * health zones, what lies in a province but in none of its zones, and what lies in no area.
 * Deciding over the whole tree keeps the answers at level 1, level 2 and for one area's
 * subtree consistent, so comparing them gives nothing back either.
 */

/** AGG-2 default: counts below 11 are withheld from those outside the organisation. */
export const DEFAULT_SMALL_CELL_THRESHOLD = 11;
/** AGG-2: never below 5, even inside the organisation. */
export const MIN_SMALL_CELL_THRESHOLD = 5;

/** The threshold to apply: the configured one (default 11), never below 5. */
export function smallCellThreshold(configured?: number | null): number {
  const value = configured ?? DEFAULT_SMALL_CELL_THRESHOLD;
  return Number.isInteger(value) ? Math.max(MIN_SMALL_CELL_THRESHOLD, value) : DEFAULT_SMALL_CELL_THRESHOLD;
}

/** A sum that some answer publishes (or that its parts would give back) and its disjoint parts. */
export interface CellSum {
  total: string;
  parts: readonly string[];
}

/**
 * The withheld non-zero cells whose value the published cells and the sums fix: a reader
 * can take any sum minus its shown parts, and combine those equations (as across the two
 * levels of the map). Gauss-Jordan elimination over the withheld cells, on sparse rows (each
 * sum touches few cells, so this stays fast on a country's thousand areas): a cell is fixed
 * when its pivot row holds no free cell.
 */
export function determinedCells(counts: ReadonlyMap<string, number>, sums: readonly CellSum[], withheld: ReadonlySet<string>): string[] {
  const EPS = 1e-9;
  const unknowns = [...withheld].filter((c) => (counts.get(c) ?? 0) > 0).sort();
  const column = new Map(unknowns.map((c, i) => [c, i]));
  const rows: Map<number, number>[] = [];
  /** Which rows hold each column, kept up to date as elimination fills rows in. */
  const holding = new Map<number, Set<number>>();
  for (const sum of sums) {
    const row = new Map<number, number>();
    const put = (cell: string, sign: number) => {
      const i = column.get(cell);
      if (i !== undefined) row.set(i, (row.get(i) ?? 0) + sign);
    };
    put(sum.total, 1);
    for (const part of sum.parts) put(part, -1);
    for (const [k, v] of row) if (Math.abs(v) < EPS) row.delete(k);
    if (row.size === 0) continue;
    const at = rows.push(row) - 1;
    for (const k of row.keys()) (holding.get(k) ?? holding.set(k, new Set()).get(k)!).add(at);
  }
  const pivotRowOf = new Map<number, number>();
  const isPivotRow = new Set<number>();
  for (let c = 0; c < unknowns.length; c++) {
    const candidates = [...(holding.get(c) ?? [])].filter((r) => !isPivotRow.has(r)).sort((a, b) => a - b);
    const p = candidates[0];
    if (p === undefined) continue;
    const pivot = rows[p]!;
    const lead = pivot.get(c)!;
    for (const [k, v] of pivot) pivot.set(k, v / lead);
    for (const r of [...(holding.get(c) ?? [])]) {
      if (r === p) continue;
      const row = rows[r]!;
      const f = row.get(c) ?? 0;
      if (Math.abs(f) < EPS) continue;
      for (const [k, v] of pivot) {
        const next = (row.get(k) ?? 0) - f * v;
        if (Math.abs(next) < EPS) {
          row.delete(k);
          holding.get(k)?.delete(r);
        } else {
          if (!row.has(k)) (holding.get(k) ?? holding.set(k, new Set()).get(k)!).add(r);
          row.set(k, next);
        }
      }
    }
    pivotRowOf.set(c, p);
    isPivotRow.add(p);
  }
  return unknowns.filter((_, c) => {
    const at = pivotRowOf.get(c);
    if (at === undefined) return false;
    for (const [k, v] of rows[at]!) if (k !== c && !pivotRowOf.has(k) && Math.abs(v) >= EPS) return false;
    return true;
  });
}

/**
 * The cells to withhold. `counts` holds every cell named in `sums` (missing: 0);
 * `alreadyWithheld` are cells another answer over the same alerts withholds. Each pass
 * over the sums: a published sum with exactly one withheld non-zero part, or with withheld
 * parts that are all 1 (a reader knows a withheld count is not 0), gets its smallest other
 * non-zero part withheld too (or, with none left, is withheld itself); a withheld non-zero
 * sum whose parts are all published gets its smallest non-zero part withheld. Then, while
 * combining the sums still fixes a withheld cell (determinedCells), the smallest shown cell
 * of a sum that cell is in is withheld, and the passes start again. Ties break on the cell's
 * name, so the same counts always give the same answer.
 */
export function suppressSmallCells(counts: ReadonlyMap<string, number>, sums: readonly CellSum[], threshold: number, alreadyWithheld: Iterable<string> = []): Set<string> {
  const count = (cell: string) => counts.get(cell) ?? 0;
  const withheld = new Set<string>([...alreadyWithheld].filter((cell) => count(cell) > 0));
  for (const [cell, n] of counts) if (n > 0 && n < threshold) withheld.add(cell);
  const byName = (a: string, b: string) => count(a) - count(b) || (a < b ? -1 : a > b ? 1 : 0);
  const smallestPublished = (cells: readonly string[]) => cells.filter((p) => count(p) > 0 && !withheld.has(p)).sort(byName)[0];
  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const sum of sums) {
        const hiddenParts = sum.parts.filter((p) => count(p) > 0 && withheld.has(p));
        const hidden = hiddenParts.length;
        const allOnes = hidden > 1 && hiddenParts.reduce((n, p) => n + count(p), 0) === hidden;
        if (!withheld.has(sum.total) && (hidden === 1 || allOnes)) {
          withheld.add(smallestPublished(sum.parts) ?? sum.total);
          changed = true;
        } else if (withheld.has(sum.total) && count(sum.total) > 0 && hidden === 0) {
          const next = smallestPublished(sum.parts);
          if (next !== undefined) {
            withheld.add(next);
            changed = true;
          }
        }
      }
    }
    const [fixed] = determinedCells(counts, sums, withheld);
    if (fixed === undefined) return withheld;
    const near = sums.filter((s) => s.total === fixed || s.parts.includes(fixed)).flatMap((s) => [s.total, ...s.parts]);
    const next = smallestPublished(near) ?? smallestPublished(sums.flatMap((s) => [s.total, ...s.parts]));
    if (next === undefined) return withheld;
    withheld.add(next);
  }
}

/** Alerts of one place in the tree: its province and health zone (null: in none). */
export interface AreaLeaf {
  province: string | null;
  zone: string | null;
  count: number;
}

/** Names of the area tree's cells. */
export const areaCell = {
  total: 'total',
  province: (id: string) => `province:${id}`,
  zone: (id: string) => `zone:${id}`,
  /** In the province but in none of its zones (placed at the province itself). */
  provinceOnly: (id: string) => `province-only:${id}`,
  /** In no province (not located, or in an area outside every province). */
  outsideProvinces: 'outside:1',
  /** In no health zone (not located, or placed at a province only). */
  outsideZones: 'outside:2',
  /** In no province and no zone. */
  nowhere: 'nowhere',
} as const;

/** The cells of the area tree with their counts, and the sums that tie them together. */
export function areaCellTree(leaves: readonly AreaLeaf[]): { counts: Map<string, number>; sums: CellSum[] } {
  const counts = new Map<string, number>();
  const add = (cell: string, n: number) => counts.set(cell, (counts.get(cell) ?? 0) + n);
  const zonesOf = new Map<string | null, Set<string>>();
  const provinces = new Set<string>();
  for (const cell of [areaCell.total, areaCell.outsideProvinces, areaCell.outsideZones, areaCell.nowhere]) counts.set(cell, 0);
  for (const leaf of leaves) {
    add(areaCell.total, leaf.count);
    if (leaf.province !== null) {
      provinces.add(leaf.province);
      add(areaCell.province(leaf.province), leaf.count);
    } else add(areaCell.outsideProvinces, leaf.count);
    if (leaf.zone !== null) {
      add(areaCell.zone(leaf.zone), leaf.count);
      const zones = zonesOf.get(leaf.province) ?? new Set<string>();
      zonesOf.set(leaf.province, zones.add(leaf.zone));
    } else {
      add(areaCell.outsideZones, leaf.count);
      add(leaf.province === null ? areaCell.nowhere : areaCell.provinceOnly(leaf.province), leaf.count);
    }
  }
  const zoneCells = (province: string | null) => [...(zonesOf.get(province) ?? [])].sort().map(areaCell.zone);
  const allZones = [...zonesOf.values()].flatMap((zones) => [...zones].map(areaCell.zone));
  // The smallest groups first: a complement found inside a province spares the totals above.
  const sums: CellSum[] = [
    ...[...provinces].sort().map((p) => ({ total: areaCell.province(p), parts: [areaCell.provinceOnly(p), ...zoneCells(p)] })),
    { total: areaCell.outsideProvinces, parts: [areaCell.nowhere, ...zoneCells(null)] },
    { total: areaCell.outsideZones, parts: [areaCell.nowhere, ...[...provinces].sort().map(areaCell.provinceOnly)] },
    { total: areaCell.total, parts: [areaCell.outsideProvinces, ...[...provinces].sort().map(areaCell.province)] },
    { total: areaCell.total, parts: [areaCell.outsideZones, ...allZones.sort()] },
  ];
  return { counts, sums };
}
