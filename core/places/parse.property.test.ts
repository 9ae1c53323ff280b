/** Whatever arrives, parsing answers a report or a DomainError, never anything else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { parseAreaFile, type AreaFileInput } from './parse';
import { twoSquaresTopology } from './test-shapes';

const mapping = { codeProperty: 'pcode', nameProperty: 'name', parentCodeProperty: 'parent', level: 1, levelName: 'province' };

function parsesOrRefuses(input: AreaFileInput): void {
  try {
    const parsed = parseAreaFile(input, { maxInputBytes: 100_000, maxFeatures: 50, maxVertices: 2_000, maxVerticesPerFeature: 500 });
    expect(parsed.candidates.length + new Set(parsed.errors.map((e) => e.index)).size).toBe(parsed.total);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.category).toBe('validation');
  }
}

const number = fc.oneof(fc.double(), fc.integer({ min: -200, max: 200 }), fc.constant(Number.NaN));
const position = fc.oneof(fc.tuple(number, number), fc.array(fc.anything(), { maxLength: 4 }));
const ring = fc.oneof(fc.array(position, { maxLength: 8 }), fc.anything());
const geometry = fc.oneof(
  fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'LineString', 42), coordinates: fc.oneof(fc.array(ring, { maxLength: 3 }), fc.array(fc.array(ring, { maxLength: 3 }), { maxLength: 3 })) }),
  fc.anything(),
);
const properties = fc.oneof(
  fc.record({ pcode: fc.oneof(fc.string(), fc.integer(), fc.anything()), name: fc.oneof(fc.string(), fc.anything()), parent: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] }),
  fc.anything(),
);
const feature = fc.oneof(fc.record({ type: fc.constantFrom('Feature', 'feature'), properties, geometry }), fc.anything());
const arcIndex = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.anything());

describe('parseAreaFile never throws anything but a DomainError', () => {
  it('on random values', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true }), fc.constantFrom('geojson' as const, 'topojson' as const), (data, format) => parsesOrRefuses({ format, data, mapping })));
  });

  it('on random text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (data) => parsesOrRefuses({ format: 'geojson', data, mapping })));
  });

  it('on feature collections of junk features', () => {
    fc.assert(
      fc.property(fc.array(feature, { maxLength: 12 }), fc.boolean(), (features, simplify) =>
        parsesOrRefuses({ format: 'geojson', data: { type: 'FeatureCollection', features }, mapping, ...(simplify ? { simplify: { tolerance: 0.01, decimals: 4 } } : {}) }),
      ),
    );
  });

  it('on topologies with junk arcs, transforms and references', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.array(position, { maxLength: 5 }), fc.anything()), { maxLength: 5 }),
        fc.oneof(fc.constant(undefined), fc.record({ scale: fc.array(number), translate: fc.array(number) }), fc.anything()),
        fc.array(fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', null), arcs: fc.oneof(fc.array(fc.array(arcIndex, { maxLength: 4 }), { maxLength: 3 }), fc.array(fc.array(fc.array(arcIndex)), { maxLength: 2 }), fc.anything()), properties }), { maxLength: 6 }),
        (arcs, transform, geometries) => {
          const base = twoSquaresTopology();
          const data = { type: 'Topology', arcs: [...base.arcs, ...arcs], ...(transform === undefined ? {} : { transform }), objects: { zones: { type: 'GeometryCollection', geometries } } };
          parsesOrRefuses({ format: 'topojson', data, mapping });
        },
      ),
    );
  });
});

describe('parsed areas keep their invariants', () => {
  // Random simple polygons: points at increasing angles around a centre.
  const star = fc
    .record({
      cx: fc.double({ min: -170, max: 170, noNaN: true }),
      cy: fc.double({ min: -80, max: 80, noNaN: true }),
      // Rings from a few metres (1e-5°, far from 0,0: where products of coordinates lose precision) to 500 km.
      radii: fc.array(fc.oneof(fc.double({ min: 0.00001, max: 0.001, noNaN: true }), fc.double({ min: 0.001, max: 5, noNaN: true })), { minLength: 3, maxLength: 60 }),
    })
    .map(({ cx, cy, radii }) => {
      const ring = radii.map((r, i) => {
        const angle = (i / radii.length) * 2 * Math.PI;
        return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
      });
      return [...ring, ring[0]!];
    });

  it('has its centroid inside its bounding box, and simplification keeps rings closed', () => {
    fc.assert(
      fc.property(star, fc.double({ min: 0, max: 0.5, noNaN: true }), (ring, tolerance) => {
        const data = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { pcode: 'A', name: 'A' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
        const parsed = parseAreaFile({ format: 'geojson', data, mapping: { ...mapping, parentCodeProperty: undefined }, simplify: { tolerance, decimals: 6 } });
        const [area] = parsed.candidates;
        expect(parsed.errors).toEqual([]);
        const [minLon, minLat, maxLon, maxLat] = area!.bbox;
        const [x, y] = area!.centroid;
        expect(x).toBeGreaterThanOrEqual(minLon - 1e-9);
        expect(x).toBeLessThanOrEqual(maxLon + 1e-9);
        expect(y).toBeGreaterThanOrEqual(minLat - 1e-9);
        expect(y).toBeLessThanOrEqual(maxLat + 1e-9);
        for (const stored of area!.geometry.coordinates as number[][][]) {
          expect(stored.length).toBeGreaterThanOrEqual(4);
          expect(stored[0]).toEqual(stored[stored.length - 1]);
        }
        expect(area!.vertexCount).toBeLessThanOrEqual(ring.length);
      }),
    );
  });
});
