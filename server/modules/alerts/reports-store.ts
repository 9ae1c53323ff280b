/**
 * The SQL of alerts sent by signed-in users and of alert-to-incident links. Every query names
 * the organisation (alerts have no row security: the scope is in each WHERE).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { AlertRow } from './store';

/** The reporter's alert's first event: who sent it (the reporter is a user, not a phone). */
const FIRST_EVENT = sql<boolean>`kind = 'state' and from_state is null`;

/**
 * Marks a freshly received alert as sent by `userId`: the actor of its first event, and not
 * an unknown sender (a signed-in user is known even without a focal point).
 */
/** Who sent the alert by form (the actor of its first event), or null. */
export async function findReporter(ex: Executor, organisationId: string, alertId: string): Promise<string | null> {
  const row = await ex
    .selectFrom('alert_events')
    .select('actor_user_id')
    .where('organisation_id', '=', organisationId)
    .where('alert_id', '=', alertId)
    .where(FIRST_EVENT)
    .executeTakeFirst();
  return row?.actor_user_id ?? null;
}

export async function findArea(ex: Executor, filter: { id: string } | { code: string }): Promise<{ id: string; code: string } | undefined> {
  const query = ex.selectFrom('areas').select(['id', 'code']);
  return 'id' in filter ? query.where('id', '=', filter.id).executeTakeFirst() : query.where(sql`upper(code)`, '=', filter.code.toUpperCase()).executeTakeFirst();
}

/** The user's own form alerts, newest first, one page past the keyset (receivedAt, id). */
export async function listReportsBy(
  ex: Executor,
  organisationId: string,
  userId: string,
  page: { before?: { receivedAt: Date; id: string } | undefined; limit: number },
): Promise<AlertRow[]> {
  let query = ex
    .selectFrom('alerts as a')
    .innerJoin('alert_events as e', (join) => join.onRef('e.alert_id', '=', 'a.id'))
    .selectAll('a')
    .where('a.organisation_id', '=', organisationId)
    .where('a.channel', 'in', ['web', 'hotline'])
    .where('e.organisation_id', '=', organisationId)
    .where('e.actor_user_id', '=', userId)
    .where('e.kind', '=', 'state')
    .where('e.from_state', 'is', null);
  if (page.before) {
    const { receivedAt, id } = page.before;
    query = query.where((eb) => eb.or([eb('a.received_at', '<', receivedAt), eb.and([eb('a.received_at', '=', receivedAt), eb('a.id', '<', id)])]));
  }
  return query.orderBy('a.received_at', 'desc').orderBy('a.id', 'desc').limit(page.limit).execute();
}

/**
 * Links the alert to an incident if it is linked to none yet (and still at `version` when
 * given): the row after the change, or undefined when another request got there first.
 */
export async function linkIncident(
  ex: Executor,
  organisationId: string,
  alertId: string,
  incidentId: string,
  expectedVersion: number,
  now: Date,
): Promise<AlertRow | undefined> {
  return ex
    .updateTable('alerts')
    .set((eb) => ({ incident_id: incidentId, version: eb('version', '+', 1), updated_at: now }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', alertId)
    .where('incident_id', 'is', null)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function insertConvertedEvent(
  ex: Executor,
  event: { organisationId: string; alertId: string; state: string; actorUserId: string; incidentId: string; occurredAt: Date },
): Promise<void> {
  await ex
    .insertInto('alert_events')
    .values({
      organisation_id: event.organisationId,
      alert_id: event.alertId,
      kind: 'converted',
      from_state: event.state,
      to_state: event.state,
      actor_user_id: event.actorUserId,
      occurred_at: event.occurredAt,
      details: JSON.stringify({ incidentId: event.incidentId }),
    })
    .execute();
}
