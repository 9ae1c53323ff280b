/**
 * Administrative areas: import of boundary files with a dry run that reports every bad
 * feature, and the reads the map, the forms and the statistics use.
 *
 * An import is all or nothing: one bad feature and nothing is written. The answer is the
 * same report as a dry run with `written: false`, so a GIS officer sees every problem at
 * once, fixes the file and sends it again. Parents must already exist at a lower level
 * number (import provinces, then health zones): one file holds one level.
 */
import { createHash } from 'node:crypto';
import { forbidden, notFound, unauthenticated } from '../../../core/errors';
import { joinAttributions } from '../../../core/places/attribution';
import { computeBbox, polygonsOf, type AreaGeometry, type BBox, type PolygonCoordinates } from '../../../core/places/geometry';
import { parseAreaFile, type AreaFileInput, type CandidateArea, type FeatureError } from '../../../core/places/parse';
import type { AreaImportReport } from '../../../core/places/schemas';
import type { Executor } from '../../db/database';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { canImportAreas, canReadAreas } from './policy';
import * as store from './store';

export interface ImportAreasInput extends AreaFileInput {
  /** Where the file came from (a file name, a URL), kept with each area. */
  source?: string | undefined;
  /** Credit owed to the data's authors; shown wherever the boundaries are. */
  attribution?: string | undefined;
}

export interface ImportOptions {
  dryRun: boolean;
  /**
   * Write the valid features even when others are bad. Not offered over HTTP: the demo
   * generator uses it so one flawed feature in a public file does not empty the map.
   */
  skipInvalid?: boolean;
}

export async function importAreas(ctx: AppContext, req: RequestContext, input: ImportAreasInput, options: ImportOptions): Promise<AreaImportReport> {
  if (!canImportAreas(req.actor)) throw forbidden('area.import_forbidden', 'Only administrators of the organisation that runs Weft import boundaries.');
  return runAreaImport(ctx.db, req, input, { dryRun: options.dryRun });
}

/** Also used by the CLI and the demo generator, which act as the system. */
export async function runAreaImport(ex: Executor, req: RequestContext, input: ImportAreasInput, options: ImportOptions): Promise<AreaImportReport> {
  // Parsing is CPU work on the whole file: done before the transaction opens.
  const parsed = parseAreaFile(input);
  const run = async (trx: Executor): Promise<AreaImportReport> => {
    const { valid, errors, existingIds, parentIds } = await checkAgainstStored(trx, parsed.candidates);
    const allErrors = [...parsed.errors, ...errors].sort((a, b) => a.index - b.index);
    const created = valid.filter((c) => !existingIds.has(c.code)).length;
    const report: AreaImportReport = {
      dryRun: options.dryRun,
      written: false,
      total: parsed.total,
      valid: valid.length,
      created,
      updated: valid.length - created,
      errors: allErrors,
      geometryBytes: parsed.geometryBytes,
    };
    if (options.dryRun || valid.length === 0 || (allErrors.length > 0 && !options.skipInvalid)) return report;
    await store.upsertAreas(
      trx,
      valid.map((c) => ({
        code: c.code,
        level: c.level,
        levelName: c.levelName,
        parentId: c.parentCode ? parentIds.get(c.parentCode)! : null,
        names: c.names,
        geometry: c.geometry,
        bbox: c.bbox,
        centroid: c.centroid,
        source: input.source ?? null,
        attribution: input.attribution ?? null,
      })),
    );
    await recordAudit(trx, {
      ...auditActor(req.actor),
      action: 'area.import',
      resourceType: 'area',
      requestId: req.requestId,
      details: { level: input.mapping.level, total: report.total, created: report.created, updated: report.updated, skipped: allErrors.length > 0 ? report.total - report.valid : 0 },
    });
    return { ...report, written: true };
  };
  return ex.isTransaction ? run(ex) : ex.transaction().execute(run);
}

/** Checks what only the database knows: parents exist at a lower level; a code keeps its level. */
async function checkAgainstStored(ex: Executor, candidates: CandidateArea[]) {
  const codes = new Set<string>();
  for (const c of candidates) {
    codes.add(c.code);
    if (c.parentCode) codes.add(c.parentCode);
  }
  const stored = new Map((await store.findAreasByCodes(ex, [...codes])).map((row) => [row.code, row]));
  const errors: FeatureError[] = [];
  const valid: CandidateArea[] = [];
  const existingIds = new Set<string>();
  const parentIds = new Map<string, string>();
  for (const c of candidates) {
    const before = errors.length;
    const existing = stored.get(c.code);
    if (existing && existing.level !== c.level)
      errors.push({ index: c.index, code: c.code, field: 'code', message: `is already the code of a level ${existing.level} area; codes are unique across levels` });
    if (c.parentCode) {
      const parent = stored.get(c.parentCode);
      if (!parent)
        errors.push({ index: c.index, code: c.code, field: 'parentCode', message: `names ${c.parentCode}, which is not an area yet; import the level above first` });
      else if (parent.level >= c.level)
        errors.push({ index: c.index, code: c.code, field: 'parentCode', message: `names ${c.parentCode}, a level ${parent.level} area; a parent must have a lower level number than ${c.level}` });
      else parentIds.set(parent.code, parent.id);
    }
    if (errors.length > before) continue;
    if (existing) existingIds.add(c.code);
    valid.push(c);
  }
  return { valid, errors, existingIds, parentIds };
}

/** Anonymous callers are asked to sign in; signed-in ones without the permission are refused. */
function assertCanReadAreas(req: RequestContext): void {
  if (!canReadAreas(req.actor)) throw req.actor.kind === 'anonymous' ? unauthenticated() : forbidden();
}

export async function listAreas(ctx: AppContext, req: RequestContext, filter: { level?: number | undefined; parent?: string | undefined }) {
  assertCanReadAreas(req);
  return store.listAreas(ctx.db, { level: filter.level, parentCode: filter.parent });
}

/** The same list for the system (the CLI): no actor to check. */
export function findAreas(ex: Executor, filter: { level?: number | undefined; parent?: string | undefined }) {
  return store.listAreas(ex, { level: filter.level, parentCode: filter.parent });
}

export async function getArea(ctx: AppContext, req: RequestContext, code: string) {
  assertCanReadAreas(req);
  const row = await store.findAreaByCode(ctx.db, code);
  if (!row) throw notFound('area');
  return row;
}

export interface AreaShape {
  code: string;
  names: Record<string, string>;
  parentCode: string | null;
  bbox: BBox;
  polygons: PolygonCoordinates[];
}

/**
 * Every area of a level with its polygons, to place points in areas with
 * findContainingShape. For the system (CLI, demo, jobs): it checks no actor.
 */
export async function loadAreaShapes(ex: Executor, level: number): Promise<AreaShape[]> {
  const rows = await store.listAreaFeatures(ex, level);
  return rows.flatMap((row) => {
    if (!row.geometry) return [];
    const polygons = polygonsOf(row.geometry as AreaGeometry);
    return [{ code: row.code, names: row.names, parentCode: row.parent_code ?? null, bbox: computeBbox(polygons), polygons }];
  });
}

export interface LevelGeojson {
  etag: string;
  /** The FeatureCollection as JSON text, ready to send. */
  body: string | null;
}

// One serialized FeatureCollection per level and context. Keyed by the ETag, so another
// process's import is seen at the next request; it costs one small aggregate query.
const geojsonCache = new WeakMap<AppContext, Map<number, { etag: string; body: string }>>();

/**
 * The GeoJSON of one level with its ETag. When `ifNoneMatch` is that ETag, `body` is null
 * and nothing is built: the client's copy is current.
 */
export async function getLevelGeojson(ctx: AppContext, req: RequestContext, level: number, ifNoneMatch?: string): Promise<LevelGeojson> {
  assertCanReadAreas(req);
  const etag = etagOf(level, await store.findLevelVersion(ctx.db, level));
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return { etag, body: null };
  const cache = geojsonCache.get(ctx) ?? new Map<number, { etag: string; body: string }>();
  geojsonCache.set(ctx, cache);
  const cached = cache.get(level);
  if (cached?.etag === etag) return cached;
  // The version and the rows from one snapshot, so the ETag always matches the body.
  const built = await ctx.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => ({
    etag: etagOf(level, await store.findLevelVersion(trx, level)),
    rows: await store.listAreaFeatures(trx, level),
  }));
  const body = JSON.stringify({
    type: 'FeatureCollection',
    attribution: joinAttributions(built.rows.map((row) => row.attribution)),
    features: built.rows.map((row) => ({
      type: 'Feature',
      id: row.code,
      properties: { code: row.code, level: row.level, names: row.names, parentCode: row.parent_code ?? null },
      geometry: row.geometry,
    })),
  });
  cache.set(level, { etag: built.etag, body });
  return { etag: built.etag, body };
}

function etagOf(level: number, version: { count: number; latest: string | null }): string {
  const digest = createHash('sha256').update(`${level}|${version.count}|${version.latest ?? ''}`).digest('base64url');
  return `"areas-${level}-${digest.slice(0, 22)}"`;
}
