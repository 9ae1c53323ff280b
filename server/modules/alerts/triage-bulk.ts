/**
 * Bulk triage (issue 4 part 3: an election day brings thousands of alerts). One action over up
 * to 1000 alerts, in one transaction: every alert that can take it is changed, the others are
 * reported and left alone (unknown or another organisation's: alerts.not_found, the same answer
 * for both; locked by someone else: alerts.locked; changed since the version the officer saw,
 * when the request gives versions: alerts.version_conflict, also listed in `conflicts`; a state
 * that does not allow it: alerts.transition_not_allowed). Set-based: one SELECT FOR UPDATE, one
 * UPDATE ... FROM unnest, one INSERT of events and one of audit rows (one per changed alert,
 * AUD-1), whatever the number of alerts.
 */
import { canMerge, canTransition, lockBlocks, transitionEffects } from '../../../core/alerts/triage';
import { invalid } from '../../../core/errors';
import type { BulkAlertInput, BulkAlertResult } from '../../../core/schemas/alert-triage';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { checkAssignee, checkDismissReason, checkMergeTarget, clocksOf, lockOf, transitionRefusal, triageActor } from './triage';
import * as triageStore from './triage-store';

type Result = BulkAlertResult['results'][number];
type Change = { values: triageStore.BulkAlertValues; event: Omit<triageStore.TriageEvent, 'organisationId' | 'alertId' | 'fromState' | 'actorUserId' | 'occurredAt'> };

const valuesOf = (row: triageStore.TriageRow): triageStore.BulkAlertValues => ({
  id: row.id,
  state: row.state,
  severity: row.severity,
  assignedUserId: row.assigned_user_id,
  assignedTeam: row.assigned_team,
  mergedIntoId: row.merged_into_id,
  acknowledgedAt: row.acknowledged_at,
  verifiedAt: row.verified_at,
  closedAt: row.closed_at,
});

const skipped = (id: string, code: string, message: string): Result => ({ id, ok: false, code, message });

/** What the action does to one alert the actor may write: a change, a refusal, or nothing to do. */
function planChange(row: triageStore.TriageRow, action: BulkAlertInput['action'], now: Date): Change | Result | 'unchanged' {
  const values = valuesOf(row);
  switch (action.kind) {
    case 'transition': {
      if (!canTransition(row.state, action.to)) return skipped(row.id, 'alerts.transition_not_allowed', transitionRefusal(row.state, action.to));
      const clocks = transitionEffects(row.state, action.to, now, clocksOf(row));
      const details = action.reason === undefined ? {} : { reason: action.reason };
      return { values: { ...values, ...clocks, state: action.to }, event: { kind: 'state', toState: action.to, details } };
    }
    case 'severity':
      if (row.severity === action.severity) return 'unchanged';
      return { values: { ...values, severity: action.severity }, event: { kind: 'severity', toState: row.state, details: { from: row.severity, to: action.severity } } };
    case 'assign': {
      const userId = action.assignedUserId === undefined ? row.assigned_user_id : action.assignedUserId;
      const team = action.assignedTeam === undefined ? row.assigned_team : action.assignedTeam;
      if (userId === row.assigned_user_id && team === row.assigned_team) return 'unchanged';
      const details = { userId, team, previousUserId: row.assigned_user_id, previousTeam: row.assigned_team };
      return { values: { ...values, assignedUserId: userId, assignedTeam: team }, event: { kind: 'assigned', toState: row.state, details } };
    }
    case 'merge': {
      if (row.id === action.intoId.toLowerCase()) return skipped(row.id, 'alerts.merge_into_self', 'An alert cannot be merged into itself.');
      if (!canMerge(row.state)) return skipped(row.id, 'alerts.already_merged', 'Already merged into another alert; unmerge it first.');
      const clocks = transitionEffects(row.state, 'duplicate', now, clocksOf(row));
      return { values: { ...values, ...clocks, state: 'duplicate', mergedIntoId: action.intoId.toLowerCase() }, event: { kind: 'merged', toState: 'duplicate', details: { intoId: action.intoId.toLowerCase() } } };
    }
  }
}

/** Applies one action to many alerts; answers per alert, in the order asked. */
export async function bulkTriage(ctx: AppContext, req: RequestContext, input: BulkAlertInput): Promise<BulkAlertResult> {
  const actor = triageActor(req);
  const { action } = input;
  const ids = input.ids.map((id) => id.toLowerCase());
  const versions = new Map(Object.entries(input.versions ?? {}).map(([id, version]) => [id.toLowerCase(), version]));
  if (action.kind === 'transition') checkDismissReason(action.to, action.reason, 'action.reason');
  if (action.kind === 'assign' && action.assignedUserId === undefined && action.assignedTeam === undefined)
    throw invalid('alerts.nothing_to_change', 'Give assignedUserId, assignedTeam or both (null unassigns).', 'action');
  const now = new Date();
  return ctx.db.transaction().execute(async (trx) => {
    if (action.kind === 'assign' && action.assignedUserId) await checkAssignee(trx, actor.organisationId, action.assignedUserId, 'action.assignedUserId');
    const intoId = action.kind === 'merge' ? action.intoId.toLowerCase() : null;
    const rows = await triageStore.findAlertsForUpdate(trx, actor.organisationId, intoId === null ? ids : [...ids, intoId]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const target = intoId === null ? null : checkMergeTarget(byId.get(intoId), 'action.intoId');

    const results: Result[] = [];
    const conflicts: string[] = [];
    const changes: { row: triageStore.TriageRow; change: Change }[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) {
        results.push(skipped(id, 'alerts.not_found', 'No alert with that id is visible to you.'));
        continue;
      }
      if (lockBlocks(lockOf(row), actor.userId, now)) {
        results.push(skipped(id, 'alerts.locked', `Another officer is working on this alert until ${row.locked_until!.toISOString()}.`));
        continue;
      }
      // The rows are held FOR UPDATE: the version read here is the one the UPDATE replaces.
      const seen = versions.get(id);
      if (seen !== undefined && seen !== row.version) {
        conflicts.push(id);
        results.push({ ...skipped(id, 'alerts.version_conflict', `Changed since you saw it (version ${seen}, now ${row.version}); reload it and decide again.`), version: row.version });
        continue;
      }
      const planned = planChange(row, action, now);
      if (planned === 'unchanged') results.push({ id, ok: true, code: 'alerts.unchanged' });
      else if ('values' in planned) {
        changes.push({ row, change: planned });
        results.push({ id, ok: true });
      } else results.push(planned);
    }

    await triageStore.updateAlertsInBulk(trx, actor.organisationId, changes.map((c) => c.change.values), now);
    const events: triageStore.TriageEvent[] = changes.map(({ row, change }) => ({
      ...change.event,
      organisationId: row.organisation_id,
      alertId: row.id,
      fromState: row.state,
      actorUserId: actor.userId,
      occurredAt: now,
    }));
    const mergedIds = changes.map((c) => c.row.id);
    if (target && mergedIds.length > 0)
      events.push({ organisationId: target.organisation_id, alertId: target.id, kind: 'merged', fromState: target.state, toState: target.state, actorUserId: actor.userId, occurredAt: now, details: { mergedIds } });
    await triageStore.insertTriageEvents(trx, events);

    const audited: { id: string; details: Record<string, unknown> }[] = changes.map(({ row, change }) => ({ id: row.id, details: { kind: action.kind, from: row.state, to: change.values.state, ...auditDetails(action) } }));
    if (target && mergedIds.length > 0) audited.push({ id: target.id, details: { kind: 'merge', from: target.state, to: target.state, mergedCount: mergedIds.length } });
    await recordAudit(
      trx,
      ...audited.map((a) => ({ ...auditActor(actor), action: 'alert.bulk', resourceType: 'alert', resourceId: a.id, requestId: req.requestId, details: a.details })),
    );
    return { updated: changes.length, results, conflicts };
  });
}

/** The action's particulars for the audit row: codes and ids only, never a team's label. */
function auditDetails(action: BulkAlertInput['action']): Record<string, unknown> {
  switch (action.kind) {
    case 'transition':
      return action.reason === undefined ? {} : { reason: action.reason };
    case 'severity':
      return { severity: action.severity };
    case 'assign':
      return action.assignedUserId === undefined ? {} : { assignedUserId: action.assignedUserId };
    case 'merge':
      return { intoId: action.intoId.toLowerCase() };
  }
}
