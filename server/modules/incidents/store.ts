/**
 * All SQL of the incidents module. Every function takes the scoped transaction
 * (inOrganisationScope, AUTHZ-2) and still filters by organisation itself (first guard).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { earliestReportDateWithOpenWindow } from '../../../core/clinical';
import type { Executor } from '../../db/database';
import type { DB, Incident } from '../../db/schema';
import type { Insertable, Updateable, ExpressionBuilder } from 'kysely';

// pg and PGlite parse `date` columns into local-time Date objects; read them as text so a
// date never shifts by a time zone.
const COLUMNS = [
  'incidents.id', 'incidents.organisation_id', 'incidents.survivor_id', 'incidents.code', 'incidents.incident_time',
  'incidents.incident_earliest_at', 'incidents.incident_latest_at', 'incidents.time_of_day', 'incidents.area_id',
  'incidents.place_type', 'incidents.location_sealed', 'incidents.displacement_stage', 'incidents.survivor_age_at_incident',
  'incidents.survivor_age_group', 'incidents.is_child', 'incidents.perpetrator_count', 'incidents.perpetrator_sex',
  'incidents.perpetrator_age_group', 'incidents.perpetrator_relationship', 'incidents.perpetrator_category',
  'incidents.conflict_contexts', 'incidents.acts', 'incidents.classification_answers', 'incidents.gbv_type',
  'incidents.derived_contexts', 'incidents.is_crsv', 'incidents.is_sea', 'incidents.previously_reported',
  'incidents.previous_gbv_incidents', 'incidents.goods_money_exchanged', 'incidents.abduction_type',
  'incidents.narrative_sealed', 'incidents.source', 'incidents.idempotency_key', 'incidents.created_by',
  'incidents.created_at', 'incidents.updated_at', 'incidents.version',
] as const;

const dates = (eb: ExpressionBuilder<DB, 'incidents'>) => [
  sql<string | null>`${eb.ref('incidents.incident_date')}::text`.as('incident_date'),
  sql<string>`${eb.ref('incidents.report_date')}::text`.as('report_date'),
];

export type NewIncident = Insertable<DB['incidents']> & { id: string };
export type IncidentChanges = Updateable<DB['incidents']>;

function selectIncidents(ex: Executor) {
  return ex.selectFrom('incidents').select(COLUMNS).select(dates);
}

export async function insertIncident(ex: Executor, values: NewIncident): Promise<Incident> {
  await ex.insertInto('incidents').values(values).execute();
  return (await findIncident(ex, values.organisation_id, values.id))!;
}

export function findIncident(ex: Executor, organisationId: string, id: string): Promise<Incident | undefined> {
  return selectIncidents(ex).where('incidents.organisation_id', '=', organisationId).where('incidents.id', '=', id).executeTakeFirst();
}

/** No organisation filter: for callers that already hold the scope and decide themselves. */
export function findIncidentById(ex: Executor, id: string): Promise<Incident | undefined> {
  return selectIncidents(ex).where('incidents.id', '=', id).executeTakeFirst();
}

export function findByIdempotencyKey(ex: Executor, organisationId: string, key: string): Promise<Incident | undefined> {
  return selectIncidents(ex).where('incidents.organisation_id', '=', organisationId).where('incidents.idempotency_key', '=', key).executeTakeFirst();
}

export async function codeExists(ex: Executor, organisationId: string, code: string): Promise<boolean> {
  const row = await ex.selectFrom('incidents').select('id').where('organisation_id', '=', organisationId).where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}

/** Updates only at the expected version (REL-2); undefined when someone else saved first. */
export async function updateIncident(ex: Executor, organisationId: string, id: string, version: number, changes: IncidentChanges): Promise<Incident | undefined> {
  const result = await ex
    .updateTable('incidents')
    .set({ ...changes, updated_at: new Date(), version: version + 1 })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findIncident(ex, organisationId, id);
}

// ---- Areas (read-only; the places module owns them) ---------------------------------------

export interface AreaRef {
  id: string;
  code: string;
  names: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An area by id or P-code. */
export function findArea(ex: Executor, ref: string): Promise<AreaRef | undefined> {
  const query = ex.selectFrom('areas').select(['id', 'code', 'names']);
  return (UUID.test(ref) ? query.where('id', '=', ref) : query.where('code', '=', ref)).executeTakeFirst();
}

export async function findAreasByIds(ex: Executor, ids: readonly string[]): Promise<Map<string, AreaRef>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('areas').select(['id', 'code', 'names']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The area and every area below it (a province filter includes its territories), resolved
 * before the list query: inside it, the recursive CTE got a fixed row estimate and the
 * planner chose its plan blind to how many incidents the areas hold.
 */
export async function areaAndDescendantIds(ex: Executor, areaId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive tree(id) as (select ${areaId}::uuid union all select a.id from areas a join tree t on a.parent_id = t.id)
    select id from tree`.execute(ex);
  return rows.rows.map((row) => row.id);
}

// ---- Lists ------------------------------------------------------------------------------

export interface ListFilter {
  organisationId: string;
  /** An area and its descendants (areaAndDescendantIds). */
  areaIds?: readonly string[] | undefined;
  gbvType?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  perpetratorCategory?: string | undefined;
  crsv?: boolean | undefined;
  sea?: boolean | undefined;
  survivorId?: string | undefined;
}

/** One area (a leaf, most often) as `=`: PostgreSQL 15 reads `= any` of one value unordered. */
function areaCondition(ids: readonly string[]): Expression<SqlBool> {
  return ids.length === 1 ? sql<SqlBool>`incidents.area_id = ${ids[0]!}::uuid` : sql<SqlBool>`incidents.area_id = any(${[...ids]}::uuid[])`;
}

function filtered(ex: Executor, filter: ListFilter) {
  return selectIncidents(ex)
    .where('incidents.organisation_id', '=', filter.organisationId)
    .$if(filter.areaIds !== undefined, (q) => q.where(areaCondition(filter.areaIds!)))
    .$if(filter.gbvType !== undefined, (q) => q.where('incidents.gbv_type', '=', filter.gbvType!))
    // A date range filters on the span of possible times: an incident whose span touches it.
    // Compared as timestamptz, not date: with row-level security PostgreSQL only uses a
    // leakproof operator in an index condition, and timestamptz < date is not one.
    .$if(filter.from !== undefined, (q) => q.where(sql<SqlBool>`incidents.incident_latest_at >= ${filter.from!}::date::timestamptz`))
    .$if(filter.to !== undefined, (q) => q.where(sql<SqlBool>`incidents.incident_earliest_at < (${filter.to!}::date + 1)::timestamptz`))
    .$if(filter.perpetratorCategory !== undefined, (q) => q.where('incidents.perpetrator_category', '=', filter.perpetratorCategory!))
    .$if(filter.crsv !== undefined, (q) => q.where('incidents.is_crsv', '=', filter.crsv!))
    .$if(filter.sea !== undefined, (q) => q.where('incidents.is_sea', '=', filter.sea!))
    .$if(filter.survivorId !== undefined, (q) => q.where('incidents.survivor_id', '=', filter.survivorId!));
}

/** Newest report first; keyset on (report_date, id). */
export function listRecent(ex: Executor, filter: ListFilter, limit: number, after: { reportDate: string; id: string } | null): Promise<Incident[]> {
  return filtered(ex, filter)
    .$if(after !== null, (q) => q.where(sql<SqlBool>`(incidents.report_date, incidents.id) < (${after!.reportDate}::date, ${after!.id}::uuid)`))
    .orderBy('incidents.report_date', 'desc')
    .orderBy('incidents.id', 'desc')
    .limit(limit)
    .execute();
}

/** A date-range filter excludes unknown dates, so the span's start is never null here. */
const hasDateRange = (filter: ListFilter) => filter.from !== undefined || filter.to !== undefined;

/**
 * With a date range: the most recent possible incident time first; keyset on
 * (incident_earliest_at, id), served by the (organisation_id, incident_earliest_at desc, id
 * desc) index, which starts at the range's end instead of walking every newer report.
 */
export function listBySpan(ex: Executor, filter: ListFilter, limit: number, after: { earliestAt: string; id: string } | null): Promise<Incident[]> {
  if (!hasDateRange(filter)) throw new Error('listBySpan needs a from or to filter.');
  return filtered(ex, filter)
    .where('incidents.incident_earliest_at', 'is not', null)
    .$if(after !== null, (q) => q.where(sql<SqlBool>`(incidents.incident_earliest_at, incidents.id) < (${after!.earliestAt}::timestamptz, ${after!.id}::uuid)`))
    .orderBy('incidents.incident_earliest_at', 'desc')
    .orderBy('incidents.id', 'desc')
    .limit(limit)
    .execute();
}

const HOUR = 3_600_000;

/**
 * Rape and sexual assault whose PEP or EC window may still be open at `now`, or whose date
 * is unknown (a clinician must assess), the least time left first (core/clinical urgency).
 * Whatever the incident time, one reported too long ago for any window to be open is left
 * out (core/clinical windowsClosedByReportDate, as `report_date >= cutoff`): without it,
 * unknown dates stayed in the list forever, and the cutoff bounds the rows read.
 * The deadline is that of the most urgent window: PEP while it may be open, then EC (not for
 * a male survivor); a window that may already be closed sorts first (time left counted from
 * the earliest possible time, never overstated). Unknown dates come after every open one
 * (null deadline: `greatest` would otherwise ignore the null and rank them first).
 * The survivor's sex is read from survivors (read-only) because EC does not apply to men.
 */
function clinicalDeadline(now: Date): Expression<Date | null> {
  const pep = new Date(now.getTime() - 72 * HOUR);
  return sql<Date | null>`case when incidents.incident_earliest_at is null then null when incidents.incident_latest_at > ${pep} then greatest(incidents.incident_earliest_at + interval '72 hours', ${now}::timestamptz) else greatest(incidents.incident_earliest_at + interval '120 hours', ${now}::timestamptz) end`;
}

export function listClinical(
  ex: Executor,
  filter: ListFilter,
  limit: number,
  now: Date,
  after: { deadline: string | null; id: string } | null,
): Promise<Incident[]> {
  const pep = new Date(now.getTime() - 72 * HOUR);
  const ec = new Date(now.getTime() - 120 * HOUR);
  const deadline = clinicalDeadline(now);
  // The survivor's sex only matters once PEP has closed: read it then (a subquery the OR
  // reaches last), not by joining survivors for every row.
  return filtered(ex, filter)
    .where('incidents.gbv_type', 'in', ['rape', 'sexual_assault'])
    .where(sql<SqlBool>`incidents.report_date >= ${earliestReportDateWithOpenWindow(now)}::date`)
    .where(sql<SqlBool>`(incidents.incident_earliest_at is null
      or incidents.incident_latest_at > ${pep}
      or (incidents.incident_latest_at > ${ec}
        and not exists (select 1 from survivors where survivors.id = incidents.survivor_id and survivors.sex = 'male')))`)
    .$if(after !== null, (q) =>
      after!.deadline === null
        ? q.where(sql<SqlBool>`incidents.incident_earliest_at is null and incidents.id > ${after!.id}::uuid`)
        : q.where(sql<SqlBool>`(incidents.incident_earliest_at is null or (${deadline}, incidents.id) > (${after!.deadline}::timestamptz, ${after!.id}::uuid))`),
    )
    .orderBy(sql`${deadline} asc nulls last`)
    .orderBy('incidents.id', 'asc')
    .limit(limit)
    .execute();
}

/** Survivors' sex by id, for the clinical clock (EC does not apply to men). */
export async function survivorSexes(ex: Executor, organisationId: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('survivors').select(['id', 'sex']).where('organisation_id', '=', organisationId).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row.sex]));
}

// ---- Export -----------------------------------------------------------------------------

/** Only these columns leave for the export: no sealed column, no free text (MIN-1). */
export interface ExportRow {
  id: string;
  code: string;
  survivor_id: string;
  survivor_sex: string | null;
  survivor_marital_status: string | null;
  survivor_displacement_status: string | null;
  survivor_disability: string | null;
  survivor_nationality: string | null;
  report_date: string;
  incident_date: string | null;
  incident_time: unknown;
  survivor_age_group: string | null;
  is_child: boolean | null;
  time_of_day: string | null;
  area_id: string | null;
  place_type: string | null;
  displacement_stage: string | null;
  gbv_type: string;
  goods_money_exchanged: boolean | null;
  abduction_type: string | null;
  previously_reported: boolean | null;
  previous_gbv_incidents: boolean | null;
  perpetrator_count: string | null;
  perpetrator_sex: string | null;
  perpetrator_age_group: string | null;
  perpetrator_relationship: string | null;
  perpetrator_category: string | null;
}

/**
 * One batch of the organisation's incidents whose survivor has a live statistics consent at
 * `at` (CON-2 first pass in SQL; the service confirms each with decideDisclosure), in id
 * order after `afterId`. Erased survivors are left out.
 */
function exportable(ex: Executor, organisationId: string, at: Date) {
  return ex
    .selectFrom('incidents')
    .innerJoin('survivors', 'survivors.id', 'incidents.survivor_id')
    .where('incidents.organisation_id', '=', organisationId)
    .where('survivors.organisation_id', '=', organisationId)
    .where('survivors.erased_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('consents')
          .select(sql`1`.as('one'))
          .whereRef('consents.survivor_id', '=', 'incidents.survivor_id')
          .where('consents.organisation_id', '=', organisationId)
          .where('consents.purpose', '=', 'statistics')
          .where('consents.recipient_organisation_id', 'is', null)
          .where('consents.service_id', 'is', null)
          .where('consents.given_at', '<=', at)
          .where((eb) => eb.or([eb('consents.withdrawn_at', 'is', null), eb('consents.withdrawn_at', '>', at)])),
      ),
    );
}

export async function countExportable(ex: Executor, organisationId: string, at: Date): Promise<number> {
  const row = await exportable(ex, organisationId, at).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function organisationCode(ex: Executor, organisationId: string): Promise<string> {
  const row = await ex.selectFrom('organisations').select('short_name').where('id', '=', organisationId).executeTakeFirst();
  return row?.short_name ?? '';
}

/**
 * One batch of the export: the next `size` incident ids of the organisation after `afterId`
 * (incidents alone, on the (organisation_id, id) index), then the exportable rows among them.
 * Two steps because a single query with the consent join lets the planner, once few rows
 * remain, read and sort every remaining row for each batch (bench/documentation, 1,000,000
 * incidents). The batch may hold fewer rows than ids (no statistics consent, erased survivor):
 * the caller goes on from `lastId` until `scanned` is below `size`.
 */
export async function exportBatch(
  ex: Executor,
  organisationId: string,
  at: Date,
  afterId: string | null,
  size: number,
): Promise<{ rows: ExportRow[]; scanned: number; lastId: string | null }> {
  const ids = (
    await ex
      .selectFrom('incidents')
      .select('incidents.id')
      .where('incidents.organisation_id', '=', organisationId)
      .$if(afterId !== null, (q) => q.where('incidents.id', '>', afterId!))
      .orderBy('incidents.id')
      .limit(size)
      .execute()
  ).map((row) => row.id);
  if (ids.length === 0) return { rows: [], scanned: 0, lastId: null };
  const rows = (await exportable(ex, organisationId, at)
    .select([
      'incidents.id', 'incidents.code', 'incidents.survivor_id', 'survivors.sex as survivor_sex',
      'survivors.marital_status as survivor_marital_status', 'survivors.displacement_status as survivor_displacement_status',
      'survivors.disability as survivor_disability', 'survivors.nationality as survivor_nationality',
      'incidents.incident_time', 'incidents.survivor_age_group', 'incidents.is_child', 'incidents.time_of_day', 'incidents.area_id',
      'incidents.place_type', 'incidents.displacement_stage', 'incidents.gbv_type', 'incidents.goods_money_exchanged',
      'incidents.abduction_type', 'incidents.previously_reported', 'incidents.previous_gbv_incidents', 'incidents.perpetrator_count',
      'incidents.perpetrator_sex', 'incidents.perpetrator_age_group', 'incidents.perpetrator_relationship', 'incidents.perpetrator_category',
    ])
    .select([sql<string>`incidents.report_date::text`.as('report_date'), sql<string | null>`incidents.incident_date::text`.as('incident_date')])
    .where(sql<SqlBool>`incidents.id = any(${ids}::uuid[])`)
    .orderBy('incidents.id')
    .execute()) as ExportRow[];
  return { rows, scanned: ids.length, lastId: ids[ids.length - 1]! };
}

/** The statistics consents of a batch of survivors, for the per-row gate check. */
export function statisticsConsents(ex: Executor, organisationId: string, survivorIds: readonly string[]) {
  if (survivorIds.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('consents')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('purpose', '=', 'statistics')
    .where('survivor_id', 'in', [...new Set(survivorIds)])
    .execute();
}

/** Area code and its ancestors' codes and names (for the IR location columns). */
export async function areaChains(ex: Executor, ids: readonly string[]): Promise<Map<string, { level: number; code: string; names: Record<string, string> }[]>> {
  const result = new Map<string, { level: number; code: string; names: Record<string, string> }[]>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return result;
  const rows = await sql<{ start: string; level: number; code: string; names: Record<string, string> }>`
    with recursive chain(start, id, parent_id, level, code, names) as (
      select a.id, a.id, a.parent_id, a.level, a.code, a.names from areas a where a.id = any(${unique}::uuid[])
      union all
      select c.start, p.id, p.parent_id, p.level, p.code, p.names from areas p join chain c on p.id = c.parent_id
    ) select start, level, code, names from chain order by level`.execute(ex);
  for (const row of rows.rows) {
    const list = result.get(row.start) ?? [];
    list.push({ level: row.level, code: row.code, names: row.names });
    result.set(row.start, list);
  }
  return result;
}
