/** SMSSync's Message Results API over HTTP: the POSTs to the sync URL, as the app sends them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelView } from '../../../core/schemas/alerts';
import { expectError, signInNew } from '../../test/authz/helpers';
import { buildAlertChannel, TEST_SECRETS } from '../../test/factories-alerts';
import { buildResponseAlert } from '../../test/factories-alert-response';
import { buildOrganisation } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let channel: ChannelView;
let handed: string[];

beforeAll(async () => {
  t = await createTestApp({ WEFT_SMS_TRANSPORT: 'gateway' });
  const org = (await buildOrganisation(t.ctx)).id;
  const officer = await signInNew(t.app, t.ctx, 'coordinator', org);
  channel = await buildAlertChannel(t.ctx, org, 'smssync');
  await t.app.inject({ method: 'PUT', url: '/api/alerts/response-settings', headers: officer.headers, payload: { outboundChannelId: channel.id, onCallPhones: [] } });
  for (let i = 0; i < 2; i++) {
    const alert = await buildResponseAlert(t.ctx, t.ownerDb, org);
    await t.app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/tasks`, headers: officer.headers, payload: { title: 'Visit', dueInMinutes: 30, assignee: { component: 'protection' }, contactPhone: `+1555010019${i}` } });
  }
  const pulled = await t.app.inject({ method: 'GET', url: `/api/alerts/sms/${channel.id}/smssync?task=send&secret=${TEST_SECRETS.sharedSecret}` });
  handed = (pulled.json() as { payload: { messages: Array<{ uuid: string }> } }).payload.messages.map((m) => m.uuid);
}, 120_000);
afterAll(async () => t?.close());

const post = (query: string, body: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/alerts/sms/${channel.id}/smssync?${query}`, headers: { 'content-type': 'application/json; charset=utf-8' }, payload: JSON.stringify(body) });

describe('SMSSync Message Results API over HTTP', () => {
  it('answers task=sent with the messages to send, and settles task=result reports', async () => {
    const sent = await post('task=sent', { queued_messages: handed });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(new Set((sent.json() as { message_uuids: string[] }).message_uuids)).toEqual(new Set(handed));
    const results = JSON.stringify([{ uuid: handed[0], sent_result_code: -1, delivered_result_code: -1, delivered_result_message: 'SMS delivered' }]);
    const result = await post(`task=result&secret=${TEST_SECRETS.sharedSecret}`, { message_result: results });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toEqual({ payload: { success: true, error: null } });
    const row = await t.ownerDb.selectFrom('sms_outbox').select('status').where('id', '=', handed[0]!).executeTakeFirstOrThrow();
    expect(row.status).toBe('delivered');
  });

  it('refuses a report without the secret, an unknown task, and a malformed body, with 4xx', async () => {
    expectError(await post('task=result', { message_result: [] }), 401);
    expectError(await post(`task=bogus&secret=${TEST_SECRETS.sharedSecret}`, {}), 400, { field: 'query.task' });
    expectError(await post('task=sent', { queued_messages: 'x' }), 400, { field: 'queued_messages' });
    // Inbound SMS still arrive as before (no task).
    const inbound = await t.app.inject({
      method: 'POST',
      url: `/api/alerts/sms/${channel.id}/smssync`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ secret: TEST_SECRETS.sharedSecret, from: '+15550100199', message: 'Fictional alert: road blocked near the market', message_id: crypto.randomUUID(), sent_timestamp: String(Date.now()) }).toString(),
    });
    expect(inbound.statusCode, inbound.body).toBe(200);
  });
});
