/**
 * Response settings through HTTP (issue 4 part 4): the channels a coordinator may choose to
 * send through without channel administration, and on-call numbers kept by id (shown masked,
 * never sent back in clear; MIN-2, STO-1, AUD-1).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundChannelChoices, SettingsView } from '../../../core/schemas/alert-response';
import { alertResponseSettingsOnCallPhones } from '../../platform/crypto/columns';
import { auditRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildAlertChannel } from '../../test/factories-alerts';
import { createTestApp, type TestApp } from '../../test/runtime';
import { onCallPhonesOf } from './response-settings';
import * as responseStore from './response-store';

let t: TestApp;
let orgA: string;
let orgB: string;
let coordinator: SignedInUser;
let admin: SignedInUser;
let worker: SignedInUser;
let otherCoordinator: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  admin = await signInNew(t.app, t.ctx, 'admin', orgA);
  worker = await signInNew(t.app, t.ctx, 'case_worker', orgA);
  otherCoordinator = await signInNew(t.app, t.ctx, 'coordinator', orgB);
}, 120_000);
afterAll(async () => t?.close());

const inject = (user: SignedInUser, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const putSettings = (user: SignedInUser, body: unknown) => inject(user, 'PUT', '/api/alerts/response-settings', body);
const readSettings = async (user: SignedInUser) => {
  const res = await inject(user, 'GET', '/api/alerts/response-settings');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SettingsView;
};
const storedRow = async (organisationId: string) =>
  (await sql<{ row: string }>`select (s.*)::text as row from alert_response_settings s where organisation_id = ${organisationId}`.execute(t.ownerDb)).rows[0]?.row ?? '';

describe('channels to send through', () => {
  it('lets a coordinator without channel administration list names, gateway, state and whether each can send', async () => {
    const smssync = await buildAlertChannel(t.ctx, orgA, 'smssync');
    const twilio = await buildAlertChannel(t.ctx, orgA, 'twilio', { accountId: 'AC0123456789abcdef0123456789abcdef' });
    const stopped = await buildAlertChannel(t.ctx, orgA, 'smssync', { enabled: false });
    const foreign = await buildAlertChannel(t.ctx, orgB, 'smssync');

    // The channel configuration stays the administrators' (alerts.configure).
    expectError(await t.app.inject({ method: 'GET', url: '/api/alerts/channels', headers: coordinator.headers }), 404);
    const res = await inject(coordinator, 'GET', '/api/alerts/response-settings/channels');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const { data } = res.json() as OutboundChannelChoices;
    const byId = new Map(data.map((c) => [c.id, c]));
    expect(byId.get(smssync.id)).toEqual({ id: smssync.id, name: smssync.name, provider: 'smssync', enabled: true, canSend: true });
    expect(byId.get(twilio.id)).toMatchObject({ provider: 'twilio', enabled: true, canSend: false });
    expect(byId.get(stopped.id)).toMatchObject({ enabled: false, canSend: false });
    expect(byId.has(foreign.id)).toBe(false);
    expect(res.body).not.toContain('webhook');
    expect(res.body).not.toContain('AC0123456789');

    // Once the administrator sets the sender, the coordinator sees it can send.
    const outbound = await inject(admin, 'PUT', `/api/alerts/channels/${twilio.id}/outbound`, { senderId: '+15550100100' });
    expect(outbound.statusCode, outbound.body).toBe(200);
    const again = (await inject(coordinator, 'GET', '/api/alerts/response-settings/channels')).json() as OutboundChannelChoices;
    expect(again.data.find((c) => c.id === twilio.id)?.canSend).toBe(true);
  });

  it('keeps the channel already chosen when it can no longer send, so the numbers can still change', async () => {
    const org = (await buildOrganisation(t.ctx)).id;
    const officer = await signInNew(t.app, t.ctx, 'coordinator', org);
    const orgAdmin = await signInNew(t.app, t.ctx, 'admin', org);
    const smssync = await buildAlertChannel(t.ctx, org, 'smssync');
    expect((await putSettings(officer, { outboundChannelId: smssync.id, onCallPhones: [] })).statusCode).toBe(200);
    const stopped = await t.app.inject({ method: 'PATCH', url: `/api/alerts/channels/${smssync.id}`, headers: orgAdmin.headers, payload: { enabled: false } });
    expect(stopped.statusCode, stopped.body).toBe(200);
    const res = await putSettings(officer, { outboundChannelId: smssync.id, onCallPhones: ['+15550100241'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outboundChannelId: smssync.id, onCallPhones: [{ masked: '+155••••••41' }] });
    // Choosing it anew is refused while it cannot send.
    expect((await putSettings(officer, { outboundChannelId: null, onCallPhones: [] })).statusCode).toBe(200);
    expectError(await putSettings(officer, { outboundChannelId: smssync.id, onCallPhones: [] }), 400, { code: 'alerts.outbound_channel_cannot_send', field: 'outboundChannelId' });
  });

  it('answers 404 to those who do not set response settings', async () => {
    expectError(await inject(worker, 'GET', '/api/alerts/response-settings/channels'), 404);
    expectError(await t.app.inject({ method: 'GET', url: '/api/alerts/response-settings/channels' }), 401);
  });
});

describe('on-call numbers', () => {
  it('shows each number masked with an id, keeps numbers by id, adds new ones and removes the rest', async () => {
    const first = await putSettings(coordinator, { outboundChannelId: null, onCallPhones: ['+15550100201', '+15550100202', '+15550100201'] });
    expect(first.statusCode, first.body).toBe(200);
    const saved = (first.json() as SettingsView).onCallPhones;
    expect(saved.map((p) => p.masked)).toEqual(['+155••••••01', '+155••••••02']);

    const read = await readSettings(coordinator);
    expect(read.onCallPhones).toEqual(saved);
    const [one, two] = read.onCallPhones;

    // Keep the second by id, add a new one, drop the first: no number travels in clear.
    const second = await putSettings(coordinator, { outboundChannelId: null, onCallPhones: [{ id: two!.id }, '+15550100203'] });
    expect(second.statusCode, second.body).toBe(200);
    const after = (second.json() as SettingsView).onCallPhones;
    expect(after).toEqual([{ id: two!.id, masked: '+155••••••02' }, { id: expect.any(String), masked: '+155••••••03' }]);
    expect(after.some((p) => p.id === one!.id)).toBe(false);
    expect(await readSettings(coordinator)).toMatchObject({ onCallPhones: after });

    // The escalation job reads the numbers themselves.
    const row = await responseStore.findSettings(t.ownerDb, orgA);
    expect(await onCallPhonesOf(t.ctx, t.ownerDb, row)).toEqual(['+15550100202', '+15550100203']);
    expect(await storedRow(orgA)).not.toContain('0100202');

    const updates = (await auditRows(t.ctx, { action: 'alert_response_settings.update' })).map((r) => r.details);
    expect(updates).toContainEqual(expect.objectContaining({ onCallPhones: 2, kept: 1, added: 1, removed: 1 }));
    expect(JSON.stringify(updates)).not.toContain('0100202');
    expect((await auditRows(t.ctx, { action: 'alert_response_settings.read' })).length).toBeGreaterThan(0);
  });

  it('answers 409 naming the place of a number someone removed meanwhile, and changes nothing', async () => {
    const org = (await buildOrganisation(t.ctx)).id;
    const officer = await signInNew(t.app, t.ctx, 'coordinator', org);
    const set = (await putSettings(officer, { outboundChannelId: null, onCallPhones: ['+15550100211'] })).json() as SettingsView;
    const before = await storedRow(org);
    const stale = await putSettings(officer, { outboundChannelId: null, onCallPhones: [{ id: set.onCallPhones[0]!.id }, { id: crypto.randomUUID() }] });
    expectError(stale, 409, { code: 'alerts.on_call_phone_gone', field: 'onCallPhones.1' });
    expect(await storedRow(org)).toBe(before);
  });

  it('refuses a malformed entry or too many numbers by field', async () => {
    expectError(await putSettings(coordinator, { outboundChannelId: null, onCallPhones: [{ id: 'not-an-id' }] }), 400, { field: 'body.onCallPhones.0.id' });
    expectError(await putSettings(coordinator, { outboundChannelId: null, onCallPhones: [{ phone: '+15550100221' }] }), 400, { field: 'body.onCallPhones.0' });
    expectError(await putSettings(coordinator, { outboundChannelId: null, onCallPhones: ['0812345678'] }), 400, { field: 'body.onCallPhones.0' });
    const eleven = Array.from({ length: 11 }, (_, i) => `+1555010030${String(i).padStart(2, '0')}`);
    expectError(await putSettings(coordinator, { outboundChannelId: null, onCallPhones: eleven }), 400, { field: 'body.onCallPhones' });
  });

  it('reads a list sealed before numbers had ids, and keeps its numbers by the ids it shows', async () => {
    const org = (await buildOrganisation(t.ctx)).id;
    const officer = await signInNew(t.app, t.ctx, 'coordinator', org);
    const sealed = await alertResponseSettingsOnCallPhones.seal(t.ctx.cipher, t.ownerDb, org, org, JSON.stringify(['+15550100231', '+15550100232']));
    await responseStore.upsertSettings(t.ownerDb, { organisation_id: org, outbound_channel_id: null, on_call_phones_sealed: sealed, updated_by: officer.id });
    const read = await readSettings(officer);
    expect(read.onCallPhones.map((p) => p.masked)).toEqual(['+155••••••31', '+155••••••32']);
    expect((await readSettings(officer)).onCallPhones).toEqual(read.onCallPhones);
    const kept = await putSettings(officer, { outboundChannelId: null, onCallPhones: [{ id: read.onCallPhones[1]!.id }] });
    expect(kept.statusCode, kept.body).toBe(200);
    expect((kept.json() as SettingsView).onCallPhones.map((p) => p.masked)).toEqual(['+155••••••32']);
    expect(await onCallPhonesOf(t.ctx, t.ownerDb, await responseStore.findSettings(t.ownerDb, org))).toEqual(['+15550100232']);
  });

  it('keeps each organisation to its own numbers', async () => {
    const mine = await readSettings(coordinator);
    expect(mine.onCallPhones.length).toBeGreaterThan(0);
    const res = await putSettings(otherCoordinator, { outboundChannelId: null, onCallPhones: [{ id: mine.onCallPhones[0]!.id }] });
    expectError(res, 409, { field: 'onCallPhones.0' });
  });
});
