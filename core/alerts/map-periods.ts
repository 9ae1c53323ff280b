/**
 * How the alert map reads a period [from, to) from the counts kept per UTC day, month and year
 * (migration 0400, alert_map_counts): the whole years, months and days that fit in it, and the
 * instants of its partial first and last days, which are read from the alerts themselves. The
 * pieces never overlap and together cover the period exactly, so the map's answers are the
 * same as counting every alert.
 */

export type CountPeriod = 'day' | 'month' | 'year';

/** Whole periods of one kind whose first day is in [from, to) (YYYY-MM-DD; null: unbounded). */
export interface CountRange {
  period: CountPeriod;
  from: string | null;
  to: string | null;
}

export interface PeriodPlan {
  /** Instants read from the alerts: the partial first and last days (null: unbounded). */
  raw: { from: Date | null; to: Date | null }[];
  /** Whole years, months and days read from the counts. */
  ranges: CountRange[];
  /** The whole days the ranges cover, [from, to): the span of pending changes to add. Null: none. */
  days: { from: string | null; to: string | null } | null;
}

const DAY_MS = 86_400_000;

/** A day number (days since 1970-01-01, UTC) as YYYY-MM-DD; null for an unbounded end. */
function isoDay(day: number): string | null {
  return Number.isFinite(day) ? new Date(day * DAY_MS).toISOString().slice(0, 10) : null;
}

/** The first day of the month `months` after the one `day` falls in. */
function monthStart(day: number, months = 0): number {
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1) / DAY_MS;
}

function yearStart(day: number, years = 0): number {
  return Date.UTC(new Date(day * DAY_MS).getUTCFullYear() + years, 0, 1) / DAY_MS;
}

/** The first period boundary at or after `day`, and the last at or before it (infinities stay). */
const boundaries: Record<'month' | 'year', { ceil(day: number): number; floor(day: number): number }> = {
  month: {
    ceil: (day) => (Number.isFinite(day) ? (monthStart(day) === day ? day : monthStart(day, 1)) : day),
    floor: (day) => (Number.isFinite(day) ? monthStart(day) : day),
  },
  year: {
    ceil: (day) => (Number.isFinite(day) ? (yearStart(day) === day ? day : yearStart(day, 1)) : day),
    floor: (day) => (Number.isFinite(day) ? yearStart(day) : day),
  },
};

/** Whole days [a, b) as the fewest years, then months, then days. */
function splitDays(a: number, b: number, kinds: readonly CountPeriod[], out: CountRange[]): void {
  if (!(a < b)) return;
  const [kind, ...finer] = kinds;
  if (kind === undefined) return;
  if (kind === 'day') {
    out.push({ period: 'day', from: isoDay(a), to: isoDay(b) });
    return;
  }
  const first = boundaries[kind].ceil(a);
  const last = boundaries[kind].floor(b);
  if (first < last) {
    out.push({ period: kind, from: isoDay(first), to: isoDay(last) });
    splitDays(a, first, finer, out);
    splitDays(last, b, finer, out);
  } else {
    splitDays(a, b, finer, out);
  }
}

/**
 * The pieces of [from, to) (either end may be open): the partial days at its ends as instants,
 * the whole days between as years, months and days. `from` must not be after `to`.
 */
export function planCountPeriods(from: Date | undefined, to: Date | undefined): PeriodPlan {
  const firstDay = from === undefined ? -Infinity : Math.ceil(from.getTime() / DAY_MS);
  const endDay = to === undefined ? Infinity : Math.floor(to.getTime() / DAY_MS);
  if (!(firstDay < endDay)) {
    // Within one day (or less): nothing whole to read from the counts.
    return { raw: [{ from: from ?? null, to: to ?? null }], ranges: [], days: null };
  }
  const raw: PeriodPlan['raw'] = [];
  if (from !== undefined && from.getTime() < firstDay * DAY_MS) raw.push({ from, to: new Date(firstDay * DAY_MS) });
  if (to !== undefined && endDay * DAY_MS < to.getTime()) raw.push({ from: new Date(endDay * DAY_MS), to });
  const ranges: CountRange[] = [];
  splitDays(firstDay, endDay, ['year', 'month', 'day'], ranges);
  return { raw, ranges, days: { from: isoDay(firstDay), to: isoDay(endDay) } };
}

/**
 * A period widened to whole UTC calendar months: `from` to the first of its month, `to` to the
 * first of the next month unless it is one already. For roles that see aggregates only
 * (AGG-2): every period they ask is a run of whole months, so two periods differ by whole
 * months, each decided on its own (core/alerts/map-months.ts).
 */
export function widenToWholeMonths(from: string | undefined, to: string | undefined): { from: string | undefined; to: string | undefined } {
  const start = (iso: string, next: boolean) => {
    const day = new Date(Date.parse(iso));
    const first = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1);
    return new Date(next && first < day.getTime() ? Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1) : first).toISOString();
  };
  return { from: from === undefined ? undefined : start(from, false), to: to === undefined ? undefined : start(to, true) };
}

/** The month an instant or a YYYY-MM-DD day falls in, as its first day (YYYY-MM-01, UTC). */
export const monthOf = (instantOrDay: string | Date): string => `${new Date(instantOrDay).toISOString().slice(0, 7)}-01`;
