/**
 * The gateway transport of the SMS outbox against a local HTTP server standing in for the
 * gateways' send APIs: each request's format as the provider documents it, retries with a
 * final failure, and no secret or number in what is kept of a failure.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { africasTalkingFields, vonageFields } from '../../../core/alerts/sms/test-payloads';
import type { TaskView } from '../../../core/schemas/alert-response';
import type { ChannelView } from '../../../core/schemas/alerts';
import { runDueJobs } from '../../platform/jobs/worker';
import { signInNew } from '../../test/authz/helpers';
import { buildAlertChannel, formEncode, TEST_SECRETS, vonageSigned } from '../../test/factories-alerts';
import { buildResponseAlert, startFakeGateway, type FakeGateway } from '../../test/factories-alert-response';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';
import { deliverOutboxMessage, MAX_SEND_ATTEMPTS } from './outbox';

const TWILIO_SID = 'AC00000000000000000000000000000001';
const API_SECRET = 'send-api-secret-0123456789';

let t: TestApp;
let gateway: FakeGateway;
let org: string;
let admin: SignedInUser;
let officer: SignedInUser;
const channels: Record<string, ChannelView> = {};

beforeAll(async () => {
  gateway = await startFakeGateway([]);
  t = await createTestApp({
    WEFT_SMS_TRANSPORT: 'gateway',
    WEFT_TWILIO_API_URL: `${gateway.url}/twilio`,
    WEFT_VONAGE_API_URL: `${gateway.url}/vonage/`,
    WEFT_AFRICAS_TALKING_API_URL: `${gateway.url}/at`,
  });
  org = (await buildOrganisation(t.ctx)).id;
  admin = await signInNew(t.app, t.ctx, 'admin', org);
  officer = await signInNew(t.app, t.ctx, 'coordinator', org);
  channels.twilio = await buildAlertChannel(t.ctx, org, 'twilio', { accountId: TWILIO_SID });
  channels.vonage = await buildAlertChannel(t.ctx, org, 'vonage', { accountId: 'vonagekey1' });
  channels.africas_talking = await buildAlertChannel(t.ctx, org, 'africas_talking', { accountId: 'weft-sandbox' });
  channels.generic = await buildAlertChannel(t.ctx, org, 'generic');
  const outbound = (id: string, body: unknown) => t.app.inject({ method: 'PUT', url: `/api/alerts/channels/${id}/outbound`, headers: admin.headers, payload: body as object });
  for (const [id, body] of [
    [channels.twilio.id, { senderId: '+15550100100' }],
    [channels.vonage.id, { senderId: 'WeftAlerts', apiSecret: API_SECRET }],
    [channels.africas_talking.id, { apiSecret: API_SECRET }],
    [channels.generic.id, { outboundUrl: `${gateway.url}/relay` }],
  ] as const) {
    const res = await outbound(id, body);
    expect(res.json(), res.body).toMatchObject({ canSend: true });
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
  await gateway?.close();
});
beforeEach(() => {
  gateway.requests.length = 0;
});

const useChannel = async (channelId: string) => {
  const res = await t.app.inject({ method: 'PUT', url: '/api/alerts/response-settings', headers: officer.headers, payload: { outboundChannelId: channelId, onCallPhones: [] } });
  expect(res.statusCode, res.body).toBe(200);
};
/** A task whose contact is told by SMS; returns the outbox row's id. */
const taskSmsThrough = async (channelId: string, phone = '+15550100161') => {
  await useChannel(channelId);
  const alert = await buildResponseAlert(t.ctx, t.ownerDb, org);
  const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: officer.headers, payload: { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'police' }, contactPhone: phone } });
  expect(res.statusCode, res.body).toBe(201);
  const row = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('task_id', '=', (res.json() as TaskView).id).executeTakeFirstOrThrow();
  return { id: row.id, reference: alert.reference };
};
const outboxRow = (id: string) => t.ownerDb.selectFrom('sms_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const runJobs = async () => {
  while ((await runDueJobs(t.ctx, 'outbox-test')) > 0);
};

describe('gateway transport', () => {
  it('Twilio: POST Messages.json with basic auth and To/From/Body', async () => {
    gateway.answers = [{ status: 201, body: { sid: 'SM00000000000000000000000000000001', status: 'queued' } }];
    const { id, reference } = await taskSmsThrough(channels.twilio!.id);
    await runJobs();
    expect(gateway.requests).toHaveLength(1);
    const request = gateway.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/twilio/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO_SID}:${TEST_SECRETS.authToken}`).toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = Object.fromEntries(new URLSearchParams(request.body));
    expect(form).toEqual({ To: '+15550100161', From: '+15550100100', Body: expect.stringContaining(reference) });
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', transport: 'twilio', attempts: 1, provider_message_id: 'SM00000000000000000000000000000001', last_error: null });
  });

  it('Vonage: acknowledges an inbound SMS through /sms/json from the number it was sent to', async () => {
    gateway.answers = [{ status: 200, body: { 'message-count': '1', messages: [{ to: '15550100150', 'message-id': '0A0000000000ACK1', status: '0' }] } }];
    const fields = vonageSigned({ ...vonageFields(), msisdn: '15550100150', messageId: `0A${randomUUID().replace(/-/g, '').slice(0, 14)}` });
    const res = await t.app.inject({ method: 'POST', url: `/api/alerts/sms/${channels.vonage!.id}/vonage`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formEncode(fields) });
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('channel_id', '=', channels.vonage!.id).where('purpose', '=', 'acknowledgement').executeTakeFirstOrThrow();
    expect(row.sender).toBe(vonageFields().to);
    await runJobs();
    expect(gateway.requests).toHaveLength(1);
    const request = gateway.requests[0]!;
    expect(request.url).toBe('/vonage/sms/json');
    const form = Object.fromEntries(new URLSearchParams(request.body));
    expect(form).toMatchObject({ api_key: 'vonagekey1', api_secret: API_SECRET, from: vonageFields().to, to: '15550100150', 'client-ref': row.id });
    expect(form.text).toMatch(/^Your alert was received\. Reference A-[A-Z0-9]{6}\. Thank you\.$/);
    expect(await outboxRow(row.id)).toMatchObject({ status: 'sent', transport: 'vonage', provider_message_id: '0A0000000000ACK1' });
    // A replay of the same message acknowledges nothing twice (REL-2).
    await t.app.inject({ method: 'POST', url: `/api/alerts/sms/${channels.vonage!.id}/vonage`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formEncode(fields) });
    expect(await t.ownerDb.selectFrom('sms_outbox').select('id').where('alert_id', '=', row.alert_id!).execute()).toHaveLength(1);
  });

  it("Africa's Talking: POST /version1/messaging with the apiKey header", async () => {
    gateway.answers = [{ status: 201, body: { SMSMessageData: { Message: 'Sent to 1/1', Recipients: [{ statusCode: 101, number: '+15550100151', status: 'Success', messageId: 'ATXid_ack1' }] } } }];
    const fields = { ...africasTalkingFields(), from: '+15550100151', id: `ATXid_${randomUUID().replace(/-/g, '')}` };
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/alerts/sms/${channels.africas_talking!.id}/africas-talking?secret=${TEST_SECRETS.sharedSecret}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formEncode(fields),
    });
    expect(res.statusCode, res.body).toBe(200);
    await runJobs();
    expect(gateway.requests).toHaveLength(1);
    const request = gateway.requests[0]!;
    expect(request.url).toBe('/at/version1/messaging');
    expect(request.headers.apikey).toBe(API_SECRET);
    expect(request.headers.accept).toBe('application/json');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toMatchObject({ username: 'weft-sandbox', to: '+15550100151', from: '21525', message: expect.stringContaining('Reference A-') });
  });

  it('generic: POSTs signed JSON to the outbound URL', async () => {
    gateway.answers = [{ status: 202, body: {} }];
    const { id } = await taskSmsThrough(channels.generic!.id);
    await runJobs();
    const request = gateway.requests[0]!;
    expect(request.url).toBe('/relay');
    const timestamp = String(request.headers['x-weft-timestamp']);
    const expected = createHmac('sha256', TEST_SECRETS.signatureSecret).update(`${timestamp}.${request.body}`, 'utf8').digest('hex');
    expect(request.headers['x-weft-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(request.body)).toMatchObject({ id, to: '+15550100161', message: expect.stringContaining('Weft: response task') });
    expect((await outboxRow(id)).status).toBe('sent');
  });
});

describe('failures', () => {
  it('retries a 5xx with the queue’s backoff, then marks the message failed with no secret or number', async () => {
    gateway.answers = [{ status: 503, body: { code: 20429, message: 'Service unavailable for +15550100162' } }];
    const { id } = await taskSmsThrough(channels.twilio!.id, '+15550100162');
    await runJobs();
    expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'Twilio answered HTTP 503 (error 20429)' });
    const job = await t.ownerDb.selectFrom('jobs').selectAll().where('queue', '=', 'alerts.outbox').where(({ ref }) => ref('payload', '->>').key('id'), '=', id).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    // The job body again, as the worker would after each backoff.
    for (let attempt = 2; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      const delivered = deliverOutboxMessage(t.ctx, id);
      if (attempt < MAX_SEND_ATTEMPTS) await expect(delivered).rejects.toThrow(/not delivered yet/);
      else await delivered;
    }
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS });
    expect(gateway.requests).toHaveLength(MAX_SEND_ATTEMPTS);
    for (const secret of [TEST_SECRETS.authToken, '0100162', '15550100162']) expect(row.last_error).not.toContain(secret);
    await deliverOutboxMessage(t.ctx, id);
    expect(gateway.requests).toHaveLength(MAX_SEND_ATTEMPTS);
  });

  it('fails at once on a refusal that will not pass (4xx), and on an unreachable gateway retries', async () => {
    gateway.answers = [{ status: 400, body: { code: 21211, message: 'Invalid To number +15550100163' } }];
    const refused = await taskSmsThrough(channels.twilio!.id, '+15550100163');
    await runJobs();
    expect(await outboxRow(refused.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'Twilio answered HTTP 400 (error 21211)' });

    const vonageRefusal = { status: 200, body: { messages: [{ status: '4', 'error-text': 'Bad credentials for +15550100164' }] } };
    gateway.answers = [vonageRefusal];
    const alert = await buildResponseAlert(t.ctx, t.ownerDb, org);
    await useChannel(channels.vonage!.id);
    const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: officer.headers, payload: { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'police' }, contactPhone: '+15550100164' } });
    const row = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('task_id', '=', (res.json() as TaskView).id).executeTakeFirstOrThrow();
    await runJobs();
    expect(await outboxRow(row.id)).toMatchObject({ status: 'failed', last_error: 'Vonage refused the message (status 4)' });
  });

  it('fails a message whose organisation set no outbound channel', async () => {
    const other = (await buildOrganisation(t.ctx)).id;
    const otherOfficer = await signInNew(t.app, t.ctx, 'coordinator', other);
    const alert = await buildResponseAlert(t.ctx, t.ownerDb, other);
    const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: otherOfficer.headers, payload: { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'medical' }, contactPhone: '+15550100165' } });
    const row = await t.ownerDb.selectFrom('sms_outbox').selectAll().where('task_id', '=', (res.json() as TaskView).id).executeTakeFirstOrThrow();
    await runJobs();
    expect(await outboxRow(row.id)).toMatchObject({ status: 'failed', last_error: 'no enabled outbound channel is set for this organisation' });
    expect(gateway.requests).toHaveLength(0);
  });
});
