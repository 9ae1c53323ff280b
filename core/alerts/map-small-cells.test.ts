import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaCell, areaCellTree, determinedCells, smallCellThreshold, suppressSmallCells, type AreaLeaf, type CellSum } from './map-small-cells';
import { pinned, type Equation } from './test-differencing';

/**
 * A differencing attacker (AGG-2): knows every published cell and that each sum equals its
 * parts, and combines the equations linearly (Gaussian elimination). Returns the withheld
 * cells whose value the equations fix.
 */
function recoverable(counts: ReadonlyMap<string, number>, sums: readonly CellSum[], withheld: ReadonlySet<string>): string[] {
  const unknowns = [...withheld].filter((c) => (counts.get(c) ?? 0) > 0);
  const equations = sums.map((sum) => {
    const equation: Equation = new Map();
    const put = (cell: string, sign: number) => equation.set(cell, (equation.get(cell) ?? 0) + sign);
    put(sum.total, 1);
    for (const part of sum.parts) put(part, -1);
    return equation;
  });
  return pinned(unknowns, equations);
}

/** Cells a reader pins from one sum and the fact that a withheld count is at least 1. */
function pinnedByBounds(counts: ReadonlyMap<string, number>, sums: readonly CellSum[], withheld: ReadonlySet<string>): string[] {
  const count = (c: string) => counts.get(c) ?? 0;
  return sums.flatMap((sum) => {
    if (withheld.has(sum.total)) return [];
    const hidden = sum.parts.filter((p) => count(p) > 0 && withheld.has(p));
    const left = count(sum.total) - sum.parts.filter((p) => !withheld.has(p)).reduce((n, p) => n + count(p), 0);
    return hidden.length > 0 && left === hidden.length ? hidden : [];
  });
}

const leafArb = fc.record({
  province: fc.constantFrom('P', 'Q', 'R', null),
  zone: fc.constantFrom('1', '2', '3', null),
  count: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 60 })),
});
/** Leaves of a tree: a zone belongs to one province (zone names are scoped by province). */
const treeArb = fc.array(leafArb, { maxLength: 14 }).map((leaves): AreaLeaf[] =>
  leaves.map((l) => ({ province: l.province, zone: l.zone === null ? null : `${l.province ?? 'none'}.${l.zone}`, count: l.count })),
);

describe('smallCellThreshold', () => {
  it('defaults to 11 and never goes below 5', () => {
    expect(smallCellThreshold()).toBe(11);
    expect(smallCellThreshold(null)).toBe(11);
    expect(smallCellThreshold(3)).toBe(5);
    expect(smallCellThreshold(20)).toBe(20);
  });
});

describe('suppressSmallCells', () => {
  it('withholds counts from 1 to 10, never 0, and a complement so the total gives nothing back', () => {
    const counts = new Map([['total', 53], ['a', 3], ['b', 0], ['c', 20], ['d', 30]]);
    const withheld = suppressSmallCells(counts, [{ total: 'total', parts: ['a', 'b', 'c', 'd'] }], 11);
    expect([...withheld].sort()).toEqual(['a', 'c']);
  });

  it('withholds the total when no other part can hide a lone small one', () => {
    const counts = new Map([['total', 4], ['a', 4], ['b', 0]]);
    expect([...suppressSmallCells(counts, [{ total: 'total', parts: ['a', 'b'] }], 11)].sort()).toEqual(['a', 'total']);
    const big = new Map([['total', 14], ['a', 3], ['b', 11]]);
    expect([...suppressSmallCells(big, [{ total: 'total', parts: ['a', 'b'] }], 11)].sort()).toEqual(['a', 'b']);
  });

  it('does not let two withheld counts of 1 stand alone (each would be known to be 1)', () => {
    const counts = new Map([['total', 32], ['a', 1], ['b', 1], ['c', 30]]);
    expect([...suppressSmallCells(counts, [{ total: 'total', parts: ['a', 'b', 'c'] }], 11)].sort()).toEqual(['a', 'b', 'c']);
  });

  it('keeps province and zone answers consistent: a province minus its shown zones gives nothing back', () => {
    const { counts, sums } = areaCellTree([
      { province: 'P', zone: 'P.1', count: 40 },
      { province: 'P', zone: 'P.2', count: 3 },
      { province: 'P', zone: null, count: 0 },
      { province: 'Q', zone: 'Q.1', count: 25 },
      { province: null, zone: null, count: 12 },
    ]);
    const withheld = suppressSmallCells(counts, sums, 11);
    expect(withheld.has(areaCell.zone('P.2'))).toBe(true);
    expect(withheld.has(areaCell.province('P'))).toBe(false);
    expect(recoverable(counts, sums, withheld)).toEqual([]);
  });

  it('differencing attack: no withheld cell of any area tree is pinned by the totals, margins or levels shown', () => {
    fc.assert(
      fc.property(treeArb, fc.integer({ min: 5, max: 15 }), (leaves, threshold) => {
        const { counts, sums } = areaCellTree(leaves);
        const withheld = suppressSmallCells(counts, sums, threshold);
        for (const [cell, n] of counts) if (n > 0 && n < threshold) expect(withheld.has(cell), cell).toBe(true);
        for (const cell of withheld) expect(counts.get(cell) ?? 0, cell).toBeGreaterThan(0);
        expect(recoverable(counts, sums, withheld)).toEqual([]);
        expect(pinnedByBounds(counts, sums, withheld)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('decides the same way for the same counts, whatever order the areas come in', () => {
    fc.assert(
      fc.property(treeArb, (leaves) => {
        const a = areaCellTree(leaves);
        const b = areaCellTree([...leaves].reverse());
        expect([...suppressSmallCells(a.counts, a.sums, 11)].sort()).toEqual([...suppressSmallCells(b.counts, b.sums, 11)].sort());
      }),
    );
  });
});

describe('determinedCells', () => {
  it('finds exactly the withheld cells a reader can work out, for any cells withheld', () => {
    fc.assert(
      fc.property(treeArb, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (leaves, picks) => {
        const { counts, sums } = areaCellTree(leaves);
        const withheld = new Set([...counts.keys()].sort().filter((_, i) => picks[i % picks.length]));
        expect(determinedCells(counts, sums, withheld).sort()).toEqual(recoverable(counts, sums, withheld).sort());
      }),
      { numRuns: 1000 },
    );
  });
});
