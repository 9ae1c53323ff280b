/**
 * Boundary files (GeoJSON FeatureCollection or TopoJSON Topology) to candidate areas,
 * reporting every bad feature at once so a GIS officer fixes the file in one pass.
 *
 * Names: a boundary file spells each place the way its source does ("Nord-Kivu",
 * "Rwampara"). These are proper names, not translations, and many are not French at all,
 * so by default they are stored under `und` (BCP 47 "undetermined language"); the web
 * app shows names[language] first and falls back to any name. A file whose names are
 * known to be in one language can say so with `nameLanguage`.
 */
import { invalid } from '../errors';
import {
  checkAreaGeometry,
  computeBbox,
  computeCentroid,
  geometryOf,
  rewindPolygons,
  type AreaGeometry,
  type BBox,
  type PolygonCoordinates,
  type Position,
} from './geometry';
import { countVertices, simplifyPolygons, type SimplifyOptions } from './simplify';
import { featuresOfTopology } from './topology';

/** REL-4: what one import may hold. The HTTP body limit matches maxInputBytes. */
export const AREA_IMPORT_LIMITS = {
  maxInputBytes: 20 * 1024 * 1024,
  maxFeatures: 10_000,
  maxVertices: 2_000_000,
  maxVerticesPerFeature: 200_000,
} as const;
export type AreaImportLimits = { [K in keyof typeof AREA_IMPORT_LIMITS]: number };

export const NEUTRAL_NAME_KEY = 'und';

export interface AreaMapping {
  codeProperty: string;
  nameProperty: string;
  /** Key the names are stored under; `und` unless the file's names are in one known language. */
  nameLanguage?: string;
  parentCodeProperty?: string;
  level: number;
  levelName: string;
}

export interface AreaFileInput {
  format: 'geojson' | 'topojson';
  /** The parsed file, or its text (then its size is checked before parsing). */
  data: unknown;
  mapping: AreaMapping;
  /** TopoJSON: the object to read; may be left out when the topology has one. */
  object?: string;
  simplify?: SimplifyOptions;
}

/** One problem with one feature; `index` is its position in the file, from 0. */
export interface FeatureError {
  index: number;
  code?: string;
  field: string;
  message: string;
}

export interface CandidateArea {
  index: number;
  code: string;
  names: Record<string, string>;
  parentCode: string | null;
  level: number;
  levelName: string;
  geometry: AreaGeometry;
  bbox: BBox;
  centroid: Position;
  vertexCount: number;
}

export interface ParsedAreaFile {
  total: number;
  candidates: CandidateArea[];
  errors: FeatureError[];
  /** Bytes of the valid geometries as GeoJSON text, before and after simplification. */
  geometryBytes: { before: number; after: number };
}

const CODE_MAX = 64;
const NAME_MAX = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a property without walking the prototype chain (`__proto__`, `constructor`). */
const own = (record: Record<string, unknown>, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);

/** A code or a name as text: strings trimmed, integers accepted for codes. */
function textOf(value: unknown, allowNumber: boolean): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (allowNumber && typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

function checkText(value: unknown, what: 'code' | 'name', max: number): string | { message: string } {
  const text = textOf(value, what === 'code');
  if (text === null)
    return { message: value === undefined || value === null || value === '' ? 'is missing' : `must be ${what === 'code' ? 'text or a whole number' : 'text'}` };
  if (text.length > max) return { message: `must be at most ${max} characters` };
  if (CONTROL.test(text)) return { message: 'must not contain control characters' };
  return text;
}

function readFeatures(input: AreaFileInput, limits: AreaImportLimits): { features: unknown[]; errors: FeatureError[] } {
  let data = input.data;
  if (typeof data === 'string') {
    // REL-4: refuse before parsing; a string's UTF-8 size is at most 3 bytes per UTF-16 unit.
    const bytes = data.length * 3 <= limits.maxInputBytes ? data.length : new TextEncoder().encode(data).length;
    if (bytes > limits.maxInputBytes)
      throw invalid('area.too_large', `The file is ${bytes} bytes; at most ${limits.maxInputBytes} can be imported at once.`, 'data');
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      throw invalid('area.not_json', 'The file is not valid JSON.', 'data');
    }
  }
  if (!isRecord(data)) throw invalid('area.format', `data must be a ${input.format === 'topojson' ? 'TopoJSON Topology' : 'GeoJSON FeatureCollection'} object.`, 'data');
  if (input.format === 'topojson') {
    if (data.type !== 'Topology') throw invalid('area.format', 'data.type must be "Topology" for a TopoJSON file.', 'data.type');
    return featuresOfTopology(data, input.object, limits);
  }
  if (data.type !== 'FeatureCollection' || !Array.isArray(data.features))
    throw invalid('area.format', 'data must be a GeoJSON FeatureCollection with a features array.', 'data.type');
  if (data.features.length > limits.maxFeatures)
    throw invalid('area.too_many_features', `The file holds ${data.features.length} features; at most ${limits.maxFeatures} can be imported at once.`, 'data.features');
  return { features: data.features, errors: [] };
}

/**
 * Turns a boundary file into candidate areas and the list of every bad feature. Problems
 * with the file as a whole (not JSON, wrong kind, over a limit) throw a validation
 * DomainError naming the field; nothing else is thrown.
 */
export function parseAreaFile(input: AreaFileInput, limits: AreaImportLimits = AREA_IMPORT_LIMITS): ParsedAreaFile {
  const { mapping } = input;
  const { features, errors } = readFeatures(input, limits);
  const reported = new Set(errors.map((error) => error.index));
  const nameKey = mapping.nameLanguage ?? NEUTRAL_NAME_KEY;
  const firstIndexOfCode = new Map<string, number>();
  const candidates: CandidateArea[] = [];
  const bytes = { before: 0, after: 0 };
  let vertexTotal = 0;

  features.forEach((feature, index) => {
    const problems: FeatureError[] = [];
    const add = (field: string, message: string, code?: string) => problems.push({ index, ...(code ? { code } : {}), field, message });
    if (!isRecord(feature) || feature.type !== 'Feature') {
      add('feature', 'must be a GeoJSON Feature object');
      errors.push(...problems);
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const code = checkText(own(properties, mapping.codeProperty), 'code', CODE_MAX);
    const codeText = typeof code === 'string' ? code : undefined;
    if (typeof code !== 'string') add(`properties.${mapping.codeProperty}`, `(the code) ${code.message}`);
    else if (firstIndexOfCode.has(code)) add(`properties.${mapping.codeProperty}`, `(the code) ${code} is also used by feature ${firstIndexOfCode.get(code)}`, code);
    else firstIndexOfCode.set(code, index);

    const name = checkText(own(properties, mapping.nameProperty), 'name', NAME_MAX);
    if (typeof name !== 'string') add(`properties.${mapping.nameProperty}`, `(the name) ${name.message}`, codeText);

    let parentCode: string | null = null;
    if (mapping.parentCodeProperty) {
      const parent = checkText(own(properties, mapping.parentCodeProperty), 'code', CODE_MAX);
      if (typeof parent !== 'string') add(`properties.${mapping.parentCodeProperty}`, `(the parent code) ${parent.message}`, codeText);
      else if (parent === codeText) add(`properties.${mapping.parentCodeProperty}`, '(the parent code) is the area’s own code', codeText);
      else parentCode = parent;
    }

    let polygons: PolygonCoordinates[] | null = null;
    let type: AreaGeometry['type'] = 'Polygon';
    if (!reported.has(index)) {
      const checked = checkAreaGeometry(feature.geometry, limits.maxVerticesPerFeature);
      if (!checked.ok) add(checked.problem.field, checked.problem.message, codeText);
      else {
        vertexTotal += checked.vertexCount;
        if (vertexTotal > limits.maxVertices)
          throw invalid('area.too_many_vertices', `The features hold more than ${limits.maxVertices} positions; simplify them first.`, 'data');
        polygons = rewindPolygons(checked.polygons);
        type = checked.type;
      }
    } else {
      // The topology check already said what is wrong with this geometry; name the code too.
      for (const error of errors) if (error.index === index && codeText && !error.code) error.code = codeText;
    }

    if (problems.length > 0 || !polygons || typeof code !== 'string' || typeof name !== 'string' || reported.has(index)) {
      errors.push(...problems);
      return;
    }
    const stored = input.simplify ? simplifyPolygons(polygons, input.simplify) : polygons;
    const before = geometryOf(type, polygons);
    const geometry = geometryOf(type, stored);
    bytes.before += JSON.stringify(before).length;
    bytes.after += JSON.stringify(geometry).length;
    candidates.push({
      index,
      code,
      names: { [nameKey]: name },
      parentCode,
      level: mapping.level,
      levelName: mapping.levelName,
      geometry,
      // Measured on the file's geometry, before simplification moves anything.
      bbox: computeBbox(polygons),
      centroid: computeCentroid(polygons),
      vertexCount: countVertices(stored),
    });
  });

  errors.sort((a, b) => a.index - b.index);
  return { total: features.length, candidates, errors, geometryBytes: bytes };
}
