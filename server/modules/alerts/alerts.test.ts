/** Community alerts through HTTP (issue 4 parts 1-2): SMS intake by Twilio, channels, focal points, the alert list (the other gateways: sms-webhooks.test.ts). */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioFields } from '../../../core/alerts/sms/test-payloads';
import type { AlertSummary, AlertView, ChannelView, FocalPointSummary, FocalPointView } from '../../../core/schemas/alerts';
import { buildApp, LOG_REDACT } from '../../app';
import { auditRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import {
  buildAlertChannel,
  buildFocalPoint,
  formEncode,
  injectedUrl,
  postTwilio,
  TEST_SECRETS,
  twilioSignature,
} from '../../test/factories-alerts';
import { mintToken } from '../../test/factories-openrosa';
import { createTestApp, type TestApp } from '../../test/runtime';
import { receiveAlert, type ReceiveAlertInput } from './service';

let t: TestApp;
let orgA: string;
let orgB: string;
let admin: SignedInUser;
let coordinator: SignedInUser;
let supervisor: SignedInUser;
let worker: SignedInUser;
let coordinatorB: SignedInUser;
const channels: Record<string, ChannelView> = {};
let focalPoint: FocalPointView;
let areaId: string;

const TABLES = ['alerts', 'alert_events', 'alert_channels', 'focal_points', 'focal_point_identities'] as const;
const countAlerts = async () => Number((await sql<{ n: number }>`select count(*)::int as n from alerts`.execute(t.ownerDb)).rows[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  admin = await signInNew(t.app, t.ctx, 'admin', orgA);
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  supervisor = await signInNew(t.app, t.ctx, 'supervisor', orgA);
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  coordinatorB = await signInNew(t.app, t.ctx, 'coordinator', orgB);
  for (const provider of ['twilio', 'vonage', 'africas_talking', 'frontlinesms', 'smssync', 'generic'] as const)
    channels[provider] = await buildAlertChannel(t.ctx, orgA, provider, { replyLanguage: 'fr' });
  // The Twilio fixture's sender is a Swahili-speaking focal point.
  focalPoint = await buildFocalPoint(t.ctx, orgA, { phoneNumbers: [twilioFields().From!], languages: ['sw'] });
  const area = await t.ownerDb
    .insertInto('areas')
    .values({ code: 'ZZ6101', level: 2, level_name: 'territory', names: JSON.stringify({ en: 'Fictionalia', fr: 'Fictionalie' }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  areaId = area.id;
}, 120_000);
afterAll(async () => t?.close());

const get = (user: SignedInUser, url: string) => t.app.inject({ method: 'GET', url, headers: user.headers });
const send = (user: SignedInUser, method: 'POST' | 'PATCH', url: string, payload: unknown) => t.app.inject({ method, url, headers: user.headers, payload: payload as object });
const path = (provider: string, segment = provider) => `/api/alerts/sms/${channels[provider]!.id}/${segment}`;
const freshSid = () => `SM${randomUUID().replace(/-/g, '')}`;

function baseInput(overrides: Partial<ReceiveAlertInput> = {}): ReceiveAlertInput {
  return {
    organisationId: orgA,
    channel: 'web',
    channelId: null,
    providerMessageId: null,
    senderIdentity: null,
    focalPointId: null,
    text: 'Armed men seen near the river',
    raw: '{}',
    areaCode: null,
    location: null,
    observedAt: null,
    categories: [],
    peopleAtRisk: null,
    perpetratorType: null,
    warnings: [],
    ...overrides,
  };
}

describe('receiveAlert', () => {
  it('is idempotent on (channel, message id) and marks unknown senders', async () => {
    const input = baseInput({ channel: 'openrosa', providerMessageId: `uuid:${randomUUID()}`, senderIdentity: randomUUID(), senderKind: 'token', categories: ['abduction'], peopleAtRisk: 4 });
    const first = await t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, input));
    const again = await t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, input));
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, alert: { id: first.alert.id } });
    expect(first.alert).toMatchObject({ state: 'new', unknown_sender: true, focal_point_id: null, categories: ['abduction'], people_at_risk: 4 });
    expect(first.alert.reference).toMatch(/^A-[A-Z2-9]{6}$/);
    const events = await t.ownerDb.selectFrom('alert_events').selectAll().where('alert_id', '=', first.alert.id).execute();
    expect(events).toHaveLength(1);
  });

  it('finds the area from its code, or a P-code or exact name in the text; else leaves it to locate', async () => {
    const run = (overrides: Partial<ReceiveAlertInput>) => t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, baseInput(overrides)));
    expect((await run({ areaCode: 'zz6101' })).alert).toMatchObject({ area_id: areaId, area_source: 'code' });
    expect((await run({ text: 'Soldiers at ZZ6101 since morning' })).alert).toMatchObject({ area_id: areaId, area_source: 'text' });
    expect((await run({ text: 'Houses burning in fictionalie tonight' })).alert).toMatchObject({ area_id: areaId, area_source: 'text' });
    expect((await run({ text: 'Somewhere unknown' })).alert).toMatchObject({ area_id: null, area_source: null });
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await countAlerts();
    await expect(t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, baseInput({ location: { lat: 91, lon: 0 } })))).rejects.toMatchObject({ field: 'location.lat' });
    await expect(t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, baseInput({ peopleAtRisk: -1 })))).rejects.toMatchObject({ field: 'peopleAtRisk' });
    await expect(t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, baseInput({ categories: ['Not A Label'] })))).rejects.toMatchObject({ field: 'categories' });
    expect(await countAlerts()).toBe(before);
  });

  it('adds identifying-text warnings', async () => {
    const { alert } = await t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, baseInput({ text: 'my name is Furaha, call +243 810 000 111' })));
    expect(alert.warnings).toEqual(expect.arrayContaining(['identifying_text.name_phrase', 'identifying_text.phone_number']));
  });
});

describe('Twilio webhook', () => {
  it('accepts a signed message from a focal point and acknowledges in their language, without the text', async () => {
    const fields = { ...twilioFields(), MessageSid: freshSid() };
    const res = await postTwilio(t.app, channels.twilio!.id, fields);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toMatch(/<Response><Message>Taarifa yako imepokelewa\. Kumbukumbu A-[A-Z2-9]{6}\. Asante\.<\/Message><\/Response>/);
    expect(res.body).not.toContain('Armed men');
    const row = await t.ownerDb.selectFrom('alerts').selectAll().where('provider_message_id', '=', fields.MessageSid).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'twilio', channel_id: channels.twilio!.id, focal_point_id: focalPoint.id, unknown_sender: false, state: 'new' });
  });

  it('answers a replay with the same reference and keeps one alert', async () => {
    const fields = { ...twilioFields(), MessageSid: freshSid() };
    const first = await postTwilio(t.app, channels.twilio!.id, fields);
    const before = await countAlerts();
    const again = await postTwilio(t.app, channels.twilio!.id, fields);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(await countAlerts()).toBe(before);
  });

  it('accepts unknown senders, marked, with the channel language', async () => {
    const fields = { ...twilioFields(), MessageSid: freshSid(), From: '+15555550142' };
    const res = await postTwilio(t.app, channels.twilio!.id, fields);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Votre alerte a été reçue');
    const row = await t.ownerDb.selectFrom('alerts').select(['unknown_sender', 'focal_point_id']).where('provider_message_id', '=', fields.MessageSid).executeTakeFirstOrThrow();
    expect(row).toEqual({ unknown_sender: true, focal_point_id: null });
  });

  it('refuses a bad or missing signature, writing nothing', async () => {
    const before = await countAlerts();
    const fields = { ...twilioFields(), MessageSid: freshSid() };
    expectError(await postTwilio(t.app, channels.twilio!.id, fields, twilioSignature(injectedUrl(path('twilio')), fields, 'wrong-token-000000')), 403, { code: 'alerts.signature_invalid' });
    expectError(await postTwilio(t.app, channels.twilio!.id, { ...fields, Body: 'tampered' }, twilioSignature(injectedUrl(path('twilio')), fields)), 403);
    const unsigned = await t.app.inject({ method: 'POST', url: path('twilio'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formEncode(fields) });
    expectError(unsigned, 401, { code: 'alerts.signature_missing' });
    expect(await countAlerts()).toBe(before);
  });

  it('answers 400 naming a missing field, 413 when oversized, 400 when malformed; nothing written', async () => {
    const before = await countAlerts();
    const noBody: Record<string, string> = { ...twilioFields(), MessageSid: freshSid() };
    delete noBody.Body;
    expectError(await postTwilio(t.app, channels.twilio!.id, noBody), 400, { field: 'Body' });
    const huge = { ...twilioFields(), MessageSid: freshSid(), Body: 'x'.repeat(70_000) };
    expect((await postTwilio(t.app, channels.twilio!.id, huge)).statusCode).toBe(413);
    const repeated = `${formEncode({ ...twilioFields(), MessageSid: freshSid() })}&Body=again`;
    const res = await t.app.inject({ method: 'POST', url: path('twilio'), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' }, payload: repeated });
    expect([400, 403]).toContain(res.statusCode);
    const json = await t.app.inject({ method: 'POST', url: path('generic'), headers: { 'content-type': 'application/json' }, payload: '{"id": ' });
    expect(json.statusCode).toBe(400);
    expect(await countAlerts()).toBe(before);
  });

  it('hides unknown, disabled and other-gateway channels behind 404', async () => {
    const fields = { ...twilioFields(), MessageSid: freshSid() };
    expectError(await postTwilio(t.app, randomUUID(), fields), 404);
    expectError(await postTwilio(t.app, 'not-a-uuid', fields), 404);
    const disabled = await buildAlertChannel(t.ctx, orgA, 'twilio', { enabled: false });
    expectError(await postTwilio(t.app, disabled.id, fields), 404);
    expectError(await postTwilio(t.app, channels.generic!.id, fields), 404);
  });

  it('limits unknown senders more strictly than focal points', async () => {
    const from = '+15555550177';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postTwilio(t.app, channels.twilio!.id, { ...twilioFields(), MessageSid: freshSid(), From: from })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // The focal point's number is not limited at five.
    for (let i = 0; i < 6; i++) expect((await postTwilio(t.app, channels.twilio!.id, { ...twilioFields(), MessageSid: freshSid() })).statusCode).toBe(200);
  });
});

describe('channel configuration', () => {
  it('creates with write-only secrets, lists and updates; admins only', async () => {
    const created = await send(admin, 'POST', '/api/alerts/channels', { provider: 'twilio', name: `Twilio ${randomUUID()}`, authToken: 'a-very-secret-token-1', accountId: 'AC00000000000000000000000000000000', replyLanguage: 'sw' });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as ChannelView;
    expect(view).toMatchObject({ provider: 'twilio', authTokenSet: true, signatureSecretSet: false, replyLanguage: 'sw', webhookPath: `/api/alerts/sms/${view.id}/twilio` });
    expect(created.body).not.toContain('a-very-secret-token-1');
    const list = await get(admin, '/api/alerts/channels');
    expect(list.body).not.toContain('a-very-secret-token-1');
    expect((list.json() as { data: ChannelView[] }).data.map((c) => c.id)).toContain(view.id);
    const patched = await send(admin, 'PATCH', `/api/alerts/channels/${view.id}`, { enabled: false, authToken: 'another-secret-token-2' });
    expect(patched.json()).toMatchObject({ enabled: false, authTokenSet: true });
    const stored = await t.ownerDb.selectFrom('alert_channels').select(sql<string>`row_to_json(alert_channels)::text`.as('j')).where('id', '=', view.id).executeTakeFirstOrThrow();
    expect(stored.j).not.toContain('another-secret-token-2');
    const audit = await auditRows(t.ctx, { resourceId: view.id });
    expect(JSON.stringify(audit)).not.toContain('secret-token');
    expect((await get(coordinator, '/api/alerts/channels')).statusCode).toBe(404);
    expect((await send(supervisor, 'POST', '/api/alerts/channels', { provider: 'generic', name: 'x', signatureSecret: 'abcdefgh1' })).statusCode).toBe(404);
  });

  it('applies a channel change to the very next message: disabled is 404, a replaced token refuses the old signature', async () => {
    const created = (await send(admin, 'POST', '/api/alerts/channels', { provider: 'twilio', name: `Twilio ${randomUUID()}`, authToken: TEST_SECRETS.authToken })).json() as ChannelView;
    const message = () => ({ ...twilioFields(), MessageSid: freshSid() });
    expect((await postTwilio(t.app, created.id, message())).statusCode).toBe(200);
    expect((await send(admin, 'PATCH', `/api/alerts/channels/${created.id}`, { enabled: false })).statusCode).toBe(200);
    expectError(await postTwilio(t.app, created.id, message()), 404);
    expect((await send(admin, 'PATCH', `/api/alerts/channels/${created.id}`, { enabled: true, authToken: 'a-replaced-token-0123456789' })).statusCode).toBe(200);
    expectError(await postTwilio(t.app, created.id, message()), 403, { code: 'alerts.signature_invalid' });
    const fields = message();
    const path = `/api/alerts/sms/${created.id}/twilio`;
    expect((await postTwilio(t.app, created.id, fields, twilioSignature(injectedUrl(path), fields, 'a-replaced-token-0123456789'))).statusCode).toBe(200);
  });

  it('requires the secret the provider needs and refuses others, naming the field', async () => {
    expectError(await send(admin, 'POST', '/api/alerts/channels', { provider: 'twilio', name: `T ${randomUUID()}` }), 400, { field: 'authToken' });
    expectError(await send(admin, 'POST', '/api/alerts/channels', { provider: 'smssync', name: `S ${randomUUID()}`, sharedSecret: 'abcdefgh1', authToken: 'abcdefgh2' }), 400, { field: 'authToken' });
    expectError(await send(admin, 'PATCH', `/api/alerts/channels/${channels.generic!.id}`, { signatureSecret: null }), 400, { field: 'signatureSecret' });
    expectError(await send(admin, 'POST', '/api/alerts/channels', { provider: 'generic', name: channels.generic!.name, signatureSecret: 'abcdefgh1' }), 409, { field: 'name' });
  });
});

describe('focal points', () => {
  it('registers numbers sealed and hashed, masks them in the detail, never lists them', async () => {
    const created = await send(coordinator, 'POST', '/api/alerts/focal-points', { displayName: 'Mwangaza network lead', phoneNumbers: ['0700 000 123'], defaultCallingCode: '254', languages: ['sw', 'en'], trustLevel: 'established' });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as FocalPointView;
    expect(view.identities).toEqual([expect.objectContaining({ kind: 'phone', masked: '+254•••••••23' })]);
    expect(created.body).not.toContain('700000123');
    const list = await get(admin, '/api/alerts/focal-points?limit=100');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('700000123');
    expect(list.body).not.toContain('••');
    expectError(await send(admin, 'POST', '/api/alerts/focal-points', { displayName: 'Another', phoneNumbers: ['+254700000123'] }), 409, { field: 'phoneNumbers.0' });
    expectError(await send(admin, 'POST', '/api/alerts/focal-points', { displayName: 'Bad', phoneNumbers: ['0700 000 124'] }), 400, { field: 'phoneNumbers.0' });
    const patched = await send(admin, 'PATCH', `/api/alerts/focal-points/${view.id}`, { removeIdentityIds: [view.identities[0]!.id], addPhoneNumbers: ['+254700000124'], enabled: false });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, identities: [{ masked: '+254•••••••24' }] });
    expect((await get(supervisor, '/api/alerts/focal-points')).statusCode).toBe(404);
    expect((await get(coordinatorB, `/api/alerts/focal-points/${view.id}`)).statusCode).toBe(404);
  });

  it('ties an alerts.intake token to a focal point, so submissions with it are theirs', async () => {
    const token = await mintToken(t.app, admin);
    const created = await send(coordinator, 'POST', '/api/alerts/focal-points', { displayName: 'Collect phone holder', tokenIds: [token.id], languages: ['fr'] });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as FocalPointView;
    expect(view.identities).toEqual([expect.objectContaining({ kind: 'token', masked: `token …${token.id.slice(-4)}` })]);
    const input = baseInput({ channel: 'openrosa', providerMessageId: `uuid:${randomUUID()}`, senderIdentity: token.id, senderKind: 'token' });
    const { alert } = await t.ctx.db.transaction().execute((trx) => receiveAlert(t.ctx, trx, input));
    expect(alert).toMatchObject({ focal_point_id: view.id, unknown_sender: false });
    expectError(await send(admin, 'POST', '/api/alerts/focal-points', { displayName: 'Thief', tokenIds: [token.id] }), 409, { field: 'tokenIds.0' });
    expectError(await send(admin, 'POST', '/api/alerts/focal-points', { displayName: 'Nobody', tokenIds: [randomUUID()] }), 400, { field: 'tokenIds.0' });
  });

  it('counts the alerts a focal point sent', async () => {
    const res = await get(coordinator, `/api/alerts/focal-points/${focalPoint.id}`);
    const view = res.json() as FocalPointSummary;
    expect(view.alertsSent).toBeGreaterThan(0);
    expect(view).toMatchObject({ alertsVerified: 0, verifiedShare: 0 });
  });
});

describe('the alert list', () => {
  it('shows coordinators and supervisors their organisation’s alerts, newest first, paged, filtered', async () => {
    const seen: AlertSummary[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(coordinator, `/api/alerts?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { data: AlertSummary[]; nextCursor: string | null };
      seen.push(...body.data);
      cursor = body.nextCursor;
    } while (cursor);
    const total = Number((await sql<{ n: number }>`select count(*)::int as n from alerts where organisation_id = ${orgA}`.execute(t.ownerDb)).rows[0]!.n);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((a) => a.id)).size).toBe(total);
    const times = seen.map((a) => a.receivedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(seen)).not.toContain('Armed men');
    const unknown = (await get(supervisor, '/api/alerts?unknownSender=true&channel=twilio&limit=100')).json() as { data: AlertSummary[] };
    expect(unknown.data.length).toBeGreaterThan(0);
    expect(unknown.data.every((a) => a.unknownSender && a.channel === 'twilio')).toBe(true);
    expect((await get(coordinatorB, '/api/alerts')).json()).toMatchObject({ data: [] });
    expect((await get(worker, '/api/alerts')).statusCode).toBe(404);
    expect((await get(admin, '/api/alerts')).statusCode).toBe(404);
    expectError(await get(coordinator, '/api/alerts?cursor=zzz'), 400, { field: 'query.cursor' });
    expectError(await get(coordinator, '/api/alerts?state=open'), 400, { field: 'query.state' });
  });

  it('opens one alert’s text, audited', async () => {
    const fields = { ...twilioFields(), MessageSid: freshSid(), Body: 'Trucks at the ZZ6101 bridge' };
    await postTwilio(t.app, channels.twilio!.id, fields);
    const row = await t.ownerDb.selectFrom('alerts').select('id').where('provider_message_id', '=', fields.MessageSid).executeTakeFirstOrThrow();
    const res = await get(coordinator, `/api/alerts/${row.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json() as AlertView).toMatchObject({ text: 'Trucks at the ZZ6101 bridge', areaId, areaSource: 'text', events: [{ fromState: null, toState: 'new' }] });
    expect(await auditRows(t.ctx, { action: 'alert.read', resourceId: row.id })).toHaveLength(1);
    expect((await get(coordinatorB, `/api/alerts/${row.id}`)).statusCode).toBe(404);
  });
});

describe('canary', () => {
  it('a sender number and text never appear in clear in the tables, the audit trail or the logs', async () => {
    const lines: string[] = [];
    const logged = await buildApp(t.ctx, { logger: { level: 'trace', redact: LOG_REDACT, stream: { write: (line: string) => void lines.push(line) } } });
    await logged.ready();
    try {
      const phone = '+15555550199';
      const digits = '5555550199';
      const text = `CANARY-alert-${randomUUID().slice(0, 8)}`;
      const url = path('twilio');
      const fields = { ...twilioFields(), MessageSid: freshSid(), From: phone, Body: text };
      const res = await logged.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(injectedUrl(url), fields) }, payload: formEncode(fields) });
      expect(res.statusCode, res.body).toBe(200);
      const bad = await logged.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' }, payload: formEncode({ ...fields, MessageSid: freshSid() }) });
      expect(bad.statusCode).toBe(403);
      const fp = await send(admin, 'POST', '/api/alerts/focal-points', { displayName: 'Canary holder', phoneNumbers: ['+15555550198'] });
      expect(fp.statusCode).toBe(201);
      for (const table of [...TABLES, 'audit_log'] as const) {
        const rows = await sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(table)} x`.execute(t.ownerDb);
        const all = rows.rows.map((r) => r.j).join('\n');
        expect(all, table).not.toContain(digits);
        expect(all, table).not.toContain('5555550198');
        expect(all, table).not.toContain(text);
      }
      const log = lines.join('');
      expect(log.length).toBeGreaterThan(0);
      expect(log).not.toContain(digits);
      expect(log).not.toContain(text);
    } finally {
      await logged.close();
    }
  });
});
