/**
 * Small cells over time (SECURITY AGG-2) for roles that see aggregates only: their periods are
 * whole UTC calendar months, and a cell is decided month by month before the period is.
 *
 * Each month's area tree is decided on its own (suppressSmallCells). A cell of the period is
 * then shown only where no month withholds it, so every count a period shows is the sum of
 * counts the months show: subtracting two periods (Jan-Mar minus Jan-Feb) gives back only what
 * asking for the months themselves gives. The period's tree is then decided with those cells
 * already withheld, so its totals and margins give nothing back either. The months' equations
 * share no unknown, so what no month's answers fix, no combination of periods fixes.
 *
 * The response-time figures add, per cell, how many alerts reached a stage (acknowledged,
 * verified, responded): a stage count and the alerts that did not reach it (its complement)
 * are decided with the alert counts fixed as the map decides them, month by month, then the
 * period, with a check that nothing the answer shows pins a withheld count; failing it, the
 * stage's counts are all withheld.
 */
import { areaCellTree, determinedCells, suppressSmallCells, type AreaLeaf, type CellSum } from './map-small-cells';

/** Counts of cells and the sums that tie them, as one answer publishes them. */
export interface CellSystem {
  counts: ReadonlyMap<string, number>;
  sums: readonly CellSum[];
}

/** A decided system: its cells, and those withheld. */
export interface Decided extends CellSystem {
  withheld: ReadonlySet<string>;
}

/**
 * The area trees of each month and of the period they make up, decided: a cell of the period
 * withheld wherever a month withholds it. `months` holds the leaves of each month (in any
 * order; an empty month may be left out).
 */
export function decideAreaMonths(months: readonly (readonly AreaLeaf[])[], threshold: number): { months: Decided[]; period: Decided } {
  const decided = months.map((leaves) => {
    const tree = areaCellTree(leaves);
    return { ...tree, withheld: suppressSmallCells(tree.counts, tree.sums, threshold) };
  });
  const period = areaCellTree(months.flat());
  const already = decided.flatMap((m) => [...m.withheld]);
  return { months: decided, period: { ...period, withheld: suppressSmallCells(period.counts, period.sums, threshold, already) } };
}

const prefixed = (prefix: string, system: CellSystem): CellSystem => ({
  counts: new Map([...system.counts].map(([cell, n]) => [`${prefix}${cell}`, n])),
  sums: system.sums.map((s) => ({ total: `${prefix}${s.total}`, parts: s.parts.map((p) => `${prefix}${p}`) })),
});

/**
 * Which cells of one stage to withhold in one answer. `alerts` is the answer's alert counts
 * as decided (never changed here); `reached` the stage's count per cell of the same system
 * (missing: 0). `already` are stage cells withheld anyway (those a month withholds). A stage
 * cell is shown only if it, the alerts that did not reach the stage and the alert count are
 * all safe to show: no count from 1 to threshold - 1 can be read or worked out.
 */
export function decideStage(alerts: Decided, reached: ReadonlyMap<string, number>, threshold: number, fixed: { withheld?: Iterable<string>; shown?: ReadonlySet<string> } = {}): Set<string> {
  const shown = fixed.shown ?? new Set<string>();
  const cells = [...alerts.counts.keys()];
  const stage = { counts: new Map(cells.map((c) => [c, reached.get(c) ?? 0])), sums: alerts.sums };
  const missed = { counts: new Map(cells.map((c) => [c, (alerts.counts.get(c) ?? 0) - (reached.get(c) ?? 0)])), sums: alerts.sums };
  const parts = [prefixed('a:', alerts), prefixed('s:', stage), prefixed('n:', missed)];
  const counts = new Map(parts.flatMap((p) => [...p.counts]));
  const sums: CellSum[] = [...parts.flatMap((p) => p.sums), ...cells.map((c) => ({ total: `a:${c}`, parts: [`s:${c}`, `n:${c}`] }))];
  const alertsWithheld = [...alerts.withheld].map((c) => `a:${c}`);
  const decided = suppressSmallCells(counts, sums, threshold, [...alertsWithheld, ...[...(fixed.withheld ?? [])].map((c) => `s:${c}`)]);
  // A cell another answer shows (a month's total, shown by the area tree) stays shown.
  const withheldStage = new Set(cells.filter((c) => decided.has(`s:${c}`) && !shown.has(c)));
  if (isSafe(counts, sums, alerts, withheldStage, threshold, decided)) return withheldStage;
  // The fallback: no other count of this stage shown but zeros, else none at all.
  const nonZero = new Set(cells.filter((c) => (stage.counts.get(c) ?? 0) > 0 && !shown.has(c)));
  if (isSafe(counts, sums, alerts, nonZero, threshold, new Set())) return nonZero;
  return new Set(cells.filter((c) => !shown.has(c)));
}

/**
 * What a reader sees: the alert counts as decided, the stage counts not withheld, and the
 * complement of each (alerts minus stage) wherever both are shown. Safe when none of these is
 * from 1 to threshold - 1 and combining every sum pins no withheld small count (`decided`:
 * what suppressSmallCells withheld, having checked that).
 */
function isSafe(counts: ReadonlyMap<string, number>, sums: readonly CellSum[], alerts: Decided, stage: ReadonlySet<string>, threshold: number, decided: ReadonlySet<string>): boolean {
  const small = (cell: string) => {
    const n = counts.get(cell) ?? 0;
    return n > 0 && n < threshold;
  };
  const hidden = new Set<string>();
  for (const c of alerts.counts.keys()) {
    const alertsHidden = alerts.withheld.has(c);
    if (alertsHidden) hidden.add(`a:${c}`);
    if (alertsHidden || stage.has(c)) hidden.add(`s:${c}`).add(`n:${c}`);
    for (const cell of [`a:${c}`, `s:${c}`, `n:${c}`]) if (!hidden.has(cell) && small(cell)) return false;
  }
  // suppressSmallCells already found nothing pinned with `decided` withheld; hiding more pins nothing new.
  if (decided.size > 0 && [...decided].every((cell) => hidden.has(cell) || (counts.get(cell) ?? 0) === 0)) return true;
  // A stage count hidden with its alert count is unknown even when 0 (the reader is not told
  // it is 0), so it is an unknown here too; only a small count pinned is a leak.
  const unknown = new Map(counts);
  for (const cell of hidden) if ((counts.get(cell) ?? 0) === 0) unknown.set(cell, 1);
  return determinedCells(unknown, sums, hidden).every((cell) => !small(cell));
}

/**
 * A stage decided over months and the period: each month's cells with its alert counts as
 * decided, then the period's with every cell a month withholds already withheld.
 */
export function decideStageMonths(
  alerts: { months: readonly Decided[]; period: Decided },
  reached: { months: readonly ReadonlyMap<string, number>[]; period: ReadonlyMap<string, number> },
  threshold: number,
): { months: Set<string>[]; period: Set<string> } {
  const months = alerts.months.map((m, i) => decideStage(m, reached.months[i] ?? new Map(), threshold));
  return { months, period: decideStage(alerts.period, reached.period, threshold, { withheld: months.flatMap((m) => [...m]) }) };
}

/** The counts of the area tree's cells for one figure (alerts, or a stage) of these leaves. */
export function treeCounts(leaves: readonly AreaLeaf[]): Map<string, number> {
  return areaCellTree(leaves).counts;
}

/** The name of the month's total in decideMonthRows' system (no row key looks like it). */
export const MONTH_TOTAL = '\u0000total';

/**
 * Rows of one month that split its alerts (weeks cut at the month's start, or the month
 * itself), decided with the month's total as the area tree decided it: a row is shown when
 * neither it nor the rest of the month gives back a small count.
 */
export function decideMonthRows(total: { count: number; withheld: boolean }, rows: ReadonlyMap<string, number>, threshold: number): Decided {
  const TOTAL = MONTH_TOTAL;
  const counts = new Map([[TOTAL, total.count], ...rows]);
  const sums = [{ total: TOTAL, parts: [...rows.keys()].sort() }];
  const withheld = suppressSmallCells(counts, sums, threshold, total.withheld ? [TOTAL] : []);
  const shownTotalHidden = !total.withheld && withheld.has(TOTAL);
  // The total is the map's to decide: if hiding the rows is not enough, hide every row.
  const decided = shownTotalHidden ? new Set([...rows].filter(([, n]) => n > 0).map(([k]) => k)) : withheld;
  if (total.withheld && total.count > 0) decided.add(TOTAL);
  else decided.delete(TOTAL);
  return { counts, sums, withheld: decided };
}
