/**
 * TopoJSON to GeoJSON features, checked first so that topojson-client never meets an
 * index it would trip on, and so that shared arcs cannot be used to blow a small file up
 * into a huge geometry (REL-4: the expanded size is counted before anything is built).
 */
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { invalid } from '../errors';
import type { FeatureError } from './parse';

export interface TopologyLimits {
  maxFeatures: number;
  maxVertices: number;
  maxVerticesPerFeature: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function checkTransform(transform: unknown): void {
  if (transform === undefined) return;
  const ok =
    isRecord(transform) &&
    Array.isArray(transform.scale) && transform.scale.length === 2 && transform.scale.every(isFiniteNumber) &&
    Array.isArray(transform.translate) && transform.translate.length === 2 && transform.translate.every(isFiniteNumber);
  if (!ok) throw invalid('area.topology_invalid', 'data.transform must hold scale and translate, two numbers each.', 'data.transform');
}

/** Lengths of every arc, after checking each is a list of [x, y] numbers. */
function checkArcs(arcs: unknown, limits: TopologyLimits): number[] {
  if (!Array.isArray(arcs)) throw invalid('area.topology_invalid', 'data.arcs must be an array of arcs.', 'data.arcs');
  const lengths: number[] = [];
  let total = 0;
  arcs.forEach((arc, a) => {
    if (!Array.isArray(arc)) throw invalid('area.topology_invalid', `data.arcs[${a}] must be an array of positions.`, 'data.arcs');
    total += arc.length;
    if (total > limits.maxVertices)
      throw invalid('area.too_many_vertices', `The topology holds more than ${limits.maxVertices} positions; simplify it first.`, 'data.arcs');
    for (const position of arc) {
      if (!Array.isArray(position) || position.length < 2 || !isFiniteNumber(position[0]) || !isFiniteNumber(position[1]))
        throw invalid('area.topology_invalid', `data.arcs[${a}] holds a position that is not two finite numbers.`, 'data.arcs');
    }
    lengths.push(arc.length);
  });
  return lengths;
}

/** Positions the geometry expands to, or a message saying why it cannot be built. */
function expandedSize(geometry: Record<string, unknown>, arcLengths: number[]): number | string {
  const rings = (polygon: unknown): unknown[] | null => (Array.isArray(polygon) ? polygon : null);
  const polygons = geometry.type === 'Polygon' ? [geometry.arcs] : Array.isArray(geometry.arcs) ? geometry.arcs : null;
  if (!polygons) return 'must list the arcs of its polygons';
  let size = 0;
  for (const polygon of polygons) {
    const list = rings(polygon);
    if (!list) return 'must list the arcs of its polygons';
    for (const ring of list) {
      if (!Array.isArray(ring) || ring.length === 0) return 'has a ring without arcs';
      for (const index of ring) {
        const arc = Number.isInteger(index) ? ((index as number) >= 0 ? (index as number) : ~(index as number)) : -1;
        if (arc < 0 || arc >= arcLengths.length) return `refers to arc ${String(index)}, which the topology does not have`;
        size += arcLengths[arc]!;
      }
      size += 4; // topojson-client pads short rings to four positions
    }
  }
  return size;
}

/**
 * Features of one object of the topology (the only one when `objectName` is not given).
 * Geometries that cannot become areas are reported and replaced by a null geometry so
 * that their properties still count (index = position in the collection).
 */
export function featuresOfTopology(
  data: Record<string, unknown>,
  objectName: string | undefined,
  limits: TopologyLimits,
): { features: unknown[]; errors: FeatureError[] } {
  if (!isRecord(data.objects)) throw invalid('area.topology_invalid', 'data.objects must map object names to geometries.', 'data.objects');
  const names = Object.keys(data.objects);
  const name = objectName ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined || !Object.hasOwn(data.objects, name) || !isRecord(data.objects[name]))
    throw invalid(
      'area.topology_object',
      objectName
        ? `The topology has no object ${JSON.stringify(objectName)}; it has ${names.map((n) => JSON.stringify(n)).join(', ') || 'none'}.`
        : `Say which object of the topology to import: ${names.map((n) => JSON.stringify(n)).join(', ') || 'it has none'}.`,
      'object',
    );
  checkTransform(data.transform);
  const arcLengths = checkArcs(data.arcs, limits);
  const object = data.objects[name] as Record<string, unknown>;
  const isCollection = object.type === 'GeometryCollection';
  const geometries: unknown[] = isCollection ? (Array.isArray(object.geometries) ? object.geometries : []) : [object];
  if (isCollection && !Array.isArray(object.geometries))
    throw invalid('area.topology_invalid', `data.objects.${name}.geometries must be an array.`, 'data.objects');
  if (geometries.length > limits.maxFeatures)
    throw invalid('area.too_many_features', `The object holds ${geometries.length} geometries; at most ${limits.maxFeatures} can be imported at once.`, 'data');

  const errors: FeatureError[] = [];
  let total = 0;
  const safe = geometries.map((geometry, index) => {
    if (!isRecord(geometry)) {
      errors.push({ index, field: 'geometry', message: 'must be a TopoJSON geometry object' });
      return { type: null };
    }
    const properties = isRecord(geometry.properties) ? geometry.properties : {};
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
      errors.push({ index, field: 'geometry.type', message: `is ${JSON.stringify(geometry.type ?? null)}; only Polygon and MultiPolygon can be areas` });
      return { type: null, properties };
    }
    const size = expandedSize(geometry, arcLengths);
    if (typeof size === 'string') {
      errors.push({ index, field: 'geometry.arcs', message: size });
      return { type: null, properties };
    }
    if (size > limits.maxVerticesPerFeature) {
      errors.push({ index, field: 'geometry.arcs', message: `expands to ${size} positions, more than ${limits.maxVerticesPerFeature}; simplify the boundary first` });
      return { type: null, properties };
    }
    total += size;
    if (total > limits.maxVertices)
      throw invalid('area.too_many_vertices', `The geometries expand to more than ${limits.maxVertices} positions; simplify them first.`, 'data');
    return { type: geometry.type, arcs: geometry.arcs, properties };
  });

  try {
    const topology = { type: 'Topology', arcs: data.arcs, transform: data.transform, objects: {} } as unknown as Topology;
    const features = safe.map((geometry) => feature(topology, geometry as never) as unknown);
    return { features, errors };
  } catch {
    // Everything it reads was checked above; this is the last guard.
    throw invalid('area.topology_invalid', 'The topology could not be read as GeoJSON; check that it is valid TopoJSON.', 'data');
  }
}
