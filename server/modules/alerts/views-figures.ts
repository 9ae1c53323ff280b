/**
 * Small cells of the response-time figures (SECURITY AGG-2) for roles that see aggregates
 * only: which groups' alert counts, and which stage counts (acknowledged, verified,
 * responded) with the medians, percentiles and shares drawn from them, to withhold. The
 * alert counts are decided as the map decides them (views-areas.ts), month by month, then
 * over the period; the stages with them (core/alerts/map-months.ts).
 */
import { decideAreaMonths, decideMonthRows, decideStage, decideStageMonths, MONTH_TOTAL, treeCounts, type Decided } from '../../../core/alerts/map-months';
import { monthOf } from '../../../core/alerts/map-periods';
import type { AlertFigures } from '../../../core/schemas/alert-views';
import type { Executor } from '../../db/database';
import { areaCellOf, byMonth, leavesOf, outerCellsOf, type AreaFocus } from './views-areas';
import { countStagesByMonth, type AlertViewFilter, type FiguresRow } from './views-store';

const STAGES = ['acknowledged', 'verified', 'responded'] as const;
type Stage = (typeof STAGES)[number];

/** What to withhold of one group: its alert count (then every figure), or a stage's figures. */
export interface FiguresVerdict {
  alerts: boolean;
  stages: Record<Stage, boolean>;
}

const SHOWN: FiguresVerdict = { alerts: false, stages: { acknowledged: false, verified: false, responded: false } };

/**
 * The verdict for each row (by its key) and for the total. `filter` is the figures' filter
 * without its area (the tree is counted whole, as the map does); `rows` the figures as
 * grouped (weeks cut at the month's start).
 */
export async function decideFigures(
  ex: Executor,
  filter: AlertViewFilter,
  shape: { focus: AreaFocus | null; level: 1 | 2; groupBy: 'area' | 'week' | 'month' },
  rows: readonly FiguresRow[],
  threshold: number,
): Promise<{ row: (key: string | null) => FiguresVerdict; total: FiguresVerdict }> {
  const placed = await leavesOf(ex, await countStagesByMonth(ex, filter));
  const months = byMonth(placed.leaves);
  const monthIndex = new Map(months.map((m, i) => [m[0]!.source.month, i]));
  const alerts = decideAreaMonths(months, threshold);
  const reachedIn = (leaves: typeof placed.leaves, stage: Stage) => treeCounts(leaves.map((l) => ({ ...l, count: l.source[stage] })));
  const stages = Object.fromEntries(
    STAGES.map((stage) => [stage, decideStageMonths(alerts, { months: months.map((m) => reachedIn(m, stage)), period: reachedIn(placed.leaves, stage) }, threshold)]),
  ) as Record<Stage, { months: Set<string>[]; period: Set<string> }>;
  const outer = outerCellsOf(shape.focus, shape.level);
  const verdictOf = (cell: string | null, alertsDecided: Decided, stageWithheld: (stage: Stage) => ReadonlySet<string>): FiguresVerdict =>
    cell === null
      ? SHOWN
      : { alerts: alertsDecided.withheld.has(cell), stages: { acknowledged: stageWithheld('acknowledged').has(cell), verified: stageWithheld('verified').has(cell), responded: stageWithheld('responded').has(cell) } };
  const total = verdictOf(outer.total, alerts.period, (s) => stages[s].period);
  const inMonth = (i: number | undefined) =>
    i === undefined
      ? null
      : verdictOf(outer.total, alerts.months[i]!, (s) => stages[s].months[i]!);

  if (shape.groupBy === 'area') {
    return { row: (key) => verdictOf(key === null ? outer.outside : areaCellOf(shape.focus, shape.level, key), alerts.period, (s) => stages[s].period), total };
  }
  if (shape.groupBy === 'month') return { row: (key) => (key === null ? SHOWN : inMonth(monthIndex.get(key)) ?? SHOWN), total };

  // Weeks: each cut at its month's start, so each row splits one month, decided with that month's total.
  const verdicts = new Map<string, FiguresVerdict>();
  const periods = rows.filter((r) => r.is_total === 0 && r.key !== null);
  for (const [month, i] of monthIndex) {
    const monthRows = periods.filter((r) => monthOf(r.key!) === month);
    const monthTotal = { count: alerts.months[i]!.counts.get(outer.total) ?? 0, withheld: alerts.months[i]!.withheld.has(outer.total) };
    const decided = decideMonthRows(monthTotal, new Map(monthRows.map((r) => [r.key!, r.alerts])), threshold);
    const byStage = Object.fromEntries(
      STAGES.map((stage) => {
        const monthStage = placed.leaves.filter((l) => l.source.month === month);
        const stageTotal = reachedIn(monthStage, stage).get(outer.total) ?? 0;
        const totalHidden = stages[stage].months[i]!.has(outer.total);
        const reached = new Map([[MONTH_TOTAL, stageTotal], ...monthRows.map((r) => [r.key!, r[stage]] as const)]);
        return [stage, decideStage(decided, reached, threshold, totalHidden ? { withheld: [MONTH_TOTAL] } : { shown: new Set([MONTH_TOTAL]) })];
      }),
    ) as Record<Stage, Set<string>>;
    for (const r of monthRows) verdicts.set(r.key!, verdictOf(r.key!, decided, (s) => byStage[s]));
  }
  return { row: (key) => (key === null ? SHOWN : verdicts.get(key) ?? SHOWN), total };
}

type StageFigures = { count: 'acknowledged' | 'verified' | 'responded'; time: 'timeToAcknowledge' | 'timeToVerify' | 'timeToRespond'; share: 'acknowledge' | 'verify' | 'respond'; met: 'ack_met' | 'verify_met' | 'respond_met'; judged: 'ack_judged' | 'verify_judged' | 'respond_judged' };
const FIGURES_OF: readonly StageFigures[] = [
  { count: 'acknowledged', time: 'timeToAcknowledge', share: 'acknowledge', met: 'ack_met', judged: 'ack_judged' },
  { count: 'verified', time: 'timeToVerify', share: 'verify', met: 'verify_met', judged: 'verify_judged' },
  { count: 'responded', time: 'timeToRespond', share: 'respond', met: 'respond_met', judged: 'respond_judged' },
];

/**
 * A group's figures with what its verdict withholds set to null: a stage withheld shows no
 * count, median or percentile; a share is shown only when it is drawn from at least
 * `threshold` judged alerts, and those that met and missed the target are each none or at
 * least `threshold` (so a share never reads as "one of them").
 */
export function withholdFigures(figures: AlertFigures, row: FiguresRow, verdict: FiguresVerdict, threshold: number): AlertFigures {
  const out: AlertFigures = { ...figures, timeToAcknowledge: { ...figures.timeToAcknowledge }, timeToVerify: { ...figures.timeToVerify }, timeToRespond: { ...figures.timeToRespond }, withinTarget: { ...figures.withinTarget } };
  const safe = (n: number) => n === 0 || n >= threshold;
  for (const f of FIGURES_OF) {
    if (verdict.stages[f.count] || row[f.count] < threshold) {
      if (verdict.stages[f.count]) out[f.count] = null;
      out[f.time] = { medianMinutes: null, p90Minutes: null };
    }
    const met = row[f.met];
    const judged = row[f.judged];
    if (verdict.stages[f.count] || judged < threshold || !safe(met) || !safe(judged - met)) out.withinTarget[f.share] = null;
  }
  return out;
}
