/** Escalation of late alerts and overdue tasks (issue 4 part 4): levels, notices, on-call SMS, idempotence. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../../core/schemas/alert-response';
import { runDueJobs } from '../../platform/jobs/worker';
import { smsOutboxBody } from '../../platform/crypto/columns';
import { signInNew } from '../../test/authz/helpers';
import { buildAlertChannel } from '../../test/factories-alerts';
import { buildResponseAlert } from '../../test/factories-alert-response';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';
import { runEscalation, scheduleEscalation } from './escalation';

let t: TestApp;
let org: string;
let partnerOrg: string;
let officer: SignedInUser;
let supervisor: SignedInUser;
let partner: SignedInUser;
let worker: SignedInUser;

const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestApp({ WEFT_SMS_TRANSPORT: 'recording' });
  org = (await buildOrganisation(t.ctx)).id;
  partnerOrg = (await buildOrganisation(t.ctx)).id;
  officer = await signInNew(t.app, t.ctx, 'coordinator', org);
  supervisor = await signInNew(t.app, t.ctx, 'supervisor', org);
  worker = await signInNew(t.app, t.ctx, 'case_worker', org);
  partner = await signInNew(t.app, t.ctx, 'coordinator', partnerOrg);
  const smssync = await buildAlertChannel(t.ctx, org, 'smssync');
  const res = await t.app.inject({ method: 'PUT', url: '/api/alerts/response-settings', headers: officer.headers, payload: { outboundChannelId: smssync.id, onCallPhones: ['+15550100181', '+15550100182'] } });
  expect(res.statusCode, res.body).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

const notices = (userId: string, kind: string) => t.ownerDb.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', kind).execute();
const alertRow = (id: string) => t.ownerDb.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('escalation of late alerts', () => {
  it('raises the level once per late stage, tells every officer and the on-call numbers, and is idempotent', async () => {
    const receivedAt = new Date(Date.now() - 20 * MINUTE);
    const alert = await buildResponseAlert(t.ctx, t.ownerDb, org, { state: 'new', severity: 'critical', receivedAt, acknowledgedAt: null });
    const onTime = await buildResponseAlert(t.ctx, t.ownerDb, org, { state: 'new', severity: 'low', receivedAt });
    const closed = await buildResponseAlert(t.ctx, t.ownerDb, org, { state: 'closed', severity: 'critical', receivedAt: new Date(Date.now() - 600 * MINUTE) });

    const now = new Date();
    const first = await runEscalation(t.ctx, now);
    expect(first.alertsEscalated).toBeGreaterThanOrEqual(1);
    expect(await alertRow(alert.id)).toMatchObject({ escalation_level: 1 });
    expect((await alertRow(onTime.id)).escalation_level).toBe(0);
    expect((await alertRow(closed.id)).escalation_level).toBe(0);
    const events = await t.ownerDb.selectFrom('alert_events').selectAll().where('alert_id', '=', alert.id).where('kind', '=', 'escalated').execute();
    expect(events.map((e) => e.details)).toEqual([{ stage: 'acknowledge', level: 1 }]);
    for (const user of [officer, supervisor]) expect((await notices(user.id, 'alert_escalated')).filter((n) => (n.data as { alertId: string }).alertId === alert.id)).toHaveLength(1);
    expect(await notices(worker.id, 'alert_escalated')).toHaveLength(0);
    const sms = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('alert_id', '=', alert.id).where('purpose', '=', 'escalation').execute();
    expect(sms).toHaveLength(2);
    const body = await smsOutboxBody.open(t.ctx.cipher, t.ownerDb, org, sms[0]!.id, sms[0]!.body_sealed);
    expect(body).toBe(`Weft: alert ${alert.reference} (area -) is overdue for acknowledgement. Escalation level 1.`);

    // The same lateness again, and a second worker at once: nothing more.
    await Promise.all([runEscalation(t.ctx, now), runEscalation(t.ctx, new Date(now.getTime() + MINUTE))]);
    expect((await alertRow(alert.id)).escalation_level).toBe(1);
    expect((await notices(officer.id, 'alert_escalated')).filter((n) => (n.data as { alertId: string }).alertId === alert.id)).toHaveLength(1);
    expect(await t.ownerDb.selectFrom('sms_outbox').select('id').where('alert_id', '=', alert.id).execute()).toHaveLength(2);

    // An hour on, the verify clock is late too: level 2.
    await runEscalation(t.ctx, new Date(now.getTime() + 45 * MINUTE));
    expect(await alertRow(alert.id)).toMatchObject({ escalation_level: 2 });
    const later = await t.ownerDb.selectFrom('alert_events').select('details').where('alert_id', '=', alert.id).where('kind', '=', 'escalated').orderBy('occurred_at').execute();
    expect(later.map((e) => e.details)).toEqual([{ stage: 'acknowledge', level: 1 }, { stage: 'verify', level: 2 }]);
  });

  it('follows the organisation’s own targets', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/alerts/response-targets', headers: officer.headers, payload: { targets: { low: { acknowledgeMinutes: 5, verifyMinutes: 10, respondMinutes: 20 } } } });
    expect(put.statusCode, put.body).toBe(200);
    const alert = await buildResponseAlert(t.ctx, t.ownerDb, org, { state: 'new', severity: 'low', receivedAt: new Date(Date.now() - 6 * MINUTE), acknowledgedAt: null });
    await runEscalation(t.ctx, new Date());
    expect((await alertRow(alert.id)).escalation_level).toBe(1);
  });
});

describe('overdue tasks', () => {
  it('tells the assignee’s responders and the officer who gave it, once', async () => {
    const alert = await buildResponseAlert(t.ctx, t.ownerDb, org, { severity: 'low' });
    const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: officer.headers, payload: { title: 'Patrol', dueInMinutes: 5, assignee: { organisationId: partnerOrg } } });
    const task = res.json() as TaskView;
    await runEscalation(t.ctx, new Date(Date.now() + 2 * MINUTE));
    expect((await t.ownerDb.selectFrom('alert_tasks').select('escalated_at').where('id', '=', task.id).executeTakeFirstOrThrow()).escalated_at).toBeNull();
    const later = new Date(Date.now() + 10 * MINUTE);
    await runEscalation(t.ctx, later);
    await runEscalation(t.ctx, new Date(later.getTime() + MINUTE));
    for (const user of [partner, officer]) expect((await notices(user.id, 'alert_task_overdue')).filter((n) => (n.data as { taskId: string }).taskId === task.id)).toHaveLength(1);
    expect((await t.ownerDb.selectFrom('alert_tasks').select('escalated_at').where('id', '=', task.id).executeTakeFirstOrThrow()).escalated_at).not.toBeNull();
    const overdue = await t.app.inject({ method: 'GET', url: '/api/alerts/tasks?mine=true', headers: partner.headers });
    expect(overdue.statusCode).toBe(200);
  });
});

describe('the escalation job', () => {
  it('runs through the job queue and queues the next pass a minute later', async () => {
    await scheduleEscalation(t.ctx);
    await scheduleEscalation(t.ctx);
    const queued = await t.ownerDb.selectFrom('jobs').selectAll().where('queue', '=', 'alerts.escalate').where('status', '=', 'pending').execute();
    expect(queued).toHaveLength(1);
    await runDueJobs(t.ctx, 'escalation-test');
    const after = await t.ownerDb.selectFrom('jobs').selectAll().where('queue', '=', 'alerts.escalate').orderBy('id').execute();
    expect(after.map((j) => j.status)).toEqual(['done', 'pending']);
    expect(after[1]!.run_at.getTime()).toBeGreaterThan(Date.now());
  });
});
