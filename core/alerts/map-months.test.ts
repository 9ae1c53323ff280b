import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAreaMonths, decideMonthRows, decideStage, decideStageMonths, MONTH_TOTAL, treeCounts, type Decided } from './map-months';
import { areaCell, areaCellTree, type AreaLeaf } from './map-small-cells';
import { pinned, type Equation } from './test-differencing';

const T = 11;
const small = (n: number) => n > 0 && n < T;


const leafArb = fc.record({
  province: fc.constantFrom('P', 'Q', null),
  zone: fc.constantFrom('1', '2', null),
  count: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 40 })),
});
const monthArb = fc.array(leafArb, { maxLength: 6 }).map((leaves): AreaLeaf[] =>
  leaves.map((l) => ({ province: l.province, zone: l.zone === null ? null : `${l.province ?? 'none'}.${l.zone}`, count: l.count })),
);
/** Every cell name any month's tree may hold, so months line up. */
const cellsOf = (months: readonly (readonly AreaLeaf[])[]) => [...areaCellTree(months.flat()).counts.keys()];
const ranges = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n - i }, (_, k) => [i, i + k] as const)).flat();

describe('decideAreaMonths', () => {
  it('withholds a cell of a period wherever one of its months withholds it', () => {
    const march: AreaLeaf[] = [{ province: 'P', zone: 'P.1', count: 30 }, { province: 'P', zone: 'P.2', count: 20 }];
    const april: AreaLeaf[] = [{ province: 'P', zone: 'P.1', count: 4 }, { province: 'P', zone: 'P.2', count: 20 }];
    const { months, period } = decideAreaMonths([march, april], T);
    expect(months[0]!.withheld.size).toBe(0);
    expect([...months[1]!.withheld].sort()).toEqual([areaCell.zone('P.1'), areaCell.zone('P.2')]);
    // P.1 has 34 over both months, but April's 4 would be March-April minus March.
    expect(period.withheld.has(areaCell.zone('P.1'))).toBe(true);
    expect(period.withheld.has(areaCell.province('P'))).toBe(false);
  });

  it('differencing attack: no two periods of whole months, nor all of them together, give back a count from 1 to 10', () => {
    fc.assert(
      fc.property(fc.array(monthArb, { minLength: 1, maxLength: 4 }), (months) => {
        const cells = cellsOf(months);
        const per = months.map((leaves) => areaCellTree(leaves).counts);
        const value = (cell: string, m: number) => per[m]!.get(cell) ?? 0;
        const answers = ranges(months.length).map(([a, b]) => ({ a, b, ...decideAreaMonths(months.slice(a, b + 1), T).period }));
        for (const answer of answers) {
          for (const cell of cells) {
            const n = answer.counts.get(cell) ?? 0;
            if (!answer.withheld.has(cell)) expect(small(n), `${cell} ${answer.a}-${answer.b}`).toBe(false);
            // Nested periods: their difference is a count of the months between, never small.
            for (const other of answers) {
              const nested = other.a <= answer.a && answer.b <= other.b && (other.a < answer.a || answer.b < other.b);
              if (nested && !answer.withheld.has(cell) && !other.withheld.has(cell)) expect(small((other.counts.get(cell) ?? 0) - n), cell).toBe(false);
            }
          }
        }
        // Everything at once: the unknowns are each month's cells; every period shown is an equation.
        const unknowns = cells.flatMap((c) => months.map((_, m) => `${c}@${m}`)).filter((u) => value(u.split('@')[0]!, Number(u.split('@')[1])) > 0);
        const equations: Equation[] = [];
        for (const answer of answers) {
          for (const cell of cells) {
            if (answer.withheld.has(cell)) continue;
            equations.push(new Map(Array.from({ length: answer.b - answer.a + 1 }, (_, k) => [`${cell}@${answer.a + k}`, 1] as const)));
          }
          for (let m = answer.a; m <= answer.b; m++) {
            for (const sum of areaCellTree(months[m]!).sums) equations.push(new Map([[`${sum.total}@${m}`, 1], ...sum.parts.map((p) => [`${p}@${m}`, -1] as const)]));
          }
        }
        for (const u of pinned(unknowns, equations)) expect(small(value(u.split('@')[0]!, Number(u.split('@')[1]))), u).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decideStage', () => {
  const stageArb = fc.array(fc.record({ leaf: leafArb, reachedShare: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 6 }).map((rows) =>
    rows.map(({ leaf, reachedShare }) => ({
      province: leaf.province,
      zone: leaf.zone === null ? null : `${leaf.province ?? 'none'}.${leaf.zone}`,
      count: leaf.count,
      reached: Math.round(leaf.count * reachedShare),
    })),
  );

  it('differencing attack: stage counts and their complements never give back a small count, and the alert counts stay as decided', () => {
    fc.assert(
      fc.property(stageArb, (leaves) => {
        const { months, period } = decideAreaMonths([leaves], T);
        expect([...period.withheld].sort()).toEqual([...months[0]!.withheld].sort());
        const reached = treeCounts(leaves.map((l) => ({ ...l, count: l.reached })));
        const withheld = decideStage(period, reached, T);
        const equations: Equation[] = [];
        const unknowns: string[] = [];
        for (const [cell, alerts] of period.counts) {
          const s = reached.get(cell) ?? 0;
          const parts = [[`a:${cell}`, alerts, period.withheld.has(cell)], [`s:${cell}`, s, period.withheld.has(cell) || withheld.has(cell)], [`n:${cell}`, alerts - s, period.withheld.has(cell) || withheld.has(cell)]] as const;
          for (const [name, n, hidden] of parts) {
            if (!hidden) expect(small(n), name).toBe(false);
            // Hidden with its alert count, a stage count of 0 is not known to be 0.
            if (hidden) unknowns.push(name);
            else equations.push(new Map([[name, 1]]));
          }
          equations.push(new Map([[`a:${cell}`, 1], [`s:${cell}`, -1], [`n:${cell}`, -1]]));
        }
        for (const prefix of ['a:', 's:', 'n:']) for (const sum of period.sums) equations.push(new Map([[`${prefix}${sum.total}`, 1], ...sum.parts.map((p) => [`${prefix}${p}`, -1] as const)]));
        const value = (u: string) => {
          const cell = u.slice(2);
          const alerts = period.counts.get(cell) ?? 0;
          const s = reached.get(cell) ?? 0;
          return u.startsWith('a:') ? alerts : u.startsWith('s:') ? s : alerts - s;
        };
        for (const u of pinned(unknowns, equations)) expect(small(value(u)), u).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decideStageMonths', () => {
  const stageMonthArb = fc.array(fc.record({ leaf: leafArb, share: fc.constantFrom(0, 0.3, 0.8, 1) }), { maxLength: 5 }).map((rows) =>
    rows.map(({ leaf, share }) => ({ province: leaf.province, zone: leaf.zone === null ? null : `${leaf.province ?? 'none'}.${leaf.zone}`, count: leaf.count, reached: Math.round(leaf.count * share) })),
  );

  it('differencing attack: no two periods of whole months differ by a small stage count or complement', () => {
    fc.assert(
      fc.property(fc.array(stageMonthArb, { minLength: 1, maxLength: 3 }), (months) => {
        const answers = ranges(months.length).map(([a, b]) => {
          const slice = months.slice(a, b + 1);
          const alerts = decideAreaMonths(slice, T);
          const reachedOf = (leaves: readonly (AreaLeaf & { reached: number })[]) => treeCounts(leaves.map((l) => ({ ...l, count: l.reached })));
          const stage = decideStageMonths(alerts, { months: slice.map(reachedOf), period: reachedOf(slice.flat()) }, T);
          const reached = reachedOf(slice.flat());
          const shown = new Map<string, number>();
          for (const [cell, n] of alerts.period.counts) {
            if (alerts.period.withheld.has(cell) || stage.period.has(cell)) continue;
            shown.set(`s:${cell}`, reached.get(cell) ?? 0);
            shown.set(`n:${cell}`, n - (reached.get(cell) ?? 0));
          }
          return { a, b, shown };
        });
        for (const x of answers) {
          for (const [cell, n] of x.shown) expect(small(n), cell).toBe(false);
          for (const y of answers) {
            if (!(y.a <= x.a && x.b <= y.b) || (y.a === x.a && y.b === x.b)) continue;
            for (const [cell, n] of x.shown) if (y.shown.has(cell)) expect(small(y.shown.get(cell)! - n), cell).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('decideMonthRows', () => {
  it('splits a month into rows without giving back a small row, keeping the total as the map decided it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (counts, totalHidden) => {
        const total = counts.reduce((n, c) => n + c, 0);
        const withheld = totalHidden || small(total);
        const rows = new Map(counts.map((n, i) => [`2026-03-0${i + 1}`, n]));
        const decided: Decided = decideMonthRows({ count: total, withheld }, rows, T);
        expect(decided.withheld.has(MONTH_TOTAL)).toBe(withheld && total > 0);
        const unknowns = [...rows.keys()].filter((k) => decided.withheld.has(k) && rows.get(k)! > 0);
        for (const [k, n] of rows) if (!decided.withheld.has(k)) expect(small(n), k).toBe(false);
        const equations: Equation[] = [new Map([[MONTH_TOTAL, 1], ...[...rows.keys()].map((k) => [k, -1] as const)])];
        if (!withheld) equations.push(new Map([[MONTH_TOTAL, 1]]));
        for (const k of rows.keys()) if (!unknowns.includes(k)) equations.push(new Map([[k, 1]]));
        for (const u of pinned([...unknowns, ...(withheld && total > 0 ? [MONTH_TOTAL] : [])], equations)) expect(small(u === MONTH_TOTAL ? total : rows.get(u)!), u).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
