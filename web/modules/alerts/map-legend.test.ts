import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countClasses } from './map-legend';

describe('countClasses', () => {
  it('cuts 1..max into contiguous classes, one per value when few', () => {
    expect(countClasses(0)).toEqual([]);
    expect(countClasses(3).map((c) => [c.from, c.to])).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(countClasses(93)[0]!.from).toBe(1);
    expect(countClasses(93).at(-1)!.to).toBe(93);
  });

  it('starts at the small-cell threshold for a reader who never sees fewer (AGG-2)', () => {
    const classes = countClasses(93, 11);
    expect(classes[0]!.from).toBe(11);
    expect(classes.at(-1)!.to).toBe(93);
    expect(countClasses(13, 11).map((c) => [c.from, c.to])).toEqual([[11, 11], [12, 12], [13, 13]]);
  });

  it('covers smallest..max without gaps or overlaps, in at most five classes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 50 }), (max, smallest) => {
        const classes = countClasses(max, smallest);
        expect(classes.length).toBeGreaterThan(0);
        expect(classes.length).toBeLessThanOrEqual(5);
        expect(classes[0]!.from).toBe(Math.min(smallest, max));
        expect(classes.at(-1)!.to).toBe(max);
        for (let i = 1; i < classes.length; i++) expect(classes[i]!.from).toBe(classes[i - 1]!.to + 1);
        for (const c of classes) expect(c.to).toBeGreaterThanOrEqual(c.from);
      }),
    );
  });
});
