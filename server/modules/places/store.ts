/** All SQL of the places module. Areas are shared by the whole deployment: no organisation scope. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';

const VIEW_COLUMNS = [
  'a.id', 'a.code', 'a.level', 'a.level_name', 'a.names', 'a.min_lon', 'a.min_lat', 'a.max_lon', 'a.max_lat',
  'a.centroid_lon', 'a.centroid_lat', 'a.source', 'a.attribution', 'a.updated_at',
] as const;

function selectAreas(ex: Executor) {
  return ex
    .selectFrom('areas as a')
    .leftJoin('areas as p', 'p.id', 'a.parent_id')
    .select([...VIEW_COLUMNS, 'p.code as parent_code']);
}

export type AreaRow = Awaited<ReturnType<typeof findAreaByCode>> & {};

// A list answers every area of a level at once (the map needs them all); this bounds it.
export const LIST_LIMIT = 20_000;

export function listAreas(ex: Executor, filter: { level?: number | undefined; parentCode?: string | undefined }) {
  let query = selectAreas(ex).orderBy('a.level').orderBy('a.code').limit(LIST_LIMIT);
  if (filter.level !== undefined) query = query.where('a.level', '=', filter.level);
  if (filter.parentCode !== undefined) query = query.where('p.code', '=', filter.parentCode);
  return query.execute();
}

export function findAreaByCode(ex: Executor, code: string) {
  return selectAreas(ex).where('a.code', '=', code).executeTakeFirst();
}

/** Id and level of the areas with these codes, to resolve parents and spot level changes. */
export async function findAreasByCodes(ex: Executor, codes: readonly string[]) {
  const found: Array<{ id: string; code: string; level: number }> = [];
  // Chunks keep each statement well under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < codes.length; i += 5000) {
    const chunk = codes.slice(i, i + 5000);
    if (chunk.length === 0) continue;
    found.push(...(await ex.selectFrom('areas').select(['id', 'code', 'level']).where('code', 'in', chunk).execute()));
  }
  return found;
}

export interface AreaValues {
  code: string;
  level: number;
  levelName: string;
  parentId: string | null;
  names: Record<string, string>;
  geometry: unknown;
  bbox: [number, number, number, number];
  centroid: [number, number];
  source: string | null;
  attribution: string | null;
}

/**
 * Inserts new areas and updates existing ones by code. Names are merged, so a translation
 * added later survives a re-import of the boundary file.
 */
export async function upsertAreas(ex: Executor, areas: readonly AreaValues[]): Promise<void> {
  // Geometry makes rows large: small batches keep each statement a few megabytes at most.
  for (let i = 0; i < areas.length; i += 50) {
    const rows = areas.slice(i, i + 50).map((area) => ({
      code: area.code,
      level: area.level,
      level_name: area.levelName,
      parent_id: area.parentId,
      names: JSON.stringify(area.names),
      geometry: JSON.stringify(area.geometry),
      min_lon: area.bbox[0],
      min_lat: area.bbox[1],
      max_lon: area.bbox[2],
      max_lat: area.bbox[3],
      centroid_lon: area.centroid[0],
      centroid_lat: area.centroid[1],
      source: area.source,
      attribution: area.attribution,
    }));
    await ex
      .insertInto('areas')
      .values(rows)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          level_name: eb.ref('excluded.level_name'),
          parent_id: eb.ref('excluded.parent_id'),
          names: sql`areas.names || excluded.names`,
          geometry: eb.ref('excluded.geometry'),
          min_lon: eb.ref('excluded.min_lon'),
          min_lat: eb.ref('excluded.min_lat'),
          max_lon: eb.ref('excluded.max_lon'),
          max_lat: eb.ref('excluded.max_lat'),
          centroid_lon: eb.ref('excluded.centroid_lon'),
          centroid_lat: eb.ref('excluded.centroid_lat'),
          source: eb.ref('excluded.source'),
          attribution: eb.ref('excluded.attribution'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

/**
 * What the GeoJSON of a level depends on: the number of its areas and their latest change,
 * as text so microseconds are kept (a JS Date would drop them).
 */
export async function findLevelVersion(ex: Executor, level: number): Promise<{ count: number; latest: string | null }> {
  const row = await ex
    .selectFrom('areas')
    .select([sql<number>`count(*)::int`.as('count'), sql<string | null>`max(updated_at)::text`.as('latest')])
    .where('level', '=', level)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), latest: row.latest };
}

export function listAreaFeatures(ex: Executor, level: number) {
  return ex
    .selectFrom('areas as a')
    .leftJoin('areas as p', 'p.id', 'a.parent_id')
    .select(['a.code', 'a.level', 'a.names', 'a.geometry', 'a.attribution', 'p.code as parent_code'])
    .where('a.level', '=', level)
    .orderBy('a.code')
    .execute();
}

export async function countAreas(ex: Executor): Promise<number> {
  const row = await ex.selectFrom('areas').select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
