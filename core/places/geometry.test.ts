import { describe, expect, it } from 'vitest';
import { checkAreaGeometry, computeBbox, computeCentroid, isPointInPolygons, ringArea2, rewindPolygons } from './geometry';
import { simplifyPolygons, simplifyRing } from './simplify';
import { square } from './test-shapes';

describe('geometry', () => {
  it('subtracts holes from the centroid and the point test', () => {
    // A 4x4 square with a 2x2 hole in its western half: the centroid moves east.
    const polygon = [square(0, 0, 4), [...square(0.5, 1, 2)].reverse()];
    const [x, y] = computeCentroid([polygon]);
    expect(x).toBeCloseTo((16 * 2 - 4 * 1.5) / 12);
    expect(y).toBeCloseTo(2);
    expect(isPointInPolygons([1.5, 2], [polygon])).toBe(false);
    expect(isPointInPolygons([3.5, 2], [polygon])).toBe(true);
    expect(isPointInPolygons([5, 2], [polygon])).toBe(false);
  });

  it('gives the same centroid whatever the winding', () => {
    const clockwise = [[...square(2, 2, 2)].reverse()];
    expect(computeCentroid([clockwise])).toEqual(computeCentroid([[square(2, 2, 2)]]));
    expect(ringArea2(rewindPolygons([clockwise])[0]![0]!)).toBeGreaterThan(0);
  });

  it('keeps its precision for a ring a few metres wide far from 0,0', () => {
    const tiny = square(169.123456, 79.98765, 0.00003);
    const [x, y] = computeCentroid([[tiny]]);
    expect(x).toBeCloseTo(169.123471, 6);
    expect(y).toBeCloseTo(79.987665, 6);
    expect(ringArea2(tiny)).toBeGreaterThan(0);
  });

  it('falls back to the middle of the box for a degenerate ring', () => {
    const flat = [[[0, 0], [2, 0], [1, 0], [0, 0]] as [number, number][]];
    expect(computeCentroid([flat])).toEqual([1, 0]);
  });

  it('bounds by the exterior rings', () => {
    expect(computeBbox([[square(1, 1)], [square(-3, 5, 2)]])).toEqual([-3, 1, 2, 7]);
  });

  it('refuses rings of fewer than four positions and rings of non-positions', () => {
    const short = checkAreaGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 100);
    expect(short).toMatchObject({ ok: false, problem: { field: 'geometry.coordinates[0]' } });
    const junk = checkAreaGeometry({ type: 'MultiPolygon', coordinates: [[['a', 'b', 'c', 'd']]] }, 100);
    expect(junk).toMatchObject({ ok: false, problem: { field: 'geometry.coordinates[0][0][0]' } });
  });
});

describe('simplification', () => {
  it('keeps a ring closed with at least four positions', () => {
    const ring = simplifyRing(square(0, 0, 1), 10);
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it('drops holes and secondary parts smaller than the tolerance, never the main part', () => {
    const tiny = square(0.4, 0.4, 0.00001);
    const out = simplifyPolygons([[square(0, 0, 1), [...tiny].reverse()], [tiny]], { tolerance: 0.001, decimals: 4 });
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(1);
    const alone = simplifyPolygons([[tiny]], { tolerance: 0.01, decimals: 7 });
    expect(alone).toHaveLength(1);
  });
});
