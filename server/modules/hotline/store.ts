import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { HotlineCallsTable } from '../../db/schema';

// First guard of AUTHZ-2: every query names the organisation, even inside its scope.

/** Everything but the sealed summary: lists never carry it, even encrypted. */
const LIST_COLUMNS = [
  'id', 'organisation_id', 'code', 'operator_id', 'received_at', 'duration_minutes', 'caller_kind', 'language', 'area_id', 'topics',
  'is_urgent', 'outcome', 'survivor_id', 'incident_id', 'referral_id', 'created_at', 'updated_at',
] as const;

export function findCall(ex: Executor, organisationId: string, id: string) {
  return ex.selectFrom('hotline_calls').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export function findCallByIdempotencyKey(ex: Executor, organisationId: string, key: string) {
  return ex.selectFrom('hotline_calls').selectAll().where('organisation_id', '=', organisationId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** The next call code of the organisation for the year; the advisory lock serialises numbering. */
export async function nextCallCode(ex: Executor, organisationId: string, year: number): Promise<string> {
  await sql`select pg_advisory_xact_lock(hashtext(${`hotline.code:${organisationId}`}))`.execute(ex);
  const prefix = `CALL-${year}-`;
  const row = await ex
    .selectFrom('hotline_calls')
    .select((eb) => eb.fn.max(sql<number>`substring(code from ${sql.lit(prefix.length + 1)})::int`).as('last'))
    .where('organisation_id', '=', organisationId)
    .where('code', 'like', `${prefix}%`)
    .executeTakeFirst();
  return `${prefix}${String(Number(row?.last ?? 0) + 1).padStart(5, '0')}`;
}

export function insertCall(ex: Executor, values: Insertable<HotlineCallsTable>) {
  return ex
    .insertInto('hotline_calls')
    .values(values)
    .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Changes the call only from the outcome read, so two conversions never both win. */
export function updateCall(ex: Executor, organisationId: string, id: string, fromOutcome: string, values: Updateable<HotlineCallsTable>) {
  return ex
    .updateTable('hotline_calls')
    .set({ ...values, updated_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('outcome', '=', fromOutcome)
    .returningAll()
    .executeTakeFirst();
}

export async function areaExists(ex: Executor, areaId: string): Promise<boolean> {
  return (await ex.selectFrom('areas').select('id').where('id', '=', areaId).executeTakeFirst()) !== undefined;
}

/** AUTHZ-2: the one query of call lists, scoped to the organisation in SQL; newest first. */
export function listCalls(
  ex: Executor,
  organisationId: string,
  filter: { outcome?: string | undefined; urgent?: boolean | undefined },
  page: { after?: { at: Date; id: string }; limit: number },
) {
  let query = ex.selectFrom('hotline_calls').select(LIST_COLUMNS).where('organisation_id', '=', organisationId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.urgent !== undefined) query = query.where('is_urgent', '=', filter.urgent);
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('received_at', '<', after.at), eb.and([eb('received_at', '=', after.at), eb('id', '<', after.id)])]));
  return query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

export type CallRow = NonNullable<Awaited<ReturnType<typeof findCall>>>;
export type CallListRow = Awaited<ReturnType<typeof listCalls>>[number];
