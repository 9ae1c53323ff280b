/**
 * SMS intake through HTTP for the gateways other than Twilio (Vonage, Africa's Talking,
 * FrontlineSMS, SMSSync, the generic relay), and fuzzing of every webhook body. Same setup as
 * alerts.test.ts: one organisation's channel per gateway, replying in French, and a
 * Swahili-speaking focal point behind the Twilio fixture's number.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { africasTalkingFields, frontlineFields, genericBody, smsSyncFields, twilioFields, vonageFields } from '../../../core/alerts/sms/test-payloads';
import type { ChannelView } from '../../../core/schemas/alerts';
import { expectError } from '../../test/authz/helpers';
import { buildOrganisation } from '../../test/factories';
import { buildAlertChannel, buildFocalPoint, formEncode, genericHeaders, injectedUrl, TEST_SECRETS, twilioSignature, vonageSigned } from '../../test/factories-alerts';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
const channels: Record<string, ChannelView> = {};

const countAlerts = async () => Number((await sql<{ n: number }>`select count(*)::int as n from alerts`.execute(t.ownerDb)).rows[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  const orgA = (await buildOrganisation(t.ctx)).id;
  for (const provider of ['twilio', 'vonage', 'africas_talking', 'frontlinesms', 'smssync', 'generic'] as const)
    channels[provider] = await buildAlertChannel(t.ctx, orgA, provider, { replyLanguage: 'fr' });
  await buildFocalPoint(t.ctx, orgA, { phoneNumbers: [twilioFields().From!], languages: ['sw'] });
}, 120_000);
afterAll(async () => t?.close());

const path = (provider: string, segment = provider) => `/api/alerts/sms/${channels[provider]!.id}/${segment}`;

describe('Vonage webhook (signed)', () => {
  const post = (fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: path('vonage'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formEncode(fields) });

  it('accepts a signed message, dedupes on messageId, refuses bad and stale signatures', async () => {
    const fields = { ...vonageFields(), messageId: `0A${randomUUID().replace(/-/g, '').slice(0, 14)}`, 'message-timestamp': '2026-11-21 09:29:58' };
    const ok = await post(vonageSigned(fields));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toBe('');
    const before = await countAlerts();
    expect((await post(vonageSigned(fields))).statusCode).toBe(200);
    expect(await countAlerts()).toBe(before);
    expectError(await post(vonageSigned({ ...fields, messageId: 'OTHER1' }, 'wrong-secret-000000')), 403);
    expectError(await post(vonageSigned({ ...fields, messageId: 'OTHER2' }, TEST_SECRETS.signatureSecret, Date.now() - 6 * 60_000)), 401, { code: 'alerts.signature_stale' });
    expectError(await post({ ...fields, messageId: 'OTHER3' }), 401);
    expect(await countAlerts()).toBe(before);
  });
});

describe("Africa's Talking, FrontlineSMS and SMSSync (shared secret)", () => {
  it("Africa's Talking: secret in the query or header; 401 without, 403 wrong", async () => {
    const fields = { ...africasTalkingFields(), id: `ATXid_${randomUUID().replace(/-/g, '')}` };
    const post = (url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: formEncode(fields) });
    const ok = await post(`${path('africas_talking', 'africas-talking')}?secret=${TEST_SECRETS.sharedSecret}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await post(path('africas_talking', 'africas-talking'), { 'x-weft-secret': TEST_SECRETS.sharedSecret })).statusCode).toBe(200);
    const before = await countAlerts();
    expectError(await post(path('africas_talking', 'africas-talking')), 401);
    expectError(await post(`${path('africas_talking', 'africas-talking')}?secret=nope`), 403);
    expect(await countAlerts()).toBe(before);
  });

  it('FrontlineSMS: JSON with the secret; its JSON reply', async () => {
    const body = { ...frontlineFields(), id: `fl-${randomUUID()}` };
    const res = await t.app.inject({ method: 'POST', url: path('frontlinesms'), payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ payload: { success: true } });
    expectError(await t.app.inject({ method: 'POST', url: path('frontlinesms'), payload: { ...body, secret: 'wrong-secret' } }), 403);
  });

  it('SMSSync: form with the secret; the reply asks the phone to send the acknowledgement', async () => {
    const fields = { ...smsSyncFields(), message_id: randomUUID() };
    const res = await t.app.inject({ method: 'POST', url: path('smssync'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formEncode(fields) });
    expect(res.statusCode, res.body).toBe(200);
    const payload = (res.json() as { payload: { success: boolean; task: string; messages: { to: string; message: string }[] } }).payload;
    expect(payload).toMatchObject({ success: true, task: 'send' });
    expect(payload.messages[0]!.message).toMatch(/^Votre alerte a été reçue\. Référence A-/);
    expect(payload.messages[0]!.message).not.toContain('silaha');
    const before = await countAlerts();
    expect((await t.app.inject({ method: 'POST', url: path('smssync'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formEncode(fields) })).statusCode).toBe(200);
    expect(await countAlerts()).toBe(before);
  });
});

describe('generic webhook', () => {
  const post = (raw: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url: path('generic'), headers, payload: raw });

  it('accepts a signed body, dedupes on id, refuses stale, bad and missing signatures', async () => {
    const raw = JSON.stringify({ ...genericBody(), id: `relay-${randomUUID()}`, receivedAt: new Date().toISOString() });
    const ok = await post(raw, genericHeaders(raw));
    expect(ok.statusCode, ok.body).toBe(200);
    const first = ok.json() as { accepted: boolean; reference: string; duplicate: boolean; acknowledgement: string };
    expect(first).toMatchObject({ accepted: true, duplicate: false });
    const before = await countAlerts();
    const again = await post(raw, genericHeaders(raw));
    expect(again.json()).toMatchObject({ reference: first.reference, duplicate: true });
    expectError(await post(raw, genericHeaders(raw, TEST_SECRETS.signatureSecret, Date.now() - 6 * 60_000)), 401, { code: 'alerts.signature_stale' });
    expectError(await post(raw, genericHeaders(raw, 'another-secret-0000')), 403);
    expectError(await post(raw, { 'content-type': 'application/json' }), 401);
    expectError(await post(raw, { 'content-type': 'application/json', 'x-weft-timestamp': 'yesterday', 'x-weft-signature': 'abc' }), 400);
    expect(await countAlerts()).toBe(before);
  });

  it('answers 400 naming a missing field', async () => {
    const raw = JSON.stringify({ id: `relay-${randomUUID()}`, to: '+243990000000', text: 'hello' });
    expectError(await post(raw, genericHeaders(raw)), 400, { field: 'from' });
  });
});

describe('fuzzing the webhook bodies', () => {
  const segments = ['twilio', 'vonage', 'africas-talking', 'frontlinesms', 'smssync', 'generic'] as const;
  const providerOf = (segment: string) => (segment === 'africas-talking' ? 'africas_talking' : segment);
  const fieldValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('+254700000001', '', '0', 'SMabc', '2026-11-21 09:29:58', '\u0000', '__proto__'));
  const fields = fc.dictionary(fc.oneof(fc.constantFrom('From', 'Body', 'MessageSid', 'To', 'from', 'text', 'message', 'msisdn', 'messageId', 'id', 'secret', 'NumMedia', 'sent_timestamp', 'date'), fc.string({ maxLength: 12 })), fieldValue, { maxKeys: 12 });

  it('never answers 5xx, signed or not, form or JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...segments), fields, fc.constantFrom('form', 'json', 'text'), async (segment, body, kind) => {
        const url = path(providerOf(segment), segment);
        const withSecret = segment === 'smssync' || segment === 'frontlinesms' || segment === 'africas-talking' ? { ...body, secret: TEST_SECRETS.sharedSecret } : body;
        const raw = kind === 'json' ? JSON.stringify(withSecret) : kind === 'form' ? formEncode(withSecret) : String(Object.values(withSecret)[0] ?? '');
        const headers: Record<string, string> = {
          'content-type': kind === 'json' ? 'application/json' : kind === 'form' ? 'application/x-www-form-urlencoded' : 'text/plain',
          ...(segment === 'generic' ? genericHeaders(raw) : {}),
          ...(segment === 'twilio' ? { 'x-twilio-signature': twilioSignature(injectedUrl(url), withSecret) } : {}),
        };
        if (kind === 'text') headers['content-type'] = 'text/plain';
        if (segment === 'vonage' && kind !== 'text') {
          const signed = vonageSigned(withSecret);
          const res = await t.app.inject({ method: 'POST', url, headers, payload: kind === 'json' ? JSON.stringify(signed) : formEncode(signed) });
          expect(res.statusCode, res.body).toBeLessThan(500);
          return;
        }
        const res = await t.app.inject({ method: 'POST', url, headers, payload: raw });
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('never answers 5xx on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...segments), fc.string({ maxLength: 300 }), fc.constantFrom('application/json', 'application/x-www-form-urlencoded'), async (segment, raw, type) => {
        const res = await t.app.inject({ method: 'POST', url: path(providerOf(segment), segment), headers: { 'content-type': type, ...(segment === 'generic' ? { ...genericHeaders(raw), 'content-type': type } : {}) }, payload: raw });
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
