/**
 * All SQL of the referrals module. Run inside `inOrganisationScope` (AUTHZ-2); every query also
 * names the organisations that may see a referral (the referrer and the recipient), the first
 * guard wherever row-level security is bypassed (PGlite).
 */
import { sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { ReferralsTable } from '../../db/schema';

const COLUMNS = [
  'id', 'organisation_id', 'recipient_organisation_id', 'service_id', 'survivor_id', 'case_id', 'incident_id', 'status',
  'urgent', 'shared_sections', 'shared_sealed', 'consent_id', 'override_reason_code', 'override_justification',
  'override_by', 'decline_reason', 'outcome_note_sealed', 'idempotency_key', 'created_by',
  'created_at', 'updated_at', 'version',
  // A date as written (YYYY-MM-DD), never shifted through a local-time Date by the driver.
  sql<string | null>`service_delivered_on::text`.as('service_delivered_on'),
] as const;

export type ReferralRow = NonNullable<Awaited<ReturnType<typeof findVisibleReferral>>>;

/** A referral the organisation sent or received; undefined for any other. */
export function findVisibleReferral(ex: Executor, organisationId: string, id: string) {
  return ex
    .selectFrom('referrals')
    .select(COLUMNS)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('organisation_id', '=', organisationId), eb('recipient_organisation_id', '=', organisationId)]))
    .executeTakeFirst();
}

export function findReferralByIdempotencyKey(ex: Executor, organisationId: string, key: string) {
  return ex.selectFrom('referrals').select(COLUMNS).where('organisation_id', '=', organisationId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function insertReferral(ex: Executor, values: {
  id: string; organisation_id: string; recipient_organisation_id: string; service_id: string; survivor_id: string;
  case_id: string | null; incident_id: string | null; urgent: boolean; shared_sections: string[]; shared_sealed: Uint8Array | null;
  consent_id: string | null; override_reason_code: string | null; override_justification: string | null; override_by: string | null;
  idempotency_key: string | null; created_by: string;
}) {
  // REL-2: a concurrent replay of the same idempotency key inserts nothing (undefined).
  return ex
    .insertInto('referrals')
    .values(values)
    .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
}

/** Compare-and-set on status (and version when given): a concurrent change loses, never overwrites. */
export function updateReferral(ex: Executor, id: string, expected: { status: string; version?: number | undefined }, values: Updateable<ReferralsTable>) {
  let query = ex
    .updateTable('referrals')
    .set((eb) => ({ ...values, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', expected.status);
  if (expected.version !== undefined) query = query.where('version', '=', expected.version);
  return query.returning(COLUMNS).executeTakeFirst();
}

export function insertReferralEvent(ex: Executor, values: { referral_id: string; organisation_id: string; status: string; note: string | null; actor_user_id: string | null }) {
  return ex.insertInto('referral_events').values(values).execute();
}

export function listReferralEvents(ex: Executor, referralId: string) {
  return ex
    .selectFrom('referral_events')
    .select(['status', 'note', 'actor_user_id', 'occurred_at'])
    .where('referral_id', '=', referralId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

export interface ReferralFilter {
  organisationId: string;
  direction: 'incoming' | 'outgoing';
  status?: string | undefined;
  caseId?: string | undefined;
  limit: number;
}

/** The organisation's queue (incoming) or what it sent (outgoing); urgent first, newest next. */
export function listReferrals(ex: Executor, filter: ReferralFilter) {
  let query = ex
    .selectFrom('referrals')
    .select(COLUMNS)
    .where(filter.direction === 'incoming' ? 'recipient_organisation_id' : 'organisation_id', '=', filter.organisationId)
    .orderBy('urgent', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.caseId !== undefined) query = query.where('case_id', '=', filter.caseId);
  return query.execute();
}

/** Referrals the organisation sent to a recipient about a survivor, still in one of `statuses`. */
export function listReferralsToRecipient(ex: Executor, organisationId: string, survivorId: string, recipientOrganisationId: string, statuses: readonly string[]) {
  return ex
    .selectFrom('referrals')
    .select(COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('survivor_id', '=', survivorId)
    .where('recipient_organisation_id', '=', recipientOrganisationId)
    .where('status', 'in', [...statuses])
    .execute();
}

/** Names of organisations, to show who referred (the directory of organisations is public to users). */
export async function findOrganisationNames(ex: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
