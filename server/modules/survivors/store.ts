/**
 * Queries of the survivors module. Every function takes the scoped transaction of
 * server/db/scope.ts (AUTHZ-2) and, where a request reads, filters by organisation itself too.
 */
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { ConsentsTable, Survivor, SurvivorsTable } from '../../db/schema';

type NewSurvivorRow = Insertable<SurvivorsTable> & { id: string };

// ---- Survivors -------------------------------------------------------------------------------

/**
 * The next number of the organisation's survivor codes for `year`, atomically: the upsert
 * takes the counter row's lock, so parallel registrations each get their own number. The
 * count starts again at 1 each year.
 */
export async function nextSurvivorNumber(ex: Executor, organisationId: string, year: number): Promise<number> {
  const row = await ex
    .insertInto('survivor_code_counters')
    .values({ organisation_id: organisationId, year, last_value: 1 })
    .onConflict((oc) =>
      oc.column('organisation_id').doUpdateSet({
        last_value: sql<number>`case when survivor_code_counters.year = excluded.year then survivor_code_counters.last_value + 1 else 1 end`,
        year: sql<number>`excluded.year`,
      }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

/**
 * The short name that prefixes survivor codes. Read here rather than through the
 * organisations service, which exposes no such lookup; read-only.
 */
export async function organisationShortName(ex: Executor, organisationId: string): Promise<string | undefined> {
  const row = await ex.selectFrom('organisations').select('short_name').where('id', '=', organisationId).executeTakeFirst();
  return row?.short_name;
}

/** Inserts the survivor; undefined when the idempotency key was used already (REL-2). */
export function insertSurvivor(ex: Executor, values: NewSurvivorRow): Promise<Survivor | undefined> {
  return ex
    .insertInto('survivors')
    .values(values)
    .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findSurvivorByIdempotencyKey(ex: Executor, organisationId: string, key: string): Promise<Survivor | undefined> {
  return ex.selectFrom('survivors').selectAll().where('organisation_id', '=', organisationId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function findSurvivor(ex: Executor, organisationId: string, id: string): Promise<Survivor | undefined> {
  return ex.selectFrom('survivors').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

/** No organisation filter: for callers that authorised the access themselves. */
export function findSurvivorAnywhere(ex: Executor, id: string): Promise<Survivor | undefined> {
  return ex.selectFrom('survivors').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface SurvivorFilter {
  codePrefix?: string | undefined;
  sex?: string | undefined;
  ageGroup?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  /** Keyset: the last row of the previous page. */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

/** A page, newest first; never selects a sealed column (the list decrypts nothing). */
export function listSurvivors(ex: Executor, organisationId: string, filter: SurvivorFilter) {
  let query = ex
    .selectFrom('survivors')
    .select(['id', 'organisation_id', 'code', 'sex', 'age_group', 'is_child', 'displacement_status', 'narrative_entries', 'erased_at', 'created_at', 'updated_at'])
    .where('organisation_id', '=', organisationId);
  if (filter.codePrefix) {
    const escaped = filter.codePrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where(sql<boolean>`lower(code) like lower(${`${escaped}%`}) escape '\\'`);
  }
  if (filter.sex) query = query.where('sex', '=', filter.sex);
  if (filter.ageGroup) query = query.where('age_group', '=', filter.ageGroup);
  if (filter.createdFrom) query = query.where('created_at', '>=', new Date(filter.createdFrom));
  if (filter.createdTo) query = query.where('created_at', '<', new Date(filter.createdTo));
  if (filter.after) {
    const { createdAt, id } = filter.after;
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Applies `values` when the row is still at `version`; undefined on a stale version. */
export function updateSurvivor(ex: Executor, organisationId: string, id: string, version: number, values: Updateable<SurvivorsTable>) {
  return ex
    .updateTable('survivors')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function incrementNarrativeEntries(ex: Executor, id: string): Promise<void> {
  await ex.updateTable('survivors').set({ narrative_entries: sql<number>`narrative_entries + 1` }).where('id', '=', id).execute();
}

// ---- Consents --------------------------------------------------------------------------------

export function insertConsent(ex: Executor, values: Insertable<ConsentsTable>) {
  return ex.insertInto('consents').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Every consent of the survivor, oldest first; the caller's scope decides who may ask. */
export function listConsents(ex: Executor, survivorId: string) {
  return ex.selectFrom('consents').selectAll().where('survivor_id', '=', survivorId).orderBy('given_at').orderBy('id').execute();
}

export function findConsent(ex: Executor, organisationId: string, survivorId: string, id: string) {
  return ex
    .selectFrom('consents')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('survivor_id', '=', survivorId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Withdraws once: undefined when another request withdrew it first. */
export function markConsentWithdrawn(ex: Executor, id: string, at: Date, by: string) {
  return ex
    .updateTable('consents')
    .set({ withdrawn_at: at, withdrawal_recorded_by: by })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

// ---- Instance settings -----------------------------------------------------------------------

export async function readSetting(ex: Executor, key: string): Promise<unknown> {
  const row = await ex.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(ex: Executor, key: string, value: unknown): Promise<void> {
  await ex
    .insertInto('instance_settings')
    .values({ key, value: JSON.stringify(value), updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
    .execute();
}

// ---- Erasure (STO-3): run inside inSystemScope, across organisations --------------------------

/** Nulls the survivor's sealed columns and marks her erased. */
export async function eraseSurvivorRow(ex: Executor, id: string, erasedBy: string, at: Date) {
  return ex
    .updateTable('survivors')
    .set({
      name_sealed: null,
      contact_sealed: null,
      location_sealed: null,
      caregiver_sealed: null,
      erased_at: at,
      erased_by: erasedBy,
      updated_at: at,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

const count = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows);

export async function clearIncidents(ex: Executor, survivorId: string): Promise<number> {
  return count(await ex.updateTable('incidents').set({ narrative_sealed: null, location_sealed: null }).where('survivor_id', '=', survivorId).executeTakeFirst());
}

export async function clearCases(ex: Executor, survivorId: string): Promise<number> {
  return count(await ex.updateTable('cases').set({ plan_sealed: null }).where('survivor_id', '=', survivorId).executeTakeFirst());
}

export async function clearFollowUps(ex: Executor, survivorId: string): Promise<number> {
  const result = await ex
    .updateTable('case_follow_ups')
    .set({ note_sealed: null })
    .where('case_id', 'in', (eb) => eb.selectFrom('cases').select('id').where('survivor_id', '=', survivorId))
    .executeTakeFirst();
  return count(result);
}

/** Clears what referrals carried; returns the receiving organisations, for their audit trails. */
export async function clearReferrals(ex: Executor, survivorId: string): Promise<{ cleared: number; recipients: string[] }> {
  const rows = await ex
    .updateTable('referrals')
    .set({ shared_sealed: null, outcome_note_sealed: null })
    .where('survivor_id', '=', survivorId)
    .returning(['id', 'recipient_organisation_id'])
    .execute();
  return { cleared: rows.length, recipients: [...new Set(rows.map((r) => r.recipient_organisation_id))] };
}

/** Clears the summaries of the survivor's hotline calls; returns their own keys to destroy. */
export async function clearHotlineCalls(ex: Executor, survivorId: string): Promise<{ cleared: number; keyIds: string[] }> {
  const rows = await ex
    .updateTable('hotline_calls')
    .set({ summary_sealed: null, updated_at: new Date() })
    .where('survivor_id', '=', survivorId)
    .returning(['id', 'summary_key_id'])
    .execute();
  return { cleared: rows.length, keyIds: rows.flatMap((r) => (r.summary_key_id ? [r.summary_key_id] : [])) };
}
