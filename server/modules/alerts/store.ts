/**
 * All SQL of community alerts. Every query names the organisation (alerts are not case
 * tables: no row security, so the scope is in each WHERE). Sealed columns are read and
 * written as bytes; service.ts seals and opens them.
 */
import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
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
