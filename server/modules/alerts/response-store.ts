/**
 * All SQL of rapid response: tasks, targets, outbound settings, the SMS outbox and the
 * escalation scans. Every query names the organisation it serves, or (the jobs) reads across
 * organisations on purpose and says so. Sealed columns go in and out as bytes.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import { DEFAULT_TARGETS, RESPONSE_SEVERITIES } from '../../../core/alerts/response';
import type { Executor } from '../../db/database';
import type { AlertResponseSettingsTable, AlertResponseTargetsTable, AlertTasksTable, SmsOutboxTable } from '../../db/schema';

export type TaskRow = Selectable<AlertTasksTable>;
export type OutboxRow = Selectable<SmsOutboxTable>;
export type TargetRow = Selectable<AlertResponseTargetsTable>;
export type SettingsRow = Selectable<AlertResponseSettingsTable>;

/** A task with the area-precision fields of its alert (never text, point or sender). */
export interface TaskWithAlert extends TaskRow {
  alert_reference: string;
  alert_area_id: string | null;
  alert_severity: string | null;
  alert_categories: string[];
  alert_state: string;
  alert_received_at: Date;
}

const tasksWithAlert = (ex: Executor) =>
  ex
    .selectFrom('alert_tasks as t')
    .innerJoin('alerts as a', (join) => join.onRef('a.id', '=', 't.alert_id').onRef('a.organisation_id', '=', 't.organisation_id'))
    .selectAll('t')
    .select([
      'a.reference as alert_reference',
      'a.area_id as alert_area_id',
      'a.severity as alert_severity',
      'a.categories as alert_categories',
      'a.state as alert_state',
      'a.received_at as alert_received_at',
    ]);

// ---- Tasks ----------------------------------------------------------------------------------

export async function insertTask(ex: Executor, row: Insertable<AlertTasksTable>): Promise<TaskRow> {
  return ex.insertInto('alert_tasks').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A task the organisation gave or was given; the service decides what the caller may do. */
export async function findTaskFor(ex: Executor, organisationId: string, taskId: string): Promise<TaskWithAlert | undefined> {
  return tasksWithAlert(ex)
    .where('t.id', '=', taskId)
    .where((eb) => eb.or([eb('t.organisation_id', '=', organisationId), eb('t.assignee_organisation_id', '=', organisationId)]))
    .executeTakeFirst() as Promise<TaskWithAlert | undefined>;
}

export async function listTasksOfAlert(ex: Executor, organisationId: string, alertId: string): Promise<TaskWithAlert[]> {
  return tasksWithAlert(ex)
    .where('t.organisation_id', '=', organisationId)
    .where('t.alert_id', '=', alertId)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute() as Promise<TaskWithAlert[]>;
}

export interface TaskScope {
  /** Tasks this organisation gave (alert officers). */
  ownerOrganisationId: string | null;
  /** Tasks given to this organisation (responders). */
  assigneeOrganisationId: string | null;
  /** Tasks given to this user by name. */
  assigneeUserId: string | null;
  status?: string | undefined;
  /** Keyset: after (due_at, id) in ascending order. */
  after?: { dueAt: Date; id: string } | undefined;
  limit: number;
}

/** Tasks in the scope, soonest due first. */
export async function listTasks(ex: Executor, scope: TaskScope): Promise<TaskWithAlert[]> {
  let query = tasksWithAlert(ex).where((eb) => {
    const branches = [];
    if (scope.ownerOrganisationId !== null) branches.push(eb('t.organisation_id', '=', scope.ownerOrganisationId));
    if (scope.assigneeOrganisationId !== null) branches.push(eb('t.assignee_organisation_id', '=', scope.assigneeOrganisationId));
    if (scope.assigneeUserId !== null) branches.push(eb('t.assignee_user_id', '=', scope.assigneeUserId));
    return branches.length === 0 ? eb.val(false) : eb.or(branches);
  });
  if (scope.status) query = query.where('t.status', '=', scope.status);
  if (scope.after) {
    const { dueAt, id } = scope.after;
    query = query.where((eb) => eb.or([eb('t.due_at', '>', dueAt), eb.and([eb('t.due_at', '=', dueAt), eb('t.id', '>', id)])]));
  }
  return query.orderBy('t.due_at').orderBy('t.id').limit(scope.limit).execute() as Promise<TaskWithAlert[]>;
}

/** Applies changes if the task is still at `version`; undefined when someone changed it first. */
export async function updateTask(ex: Executor, id: string, version: number, changes: Partial<Insertable<AlertTasksTable>>): Promise<TaskRow | undefined> {
  return ex
    .updateTable('alert_tasks')
    .set({ ...changes, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** The first done task of an alert stops its respond clock; later ones leave it. */
export async function markAlertResponded(ex: Executor, organisationId: string, alertId: string, at: Date): Promise<boolean> {
  const result = await ex
    .updateTable('alerts')
    .set({ responded_at: at, updated_at: at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', alertId)
    .where('responded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertAlertEvent(
  ex: Executor,
  event: { organisationId: string; alertId: string; state: string; kind: 'task' | 'escalated'; actorUserId: string | null; occurredAt: Date; details: Record<string, unknown> },
): Promise<void> {
  await ex
    .insertInto('alert_events')
    .values({
      organisation_id: event.organisationId,
      alert_id: event.alertId,
      from_state: event.state,
      to_state: event.state,
      kind: event.kind,
      actor_user_id: event.actorUserId,
      occurred_at: event.occurredAt,
      details: JSON.stringify(event.details),
    })
    .execute();
}

// ---- People and places ----------------------------------------------------------------------

export async function organisationIsActive(ex: Executor, id: string): Promise<boolean> {
  return (await ex.selectFrom('organisations').select('id').where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst()) !== undefined;
}

export async function activeUserOf(ex: Executor, organisationId: string, userId: string): Promise<{ id: string; role: string } | undefined> {
  return ex
    .selectFrom('users')
    .select(['id', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Active users of the organisation holding one of `roles` (whom a notice is for). */
export async function activeUsersWithRoles(ex: Executor, organisationId: string, roles: readonly string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await ex
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', [...roles])
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function areaNames(ex: Executor, areaId: string): Promise<Record<string, string> | undefined> {
  const row = await ex.selectFrom('areas').select('names').where('id', '=', areaId).executeTakeFirst();
  return row?.names;
}

// ---- Targets and settings -------------------------------------------------------------------

export async function listTargets(ex: Executor, organisationId: string): Promise<TargetRow[]> {
  return ex.selectFrom('alert_response_targets').selectAll().where('organisation_id', '=', organisationId).execute();
}

export async function upsertTarget(ex: Executor, row: Insertable<AlertResponseTargetsTable>): Promise<void> {
  await ex
    .insertInto('alert_response_targets')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'severity']).doUpdateSet({
        acknowledge_minutes: row.acknowledge_minutes,
        verify_minutes: row.verify_minutes,
        respond_minutes: row.respond_minutes,
        updated_by: row.updated_by ?? null,
        updated_at: new Date(),
      }),
    )
    .execute();
}

export async function findSettings(ex: Executor, organisationId: string): Promise<SettingsRow | undefined> {
  return ex.selectFrom('alert_response_settings').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function upsertSettings(ex: Executor, row: Insertable<AlertResponseSettingsTable>): Promise<SettingsRow> {
  return ex
    .insertInto('alert_response_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('organisation_id').doUpdateSet({
        outbound_channel_id: row.outbound_channel_id ?? null,
        on_call_phones_sealed: row.on_call_phones_sealed ?? null,
        updated_by: row.updated_by ?? null,
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---- Outbox ---------------------------------------------------------------------------------

export async function insertOutbox(ex: Executor, row: Insertable<SmsOutboxTable>): Promise<OutboxRow> {
  return ex.insertInto('sms_outbox').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The job's read of one message (the job knows only its id, across organisations). */
export async function findOutbox(ex: Executor, id: string): Promise<OutboxRow | undefined> {
  return ex.selectFrom('sms_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the outcome of one attempt, if the message is still pending. */
export async function settleOutbox(ex: Executor, id: string, changes: Partial<Insertable<SmsOutboxTable>>): Promise<boolean> {
  const result = await ex.updateTable('sms_outbox').set(changes).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listOutbox(ex: Executor, organisationId: string, filter: { status?: string | undefined; limit: number }): Promise<OutboxRow[]> {
  let query = ex.selectFrom('sms_outbox').selectAll().where('organisation_id', '=', organisationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Pending messages of an SMSSync channel, oldest first, locked so two polls never take one twice. */
export async function takePendingOfChannel(ex: Executor, channelId: string, limit: number): Promise<OutboxRow[]> {
  return ex
    .selectFrom('sms_outbox')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

// ---- Escalation scans (every organisation: the job works for all) ----------------------------

export interface EscalationCandidate {
  id: string;
  organisation_id: string;
  reference: string;
  area_id: string | null;
  state: string;
  severity: string | null;
  received_at: Date;
  acknowledged_at: Date | null;
  verified_at: Date | null;
  responded_at: Date | null;
  escalation_level: number;
  acknowledge_minutes: number;
  verify_minutes: number;
  respond_minutes: number;
}

/**
 * Open alerts with more late stages than their escalation level, each with its organisation's
 * targets (Weft's defaults where it set none). core/alerts/response decides again on each row;
 * this query only keeps the scan small.
 */
export async function escalationCandidates(ex: Executor, now: Date, limit: number): Promise<EscalationCandidate[]> {
  const defaults = sql.join(
    RESPONSE_SEVERITIES.map((s) => sql`(${s}::text, ${DEFAULT_TARGETS[s].acknowledge}::int, ${DEFAULT_TARGETS[s].verify}::int, ${DEFAULT_TARGETS[s].respond}::int)`),
  );
  const late = (stopped: string, minutes: string) =>
    sql`(case when coalesce(${sql.ref(stopped)}, ${now}::timestamptz) > c.received_at + make_interval(mins => c.${sql.ref(minutes)}) then 1 else 0 end)`;
  const { rows } = await sql<EscalationCandidate>`
    with d(severity, acknowledge_minutes, verify_minutes, respond_minutes) as (values ${defaults}),
    c as (
      select a.id, a.organisation_id, a.reference, a.area_id, a.state, a.severity, a.received_at, a.acknowledged_at,
        a.verified_at, a.responded_at, a.escalation_level,
        coalesce(t.acknowledge_minutes, d.acknowledge_minutes) as acknowledge_minutes,
        coalesce(t.verify_minutes, d.verify_minutes) as verify_minutes,
        coalesce(t.respond_minutes, d.respond_minutes) as respond_minutes
      from alerts a
      join d on d.severity = coalesce(a.severity, 'medium')
      left join alert_response_targets t on t.organisation_id = a.organisation_id and t.severity = d.severity
      where a.state not in ('dismissed', 'duplicate', 'closed') and a.escalation_level < 3
        and a.received_at < ${now}::timestamptz - make_interval(mins => coalesce(t.acknowledge_minutes, d.acknowledge_minutes))
    )
    select * from c
    where ${late('c.acknowledged_at', 'acknowledge_minutes')} + ${late('c.verified_at', 'verify_minutes')} + ${late('c.responded_at', 'respond_minutes')} > c.escalation_level
    order by c.received_at, c.id
    limit ${limit}`.execute(ex);
  return rows;
}

/** Raises an alert's level if it is still lower; false when another run got there first. */
export async function raiseEscalation(ex: Executor, alertId: string, level: number, now: Date): Promise<boolean> {
  const result = await ex
    .updateTable('alerts')
    .set({ escalation_level: level, escalated_at: now })
    .where('id', '=', alertId)
    .where('escalation_level', '<', level)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Open tasks past their due time that nobody was told of yet. */
export async function overdueTasks(ex: Executor, now: Date, limit: number): Promise<TaskWithAlert[]> {
  return tasksWithAlert(ex)
    .where('t.status', 'in', ['open', 'accepted', 'in_progress'])
    .where('t.due_at', '<', now)
    .where('t.escalated_at', 'is', null)
    .orderBy('t.due_at')
    .orderBy('t.id')
    .limit(limit)
    .execute() as Promise<TaskWithAlert[]>;
}

export async function markTaskEscalated(ex: Executor, taskId: string, now: Date): Promise<boolean> {
  const result = await ex.updateTable('alert_tasks').set({ escalated_at: now }).where('id', '=', taskId).where('escalated_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
