import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { CaseFollowUpsTable, CasesTable } from '../../db/schema';

// First guard of AUTHZ-2: every query names the organisation, even inside its scope.

// Dates travel as 'YYYY-MM-DD' text: the drivers would turn a date into a midnight Date in
// the server's time zone, which shifts it a day east or west of UTC.
const CASE_COLUMNS = [
  'id', 'organisation_id', 'survivor_id', 'code', 'status', 'risk_level', 'assigned_to', 'needs', 'strength_kinds', 'plan_sealed',
  'plan_status', 'plan_submitted_at', 'plan_submitted_by', 'plan_approved_at', 'plan_approved_by', 'plan_return_reason',
  'closure_checklist', 'closure_reason', 'closure_return_reason', 'closure_requested_at', 'closure_requested_by', 'closed_at',
  'closure_approved_by', 'idempotency_key', 'created_by', 'created_at', 'updated_at', 'version',
  sql<string | null>`to_char(next_follow_up_on, 'YYYY-MM-DD')`.as('next_follow_up_on'),
] as const;

const FOLLOW_UP_COLUMNS = [
  'id', 'organisation_id', 'case_id', 'kind', 'note_sealed', 'risk_level', 'recorded_by', 'idempotency_key', 'created_at',
  sql<string>`to_char(happened_on, 'YYYY-MM-DD')`.as('happened_on'),
] as const;

export function findCase(ex: Executor, organisationId: string, id: string) {
  return ex.selectFrom('cases').select(CASE_COLUMNS).where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export function findCaseByIdempotencyKey(ex: Executor, organisationId: string, key: string) {
  return ex.selectFrom('cases').select(CASE_COLUMNS).where('organisation_id', '=', organisationId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** A survivor has at most one case that is not closed in an organisation. */
export function findActiveCaseOfSurvivor(ex: Executor, organisationId: string, survivorId: string) {
  return ex
    .selectFrom('cases')
    .select(['id', 'code'])
    .where('organisation_id', '=', organisationId)
    .where('survivor_id', '=', survivorId)
    .where('status', '<>', 'closed')
    .executeTakeFirst();
}

/**
 * The next case code of the organisation for the year, e.g. CASE-2026-0042. The advisory lock
 * (released at commit) keeps two openings from taking the same number.
 */
export async function nextCaseCode(ex: Executor, organisationId: string, year: number): Promise<string> {
  await sql`select pg_advisory_xact_lock(hashtext(${`cases.code:${organisationId}`}))`.execute(ex);
  const prefix = `CASE-${year}-`;
  const row = await ex
    .selectFrom('cases')
    .select((eb) => eb.fn.max(sql<number>`substring(code from ${sql.lit(prefix.length + 1)})::int`).as('last'))
    .where('organisation_id', '=', organisationId)
    .where('code', 'like', `${prefix}%`)
    .executeTakeFirst();
  return `${prefix}${String(Number(row?.last ?? 0) + 1).padStart(4, '0')}`;
}

export function insertCase(ex: Executor, values: Insertable<CasesTable>) {
  return ex
    .insertInto('cases')
    .values(values)
    .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning(CASE_COLUMNS)
    .executeTakeFirst();
}

/** REL-2: changes the case only if it is still at `version`; undefined otherwise. */
export function updateCase(ex: Executor, organisationId: string, id: string, version: number, values: Updateable<CasesTable>) {
  return ex
    .updateTable('cases')
    .set({ ...values, version: version + 1, updated_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(CASE_COLUMNS)
    .executeTakeFirst();
}

export async function linkIncidents(ex: Executor, caseId: string, incidentIds: readonly string[]): Promise<void> {
  if (incidentIds.length === 0) return;
  await ex
    .insertInto('case_incidents')
    .values(incidentIds.map((incident_id) => ({ case_id: caseId, incident_id })))
    .onConflict((oc) => oc.columns(['case_id', 'incident_id']).doNothing())
    .execute();
}

export async function listCaseIncidentIds(ex: Executor, caseId: string): Promise<string[]> {
  const rows = await ex.selectFrom('case_incidents').select('incident_id').where('case_id', '=', caseId).orderBy('incident_id').execute();
  return rows.map((r) => r.incident_id);
}

/** The role of an active user of the organisation, to check who a case may be assigned to. */
export async function findActiveUserRole(ex: Executor, organisationId: string, userId: string): Promise<string | undefined> {
  const row = await ex
    .selectFrom('users')
    .select('role')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row?.role;
}

export function findSurvivorCode(ex: Executor, organisationId: string, survivorId: string) {
  return ex
    .selectFrom('survivors')
    .select(['code', 'sex', 'erased_at'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', survivorId)
    .executeTakeFirst();
}

// ---- Lists ----------------------------------------------------------------------------------

export interface CaseListFilter {
  status?: string | undefined;
  riskLevel?: string | undefined;
  assignedTo?: string | undefined;
  planAwaitingApproval?: boolean | undefined;
  /** Today (YYYY-MM-DD): a follow-up before it is overdue. */
  overdueBefore?: string | undefined;
  /** Only cases that are not closed. */
  activeOnly?: boolean | undefined;
  /** Only cases linking a rape or sexual assault (the clinical list). */
  withSexualIncident?: boolean | undefined;
}

const SUMMARY_COLUMNS = [
  'c.id',
  'c.organisation_id',
  'c.code',
  'c.survivor_id',
  'c.status',
  'c.risk_level',
  'c.assigned_to',
  'c.plan_status',
  'c.needs',
  'c.strength_kinds',
  'c.created_at',
  'c.updated_at',
] as const;

/** AUTHZ-2: the one query of case lists, scoped to the organisation in SQL. */
export function listCases(ex: Executor, organisationId: string, filter: CaseListFilter, page: { after?: { at: Date; id: string }; limit: number }) {
  let query = ex
    .selectFrom('cases as c')
    .innerJoin('survivors as s', (join) => join.onRef('s.id', '=', 'c.survivor_id').on('s.organisation_id', '=', organisationId))
    .select([...SUMMARY_COLUMNS, sql<string | null>`to_char(c.next_follow_up_on, 'YYYY-MM-DD')`.as('next_follow_up_on'), 's.code as survivor_code', 's.sex as survivor_sex'])
    .where('c.organisation_id', '=', organisationId);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.activeOnly) query = query.where('c.status', '<>', 'closed');
  if (filter.riskLevel) query = query.where('c.risk_level', '=', filter.riskLevel);
  if (filter.assignedTo) query = query.where('c.assigned_to', '=', filter.assignedTo);
  if (filter.planAwaitingApproval) query = query.where('c.plan_status', '=', 'submitted');
  if (filter.overdueBefore) query = query.where('c.status', '<>', 'closed').where('c.next_follow_up_on', '<', filter.overdueBefore);
  if (filter.withSexualIncident) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_incidents as ci')
          .innerJoin('incidents as i', 'i.id', 'ci.incident_id')
          .select('ci.incident_id')
          .whereRef('ci.case_id', '=', 'c.id')
          .where('i.organisation_id', '=', organisationId)
          .where('i.gbv_type', 'in', ['rape', 'sexual_assault']),
      ),
    );
  }
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('c.updated_at', '<', after.at), eb.and([eb('c.updated_at', '=', after.at), eb('c.id', '<', after.id)])]));
  return query.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(page.limit).execute();
}

export type CaseSummaryRow = Awaited<ReturnType<typeof listCases>>[number];

/**
 * The rapes and sexual assaults linked to these cases, for their clinical clocks. Only the
 * time and the type are read: nothing identifying.
 */
export function listSexualIncidentsOfCases(ex: Executor, organisationId: string, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('case_incidents as ci')
    .innerJoin('incidents as i', 'i.id', 'ci.incident_id')
    .select(['ci.case_id', 'i.id as incident_id', 'i.incident_time', 'i.gbv_type'])
    .where('ci.case_id', 'in', caseIds)
    .where('i.organisation_id', '=', organisationId)
    .where('i.gbv_type', 'in', ['rape', 'sexual_assault'])
    .execute();
}

// ---- Follow-ups -----------------------------------------------------------------------------

export function insertFollowUp(ex: Executor, values: Insertable<CaseFollowUpsTable>) {
  return ex
    .insertInto('case_follow_ups')
    .values(values)
    .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning(FOLLOW_UP_COLUMNS)
    .executeTakeFirst();
}

export function findFollowUpByIdempotencyKey(ex: Executor, organisationId: string, key: string) {
  return ex.selectFrom('case_follow_ups').select(FOLLOW_UP_COLUMNS).where('organisation_id', '=', organisationId).where('idempotency_key', '=', key).executeTakeFirst();
}

export function listFollowUps(ex: Executor, organisationId: string, caseId: string) {
  return ex
    .selectFrom('case_follow_ups')
    .select(FOLLOW_UP_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('case_id', '=', caseId)
    .orderBy('happened_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;
export type FollowUpRow = NonNullable<Awaited<ReturnType<typeof findFollowUpByIdempotencyKey>>>;
