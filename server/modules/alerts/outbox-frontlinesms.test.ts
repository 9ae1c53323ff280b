/**
 * FrontlineSMS as an outbound gateway (FrontlineCloud's webhook API) against a local HTTP
 * server: the request as Ushahidi's FrontlineSMS data source sends it, through the outbox job,
 * and failures kept without the API key or the number.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskView } from '../../../core/schemas/alert-response';
import type { ChannelView } from '../../../core/schemas/alerts';
import { alertChannelsApiSecret } from '../../platform/crypto/columns';
import { runDueJobs } from '../../platform/jobs/worker';
import { signInNew } from '../../test/authz/helpers';
import { buildAlertChannel } from '../../test/factories-alerts';
import { buildResponseAlert, startFakeGateway, type FakeGateway } from '../../test/factories-alert-response';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';
import { deliverOutboxMessage, MAX_SEND_ATTEMPTS } from './outbox';
import { frontlineWebhookUrl, outboundMissing, sendThroughGateway, type GatewayChannel } from './sms-transports';

const API_KEY = 'frontline-api-key-0123456789';

let t: TestApp;
let gateway: FakeGateway;
let org: string;
let officer: SignedInUser;
let channel: ChannelView;

/** A FrontlineSMS channel's outbound URL and API key, written as the outbound settings store them (sealed). */
async function configureOutbound(channelId: string, outboundUrl: string): Promise<void> {
  const sealed = await alertChannelsApiSecret.seal(t.ctx.cipher, t.ctx.db, org, channelId, API_KEY);
  await t.ownerDb.updateTable('alert_channels').set({ outbound_url: outboundUrl, api_secret_sealed: sealed }).where('id', '=', channelId).execute();
}

beforeAll(async () => {
  gateway = await startFakeGateway([]);
  t = await createTestApp({ WEFT_SMS_TRANSPORT: 'gateway' });
  org = (await buildOrganisation(t.ctx)).id;
  officer = await signInNew(t.app, t.ctx, 'coordinator', org);
  channel = await buildAlertChannel(t.ctx, org, 'frontlinesms');
  await configureOutbound(channel.id, `${gateway.url}/api/1/webhook`);
  const settings = await t.app.inject({ method: 'PUT', url: '/api/alerts/response-settings', headers: officer.headers, payload: { outboundChannelId: channel.id, onCallPhones: [] } });
  expect(settings.statusCode, settings.body).toBe(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await gateway?.close();
});
beforeEach(() => {
  gateway.requests.length = 0;
});

/** A task whose contact is told by SMS through the FrontlineSMS channel; the outbox row's id. */
async function taskSms(phone: string): Promise<string> {
  const alert = await buildResponseAlert(t.ctx, t.ownerDb, org);
  const res = await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: officer.headers, payload: { title: 'Patrol', dueInMinutes: 60, assignee: { component: 'police' }, contactPhone: phone } });
  expect(res.statusCode, res.body).toBe(201);
  return (await t.ownerDb.selectFrom('sms_outbox').select('id').where('task_id', '=', (res.json() as TaskView).id).executeTakeFirstOrThrow()).id;
}
const outboxRow = (id: string) => t.ownerDb.selectFrom('sms_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const runJobs = async () => {
  while ((await runDueJobs(t.ctx, 'frontline-test')) > 0);
};

describe('FrontlineSMS transport', () => {
  it('POSTs {apiKey, payload: {message, recipients}} as JSON to the webhook and marks the message sent', async () => {
    gateway.answers = [{ status: 200, body: {} }];
    const id = await taskSms('+15550100171');
    await runJobs();
    expect(gateway.requests).toHaveLength(1);
    const request = gateway.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/1/webhook');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body) as { apiKey: string; payload: { message: string; recipients: unknown[] } };
    expect(body).toEqual({ apiKey: API_KEY, payload: { message: expect.stringContaining('Weft: response task'), recipients: [{ type: 'mobile', value: '+15550100171' }] } });
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', transport: 'frontlinesms', attempts: 1, last_error: null });
  });

  it('retries what may pass later, fails at once what will not, and keeps neither key nor number', async () => {
    gateway.answers = [{ status: 502, body: { error: `upstream down for +15550100172 with ${API_KEY}` } }];
    const retried = await taskSms('+15550100172');
    await runJobs();
    expect(await outboxRow(retried)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'FrontlineSMS answered HTTP 502' });
    for (let attempt = 2; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      const delivered = deliverOutboxMessage(t.ctx, retried);
      if (attempt < MAX_SEND_ATTEMPTS) await expect(delivered).rejects.toThrow(/not delivered yet/);
      else await delivered;
    }
    expect(await outboxRow(retried)).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS });

    gateway.requests.length = 0;
    gateway.answers = [{ status: 401, body: { error: 'invalid apiKey' } }];
    const refused = await taskSms('+15550100173');
    await runJobs();
    const row = await outboxRow(refused);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error: 'FrontlineSMS answered HTTP 401' });
    for (const secret of [API_KEY, '0100173', '0100172']) expect(row.last_error).not.toContain(secret);
  });

  it('retries an unreachable server', async () => {
    const base: GatewayChannel = { provider: 'frontlinesms', accountId: null, sender: null, outboundUrl: 'http://127.0.0.1:9/api/1/webhook', authToken: null, apiSecret: API_KEY, signatureSecret: null };
    const result = await sendThroughGateway(t.config, base, { id: crypto.randomUUID(), to: '+15550100174', body: 'Test', from: null });
    expect(result).toEqual({ ok: false, retry: true, error: 'the gateway could not be reached' });
  });
});

describe('FrontlineSMS outbound configuration', () => {
  it('needs the outbound URL and the API key to send', () => {
    const base: GatewayChannel = { provider: 'frontlinesms', accountId: null, sender: null, outboundUrl: null, authToken: null, apiSecret: null, signatureSecret: null };
    expect(outboundMissing(base)).toEqual(['outboundUrl', 'apiSecret']);
    expect(outboundMissing({ ...base, outboundUrl: 'https://cloud.frontlinesms.com/api/1/webhook', apiSecret: API_KEY })).toEqual([]);
  });

  it('posts to the server’s webhook when the outbound URL names only the server', () => {
    expect(frontlineWebhookUrl('https://cloud.frontlinesms.com')).toBe('https://cloud.frontlinesms.com/api/1/webhook');
    expect(frontlineWebhookUrl('https://cloud.frontlinesms.com/')).toBe('https://cloud.frontlinesms.com/api/1/webhook');
    expect(frontlineWebhookUrl('https://frontline.example.org/custom/hook?x=1')).toBe('https://frontline.example.org/custom/hook?x=1');
  });

  it('refuses to send without them, and says so without a request', async () => {
    const base: GatewayChannel = { provider: 'frontlinesms', accountId: null, sender: null, outboundUrl: `${gateway.url}/api/1/webhook`, authToken: null, apiSecret: null, signatureSecret: null };
    const result = await sendThroughGateway(t.config, base, { id: crypto.randomUUID(), to: '+15550100175', body: 'Test', from: null });
    expect(result).toEqual({ ok: false, retry: false, error: 'the FrontlineSMS channel has no outbound URL or API key' });
    expect(gateway.requests).toHaveLength(0);
  });
});
