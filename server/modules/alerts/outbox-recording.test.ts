/** The recording transport (development), the outbox as administrators see it, and SMSSync's pull of outgoing messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessageView, TaskView } from '../../../core/schemas/alert-response';
import type { ChannelView } from '../../../core/schemas/alerts';
import { rotateOrganisationKey } from '../../platform/crypto/rotation';
import { runDueJobs } from '../../platform/jobs/worker';
import { auditRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildAlertChannel, TEST_SECRETS } from '../../test/factories-alerts';
import { buildResponseAlert } from '../../test/factories-alert-response';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let org: string;
let admin: SignedInUser;
let officer: SignedInUser;
let analyst: SignedInUser;
let smssync: ChannelView;

beforeAll(async () => {
  t = await createTestApp({ WEFT_SMS_TRANSPORT: 'recording' });
  org = (await buildOrganisation(t.ctx)).id;
  admin = await signInNew(t.app, t.ctx, 'admin', org);
  officer = await signInNew(t.app, t.ctx, 'coordinator', org);
  analyst = await signInNew(t.app, t.ctx, 'analyst', org);
  smssync = await buildAlertChannel(t.ctx, org, 'smssync');
}, 120_000);
afterAll(async () => t?.close());

const giveTask = async (phone: string) => {
  const alert = await buildResponseAlert(t.ctx, t.ownerDb, org);
  const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: officer.headers, payload: { title: 'Visit the school', dueInMinutes: 30, assignee: { component: 'protection' }, contactPhone: phone } });
  expect(res.statusCode, res.body).toBe(201);
  return { task: res.json() as TaskView, reference: alert.reference };
};
const pull = (query: string, channelId = smssync.id) => t.app.inject({ method: 'GET', url: `/api/alerts/sms/${channelId}/smssync?${query}` });

describe('recording transport', () => {
  it('marks messages recorded, sends nothing, and shows them in the outbox masked', async () => {
    const { task, reference } = await giveTask('+15550100171');
    while ((await runDueJobs(t.ctx, 'recording-test')) > 0);
    const row = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('task_id', '=', task.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'recorded', transport: 'recording', attempts: 1 });
    for (const user of [admin, officer]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/alerts/outbox?status=recorded', headers: user.headers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const message = (res.json() as { data: OutboxMessageView[] }).data.find((m) => m.id === row.id)!;
      expect(message).toMatchObject({ recipient: '+155••••••71', status: 'recorded', transport: 'recording', purpose: 'task', taskId: task.id });
      expect(message.body).toContain(reference);
      expect(res.body).not.toContain('0100171');
    }
    expect((await auditRows(t.ctx, { action: 'sms_outbox.list' })).length).toBeGreaterThanOrEqual(2);
    expectError(await t.app.inject({ method: 'GET', url: '/api/alerts/outbox', headers: analyst.headers }), 404);
  });
});

describe('SMSSync task pull', () => {
  it('hands pending messages to the phone in SMSSync’s format, once, and marks them sent', async () => {
    const settings = await t.app.inject({ method: 'PUT', url: '/api/alerts/response-settings', headers: officer.headers, payload: { outboundChannelId: smssync.id, onCallPhones: [] } });
    expect(settings.statusCode, settings.body).toBe(200);
    const first = await giveTask('+15550100172');
    const second = await giveTask('+15550100173');
    const res = await pull(`task=send&secret=${TEST_SECRETS.sharedSecret}`);
    expect(res.statusCode, res.body).toBe(200);
    const { payload } = res.json() as { payload: { task: string; secret: string; messages: Array<{ to: string; message: string; uuid: string }> } };
    expect(payload.task).toBe('send');
    expect(payload.secret).toBe(TEST_SECRETS.sharedSecret);
    expect(payload.messages.map((m) => m.to)).toEqual(['+15550100172', '+15550100173']);
    expect(payload.messages[0]!.message).toContain(first.reference);
    expect(payload.messages[1]!.message).toContain(second.reference);
    const rows = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('id', 'in', payload.messages.map((m) => m.uuid)).execute();
    expect(rows.map((r) => [r.status, r.transport])).toEqual([
      ['sent', 'smssync'],
      ['sent', 'smssync'],
    ]);
    const again = await pull(`task=send&secret=${TEST_SECRETS.sharedSecret}`);
    expect((again.json() as { payload: { messages: unknown[] } }).payload.messages).toEqual([]);
  });

  it('answers 401 without or with a wrong secret, 404 for an unknown channel, 400 for a task it does not know', async () => {
    await giveTask('+15550100174');
    expectError(await pull('task=send'), 401);
    expectError(await pull('task=send&secret=not-the-secret'), 401);
    expectError(await pull(`task=send&secret=${TEST_SECRETS.sharedSecret}`, crypto.randomUUID()), 404);
    expectError(await pull(`task=send&secret=${TEST_SECRETS.sharedSecret}`, (await buildAlertChannel(t.ctx, org, 'frontlinesms')).id), 404);
    expectError(await pull(`task=receive&secret=${TEST_SECRETS.sharedSecret}`), 400);
    const pending = await t.ownerDb.selectFrom('sms_outbox').select('id').where('channel_id', '=', smssync.id).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
  });
});

describe('key rotation (STO-2)', () => {
  it('re-encrypts the on-call numbers, the outbox and task contacts, which stay readable', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/alerts/response-settings', headers: officer.headers, payload: { outboundChannelId: null, onCallPhones: ['+15550100175'] } });
    expect(put.statusCode, put.body).toBe(200);
    await giveTask('+15550100176');
    const before = await t.ownerDb.selectFrom('alert_response_settings').select('on_call_phones_sealed').where('organisation_id', '=', org).executeTakeFirstOrThrow();
    const result = await rotateOrganisationKey(t.ctx.db, t.ctx.cipher, org);
    expect(result.reencrypted).toBeGreaterThan(3);
    const after = await t.ownerDb.selectFrom('alert_response_settings').select('on_call_phones_sealed').where('organisation_id', '=', org).executeTakeFirstOrThrow();
    expect(Buffer.from(after.on_call_phones_sealed!).equals(Buffer.from(before.on_call_phones_sealed!))).toBe(false);
    const read = await t.app.inject({ method: 'GET', url: '/api/alerts/response-settings', headers: officer.headers });
    expect(read.json()).toMatchObject({ onCallPhones: [{ masked: '+155••••••75' }] });
    const outbox = await t.app.inject({ method: 'GET', url: '/api/alerts/outbox', headers: admin.headers });
    expect(outbox.statusCode, outbox.body).toBe(200);
    expect((outbox.json() as { data: OutboxMessageView[] }).data.map((m) => m.recipient)).toContain('+155••••••76');
  });
});
