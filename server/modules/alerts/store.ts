/**
 * All SQL of community alerts. Every query names the organisation (alerts are not case
 * tables: no row security, so the scope is in each WHERE). Sealed columns are read and
 * written as bytes; service.ts seals and opens them.
 */
import { CompiledQuery, sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import { ALERT_CHANNEL_KINDS, ALERT_STATES } from '../../../core/schemas/alerts';
import type { Executor } from '../../db/database';
import type { AlertChannelsTable, AlertsTable, FocalPointIdentitiesTable, FocalPointsTable } from '../../db/schema';
import { filterConditions, SEVERITY_RANK_SQL, type AlertViewFilter } from './views-store';

export type AlertRow = Selectable<AlertsTable>;
export type AlertChannelRow = Selectable<AlertChannelsTable>;
export type FocalPointRow = Selectable<FocalPointsTable>;
export type FocalPointIdentityRow = Selectable<FocalPointIdentitiesTable>;

// ---- Alerts -------------------------------------------------------------------------------

/** The first alert of a (channel, message id): what a replay is answered with (REL-2). */
export async function findAlertByMessage(
  ex: Executor,
  organisationId: string,
  channel: string,
  channelId: string | null,
  providerMessageId: string,
): Promise<AlertRow | undefined> {
  let query = ex.selectFrom('alerts').selectAll().where('organisation_id', '=', organisationId).where('provider_message_id', '=', providerMessageId);
  query = channelId === null ? query.where('channel_id', 'is', null).where('channel', '=', channel) : query.where('channel_id', '=', channelId);
  return query.executeTakeFirst();
}

/** The columns intake writes; the rest take their defaults (triage, response). */
export type NewAlertRow = Omit<Insertable<AlertsTable>, 'id'> & { id: string };

/**
 * Inserts alerts whose (channel, message id) is not stored yet, in one statement, and returns
 * the rows inserted. A replay, a twin in the same batch, a concurrent delivery that won the
 * unique index, or a reference already drawn is skipped without error (the transaction stays
 * usable; the caller tells them apart). Rows go in dedupe-key order, so two batches that
 * share messages take their index locks in the same order and cannot deadlock.
 */
export async function insertAlertsIfNew(ex: Executor, rows: readonly NewAlertRow[]): Promise<AlertRow[]> {
  if (rows.length === 0) return [];
  const key = (r: NewAlertRow) => `${r.channel_id ?? r.organisation_id}\u0001${r.channel}\u0001${r.provider_message_id ?? r.id}`;
  const ordered = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  // Written as text with numbered parameters: a batch has thousands of them, and building a
  // query tree for each would cost more than the insert (bench/alerts/intake.ts).
  const parameters: unknown[] = [];
  const tuples = ordered.map((row) => {
    const first = parameters.length;
    parameters.push(
      row.id, row.organisation_id, row.reference, row.channel, row.channel_id, row.provider_message_id, row.sender_hash, row.sender_sealed,
      row.focal_point_id, row.unknown_sender, row.state ?? 'new', row.area_id, row.area_source, row.location_sealed, row.grid_lat ?? null, row.grid_lon ?? null,
      row.text_sealed, row.raw_sealed, row.categories ?? [], row.people_at_risk, row.perpetrator_type, row.warnings ?? [], row.observed_at ?? null,
      row.received_at, row.created_at, row.updated_at,
    );
    return `(${INSERT_CASTS.map((cast, i) => `$${first + i + 1}${cast}`).join(', ')})`;
  });
  const inserted = await ex.executeQuery<{ id: string }>(CompiledQuery.raw(
    `insert into alerts (${INSERT_COLUMNS.join(', ')}) values ${tuples.join(', ')} on conflict do nothing returning id`,
    parameters,
  ));
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

/** The first event of each new alert (or any events), in one statement. */
export async function insertAlertEvents(
  ex: Executor,
  events: readonly { organisationId: string; alertId: string; fromState: string | null; toState: string; actorUserId: string | null; occurredAt: Date }[],
): Promise<void> {
  if (events.length === 0) return;
  await ex
    .insertInto('alert_events')
    .values(events.map((event) => ({
      organisation_id: event.organisationId,
      alert_id: event.alertId,
      from_state: event.fromState,
      to_state: event.toState,
      actor_user_id: event.actorUserId,
      occurred_at: event.occurredAt,
    })))
    .execute();
}

export async function findAlert(ex: Executor, organisationId: string, id: string): Promise<AlertRow | undefined> {
  return ex.selectFrom('alerts').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

/** Where a queue page starts: strictly after this alert in the page's order. */
export type AlertKeyset = { order: 'received'; receivedAt: string; id: string } | { order: 'severity'; rank: number; receivedAt: string; id: string };

export type AlertPageRow = AlertRow & { cursor_received_at: string };

/**
 * One page of the organisation's alerts matching `filter`, newest first or critical first,
 * after `after`. Ids first, from index-only walks split per value of a small key, each branch
 * stopping at the page size, merged; then the rows (migration 0360 says why). The small
 * queues (locating, escalated, assigned) read their partial index directly.
 * `cursor_received_at` is received_at to the microsecond, for the next cursor.
 */
export async function listAlerts(ex: Executor, filter: AlertViewFilter, order: 'received' | 'severity', after: AlertKeyset | undefined, limit: number): Promise<AlertPageRow[]> {
  const bySeverity = order === 'severity';
  const rank = SEVERITY_RANK_SQL;
  const orderBy = bySeverity ? sql`rank desc, received_at desc, id desc` : sql`received_at desc, id desc`;
  const innerOrder = bySeverity ? sql`${rank} desc, a.received_at desc, a.id desc` : sql`a.received_at desc, a.id desc`;
  let keyset = sql<SqlBool>`true`;
  if (after) {
    keyset =
      after.order === 'severity'
        ? sql<SqlBool>`(${rank}, a.received_at, a.id) < (${after.rank}::int, ${after.receivedAt}::timestamptz, ${after.id}::uuid)`
        : sql<SqlBool>`(a.received_at, a.id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)`;
  }
  const smallQueue = filter.needsLocating === true || filter.escalated === true || typeof filter.assignedUserId === 'string' || filter.team !== undefined;
  let ids;
  if (smallQueue) {
    ids = sql`select a.id, a.received_at, ${rank} as rank from alerts a where ${filterConditions(filter)} and ${keyset} order by ${innerOrder} limit ${limit}`;
  } else {
    // The driver: the areas asked for, else every (state, channel) pair (state alone in the
    // severity order), each one branch reading its own ordered index range.
    const byArea = filter.areaIds !== undefined;
    const states = filter.states ?? ALERT_STATES;
    const channels = filter.channels ?? ALERT_CHANNEL_KINDS;
    const driver = byArea
      ? sql`unnest(${[...filter.areaIds!]}::uuid[]) as d(area_id)`
      : bySeverity
        ? sql`unnest(${[...states]}::text[]) as d(state)`
        : sql`unnest(${[...states]}::text[]) as d(state) cross join unnest(${[...channels]}::text[]) as dc(channel)`;
    const driven = byArea ? sql`a.area_id = d.area_id` : bySeverity ? sql`a.state = d.state` : sql`a.state = d.state and a.channel = dc.channel`;
    const where = filterConditions(filter, byArea ? { areas: true } : { states: true, channels: !bySeverity });
    ids = sql`
      select b.id, b.received_at, b.rank from ${driver}
      cross join lateral (
        select a.id, a.received_at, ${rank} as rank from alerts a
        where ${where} and ${driven} and ${keyset}
        order by ${innerOrder} limit ${limit}
      ) b
      order by ${orderBy} limit ${limit}`;
  }
  const { rows } = await sql<AlertPageRow>`
    with page as (${ids})
    select a.*, to_char(a.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_received_at
    from page join alerts a on a.id = page.id and a.organisation_id = ${filter.organisationId}::uuid
    order by ${bySeverity ? sql`page.rank desc, page.received_at desc, page.id desc` : sql`page.received_at desc, page.id desc`}`.execute(ex);
  return rows;
}

export async function listAlertEvents(ex: Executor, organisationId: string, alertId: string) {
  return ex
    .selectFrom('alert_events')
    .select(['kind', 'from_state', 'to_state', 'actor_user_id', 'occurred_at', 'details'])
    .where('organisation_id', '=', organisationId)
    .where('alert_id', '=', alertId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

// ---- Areas --------------------------------------------------------------------------------

export async function areaExists(ex: Executor, areaId: string): Promise<boolean> {
  return (await ex.selectFrom('areas').select('id').where('id', '=', areaId).executeTakeFirst()) !== undefined;
}

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
      select distinct a.id, a.level, lower(n.value) as phrase
      from areas a cross join lateral jsonb_each_text(a.names) n
      where lower(n.value) = any(${sql.val(uniquePhrases)}::text[])`.execute(ex);
    for (const row of rows.rows) matches.byName.set(row.phrase, [...(matches.byName.get(row.phrase) ?? []), { id: row.id, level: row.level }]);
  }
  return matches;
}

// ---- Channels -----------------------------------------------------------------------------

export async function findChannel(ex: Executor, id: string): Promise<AlertChannelRow | undefined> {
  return ex.selectFrom('alert_channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findChannelInOrganisation(ex: Executor, organisationId: string, id: string): Promise<AlertChannelRow | undefined> {
  return ex.selectFrom('alert_channels').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export async function listChannels(ex: Executor, organisationId: string): Promise<AlertChannelRow[]> {
  return ex.selectFrom('alert_channels').selectAll().where('organisation_id', '=', organisationId).orderBy('name').orderBy('id').execute();
}

export async function channelNameTaken(ex: Executor, organisationId: string, name: string, exceptId: string | null): Promise<boolean> {
  let query = ex.selectFrom('alert_channels').select('id').where('organisation_id', '=', organisationId).where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertChannel(ex: Executor, row: Insertable<AlertChannelsTable>): Promise<AlertChannelRow> {
  return ex.insertInto('alert_channels').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateChannel(ex: Executor, organisationId: string, id: string, changes: Partial<Insertable<AlertChannelsTable>>): Promise<AlertChannelRow> {
  return ex.updateTable('alert_channels').set(changes).where('organisation_id', '=', organisationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// ---- Focal points -------------------------------------------------------------------------

/** The focal point of a sender, by the keyed hashes of its identity (current and retired keys). */
export async function findFocalPointByIdentity(
  ex: Executor,
  organisationId: string,
  kind: 'phone' | 'token',
  hashes: readonly string[],
): Promise<FocalPointRow | undefined> {
  if (hashes.length === 0) return undefined;
  return ex
    .selectFrom('focal_point_identities as i')
    .innerJoin('focal_points as f', 'f.id', 'i.focal_point_id')
    .selectAll('f')
    .where('i.organisation_id', '=', organisationId)
    .where('f.organisation_id', '=', organisationId)
    .where('i.kind', '=', kind)
    .where('i.value_hash', 'in', [...hashes])
    .executeTakeFirst();
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

export async function findFocalPoint(ex: Executor, organisationId: string, id: string): Promise<FocalPointRow | undefined> {
  return ex.selectFrom('focal_points').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export interface FocalPointWithCounts extends FocalPointRow {
  alerts_sent: number;
  alerts_verified: number;
  identity_count: number;
}

const countsOf = (ex: Executor) =>
  ex
    .selectFrom('focal_points as f')
    .selectAll('f')
    .select([
      sql<number>`(select count(*)::int from alerts a where a.organisation_id = f.organisation_id and a.focal_point_id = f.id)`.as('alerts_sent'),
      sql<number>`(select count(*)::int from alerts a where a.organisation_id = f.organisation_id and a.focal_point_id = f.id and a.state in ('verified', 'closed'))`.as('alerts_verified'),
      sql<number>`(select count(*)::int from focal_point_identities i where i.organisation_id = f.organisation_id and i.focal_point_id = f.id)`.as('identity_count'),
    ]);

export async function listFocalPoints(
  ex: Executor,
  organisationId: string,
  filter: { areaId?: string | undefined; enabled?: boolean | undefined; after?: { name: string; id: string } | undefined; limit: number },
): Promise<FocalPointWithCounts[]> {
  let query = countsOf(ex).where('f.organisation_id', '=', organisationId);
  if (filter.areaId) query = query.where('f.area_id', '=', filter.areaId);
  if (filter.enabled !== undefined) query = query.where('f.enabled', '=', filter.enabled);
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where((eb) =>
      eb.or([eb(sql`lower(f.display_name)`, '>', name), eb.and([eb(sql`lower(f.display_name)`, '=', name), eb('f.id', '>', id)])]),
    );
  }
  return query.orderBy(sql`lower(f.display_name)`).orderBy('f.id').limit(filter.limit).execute() as Promise<FocalPointWithCounts[]>;
}

export async function findFocalPointWithCounts(ex: Executor, organisationId: string, id: string): Promise<FocalPointWithCounts | undefined> {
  return countsOf(ex).where('f.organisation_id', '=', organisationId).where('f.id', '=', id).executeTakeFirst() as Promise<FocalPointWithCounts | undefined>;
}

export async function insertFocalPoint(ex: Executor, row: Insertable<FocalPointsTable>): Promise<FocalPointRow> {
  return ex.insertInto('focal_points').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateFocalPoint(ex: Executor, organisationId: string, id: string, changes: Partial<Insertable<FocalPointsTable>>): Promise<void> {
  await ex.updateTable('focal_points').set(changes).where('organisation_id', '=', organisationId).where('id', '=', id).execute();
}

export async function listIdentities(ex: Executor, organisationId: string, focalPointId: string): Promise<FocalPointIdentityRow[]> {
  return ex
    .selectFrom('focal_point_identities')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('focal_point_id', '=', focalPointId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Which of `hashes` already identify a focal point of the organisation (another, or this one). */
export async function identityHolder(ex: Executor, organisationId: string, kind: string, hashes: readonly string[]): Promise<{ focal_point_id: string } | undefined> {
  return ex
    .selectFrom('focal_point_identities')
    .select('focal_point_id')
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', kind)
    .where('value_hash', 'in', [...hashes])
    .executeTakeFirst();
}

export async function insertIdentity(ex: Executor, row: Insertable<FocalPointIdentitiesTable>): Promise<void> {
  await ex.insertInto('focal_point_identities').values(row).execute();
}

export async function deleteIdentity(ex: Executor, organisationId: string, focalPointId: string, id: string): Promise<boolean> {
  const result = await ex
    .deleteFrom('focal_point_identities')
    .where('organisation_id', '=', organisationId)
    .where('focal_point_id', '=', focalPointId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** An API token of the organisation that may submit alerts (not revoked). */
export async function intakeTokenExists(ex: Executor, organisationId: string, tokenId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('api_tokens')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', tokenId)
    .where('purpose', '=', 'alerts.intake')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
