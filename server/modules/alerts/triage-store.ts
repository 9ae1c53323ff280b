/**
 * SQL of alert triage. Every query names the organisation (alerts are not case tables: the
 * scope is in each WHERE, AUTHZ-2). Rows a write depends on are read FOR UPDATE, in id order
 * so that two bulk actions over overlapping alerts cannot deadlock.
 */
import { sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { AlertsTable } from '../../db/schema';
import type { AlertRow } from './store';

/** One alert of the organisation, locked for the rest of the transaction. */
export async function findAlertForUpdate(ex: Executor, organisationId: string, id: string): Promise<AlertRow | undefined> {
  return ex.selectFrom('alerts').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The columns a triage decision reads: state, clocks, assignment, lock. */
const TRIAGE_COLUMNS = [
  'id', 'organisation_id', 'state', 'severity', 'assigned_user_id', 'assigned_team', 'merged_into_id',
  'acknowledged_at', 'verified_at', 'closed_at', 'locked_by', 'locked_until', 'version',
] as const;
export type TriageRow = Pick<AlertRow, (typeof TRIAGE_COLUMNS)[number]>;

/**
 * The organisation's alerts among `ids` (others' and unknown ids are simply absent), locked,
 * with the triage columns only: a bulk action reads a thousand rows, not their sealed bytes.
 */
export async function findAlertsForUpdate(ex: Executor, organisationId: string, ids: readonly string[]): Promise<TriageRow[]> {
  if (ids.length === 0) return [];
  return ex
    .selectFrom('alerts')
    .select(TRIAGE_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where(sql<boolean>`id = any(${sql.val([...ids])}::uuid[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The triage fields one write may change; version and updated_at move with every write. */
export type TriageChanges = Pick<
  Updateable<AlertsTable>,
  'state' | 'severity' | 'assigned_user_id' | 'assigned_team' | 'area_id' | 'area_source' | 'merged_into_id' | 'acknowledged_at' | 'verified_at' | 'closed_at'
>;

/** Applies `changes` if the alert is still at `version`; undefined if someone wrote it since. */
export async function updateAlertAtVersion(
  ex: Executor,
  organisationId: string,
  id: string,
  version: number,
  changes: TriageChanges,
  now: Date,
): Promise<AlertRow | undefined> {
  return ex
    .updateTable('alerts')
    .set({ ...changes, updated_at: now, version: sql<number>`version + 1` })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** The full triage fields of one alert after a bulk action. */
export interface BulkAlertValues {
  id: string;
  state: string;
  severity: string | null;
  assignedUserId: string | null;
  assignedTeam: string | null;
  mergedIntoId: string | null;
  acknowledgedAt: Date | null;
  verifiedAt: Date | null;
  closedAt: Date | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * Writes many alerts' triage fields in one statement (set-based: one UPDATE ... FROM unnest
 * however many alerts), each version + 1. The caller holds the rows FOR UPDATE.
 */
export async function updateAlertsInBulk(ex: Executor, organisationId: string, rows: readonly BulkAlertValues[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const column = <T>(pick: (r: BulkAlertValues) => T) => sql.val(rows.map(pick));
  const result = await sql`
    update alerts as a set
      state = v.state,
      severity = v.severity,
      assigned_user_id = v.assigned_user_id,
      assigned_team = v.assigned_team,
      merged_into_id = v.merged_into_id,
      acknowledged_at = v.acknowledged_at,
      verified_at = v.verified_at,
      closed_at = v.closed_at,
      updated_at = ${now},
      version = a.version + 1
    from unnest(
      ${column((r) => r.id)}::uuid[],
      ${column((r) => r.state)}::text[],
      ${column((r) => r.severity)}::text[],
      ${column((r) => r.assignedUserId)}::uuid[],
      ${column((r) => r.assignedTeam)}::text[],
      ${column((r) => r.mergedIntoId)}::uuid[],
      ${column((r) => iso(r.acknowledgedAt))}::timestamptz[],
      ${column((r) => iso(r.verifiedAt))}::timestamptz[],
      ${column((r) => iso(r.closedAt))}::timestamptz[]
    ) as v(id, state, severity, assigned_user_id, assigned_team, merged_into_id, acknowledged_at, verified_at, closed_at)
    where a.id = v.id and a.organisation_id = ${organisationId}
  `.execute(ex);
  return Number(result.numAffectedRows ?? 0);
}

export interface TriageEvent {
  organisationId: string;
  alertId: string;
  kind: 'state' | 'severity' | 'assigned' | 'merged' | 'located';
  fromState: string | null;
  toState: string;
  actorUserId: string;
  occurredAt: Date;
  /** Ids, codes and labels only: never what the alert says or who sent it (AUD-1, MIN-1). */
  details: Record<string, unknown>;
}

/** Appends events in one INSERT ... SELECT FROM unnest (a fixed 8 parameters for any number). */
export async function insertTriageEvents(ex: Executor, events: readonly TriageEvent[]): Promise<void> {
  if (events.length === 0) return;
  const column = <T>(pick: (e: TriageEvent) => T) => sql.val(events.map(pick));
  await sql`
    insert into alert_events (organisation_id, alert_id, kind, from_state, to_state, actor_user_id, occurred_at, details)
    select v.organisation_id, v.alert_id, v.kind, v.from_state, v.to_state, v.actor_user_id, v.occurred_at, v.details::jsonb
    from unnest(
      ${column((e) => e.organisationId)}::uuid[],
      ${column((e) => e.alertId)}::uuid[],
      ${column((e) => e.kind)}::text[],
      ${column((e) => e.fromState)}::text[],
      ${column((e) => e.toState)}::text[],
      ${column((e) => e.actorUserId)}::uuid[],
      ${column((e) => e.occurredAt.toISOString())}::timestamptz[],
      ${column((e) => JSON.stringify(e.details))}::text[]
    ) with ordinality as v(organisation_id, alert_id, kind, from_state, to_state, actor_user_id, occurred_at, details, n)
    order by v.n
  `.execute(ex);
}

// ---- Edit lock ----------------------------------------------------------------------------

/**
 * Takes or renews the lock for `userId` until `until`, unless someone else holds a live one
 * at `now`; one conditional UPDATE, so two officers racing for a free alert get one winner.
 * The lock is no change to the alert: its version and updated_at stay.
 */
export async function takeLock(ex: Executor, organisationId: string, id: string, userId: string, now: Date, until: Date): Promise<AlertRow | undefined> {
  return ex
    .updateTable('alerts')
    .set({ locked_by: userId, locked_until: until })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_by', 'is', null), eb('locked_until', 'is', null), eb('locked_until', '<=', now), eb('locked_by', '=', userId)]))
    .returningAll()
    .executeTakeFirst();
}

/** Releases `userId`'s lock; false if they held none. */
export async function releaseLock(ex: Executor, organisationId: string, id: string, userId: string): Promise<boolean> {
  const row = await ex
    .updateTable('alerts')
    .set({ locked_by: null, locked_until: null })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('locked_by', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// ---- Colleagues ---------------------------------------------------------------------------

/** Active users of the organisation whose role is one of `roles`, by name. */
export async function listActiveUsersWithRoles(ex: Executor, organisationId: string, roles: readonly string[]) {
  if (roles.length === 0) return [];
  return ex
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('disabled_at', 'is', null)
    .where('role', 'in', [...roles])
    .orderBy(sql`lower(display_name)`)
    .orderBy('id')
    .limit(1000)
    .execute();
}

/** The user if active, of the organisation, and of one of `roles`. */
export async function findActiveUserWithRoles(ex: Executor, organisationId: string, userId: string, roles: readonly string[]) {
  if (roles.length === 0) return undefined;
  return ex
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .where('role', 'in', [...roles])
    .executeTakeFirst();
}

/** A colleague's display name (who holds a lock), within the organisation. */
export async function findUserName(ex: Executor, organisationId: string, userId: string): Promise<string | undefined> {
  const row = await ex.selectFrom('users').select('display_name').where('organisation_id', '=', organisationId).where('id', '=', userId).executeTakeFirst();
  return row?.display_name;
}
