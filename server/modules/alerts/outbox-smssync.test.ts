/**
 * SMSSync's Message Results API against the outbox: which handed-over messages the phone may
 * send (POST ?task=sent), which await a report (GET ?task=result), and the reports themselves
 * (POST ?task=result) settling messages delivered or failed, per uuid, for this channel only.
 * The POSTs arrive on the inbound SMSSync route, which hands them to receiveSmsSyncReport:
 * they are called here as that route calls them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors';
import type { OutboxMessageView, TaskView } from '../../../core/schemas/alert-response';
import type { ChannelView } from '../../../core/schemas/alerts';
import { auditRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildAlertChannel, TEST_SECRETS } from '../../test/factories-alerts';
import { buildResponseAlert } from '../../test/factories-alert-response';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';
import { isSmsSyncReport, receiveSmsSyncReport } from './outbox-smssync';

const SECRET = TEST_SECRETS.sharedSecret;

let t: TestApp;
let org: string;
let officer: SignedInUser;
let admin: SignedInUser;
let channel: ChannelView;
let otherChannel: ChannelView;
/** Messages handed to `channel`'s phone by a task poll. */
let handed: string[];
/** One handed to `otherChannel`'s phone (another organisation's). */
let foreign: string;

/** Gives `count` tasks with an SMS through the organisation's SMSSync channel and pulls them as the phone does. */
async function handOver(organisationId: string, user: SignedInUser, smssync: ChannelView, count: number): Promise<string[]> {
  const settings = await t.app.inject({ method: 'PUT', url: '/api/alerts/response-settings', headers: user.headers, payload: { outboundChannelId: smssync.id, onCallPhones: [] } });
  expect(settings.statusCode, settings.body).toBe(200);
  for (let i = 0; i < count; i++) {
    const alert = await buildResponseAlert(t.ctx, t.ownerDb, organisationId);
    const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: user.headers, payload: { title: 'Visit', dueInMinutes: 30, assignee: { component: 'protection' }, contactPhone: `+1555010018${i}` } });
    expect((res.json() as TaskView).id).toBeDefined();
  }
  const pulled = await t.app.inject({ method: 'GET', url: `/api/alerts/sms/${smssync.id}/smssync?task=send&secret=${SECRET}` });
  expect(pulled.statusCode, pulled.body).toBe(200);
  return (pulled.json() as { payload: { messages: Array<{ uuid: string }> } }).payload.messages.map((m) => m.uuid);
}

beforeAll(async () => {
  t = await createTestApp({ WEFT_SMS_TRANSPORT: 'gateway' });
  org = (await buildOrganisation(t.ctx)).id;
  officer = await signInNew(t.app, t.ctx, 'coordinator', org);
  admin = await signInNew(t.app, t.ctx, 'admin', org);
  channel = await buildAlertChannel(t.ctx, org, 'smssync');
  handed = await handOver(org, officer, channel, 4);
  expect(handed).toHaveLength(4);
  const otherOrg = (await buildOrganisation(t.ctx)).id;
  otherChannel = await buildAlertChannel(t.ctx, otherOrg, 'smssync');
  [foreign] = await handOver(otherOrg, await signInNew(t.app, t.ctx, 'coordinator', otherOrg), otherChannel, 1) as [string];
}, 120_000);
afterAll(async () => t?.close());

const report = async (query: Record<string, string>, body: unknown, channelId = channel.id) => JSON.parse(await receiveSmsSyncReport(t.ctx, channelId, query, body)) as unknown;
const awaiting = (query = `task=result&secret=${SECRET}`, channelId = channel.id) => t.app.inject({ method: 'GET', url: `/api/alerts/sms/${channelId}/smssync?${query}` });
const rowsOf = (ids: readonly string[]) => t.ownerDb.selectFrom('sms_outbox').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('POST ?task=sent', () => {
  it('tells the phone which queued messages to send: this channel’s, still handed over; without a secret, as the app sends it', async () => {
    const before = await rowsOf(handed);
    const queued = [handed[0]!, handed[1]!.toUpperCase(), foreign, randomUUID(), 'aada21b0-0615-4957-bcb3'];
    const answer = (await report({ task: 'sent' }, { queued_messages: queued })) as { message_uuids: string[] };
    expect(new Set(answer.message_uuids)).toEqual(new Set([handed[0], handed[1]]));
    expect(await report({ task: 'sent', secret: SECRET }, { queued_messages: queued })).toEqual(answer);
    // It changes nothing.
    expect(await rowsOf(handed)).toEqual(before);
  });

  it('refuses a wrong secret when one is sent, an unknown channel, and a body that is no list of ids', async () => {
    expect(await refusal(report({ task: 'sent', secret: 'not-the-secret' }, { queued_messages: [handed[0]] }))).toMatchObject({ category: 'unauthenticated', code: 'alerts.secret_invalid' });
    expect(await refusal(report({ task: 'sent' }, { queued_messages: [] }, randomUUID()))).toMatchObject({ category: 'not_found' });
    expect(await refusal(report({ task: 'sent' }, { queued: [] }))).toMatchObject({ category: 'validation', field: 'queued_messages' });
  });
});

describe('GET ?task=result and POST ?task=result', () => {
  it('lists what awaits a report, settles delivered and failed messages per uuid, and leaves the rest sent', async () => {
    const [delivered, failed, unsure, untouched] = handed as [string, string, string, string];
    const listed = await awaiting();
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    expect(new Set((listed.json() as { message_uuids: string[] }).message_uuids)).toEqual(new Set(handed));

    // As the app sends it: the list as JSON text, Android's codes.
    const results = [
      { uuid: delivered, sent_result_code: -1, sent_result_message: 'SMS sent', delivered_result_code: -1, delivered_result_message: 'SMS delivered' },
      { uuid: failed, sent_result_code: 4, sent_result_message: 'No service +15550100181', delivered_result_code: 0, delivered_result_message: '' },
      { uuid: unsure, sent_result_code: -1, sent_result_message: 'SMS sent', delivered_result_code: 0, delivered_result_message: 'SMS not delivered' },
      { uuid: foreign, sent_result_code: 1, delivered_result_code: 0 },
    ];
    expect(await report({ task: 'result', secret: SECRET }, { message_result: JSON.stringify(results) })).toEqual({ payload: { success: true, error: null } });

    const rows = new Map((await rowsOf([...handed, foreign])).map((r) => [r.id, r]));
    expect(rows.get(delivered)).toMatchObject({ status: 'delivered', transport: 'smssync', last_error: null, delivered_at: expect.any(Date) });
    expect(rows.get(failed)).toMatchObject({ status: 'failed', last_error: 'the SMSSync phone could not send it (no service)', delivered_at: null });
    expect(rows.get(unsure)).toMatchObject({ status: 'sent', delivered_at: null });
    expect(rows.get(untouched)).toMatchObject({ status: 'sent' });
    // Another channel's message is not this phone's to report on.
    expect(rows.get(foreign)).toMatchObject({ status: 'sent', last_error: null });

    const audits = await auditRows(t.ctx, { action: 'sms_outbox.report' });
    expect(new Map(audits.map((a) => [a.resource_id, a.details]))).toEqual(
      new Map([
        [delivered, { status: 'delivered', transport: 'smssync', channelId: channel.id }],
        [failed, { status: 'failed', transport: 'smssync', channelId: channel.id }],
      ]),
    );
    expect(JSON.stringify(audits)).not.toContain('0100181');

    const after = await awaiting();
    expect(new Set((after.json() as { message_uuids: string[] }).message_uuids)).toEqual(new Set([unsure, untouched]));

    // A settled message stays as reported: a later, contrary report changes nothing.
    await report({ task: 'result', secret: SECRET }, { message_result: [{ uuid: delivered, sent_result_code: 2 }] });
    expect((await rowsOf([delivered]))[0]).toMatchObject({ status: 'delivered', last_error: null });
    expect(await auditRows(t.ctx, { action: 'sms_outbox.report' })).toHaveLength(2);

    const outbox = await t.app.inject({ method: 'GET', url: '/api/alerts/outbox?status=delivered', headers: admin.headers });
    expect(outbox.statusCode, outbox.body).toBe(200);
    expect((outbox.json() as { data: OutboxMessageView[] }).data.map((m) => [m.id, m.status])).toEqual([[delivered, 'delivered']]);
  });

  it('needs the secret, the channel, and a well-formed report; writes nothing otherwise', async () => {
    const before = await rowsOf(handed);
    const body = { message_result: [{ uuid: handed[3], sent_result_code: 1 }] };
    expect(await refusal(report({ task: 'result' }, body))).toMatchObject({ category: 'unauthenticated', code: 'alerts.signature_missing' });
    expect(await refusal(report({ task: 'result', secret: 'not-the-secret' }, body))).toMatchObject({ category: 'unauthenticated' });
    expect(await refusal(report({ task: 'result', secret: SECRET }, body, randomUUID()))).toMatchObject({ category: 'not_found' });
    expect(await refusal(report({ task: 'result', secret: SECRET }, { message_result: '[{"uuid":' }))).toMatchObject({ category: 'validation', field: 'message_result' });
    expect(await refusal(report({ task: 'result', secret: SECRET }, { message_result: [{ uuid: handed[3], sent_result_code: 'no' }] }))).toMatchObject({ field: 'message_result.0.sent_result_code' });
    expect(await refusal(report({ task: 'bogus', secret: SECRET }, body))).toMatchObject({ category: 'validation', field: 'query.task' });
    expect(await rowsOf(handed)).toEqual(before);

    expectError(await awaiting('task=result'), 401);
    expectError(await awaiting('task=result&secret=not-the-secret'), 401);
    expectError(await awaiting(`task=result&secret=${SECRET}`, randomUUID()), 404);
  });

  it('tells the inbound route which POSTs are reports: those with a task', () => {
    expect(isSmsSyncReport({ task: 'sent' })).toBe(true);
    expect(isSmsSyncReport({ task: 'result', secret: SECRET })).toBe(true);
    expect(isSmsSyncReport({ secret: SECRET })).toBe(false);
    expect(isSmsSyncReport({})).toBe(false);
    expect(isSmsSyncReport(undefined)).toBe(false);
  });
});
