/**
 * Escalation (issue 4 part 4): every minute, job 'alerts.escalate' finds open alerts with a
 * stage late past its organisation's target (core/alerts/response escalationDue) and raises
 * their escalation level: an 'escalated' event, an in-app notice to every alert officer of the
 * organisation, and an SMS through the outbox to each on-call number. Tasks past their due
 * time get one overdue notice. Each alert or task is handled in its own transaction with a
 * conditional update, so a second run, or two workers at once, notify once.
 */
import { DEFAULT_TARGETS, escalationDue, escalationSms, targetSeverity, type ResponseTargets } from '../../../core/alerts/response';
import { ROLES, roleHasPermission } from '../../../core/auth/roles';
import type { AppContext } from '../../platform/context';
import { recordAudit } from '../../platform/audit/record';
import { enqueueJob } from '../../platform/jobs/queue';
import { registerJobHandler } from '../../platform/jobs/worker';
import { notifyUser } from '../notifications/service';
import { enqueueSms } from './outbox';
import * as responseStore from './response-store';
import { onCallPhonesOf } from './response-settings';
import { areaNameOf, outboundChannelOf, RESPONDER_ROLES } from './tasks';

export const ESCALATION_QUEUE = 'alerts.escalate';
/** How often the escalation job runs. */
export const ESCALATION_INTERVAL_MS = 60_000;
/** Alerts and tasks one run handles; the rest wait for the next minute. */
const BATCH = 500;

const OFFICER_ROLES = ROLES.filter((role) => roleHasPermission(role, 'alerts.triage'));

export interface EscalationRun {
  alertsEscalated: number;
  tasksOverdue: number;
}

async function escalateAlert(ctx: AppContext, candidate: responseStore.EscalationCandidate, now: Date): Promise<boolean> {
  const severity = targetSeverity(candidate.severity);
  const targets: ResponseTargets = {
    ...DEFAULT_TARGETS,
    [severity]: { acknowledge: candidate.acknowledge_minutes, verify: candidate.verify_minutes, respond: candidate.respond_minutes },
  };
  const due = escalationDue(
    {
      state: candidate.state,
      severity: candidate.severity,
      receivedAt: candidate.received_at,
      acknowledgedAt: candidate.acknowledged_at,
      verifiedAt: candidate.verified_at,
      respondedAt: candidate.responded_at,
      escalationLevel: candidate.escalation_level,
    },
    targets,
    now,
  );
  if (!due) return false;
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await responseStore.raiseEscalation(trx, candidate.id, due.level, now))) return false;
    const organisationId = candidate.organisation_id;
    await responseStore.insertAlertEvent(trx, {
      organisationId,
      alertId: candidate.id,
      state: candidate.state,
      kind: 'escalated',
      actorUserId: null,
      occurredAt: now,
      details: { stage: due.stage, level: due.level },
    });
    const officers = await responseStore.activeUsersWithRoles(trx, organisationId, OFFICER_ROLES);
    for (const userId of officers)
      await notifyUser(trx, userId, 'alert_escalated', { alertId: candidate.id, reference: candidate.reference, stage: due.stage, level: due.level });
    const phones = await onCallPhonesOf(ctx, trx, await responseStore.findSettings(trx, organisationId));
    if (phones.length > 0) {
      const outbound = await outboundChannelOf(trx, organisationId);
      const body = escalationSms({ reference: candidate.reference, areaName: await areaNameOf(trx, candidate.area_id, outbound.language), stage: due.stage, level: due.level, language: outbound.language });
      for (const phone of phones)
        await enqueueSms(ctx, trx, { organisationId, channelId: outbound.channelId, purpose: 'escalation', alertId: candidate.id, taskId: null, recipient: phone, body });
    }
    await recordAudit(trx, {
      action: 'alert.escalate',
      resourceType: 'alert',
      resourceId: candidate.id,
      organisationId,
      details: { stage: due.stage, level: due.level, notified: officers.length, sms: phones.length },
    });
    return true;
  });
}

async function flagOverdueTask(ctx: AppContext, task: responseStore.TaskWithAlert, now: Date): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await responseStore.markTaskEscalated(trx, task.id, now))) return false;
    const told = new Set<string>();
    if (task.assignee_organisation_id !== null) for (const id of await responseStore.activeUsersWithRoles(trx, task.assignee_organisation_id, RESPONDER_ROLES)) told.add(id);
    if (task.assignee_user_id !== null) told.add(task.assignee_user_id);
    if (task.created_by !== null) told.add(task.created_by);
    for (const userId of told) await notifyUser(trx, userId, 'alert_task_overdue', { taskId: task.id, reference: task.alert_reference, dueAt: task.due_at.toISOString() });
    await recordAudit(trx, {
      action: 'alert_task.overdue',
      resourceType: 'alert_task',
      resourceId: task.id,
      organisationId: task.organisation_id,
      details: { notified: told.size },
    });
    return true;
  });
}

/** One escalation pass at `now` (the job's body; tests call it with a chosen clock). */
export async function runEscalation(ctx: AppContext, now: Date = new Date()): Promise<EscalationRun> {
  let alertsEscalated = 0;
  for (const candidate of await responseStore.escalationCandidates(ctx.db, now, BATCH)) if (await escalateAlert(ctx, candidate, now)) alertsEscalated += 1;
  let tasksOverdue = 0;
  for (const task of await responseStore.overdueTasks(ctx.db, now, BATCH)) if (await flagOverdueTask(ctx, task, now)) tasksOverdue += 1;
  return { alertsEscalated, tasksOverdue };
}

/**
 * Queues the escalation pass of the minute `at` falls in. The unique key names the minute, so
 * a pass re-queueing the next one never collides with itself (its own key is still running),
 * and two chains (two processes started) merge into one at the next minute.
 */
export async function scheduleEscalation(ctx: AppContext, at: Date = new Date()): Promise<void> {
  const minute = Math.floor(at.getTime() / ESCALATION_INTERVAL_MS);
  await enqueueJob(ctx.db, ESCALATION_QUEUE, {}, { runAt: new Date(minute * ESCALATION_INTERVAL_MS), uniqueKey: `${ESCALATION_QUEUE}:${minute}`, maxAttempts: 1 });
}

registerJobHandler(ESCALATION_QUEUE, async (ctx) => {
  try {
    await runEscalation(ctx);
  } finally {
    // Whatever this pass met, the next one comes a minute later.
    await scheduleEscalation(ctx, new Date(Date.now() + ESCALATION_INTERVAL_MS));
  }
});
