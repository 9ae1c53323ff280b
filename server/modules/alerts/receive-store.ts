/**
 * The SQL of receiving alerts in batches (receive.ts): a batch's focal points, the areas its
 * texts name, and multi-row inserts of alerts and their first events. Every query names the
 * organisation or works on rows that do.
 */
import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database';
import type { AlertsTable } from '../../db/schema';
import { notifyAuditWritten } from '../../platform/audit/chainer';
import type { AlertRow, FocalPointRow } from './store';

/** The columns intake writes; the rest take their defaults (triage, response). */
export type NewAlertRow = Omit<Insertable<AlertsTable>, 'id'> & { id: string };

/**
 * Inserts alerts whose (channel, message id) is not stored yet, each with its first event
 * (null → new, by its reporter when there is one) and its `alert.receive` audit row (AUD-1:
 * ids, channel and counts only), in one statement, and returns the alerts inserted. One
 * statement rather than three saves two round trips per batch (bench/alerts/intake.ts).
 * A replay, a twin in the same batch, a concurrent delivery that won the unique index, or a
 * reference already drawn is skipped without error (the transaction stays usable; the caller
 * tells them apart). Rows go in dedupe-key order, so two batches that share messages take
 * their index locks in the same order and cannot deadlock.
 */
export async function insertAlertsIfNew(
  ex: Executor,
  rows: readonly NewAlertRow[],
  first: { occurredAt: Date; reporterOf: (alertId: string) => string | null },
): Promise<AlertRow[]> {
  if (rows.length === 0) return [];
  const ordered = rows
    .map((row) => ({ row, key: `${row.channel_id ?? row.organisation_id}\u0001${row.channel}\u0001${row.provider_message_id ?? row.id}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
  // Written as text with numbered parameters: a batch has thousands of them, and building a
  // query tree for each would cost more than the insert (bench/alerts/intake.ts).
  const parameters: unknown[] = [first.occurredAt];
  const tuples = ordered.map((row) => {
    const start = parameters.length;
    parameters.push(
      row.id, row.organisation_id, row.reference, row.channel, row.channel_id, row.provider_message_id, row.sender_hash, row.sender_sealed,
      row.focal_point_id, row.unknown_sender, row.state ?? 'new', row.area_id, row.area_source, row.location_sealed, row.grid_lat ?? null, row.grid_lon ?? null,
      row.text_sealed, row.raw_sealed, row.categories ?? [], row.people_at_risk, row.perpetrator_type, row.warnings ?? [], row.observed_at ?? null,
      row.received_at, row.created_at, row.updated_at,
    );
    let tuple = '(';
    for (let i = 0; i < INSERT_CASTS.length; i++) tuple += `${i === 0 ? '' : ', '}$${start + i + 1}${INSERT_CASTS[i]}`;
    return `${tuple})`;
  });
  const reporters = ordered.flatMap((row) => {
    const reporter = first.reporterOf(row.id);
    return reporter === null ? [] : [[row.id, reporter] as const];
  });
  const reporterTuples = reporters.map(([alertId, userId]) => {
    parameters.push(alertId, userId);
    return `($${parameters.length - 1}::uuid, $${parameters.length}::uuid)`;
  });
  const reporterJoin = reporterTuples.length === 0
    ? 'left join (select null::uuid as alert_id, null::uuid as actor_user_id) r on false'
    : `left join (values ${reporterTuples.join(', ')}) as r (alert_id, actor_user_id) on r.alert_id = i.id`;
  const inserted = await ex.executeQuery<{ id: string }>(CompiledQuery.raw(
    `with inserted as (
       insert into alerts (${INSERT_COLUMNS.join(', ')}) values ${tuples.join(', ')} on conflict do nothing
       returning id, organisation_id, channel, channel_id, unknown_sender, area_id, warnings
     ), events as (
       insert into alert_events (organisation_id, alert_id, from_state, to_state, actor_user_id, occurred_at)
       select i.organisation_id, i.id, null, 'new', r.actor_user_id, $1::timestamptz from inserted i ${reporterJoin}
     ), audit as (
       insert into audit_log (occurred_at, organisation_id, action, resource_type, resource_id, outcome, details)
       select $1::timestamptz, i.organisation_id, 'alert.receive', 'alert', i.id::text, 'success',
              jsonb_build_object('channel', i.channel, 'channelId', i.channel_id, 'unknownSender', i.unknown_sender,
                                 'areaResolved', i.area_id is not null, 'warnings', coalesce(array_length(i.warnings, 1), 0))
       from inserted i
     )
     select id from inserted`,
    parameters,
  ));
  if (inserted.rows.length > 0) notifyAuditWritten();
  // The rest of each row is what we wrote and the columns' defaults: nothing to read back
  // (receive.test.ts checks the result against the stored row).
  const written = new Map(rows.map((row) => [row.id, row]));
  return inserted.rows.map(({ id }) => {
    const row = written.get(id)!;
    return {
      ...ALERT_DEFAULTS,
      id,
      organisation_id: row.organisation_id,
      reference: row.reference,
      channel: row.channel,
      channel_id: row.channel_id ?? null,
      provider_message_id: row.provider_message_id ?? null,
      sender_hash: row.sender_hash ?? null,
      sender_sealed: row.sender_sealed ?? null,
      focal_point_id: row.focal_point_id ?? null,
      unknown_sender: row.unknown_sender,
      state: row.state ?? 'new',
      area_id: row.area_id ?? null,
      area_source: row.area_source ?? null,
      location_sealed: row.location_sealed ?? null,
      text_sealed: row.text_sealed ?? null,
      raw_sealed: row.raw_sealed,
      categories: [...(row.categories ?? [])],
      people_at_risk: row.people_at_risk ?? null,
      perpetrator_type: row.perpetrator_type ?? null,
      warnings: [...(row.warnings ?? [])],
      observed_at: (row.observed_at as Date | null | undefined) ?? null,
      received_at: row.received_at as Date,
      created_at: row.created_at as Date,
      updated_at: row.updated_at as Date,
      grid_lat: row.grid_lat ?? null,
      grid_lon: row.grid_lon ?? null,
    };
  });
}

const INSERT_COLUMNS = [
  'id', 'organisation_id', 'reference', 'channel', 'channel_id', 'provider_message_id', 'sender_hash', 'sender_sealed',
  'focal_point_id', 'unknown_sender', 'state', 'area_id', 'area_source', 'location_sealed', 'grid_lat', 'grid_lon',
  'text_sealed', 'raw_sealed', 'categories', 'people_at_risk', 'perpetrator_type', 'warnings', 'observed_at',
  'received_at', 'created_at', 'updated_at',
] as const;
/** Casts that keep a batch's untyped parameters unambiguous on PostgreSQL and PGlite alike. */
const INSERT_CASTS = INSERT_COLUMNS.map((column) =>
  column === 'categories' || column === 'warnings' ? '::text[]' : column.endsWith('_at') ? '::timestamptz' : column.endsWith('_sealed') ? '::bytea' : '',
);
/** What the columns intake does not write hold on a new alert (their defaults in the migrations). */
const ALERT_DEFAULTS = {
  severity: null,
  assigned_user_id: null,
  assigned_team: null,
  locked_by: null,
  locked_until: null,
  merged_into_id: null,
  acknowledged_at: null,
  verified_at: null,
  responded_at: null,
  closed_at: null,
  escalation_level: 0,
  escalated_at: null,
  incident_id: null,
  version: 1,
} as const;

/** Areas by upper-cased P-code, and by lower-cased name in any language. */
export interface AreaMatches {
  byCode: Map<string, { id: string; level: number }>;
  byName: Map<string, { id: string; level: number }[]>;
}

/**
 * The areas whose P-code is one of `codes` (upper case) or one of whose names (any language),
 * lower-cased, is one of `phrases`: what a batch of alerts may name, in two statements.
 */
export async function findAreaMatches(ex: Executor, codes: readonly string[], phrases: readonly string[]): Promise<AreaMatches> {
  const matches: AreaMatches = { byCode: new Map(), byName: new Map() };
  const uniqueCodes = [...new Set(codes)];
  const uniquePhrases = [...new Set(phrases)];
  if (uniqueCodes.length > 0) {
    const rows = await sql<{ id: string; level: number; code: string }>`
      select id, level, upper(code) as code from areas where upper(code) = any(${sql.val(uniqueCodes)}::text[])`.execute(ex);
    for (const row of rows.rows) matches.byCode.set(row.code, { id: row.id, level: row.level });
  }
  if (uniquePhrases.length > 0) {
    const rows = await sql<{ id: string; level: number; phrase: string }>`
      select a.id, a.level, n.name as phrase
      from area_names n join areas a on a.id = n.area_id
      where n.name = any(${sql.val(uniquePhrases)}::text[])`.execute(ex);
    for (const row of rows.rows) matches.byName.set(row.phrase, [...(matches.byName.get(row.phrase) ?? []), { id: row.id, level: row.level }]);
  }
  return matches;
}

/** The focal points holding any of these identities, by `${kind}:${hash}`. */
export async function findFocalPointsByIdentity(
  ex: Executor,
  organisationId: string,
  identities: readonly { kind: 'phone' | 'token'; hash: string }[],
): Promise<Map<string, FocalPointRow>> {
  const found = new Map<string, FocalPointRow>();
  if (identities.length === 0) return found;
  const rows = await ex
    .selectFrom('focal_point_identities as i')
    .innerJoin('focal_points as f', 'f.id', 'i.focal_point_id')
    .selectAll('f')
    .select(['i.kind as identity_kind', 'i.value_hash as identity_hash'])
    .where('i.organisation_id', '=', organisationId)
    .where('f.organisation_id', '=', organisationId)
    .where('i.value_hash', '=', sql<string>`any(${sql.val([...new Set(identities.map((i) => i.hash))])}::text[])`)
    .execute();
  for (const { identity_kind, identity_hash, ...focalPoint } of rows) found.set(`${identity_kind}:${identity_hash}`, focalPoint);
  return found;
}

export async function findFocalPointsById(ex: Executor, organisationId: string, ids: readonly string[]): Promise<FocalPointRow[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('focal_points').selectAll().where('organisation_id', '=', organisationId).where('id', 'in', [...new Set(ids)]).execute();
}
