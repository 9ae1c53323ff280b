import { describe, expect, it } from 'vitest';
import { AREA_IMPORT_LIMITS, parseAreaFile, type AreaFileInput } from './parse';
import { areaFeature, collection, square, twoSquaresTopology } from './test-shapes';
import { thrownDomainError } from '../domain-error.testing';

const mapping = { codeProperty: 'pcode', nameProperty: 'name', level: 2, levelName: 'health zone' };
const geojson = (data: unknown, extra: Partial<AreaFileInput> = {}): AreaFileInput => ({ format: 'geojson', data, mapping, ...extra });

const thrown = thrownDomainError;

describe('parseAreaFile: GeoJSON', () => {
  it('reads codes, names under the neutral key, parents, bbox and centroid', () => {
    const file = collection(
      areaFeature({ pcode: 'Z1', name: ' Rwampara ', parent: 'P1' }, [square(10, -2, 2)]),
      areaFeature({ pcode: 42, name: 'Bunia', parent: 'P1' }, [[square(12, -2)], [square(14, -2)]], 'MultiPolygon'),
    );
    const parsed = parseAreaFile(geojson(file, { mapping: { ...mapping, parentCodeProperty: 'parent' } }));
    expect(parsed.errors).toEqual([]);
    expect(parsed.total).toBe(2);
    const [a, b] = parsed.candidates;
    expect(a).toMatchObject({ code: 'Z1', names: { und: 'Rwampara' }, parentCode: 'P1', level: 2, levelName: 'health zone', bbox: [10, -2, 12, 0] });
    expect(a!.centroid[0]).toBeCloseTo(11);
    expect(a!.centroid[1]).toBeCloseTo(-1);
    expect(b!.code).toBe('42');
    expect(b!.geometry.type).toBe('MultiPolygon');
    expect(b!.centroid[0]).toBeCloseTo(13.5);
  });

  it('stores names under the language the mapping declares', () => {
    const parsed = parseAreaFile(geojson(collection(areaFeature({ pcode: 'Z1', name: 'Nord-Kivu' })), { mapping: { ...mapping, nameLanguage: 'fr' } }));
    expect(parsed.candidates[0]!.names).toEqual({ fr: 'Nord-Kivu' });
  });

  it('reports every bad feature with its index, code and field', () => {
    const open = square(10, -2).slice(0, 4);
    const file = collection(
      areaFeature({ pcode: 'OK', name: 'Fine' }),
      areaFeature({ name: 'No code' }),
      areaFeature({ pcode: 'OK', name: 'Duplicate' }),
      areaFeature({ pcode: 'N1' }),
      areaFeature({ pcode: 'P1', name: 'Point' }, [10, -2], 'Point'),
      areaFeature({ pcode: 'R1', name: 'Range' }, [[[10, -2], [200, -2], [200, 5], [10, -2]]]),
      areaFeature({ pcode: 'F1', name: 'NaN' }, [[[10, -2], [11, null], [11, 5], [10, -2]]]),
      areaFeature({ pcode: 'C1', name: 'Open' }, [open]),
      { type: 'Feature', properties: { pcode: 'G1', name: 'No geometry' }, geometry: null },
      'not a feature',
    );
    const parsed = parseAreaFile(geojson(file));
    expect(parsed.candidates.map((c) => c.code)).toEqual(['OK']);
    expect(parsed.errors).toEqual([
      { index: 1, field: 'properties.pcode', message: '(the code) is missing' },
      { index: 2, code: 'OK', field: 'properties.pcode', message: '(the code) OK is also used by feature 0' },
      { index: 3, code: 'N1', field: 'properties.name', message: '(the name) is missing' },
      { index: 4, code: 'P1', field: 'geometry.type', message: 'is "Point"; only Polygon and MultiPolygon can be areas' },
      { index: 5, code: 'R1', field: 'geometry.coordinates[0][1]', message: 'has longitude 200, outside -180..180' },
      { index: 6, code: 'F1', field: 'geometry.coordinates[0][1]', message: 'must hold finite numbers' },
      { index: 7, code: 'C1', field: 'geometry.coordinates[0]', message: 'is not closed: its first and last positions differ' },
      { index: 8, code: 'G1', field: 'geometry', message: 'is missing; each area needs a Polygon or MultiPolygon' },
      { index: 9, field: 'feature', message: 'must be a GeoJSON Feature object' },
    ]);
  });

  it('refuses a parent code equal to the area’s own', () => {
    const parsed = parseAreaFile(geojson(collection(areaFeature({ pcode: 'Z1', name: 'Self', up: 'Z1' })), { mapping: { ...mapping, parentCodeProperty: 'up' } }));
    expect(parsed.errors[0]).toMatchObject({ index: 0, field: 'properties.up' });
  });

  it('does not read properties through the prototype', () => {
    const parsed = parseAreaFile(geojson(collection(areaFeature({ name: 'x' })), { mapping: { ...mapping, codeProperty: 'constructor' } }));
    expect(parsed.errors[0]).toMatchObject({ field: 'properties.constructor', message: '(the code) is missing' });
  });

  it('winds exterior rings counter-clockwise and drops altitudes', () => {
    const clockwise = [...square(10, -2)].reverse().map(([x, y]) => [x, y, 1500]);
    const parsed = parseAreaFile(geojson(collection(areaFeature({ pcode: 'Z1', name: 'A' }, [clockwise]))));
    const ring = (parsed.candidates[0]!.geometry.coordinates as number[][][])[0]!;
    expect(ring[0]).toHaveLength(2);
    expect(ring).toEqual(square(10, -2));
  });
});

describe('parseAreaFile: limits (REL-4)', () => {
  const limits = { ...AREA_IMPORT_LIMITS, maxFeatures: 2, maxVerticesPerFeature: 6, maxVertices: 12, maxInputBytes: 2000 };

  it('refuses too many features, naming the field', () => {
    const error = thrown(() => parseAreaFile(geojson(collection(...[1, 2, 3].map((i) => areaFeature({ pcode: `Z${i}`, name: 'x' })))), limits));
    expect(error.code).toBe('area.too_many_features');
    expect(error.field).toBe('data.features');
  });

  it('reports a feature with too many vertices and refuses a file with too many in all', () => {
    const big = [[[0, 0], [1, 0], [2, 0], [2, 1], [1, 1], [0, 1], [0, 0]]];
    const parsed = parseAreaFile(geojson(collection(areaFeature({ pcode: 'B', name: 'Big' }, big))), limits);
    expect(parsed.errors[0]).toMatchObject({ code: 'B', field: 'geometry.coordinates', message: 'has more than 6 positions; simplify the boundary first' });
    const many = collection(...[1, 2].map((i) => areaFeature({ pcode: `Z${i}`, name: 'x' }, [square(i, 0), square(i + 0.1, 0.1, 0.1)])));
    expect(thrown(() => parseAreaFile(geojson(many), { ...limits, maxVerticesPerFeature: 10, maxVertices: 15 })).code).toBe('area.too_many_vertices');
  });

  it('refuses text over the byte limit before parsing it, and text that is not JSON', () => {
    expect(thrown(() => parseAreaFile(geojson(' '.repeat(2001)), limits)).code).toBe('area.too_large');
    expect(thrown(() => parseAreaFile(geojson('{"type":')))).toMatchObject({ code: 'area.not_json', field: 'data' });
  });

  it('refuses data of the wrong kind', () => {
    expect(thrown(() => parseAreaFile(geojson([]))).field).toBe('data');
    expect(thrown(() => parseAreaFile(geojson({ type: 'Topology' }))).field).toBe('data.type');
    expect(thrown(() => parseAreaFile({ format: 'topojson', data: collection(), mapping })).field).toBe('data.type');
  });
});

describe('parseAreaFile: TopoJSON', () => {
  it('decodes a quantized topology with shared arcs', () => {
    const parsed = parseAreaFile({ format: 'topojson', data: twoSquaresTopology(), mapping });
    expect(parsed.errors).toEqual([]);
    expect(parsed.candidates.map((c) => [c.code, c.bbox])).toEqual([
      ['W1', [20, -4, 21, -3]],
      ['E1', [21, -4, 22, -3]],
    ]);
  });

  it('needs the object named when there are several, and names the ones there are', () => {
    const topology = twoSquaresTopology() as ReturnType<typeof twoSquaresTopology> & { objects: Record<string, unknown> };
    topology.objects.other = { type: 'GeometryCollection', geometries: [] };
    const error = thrown(() => parseAreaFile({ format: 'topojson', data: topology, mapping }));
    expect(error).toMatchObject({ code: 'area.topology_object', field: 'object' });
    expect(error.message).toContain('"zones"');
    expect(parseAreaFile({ format: 'topojson', data: topology, mapping, object: 'zones' }).candidates).toHaveLength(2);
  });

  it('reports geometries that refer to missing arcs or are not polygons, and keeps the rest', () => {
    const topology = twoSquaresTopology();
    topology.objects.zones.geometries.push(
      { type: 'Polygon', arcs: [[7]], properties: { pcode: 'X1', name: 'Bad arc' } },
      { type: 'LineString', arcs: [0] as never, properties: { pcode: 'L1', name: 'Line' } },
    );
    const parsed = parseAreaFile({ format: 'topojson', data: topology, mapping });
    expect(parsed.candidates).toHaveLength(2);
    expect(parsed.errors).toEqual([
      { index: 2, code: 'X1', field: 'geometry.arcs', message: 'refers to arc 7, which the topology does not have' },
      { index: 3, code: 'L1', field: 'geometry.type', message: 'is "LineString"; only Polygon and MultiPolygon can be areas' },
    ]);
  });

  it('counts shared arcs as often as they are used, so a small file cannot expand without bound', () => {
    const topology = twoSquaresTopology();
    topology.objects.zones.geometries[0]!.arcs = [Array.from({ length: 50 }, () => 1)];
    const parsed = parseAreaFile({ format: 'topojson', data: topology, mapping }, { ...AREA_IMPORT_LIMITS, maxVerticesPerFeature: 100 });
    expect(parsed.errors[0]).toMatchObject({ index: 0, field: 'geometry.arcs' });
  });
});

describe('parseAreaFile: simplification', () => {
  it('shrinks a dense boundary and says by how much', () => {
    // A unit square whose edges carry 400 points a hair off the straight line.
    const dense: number[][] = [];
    for (let i = 0; i < 100; i++) dense.push([i / 100, (i % 2) * 1e-6]);
    for (let i = 0; i < 100; i++) dense.push([1, i / 100]);
    for (let i = 0; i < 100; i++) dense.push([1 - i / 100, 1]);
    for (let i = 0; i < 100; i++) dense.push([0, 1 - i / 100]);
    dense.push([0, 0]);
    const parsed = parseAreaFile(geojson(collection(areaFeature({ pcode: 'D', name: 'Dense' }, [dense])), { simplify: { tolerance: 0.001, decimals: 5 } }));
    const candidate = parsed.candidates[0]!;
    expect(candidate.vertexCount).toBe(5);
    expect(parsed.geometryBytes.after).toBeLessThan(parsed.geometryBytes.before / 20);
    expect(candidate.bbox).toEqual([0, 0, 1, 1]);
  });
});
