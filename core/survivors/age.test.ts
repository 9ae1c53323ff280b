import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { AGE_GROUP_IDS, AGE_GROUP_LABELS, AGE_GROUPS, ageGroupOf, CHILD_AGE_LIMIT, isChild, MAX_AGE } from './age';

describe('ageGroupOf: the GBVIMS bands', () => {
  it.each([
    [0, '0-11'],
    [11, '0-11'],
    [12, '12-17'],
    [17, '12-17'],
    [18, '18-25'],
    [25, '18-25'],
    [26, '26-40'],
    [40, '26-40'],
    [41, '41-60'],
    [60, '41-60'],
    [61, '61+'],
    [MAX_AGE, '61+'],
  ] as const)('%i → %s', (age, group) => {
    expect(ageGroupOf(age)).toBe(group);
  });

  it('is unknown without an age', () => {
    expect(ageGroupOf(null)).toBe('unknown');
    expect(ageGroupOf(undefined)).toBe('unknown');
  });

  it('refuses ages that are not whole years from 0 to 130', () => {
    for (const age of [-1, 2.5, MAX_AGE + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => ageGroupOf(age)).toThrow(DomainError);
    }
  });

  it('bands cover 0..130 without gaps or overlaps, and the child bands end at 17', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AGE }), (age) => {
        expect(AGE_GROUPS.filter((g) => age >= g.min && age <= g.max)).toHaveLength(1);
        expect(isChild(age)).toBe(['0-11', '12-17'].includes(ageGroupOf(age)));
      }),
      { numRuns: 500, seed: 18 },
    );
    expect(CHILD_AGE_LIMIT).toBe(18);
  });

  it('has a label for every group in en, fr and ar', () => {
    for (const lang of ['en', 'fr', 'ar'] as const) expect(Object.keys(AGE_GROUP_LABELS[lang]).sort()).toEqual([...AGE_GROUP_IDS].sort());
    expect(AGE_GROUP_LABELS.en['61+']).toBe('Age 61 & older');
  });
});

describe('isChild (CHD-1)', () => {
  it('under 18 at the incident', () => {
    expect(isChild(17)).toBe(true);
    expect(isChild(18)).toBe(false);
    expect(isChild(null)).toBeNull();
  });
});
