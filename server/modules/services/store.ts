/**
 * All SQL of the service directory. Services are shared across the deployment (referrals from
 * any organisation need them), so they are not a case table and need no organisation scope.
 */
import { sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { ServicesTable } from '../../db/schema';

const COLUMNS = [
  's.id', 's.organisation_id', 's.name', 's.service_type', 's.area_ids', 's.facility_name', 's.languages', 's.hours',
  's.contact', 's.accepts_referrals', 's.created_at', 's.updated_at', 's.disabled_at',
] as const;

function selectServices(ex: Executor) {
  return ex.selectFrom('services as s').innerJoin('organisations as o', 'o.id', 's.organisation_id').select([...COLUMNS, 'o.name as organisation_name', 'o.disabled_at as organisation_disabled_at']);
}

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

export function findService(ex: Executor, id: string) {
  return selectServices(ex).where('s.id', '=', id).executeTakeFirst();
}

export function findServicesByIds(ex: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return selectServices(ex).where('s.id', 'in', [...ids]).execute();
}

export interface ServiceFilter {
  type?: string | undefined;
  /** The area and its ancestors: a service covering a province covers its territories. */
  areaIds?: readonly string[] | undefined;
  organisationId?: string | undefined;
  language?: string | undefined;
  acceptsReferrals?: boolean | undefined;
  includeDisabled: boolean;
  limit: number;
}

export function listServices(ex: Executor, filter: ServiceFilter) {
  let query = selectServices(ex).orderBy('o.name').orderBy('s.name').orderBy('s.id').limit(filter.limit);
  if (!filter.includeDisabled) query = query.where('s.disabled_at', 'is', null).where('o.disabled_at', 'is', null);
  if (filter.type !== undefined) query = query.where('s.service_type', '=', filter.type);
  if (filter.organisationId !== undefined) query = query.where('s.organisation_id', '=', filter.organisationId);
  if (filter.acceptsReferrals !== undefined) query = query.where('s.accepts_referrals', '=', filter.acceptsReferrals);
  if (filter.language !== undefined) query = query.where(sql<boolean>`${filter.language} = any(s.languages)`);
  if (filter.areaIds !== undefined) {
    const ids = sql.join(filter.areaIds.map((id) => sql`${id}::uuid`));
    query = query.where(sql<boolean>`s.area_ids && array[${ids}]::uuid[]`);
  }
  return query.execute();
}

export function insertService(ex: Executor, values: {
  id: string; organisation_id: string; name: string; service_type: string; area_ids: string[]; facility_name: string | null;
  languages: string[]; hours: string | null; contact: string | null; accepts_referrals: boolean;
}) {
  return ex
    .insertInto('services')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateService(ex: Executor, id: string, values: Updateable<ServicesTable>) {
  return ex
    .updateTable('services')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

/** The ids among `ids` that name an area (areas are shared reference data). */
export async function findExistingAreaIds(ex: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ex.selectFrom('areas').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((row) => row.id));
}

/** The area and every area above it, nearest first; empty when the area does not exist. */
export async function findAreaWithAncestors(ex: Executor, areaId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from areas where id = ${areaId}
      union all
      select a.id, a.parent_id, up.depth + 1 from areas a join up on a.id = up.parent_id where up.depth < 20
    )
    select id from up order by depth
  `.execute(ex);
  return result.rows.map((row) => row.id);
}

export function findOrganisationStatus(ex: Executor, id: string) {
  return ex.selectFrom('organisations').select(['id', 'disabled_at']).where('id', '=', id).executeTakeFirst();
}
