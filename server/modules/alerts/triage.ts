/**
 * Triage of community alerts (issue 4 part 3) by alert officers (alerts.triage, own
 * organisation; another organisation's alert answers 404, AUTHZ-1): state changes, severity,
 * assignment, manual locating, the edit lock, merging duplicates, and bulk actions.
 *
 * Every write runs in one transaction: the alert read FOR UPDATE, someone else's live lock
 * refused (409 alerts.locked), the version checked (409 naming version), the row written with
 * version + 1, an alert_events row per changed aspect, and an audit row without identifying
 * values (AUD-1). The lock itself changes no version: renewing it never outdates a page.
 */
import { canMerge, canTransition, lockBlocks, lockExpiry, transitionEffects, type AlertClocks } from '../../../core/alerts/triage';
import { roleHasPermission, ROLES } from '../../../core/auth/roles';
import { conflict, hiddenDenial, invalid, type DomainError } from '../../../core/errors';
import type { AlertSummary } from '../../../core/schemas/alerts';
import type { AlertAssigneeList, AlertLockView, MergeAlertInput, TransitionAlertInput, UnmergeAlertInput, UpdateAlertInput } from '../../../core/schemas/alert-triage';
import type { Executor } from '../../db/database';
import { auditActor, type UserActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { canTriageAlerts } from './policy';
import { presentAlertSummary } from './present';
import * as store from './store';
import * as triageStore from './triage-store';

type AlertRow = store.AlertRow;

/** Roles whose holders triage alerts: the only ones an alert may be assigned to. */
export const TRIAGE_ROLES = ROLES.filter((role) => roleHasPermission(role, 'alerts.triage'));

export function triageActor(req: RequestContext): UserActor {
  const actor = req.actor;
  if (!canTriageAlerts(actor) || actor.kind !== 'user') throw hiddenDenial('alert');
  return actor;
}

export const clocksOf = (row: triageStore.TriageRow): AlertClocks => ({ acknowledgedAt: row.acknowledged_at, verifiedAt: row.verified_at, closedAt: row.closed_at });
export const lockOf = (row: triageStore.TriageRow) => ({ lockedBy: row.locked_by, lockedUntil: row.locked_until });

/** 409 alerts.locked: someone else holds a live edit lock; the details say who and until when, for the page. */
export async function lockedError(ex: Executor, row: triageStore.TriageRow): Promise<DomainError> {
  const userId = row.locked_by!;
  const until = row.locked_until!.toISOString();
  const name = (await triageStore.findUserName(ex, row.organisation_id, userId)) ?? 'Another officer';
  return conflict('alerts.locked', `${name} is working on this alert until ${until}; wait for the lock to end or ask them to release it.`, undefined, { userId, until });
}

const versionConflict = (row: AlertRow) =>
  conflict('alerts.version_conflict', `Someone changed this alert since you opened it (it is now at version ${row.version}); reload it and apply your change again.`, 'version');

/** The alert a single write is about: 404 if not the actor's organisation's, 409 if locked by someone else or at another version. */
async function loadForWrite(trx: Executor, actor: UserActor, id: string, version: number, now: Date): Promise<AlertRow> {
  const row = await triageStore.findAlertForUpdate(trx, actor.organisationId, id);
  if (!row) throw hiddenDenial('alert');
  if (lockBlocks(lockOf(row), actor.userId, now)) throw await lockedError(trx, row);
  if (row.version !== version) throw versionConflict(row);
  return row;
}

async function write(trx: Executor, row: AlertRow, changes: triageStore.TriageChanges, now: Date): Promise<AlertRow> {
  const updated = await triageStore.updateAlertAtVersion(trx, row.organisation_id, row.id, row.version, changes, now);
  if (!updated) throw versionConflict(row);
  return updated;
}

function audit(trx: Executor, actor: UserActor, req: RequestContext, action: string, alertId: string, details: Record<string, unknown>) {
  return recordAudit(trx, { ...auditActor(actor), action, resourceType: 'alert', resourceId: alertId, requestId: req.requestId, details });
}

const event = (actor: UserActor, row: triageStore.TriageRow, now: Date, kind: triageStore.TriageEvent['kind'], details: Record<string, unknown>, toState = row.state): triageStore.TriageEvent => ({
  organisationId: row.organisation_id,
  alertId: row.id,
  kind,
  fromState: row.state,
  toState,
  actorUserId: actor.userId,
  occurredAt: now,
  details,
});

/** Dismissing needs a reason code; no other change takes one. `field` is where the reason sits in the body. */
export function checkDismissReason(to: string, reason: string | undefined, field: string): void {
  if (to === 'dismissed' && reason === undefined)
    throw invalid('alerts.reason_required', `${field} is required to dismiss an alert: not_credible, out_of_scope, insufficient_information, test_or_error or other.`, field);
  if (to !== 'dismissed' && reason !== undefined) throw invalid('alerts.reason_not_allowed', `${field} is given only when dismissing an alert.`, field);
}

export const transitionRefusal = (from: string, to: string) => `An alert that is ${from} cannot become ${to}${to === 'duplicate' ? ' (merge it into another alert instead)' : ''}.`;

/** The new state of an alert, with the clocks it stops (core/alerts/triage transitionEffects). */
export async function transitionAlert(ctx: AppContext, req: RequestContext, id: string, input: TransitionAlertInput): Promise<AlertSummary> {
  const actor = triageActor(req);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, actor, id, input.version, now);
    if (!canTransition(row.state, input.to)) throw conflict('alerts.transition_not_allowed', transitionRefusal(row.state, input.to), 'to');
    checkDismissReason(input.to, input.reason, 'reason');
    const clocks = transitionEffects(row.state, input.to, now, clocksOf(row));
    const updated = await write(trx, row, { state: input.to, acknowledged_at: clocks.acknowledgedAt, verified_at: clocks.verifiedAt, closed_at: clocks.closedAt }, now);
    const reason = input.reason === undefined ? {} : { reason: input.reason };
    await triageStore.insertTriageEvents(trx, [event(actor, row, now, 'state', reason, input.to)]);
    await audit(trx, actor, req, 'alert.transition', row.id, { from: row.state, to: input.to, ...reason });
    return presentAlertSummary(updated, now);
  });
}

/** 400 naming `field` unless `userId` is an active colleague who triages alerts. */
export async function checkAssignee(trx: Executor, organisationId: string, userId: string, field: string): Promise<void> {
  if (!(await triageStore.findActiveUserWithRoles(trx, organisationId, userId, TRIAGE_ROLES)))
    throw invalid('alerts.assignee_invalid', `${field} must be an active colleague who triages alerts (see GET /api/alerts/assignees).`, field);
}

/** Severity, assignment and manual locating; one event per aspect that changed. */
export async function updateAlert(ctx: AppContext, req: RequestContext, id: string, input: UpdateAlertInput): Promise<AlertSummary> {
  const actor = triageActor(req);
  const { severity, assignedUserId, assignedTeam, areaId } = input;
  if (severity === undefined && assignedUserId === undefined && assignedTeam === undefined && areaId === undefined)
    throw invalid('alerts.nothing_to_change', 'Give at least one of severity, assignedUserId, assignedTeam or areaId.', 'body');
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, actor, id, input.version, now);
    const changes: triageStore.TriageChanges = {};
    const events: triageStore.TriageEvent[] = [];
    if (severity !== undefined && severity !== row.severity) {
      changes.severity = severity;
      events.push(event(actor, row, now, 'severity', { from: row.severity, to: severity }));
    }
    const userId = assignedUserId === undefined ? row.assigned_user_id : assignedUserId;
    const team = assignedTeam === undefined ? row.assigned_team : assignedTeam;
    if (userId !== row.assigned_user_id || team !== row.assigned_team) {
      if (userId !== null && userId !== row.assigned_user_id) await checkAssignee(trx, actor.organisationId, userId, 'assignedUserId');
      Object.assign(changes, { assigned_user_id: userId, assigned_team: team });
      events.push(event(actor, row, now, 'assigned', { userId, team, previousUserId: row.assigned_user_id, previousTeam: row.assigned_team }));
    }
    if (areaId !== undefined && (areaId !== row.area_id || row.area_source !== 'manual')) {
      if (!(await store.areaExists(trx, areaId))) throw invalid('alerts.area_unknown', 'areaId is not a known area.', 'areaId');
      Object.assign(changes, { area_id: areaId, area_source: 'manual' });
      events.push(event(actor, row, now, 'located', { areaId, previousAreaId: row.area_id, source: 'manual' }));
    }
    if (events.length === 0) return presentAlertSummary(row, now);
    const updated = await write(trx, row, changes, now);
    await triageStore.insertTriageEvents(trx, events);
    await audit(trx, actor, req, 'alert.update', row.id, {
      changed: events.map((e) => e.kind),
      ...(changes.severity ? { severity: changes.severity } : {}),
      ...('assigned_user_id' in changes ? { assignedUserId: userId } : {}),
      ...('area_id' in changes ? { areaId } : {}),
    });
    return presentAlertSummary(updated, now);
  });
}

/** The alert an alert is merged into: the same organisation's, and no duplicate itself (400 naming `field`). */
export function checkMergeTarget(target: triageStore.TriageRow | undefined, field: string): triageStore.TriageRow {
  if (!target) throw invalid('alerts.merge_target_not_found', `${field} is not an alert of your organisation.`, field);
  if (target.state === 'duplicate') throw invalid('alerts.merge_target_duplicate', `${field} is itself merged into another alert; merge into that one.`, field);
  return target;
}

/** Marks `id` a duplicate of `intoId`; a 'merged' event on both. */
export async function mergeAlert(ctx: AppContext, req: RequestContext, id: string, input: MergeAlertInput): Promise<AlertSummary> {
  const actor = triageActor(req);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    // Both rows locked in id order, so merges of A into B and B into A cannot deadlock.
    const rows = await triageStore.findAlertsForUpdate(trx, actor.organisationId, [id, input.intoId]);
    const row = await loadForWrite(trx, actor, id, input.version, now);
    if (row.id === input.intoId.toLowerCase()) throw invalid('alerts.merge_into_self', 'intoId must be another alert than the one merged.', 'intoId');
    const target = checkMergeTarget(rows.find((r) => r.id === input.intoId.toLowerCase()), 'intoId');
    if (!canMerge(row.state)) throw conflict('alerts.already_merged', 'This alert is already merged into another; unmerge it first.');
    const clocks = transitionEffects(row.state, 'duplicate', now, clocksOf(row));
    const updated = await write(trx, row, { state: 'duplicate', merged_into_id: target.id, acknowledged_at: clocks.acknowledgedAt, verified_at: clocks.verifiedAt, closed_at: clocks.closedAt }, now);
    await triageStore.insertTriageEvents(trx, [
      event(actor, row, now, 'merged', { intoId: target.id }, 'duplicate'),
      event(actor, target, now, 'merged', { mergedIds: [row.id] }),
    ]);
    await audit(trx, actor, req, 'alert.merge', row.id, { from: row.state, intoId: target.id });
    await audit(trx, actor, req, 'alert.merge', target.id, { mergedIds: [row.id] });
    return presentAlertSummary(updated, now);
  });
}

/** A duplicate back to new, on its own again. */
export async function unmergeAlert(ctx: AppContext, req: RequestContext, id: string, input: UnmergeAlertInput): Promise<AlertSummary> {
  const actor = triageActor(req);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, actor, id, input.version, now);
    if (row.state !== 'duplicate' || row.merged_into_id === null) throw conflict('alerts.not_merged', 'Only an alert merged into another (a duplicate) can be unmerged.');
    const formerTarget = await store.findAlert(trx, actor.organisationId, row.merged_into_id);
    const clocks = transitionEffects('duplicate', 'new', now, clocksOf(row));
    const updated = await write(trx, row, { state: 'new', merged_into_id: null, acknowledged_at: clocks.acknowledgedAt, verified_at: clocks.verifiedAt, closed_at: clocks.closedAt }, now);
    const events = [event(actor, row, now, 'merged', { unmergedFromId: row.merged_into_id }, 'new')];
    if (formerTarget) events.push(event(actor, formerTarget, now, 'merged', { unmergedIds: [row.id] }));
    await triageStore.insertTriageEvents(trx, events);
    await audit(trx, actor, req, 'alert.unmerge', row.id, { fromId: row.merged_into_id });
    return presentAlertSummary(updated, now);
  });
}

/** Takes or renews the edit lock for LOCK_MINUTES; 409 while someone else holds a live one. */
export async function lockAlert(ctx: AppContext, req: RequestContext, id: string): Promise<AlertLockView> {
  const actor = triageActor(req);
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await triageStore.takeLock(trx, actor.organisationId, id, actor.userId, now, lockExpiry(now));
    if (!locked) {
      const row = await store.findAlert(trx, actor.organisationId, id);
      if (!row) throw hiddenDenial('alert');
      throw await lockedError(trx, row);
    }
    const until = locked.locked_until!.toISOString();
    await audit(trx, actor, req, 'alert.lock', locked.id, { until });
    return { lock: { userId: actor.userId, until } };
  });
}

/** Releases one's own lock (nothing to do if none); 409 while someone else holds a live one. */
export async function unlockAlert(ctx: AppContext, req: RequestContext, id: string): Promise<void> {
  const actor = triageActor(req);
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    if (await triageStore.releaseLock(trx, actor.organisationId, id, actor.userId)) {
      await audit(trx, actor, req, 'alert.unlock', id, {});
      return;
    }
    const row = await store.findAlert(trx, actor.organisationId, id);
    if (!row) throw hiddenDenial('alert');
    if (lockBlocks(lockOf(row), actor.userId, now)) throw await lockedError(trx, row);
  });
}

/** Colleagues an alert may be assigned to: active users of the organisation who triage alerts. */
export async function listAssignees(ctx: AppContext, req: RequestContext): Promise<AlertAssigneeList> {
  const actor = triageActor(req);
  const rows = await triageStore.listActiveUsersWithRoles(ctx.db, actor.organisationId, TRIAGE_ROLES);
  return { data: rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role as AlertAssigneeList['data'][number]['role'] })) };
}
