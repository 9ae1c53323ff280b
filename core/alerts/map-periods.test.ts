import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthOf, planCountPeriods, widenToWholeMonths, type PeriodPlan } from './map-periods';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

/** The piece an instant falls in: 'raw', or the period of the range holding its day. */
function piecesOf(plan: PeriodPlan, t: number): string[] {
  const found: string[] = [];
  for (const r of plan.raw) if ((r.from === null || t >= r.from.getTime()) && (r.to === null || t < r.to.getTime())) found.push('raw');
  const day = new Date(Math.floor(t / DAY) * DAY);
  const starts = {
    day: day.toISOString().slice(0, 10),
    month: new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1)).toISOString().slice(0, 10),
    year: `${day.getUTCFullYear()}-01-01`,
  };
  for (const r of plan.ranges) {
    const start = starts[r.period];
    if ((r.from === null || start >= r.from) && (r.to === null || start < r.to)) found.push(r.period);
  }
  return found;
}

describe('planCountPeriods', () => {
  it('reads whole years, months and days from the counts and the partial days from the alerts', () => {
    const plan = planCountPeriods(at('2025-11-22T04:46:39.516Z'), at('2027-02-03T10:00:00Z'));
    expect(plan.raw).toEqual([
      { from: at('2025-11-22T04:46:39.516Z'), to: at('2025-11-23T00:00:00Z') },
      { from: at('2027-02-03T00:00:00Z'), to: at('2027-02-03T10:00:00Z') },
    ]);
    expect(plan.ranges).toEqual([
      { period: 'year', from: '2026-01-01', to: '2027-01-01' },
      { period: 'month', from: '2025-12-01', to: '2026-01-01' },
      { period: 'day', from: '2025-11-23', to: '2025-12-01' },
      { period: 'month', from: '2027-01-01', to: '2027-02-01' },
      { period: 'day', from: '2027-02-01', to: '2027-02-03' },
    ]);
    expect(plan.days).toEqual({ from: '2025-11-23', to: '2027-02-03' });
  });

  it('reads an open end as every later (or earlier) year', () => {
    const lastMonth = planCountPeriods(at('2026-10-23T04:46:39Z'), undefined);
    expect(lastMonth.raw).toEqual([{ from: at('2026-10-23T04:46:39Z'), to: at('2026-10-24T00:00:00Z') }]);
    expect(lastMonth.ranges).toEqual([
      { period: 'year', from: '2027-01-01', to: null },
      { period: 'month', from: '2026-11-01', to: '2027-01-01' },
      { period: 'day', from: '2026-10-24', to: '2026-11-01' },
    ]);
    expect(planCountPeriods(undefined, undefined)).toEqual({ raw: [], ranges: [{ period: 'year', from: null, to: null }], days: { from: null, to: null } });
    expect(planCountPeriods(undefined, at('2026-03-01T00:00:00Z')).ranges).toEqual([
      { period: 'year', from: null, to: '2026-01-01' },
      { period: 'month', from: '2026-01-01', to: '2026-03-01' },
    ]);
  });

  it('reads a period within one day from the alerts alone', () => {
    const plan = planCountPeriods(at('2026-05-04T08:00:00Z'), at('2026-05-04T20:00:00Z'));
    expect(plan).toEqual({ raw: [{ from: at('2026-05-04T08:00:00Z'), to: at('2026-05-04T20:00:00Z') }], ranges: [], days: null });
    expect(planCountPeriods(at('2026-05-04T00:00:00Z'), at('2026-05-05T00:00:00Z')).ranges).toEqual([{ period: 'day', from: '2026-05-04', to: '2026-05-05' }]);
    expect(planCountPeriods(at('2026-05-04T08:00:00Z'), at('2026-05-04T08:00:00Z')).ranges).toEqual([]);
  });

  it('covers every instant of the period exactly once, and none outside it', () => {
    const instant = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2029, 0, 1) });
    fc.assert(
      fc.property(fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }), fc.array(instant, { minLength: 1, maxLength: 40 }), (a, b, probes) => {
        const [from, to] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
        const plan = planCountPeriods(from === undefined ? undefined : new Date(from), to === undefined ? undefined : new Date(to));
        for (const t of [...probes, ...(from === undefined ? [] : [from, from - 1]), ...(to === undefined ? [] : [to, to - 1])]) {
          const inside = (from === undefined || t >= from) && (to === undefined || t < to);
          expect(piecesOf(plan, t)).toHaveLength(inside ? 1 : 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('widenToWholeMonths', () => {
  it('widens a period to whole UTC calendar months, a month start staying as it is', () => {
    expect(widenToWholeMonths('2026-04-13T17:59:00Z', '2026-04-20T00:00:00Z')).toEqual({ from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' });
    expect(widenToWholeMonths('2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' });
    expect(widenToWholeMonths('2025-12-31T23:59:59.999Z', '2025-12-31T23:59:59.999Z')).toEqual({ from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    expect(widenToWholeMonths(undefined, undefined)).toEqual({ from: undefined, to: undefined });
    expect(monthOf('2026-03-30')).toBe('2026-03-01');
  });

  it('always gives whole months that hold the period asked', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [from, to] = [new Date(Math.min(a, b)).toISOString(), new Date(Math.max(a, b)).toISOString()];
        const wide = widenToWholeMonths(from, to);
        for (const end of [wide.from!, wide.to!]) expect(end).toMatch(/^\d{4}-\d{2}-01T00:00:00\.000Z$/);
        expect(Date.parse(wide.from!)).toBeLessThanOrEqual(Date.parse(from));
        expect(Date.parse(wide.to!)).toBeGreaterThanOrEqual(Date.parse(to));
        expect(Date.parse(wide.to!)).toBeGreaterThan(Date.parse(wide.from!));
        expect(widenToWholeMonths(wide.from, wide.to)).toEqual(wide);
      }),
    );
  });
});
