import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_STATES } from '../schemas/alerts';
import { FINISHED_ALERT_STATES } from './response';
import {
  cellsInBox,
  clusterCellDegrees,
  GRID_DEGREES,
  gridPointOf,
  judgeClock,
  MAX_CLUSTER_CELLS,
  OPEN_ALERT_STATES,
  percentileCont,
  roundToGrid,
  severityRank,
  WORLD,
  type BoundingBox,
} from './map';

describe('the 0.01 degree grid', () => {
  it('rounds a point to two decimals, clamped to the globe', () => {
    expect(gridPointOf({ lat: -1.23456, lon: 29.11789 })).toEqual({ lat: -1.23, lon: 29.12 });
    expect(gridPointOf({ lat: 89.999, lon: -179.996 })).toEqual({ lat: 90, lon: -180 });
    expect(roundToGrid(0.2851)).toBe(0.29);
    expect(roundToGrid(-0.004)).toBe(0);
  });

  it('never moves a point by more than half a cell', () => {
    fc.assert(
      fc.property(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), (lat, lon) => {
        const g = gridPointOf({ lat, lon });
        expect(Math.abs(g.lat - lat)).toBeLessThanOrEqual(GRID_DEGREES / 2 + 1e-9);
        expect(Math.abs(g.lon - lon)).toBeLessThanOrEqual(GRID_DEGREES / 2 + 1e-9);
        expect(Number(g.lat.toFixed(2))).toBe(g.lat);
      }),
    );
  });
});

describe('cluster cells', () => {
  it('is a quarter tile at the zoom, never finer than the grid', () => {
    const small: BoundingBox = [29, -2, 29.1, -1.9];
    expect(clusterCellDegrees(small, 0)).toBe(90);
    expect(clusterCellDegrees(small, 8)).toBe(360 / 256 / 4);
    expect(clusterCellDegrees(small, 14)).toBe(GRID_DEGREES);
    expect(clusterCellDegrees(small)).toBe(GRID_DEGREES);
  });

  it('grows until the bbox holds at most the cell budget', () => {
    expect(cellsInBox(WORLD, 90)).toBe(3 * 5);
    expect(clusterCellDegrees(WORLD, 18)).toBeGreaterThan(4);
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 18 }), { nil: undefined }),
        (lon1, lon2, lat1, lat2, zoom) => {
          const bbox: BoundingBox = [Math.min(lon1, lon2), Math.min(lat1, lat2), Math.max(lon1, lon2), Math.max(lat1, lat2)];
          const cell = clusterCellDegrees(bbox, zoom);
          expect(cell).toBeGreaterThanOrEqual(GRID_DEGREES);
          expect(cellsInBox(bbox, cell)).toBeLessThanOrEqual(MAX_CLUSTER_CELLS);
          if (zoom !== undefined) expect(cell).toBeGreaterThanOrEqual(Math.min(360 / 2 ** zoom / 4, cell));
        },
      ),
    );
  });
});

describe('severity order', () => {
  it('puts critical first and unrated last', () => {
    expect(['low', null, 'critical', 'medium', 'high'].sort((a, b) => severityRank(b) - severityRank(a))).toEqual(['critical', 'high', 'medium', 'low', null]);
    expect(severityRank('unknown')).toBe(0);
  });
});

describe('percentileCont', () => {
  it('interpolates between ranks as PostgreSQL does', () => {
    expect(percentileCont([30, 10, 20, 12], 0.5)).toBe(16);
    expect(percentileCont([10, 12, 20, 30], 0.9)).toBeCloseTo(27);
    expect(percentileCont([300], 0.9)).toBe(300);
    expect(percentileCont([], 0.5)).toBeNull();
    expect(() => percentileCont([1], 1.5)).toThrow(RangeError);
  });

  it('lies between the smallest and the largest value, and grows with p', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const q = percentileCont(values, p)!;
        expect(q).toBeGreaterThanOrEqual(Math.min(...values));
        expect(q).toBeLessThanOrEqual(Math.max(...values));
        expect(percentileCont(values, Math.min(1, p + 0.1))!).toBeGreaterThanOrEqual(q - 1e-9);
      }),
    );
  });
});

describe('judgeClock', () => {
  const receivedAt = new Date('2026-03-01T08:00:00Z');
  const at = (minutes: number) => new Date(receivedAt.getTime() + minutes * 60_000);
  it('judges a stopped clock against its target, a running one only once the target passed while open', () => {
    expect(judgeClock({ receivedAt, stoppedAt: at(15), state: 'closed' }, 15, at(100))).toBe('met');
    expect(judgeClock({ receivedAt, stoppedAt: at(16), state: 'closed' }, 15, at(100))).toBe('missed');
    expect(judgeClock({ receivedAt, stoppedAt: null, state: 'new' }, 15, at(10))).toBe('not_judged');
    expect(judgeClock({ receivedAt, stoppedAt: null, state: 'verified' }, 15, at(16))).toBe('missed');
    expect(judgeClock({ receivedAt, stoppedAt: null, state: 'dismissed' }, 15, at(16))).toBe('not_judged');
  });

  it('treats as open exactly the states response rules do not call finished', () => {
    expect([...OPEN_ALERT_STATES, ...FINISHED_ALERT_STATES].sort()).toEqual([...ALERT_STATES].sort());
  });
});
