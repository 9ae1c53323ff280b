/**
 * Response tasks (issue 4 part 4): an alert officer (alerts.triage) gives an acknowledged or
 * verified alert's tasks to a partner organisation, a mission component or a person, with a
 * due time; the assignee organisation's responders (alerts.respond) accept, work and close
 * them. A partner sees the alert at area precision only (DESIGN capability 3). The first task
 * done stops the alert's respond clock. Every change is audited in its transaction (AUD-1).
 */
import { detectIdentifyingText } from '../../../core/alerts';
import { canMoveTask, isTaskOverdue, taskSms, type TaskStatus } from '../../../core/alerts/response';
import { ROLES, roleHasPermission } from '../../../core/auth/roles';
import { conflict, forbidden, hiddenDenial, invalid } from '../../../core/errors';
import type { CreateTaskInput, ListTasksQuery, TaskView, UpdateTaskInput } from '../../../core/schemas/alert-response';
import type { Executor } from '../../db/database';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { alertTasksContactPhone } from '../../platform/crypto/columns';
import { hasPermission } from '../../platform/policy';
import { notifyUser } from '../notifications/service';
import { enqueueSms } from './outbox';
import * as responseStore from './response-store';
import * as store from './store';

/** Alerts that may get tasks: seen by an officer, not dismissed, merged or closed. */
export const TASKABLE_STATES = ['acknowledged', 'verifying', 'verified'] as const;

export const RESPONDER_ROLES = ROLES.filter((role) => roleHasPermission(role, 'alerts.respond'));

const canTriage = (actor: UserActor) => hasPermission(actor, 'alerts.triage');
const canRespond = (actor: UserActor) => hasPermission(actor, 'alerts.respond');

function signedIn(req: RequestContext, resource: string): UserActor {
  if (req.actor.kind !== 'user') throw hiddenDenial(resource);
  return req.actor;
}

function triageScope(req: RequestContext): UserActor {
  const actor = signedIn(req, 'alert');
  if (!canTriage(actor)) throw hiddenDenial('alert');
  return actor;
}

/** Identifying-text warnings on free text typed into a task (shown, never refused). */
const warningsOf = (text: string | undefined) => [...new Set(text ? detectIdentifyingText(text).map((w) => `identifying_text.${w.reason}`) : [])];

export function presentTask(row: responseStore.TaskWithAlert, viewer: TaskView['viewer'], now = new Date(), warnings?: string[]): TaskView {
  return {
    id: row.id,
    alertId: viewer === 'owner' ? row.alert_id : null,
    organisationId: row.organisation_id,
    viewer,
    assignee: {
      organisationId: row.assignee_organisation_id,
      component: row.assignee_component as TaskView['assignee']['component'],
      userId: row.assignee_user_id,
    },
    title: row.title,
    instructions: row.instructions,
    contactPhoneSet: row.contact_phone_sealed !== null,
    dueAt: row.due_at.toISOString(),
    overdue: isTaskOverdue({ status: row.status, dueAt: row.due_at }, now),
    status: row.status as TaskView['status'],
    outcome: row.outcome as TaskView['outcome'],
    outcomeNote: row.outcome_note,
    completedAt: row.completed_at?.toISOString() ?? null,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    alert: {
      reference: row.alert_reference,
      areaId: row.alert_area_id,
      severity: row.alert_severity as TaskView['alert']['severity'],
      categories: row.alert_categories,
      state: row.alert_state as TaskView['alert']['state'],
      receivedAt: row.alert_received_at.toISOString(),
    },
    ...(warnings === undefined ? {} : { warnings }),
  };
}

/** Owner: the organisation that gave the task, through an officer. Else the assignee, or nobody (null). */
function viewerOf(actor: UserActor, task: responseStore.TaskRow): TaskView['viewer'] | null {
  if (task.organisation_id === actor.organisationId && canTriage(actor)) return 'owner';
  if (task.assignee_organisation_id === actor.organisationId && canRespond(actor)) return 'assignee';
  if (task.assignee_user_id === actor.userId && (canRespond(actor) || canTriage(actor))) return 'assignee';
  return null;
}

/** The area's name in the language asked for, else English, else any. */
export async function areaNameOf(ex: Executor, areaId: string | null, language: string | null): Promise<string | null> {
  if (areaId === null) return null;
  const names = await responseStore.areaNames(ex, areaId);
  if (!names) return null;
  return names[language ?? 'en'] ?? names.en ?? Object.values(names)[0] ?? null;
}

/** The outbound channel an organisation set, with the language its messages are written in. */
export async function outboundChannelOf(ex: Executor, organisationId: string): Promise<{ channelId: string | null; language: string | null }> {
  const settings = await responseStore.findSettings(ex, organisationId);
  if (!settings?.outbound_channel_id) return { channelId: null, language: null };
  const channel = await store.findChannelInOrganisation(ex, organisationId, settings.outbound_channel_id);
  return { channelId: channel?.id ?? null, language: channel?.reply_language ?? null };
}

function readDueAt(input: { dueAt?: string | undefined; dueInMinutes?: number | undefined }, now: Date): Date {
  if (input.dueInMinutes !== undefined) return new Date(now.getTime() + input.dueInMinutes * 60_000);
  const at = new Date(input.dueAt ?? '');
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) throw invalid('alerts.task_due_past', 'dueAt must be in the future.', 'dueAt');
  return at;
}

export async function createTask(ctx: AppContext, req: RequestContext, alertId: string, input: CreateTaskInput): Promise<TaskView> {
  const actor = triageScope(req);
  const now = new Date();
  const dueAt = readDueAt(input, now);
  const warnings = warningsOf(input.instructions);
  return ctx.db.transaction().execute(async (trx) => {
    const organisationId = actor.organisationId;
    const alert = await store.findAlert(trx, organisationId, alertId);
    if (!alert) throw hiddenDenial('alert');
    if (!(TASKABLE_STATES as readonly string[]).includes(alert.state))
      throw conflict('alerts.task_alert_state', `A task needs an acknowledged, verifying or verified alert; this one is ${alert.state}.`, 'state');
    const assignee = input.assignee;
    let notified: string[] = [];
    if ('organisationId' in assignee) {
      if (!(await responseStore.organisationIsActive(trx, assignee.organisationId)))
        throw invalid('alerts.task_assignee_unknown', 'assignee.organisationId is not an active organisation.', 'assignee.organisationId');
      notified = await responseStore.activeUsersWithRoles(trx, assignee.organisationId, RESPONDER_ROLES);
    } else if ('userId' in assignee) {
      const user = await responseStore.activeUserOf(trx, organisationId, assignee.userId);
      const works = user && (roleHasPermission(user.role as (typeof ROLES)[number], 'alerts.respond') || roleHasPermission(user.role as (typeof ROLES)[number], 'alerts.triage'));
      if (!works) throw invalid('alerts.task_assignee_unknown', 'assignee.userId is not an active alert officer or responder of your organisation.', 'assignee.userId');
      notified = [assignee.userId];
    }
    const id = crypto.randomUUID();
    const task = await responseStore.insertTask(trx, {
      id,
      organisation_id: organisationId,
      alert_id: alert.id,
      assignee_organisation_id: 'organisationId' in assignee ? assignee.organisationId : null,
      assignee_component: 'component' in assignee ? assignee.component : null,
      assignee_user_id: 'userId' in assignee ? assignee.userId : null,
      title: input.title,
      instructions: input.instructions ?? null,
      contact_phone_sealed: input.contactPhone === undefined ? null : await alertTasksContactPhone.seal(ctx.cipher, trx, organisationId, id, input.contactPhone),
      due_at: dueAt,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await responseStore.insertAlertEvent(trx, {
      organisationId,
      alertId: alert.id,
      state: alert.state,
      kind: 'task',
      actorUserId: actor.userId,
      occurredAt: now,
      details: { taskId: id, action: 'created', assignee: Object.keys(assignee)[0], dueAt: dueAt.toISOString() },
    });
    for (const userId of notified) await notifyUser(trx, userId, 'alert_task_assigned', { taskId: id, reference: alert.reference, dueAt: dueAt.toISOString() });
    if (input.contactPhone !== undefined) {
      const outbound = await outboundChannelOf(trx, organisationId);
      const areaName = await areaNameOf(trx, alert.area_id, outbound.language);
      await enqueueSms(ctx, trx, {
        organisationId,
        channelId: outbound.channelId,
        purpose: 'task',
        alertId: alert.id,
        taskId: id,
        recipient: input.contactPhone,
        body: taskSms({ reference: alert.reference, areaName, dueAt, language: outbound.language }),
      });
    }
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert_task.create',
      resourceType: 'alert_task',
      resourceId: id,
      requestId: req.requestId,
      details: { alertId: alert.id, assignee: Object.keys(assignee)[0], contactPhone: input.contactPhone !== undefined, notified: notified.length, warnings: warnings.length },
    });
    return presentTask({ ...task, alert_reference: alert.reference, alert_area_id: alert.area_id, alert_severity: alert.severity, alert_categories: alert.categories, alert_state: alert.state, alert_received_at: alert.received_at }, 'owner', now, warnings);
  });
}

/** The tasks of one alert of the officer's organisation. */
export async function listTasksOfAlert(ctx: AppContext, req: RequestContext, alertId: string): Promise<{ data: TaskView[] }> {
  const actor = triageScope(req);
  const alert = await store.findAlert(ctx.db, actor.organisationId, alertId);
  if (!alert) throw hiddenDenial('alert');
  const now = new Date();
  return { data: (await responseStore.listTasksOfAlert(ctx.db, actor.organisationId, alertId)).map((row) => presentTask(row, 'owner', now)) };
}

const encodeCursor = (dueAt: Date, id: string) => Buffer.from(JSON.stringify({ at: dueAt.toISOString(), id }), 'utf8').toString('base64url');

function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    const at = new Date(String(value.at));
    if (typeof value.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(value.id) || Number.isNaN(at.getTime())) throw new Error('bad cursor');
    return { dueAt: at, id: value.id };
  } catch {
    throw invalid('alerts.cursor_invalid', 'cursor is not one this list gave: start again from the first page.', 'query.cursor');
  }
}

/** Tasks my organisation gave (officers) and tasks given to it or to me (responders), soonest due first. */
export async function listTasks(ctx: AppContext, req: RequestContext, query: ListTasksQuery): Promise<{ data: TaskView[]; nextCursor: string | null }> {
  const actor = signedIn(req, 'alert_task');
  const triage = canTriage(actor);
  const respond = canRespond(actor);
  if (!triage && !respond) throw hiddenDenial('alert_task');
  const rows = await responseStore.listTasks(ctx.db, {
    ownerOrganisationId: triage && query.mine !== true ? actor.organisationId : null,
    assigneeOrganisationId: respond ? actor.organisationId : null,
    assigneeUserId: actor.userId,
    status: query.status,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const now = new Date();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.flatMap((row) => {
      const viewer = viewerOf(actor, row);
      return viewer === null ? [] : [presentTask(row, viewer, now)];
    }),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.due_at, last.id) : null,
  };
}

export async function updateTask(ctx: AppContext, req: RequestContext, taskId: string, input: UpdateTaskInput): Promise<TaskView> {
  const actor = signedIn(req, 'alert_task');
  const now = new Date();
  const warnings = warningsOf(input.outcomeNote);
  return ctx.db.transaction().execute(async (trx) => {
    const task = await responseStore.findTaskFor(trx, actor.organisationId, taskId);
    const viewer = task ? viewerOf(actor, task) : null;
    if (!task || viewer === null) throw hiddenDenial('alert_task');
    if (input.version !== task.version) throw conflict('alerts.task_version', 'version is not the latest: someone changed this task; reload it.', 'version');
    const changes: Parameters<typeof responseStore.updateTask>[3] = {};
    const to = input.status as TaskStatus | undefined;
    if (to !== undefined && to !== task.status) {
      if (!canMoveTask(task.status as TaskStatus, to)) throw conflict('alerts.task_status_move', `status cannot go from ${task.status} to ${to}.`, 'status');
      if (to === 'cancelled' && viewer !== 'owner') throw forbidden('alerts.task_cancel_owner_only', 'status: only the organisation that gave the task can cancel it.');
      changes.status = to;
      if (to === 'done') {
        changes.outcome = input.outcome!;
        changes.completed_at = now;
      }
    }
    if (input.outcome !== undefined && changes.status !== 'done') throw invalid('alerts.task_outcome_without_done', 'outcome is given only with status done.', 'outcome');
    if (input.outcomeNote !== undefined) changes.outcome_note = input.outcomeNote;
    if (input.dueAt !== undefined) {
      if (viewer !== 'owner') throw forbidden('alerts.task_due_owner_only', 'dueAt: only the organisation that gave the task can move its due time.');
      changes.due_at = readDueAt({ dueAt: input.dueAt }, now);
      // A new due time is a new deadline: the overdue notice may be sent again.
      changes.escalated_at = null;
    }
    const updated = await responseStore.updateTask(trx, task.id, input.version, changes);
    if (!updated) throw conflict('alerts.task_version', 'version is not the latest: someone changed this task; reload it.', 'version');
    if (changes.status !== undefined) {
      const responded = changes.status === 'done' && (await responseStore.markAlertResponded(trx, task.organisation_id, task.alert_id, now));
      await responseStore.insertAlertEvent(trx, {
        organisationId: task.organisation_id,
        alertId: task.alert_id,
        state: task.alert_state,
        kind: 'task',
        actorUserId: actor.userId,
        occurredAt: now,
        details: { taskId: task.id, action: 'status', status: changes.status, ...(changes.outcome ? { outcome: changes.outcome } : {}), ...(responded ? { responded: true } : {}) },
      });
    }
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'alert_task.update',
      resourceType: 'alert_task',
      resourceId: task.id,
      requestId: req.requestId,
      details: { ownerOrganisationId: task.organisation_id, viewer, fields: Object.keys(input).filter((k) => k !== 'version'), status: changes.status ?? null, warnings: warnings.length },
    });
    return presentTask({ ...task, ...updated }, viewer, now, warnings);
  });
}
