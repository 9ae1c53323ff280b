/** Alerts sent by web form and hotline operators, and "my recent alerts" (issue 4 part 1), through HTTP. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyAlertReport, ReportAlertResponse } from '../../../core/schemas/alert-reports';
import { auditRows, expectDeniedAudit, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';
import { receiveAlert } from './service';

let t: TestApp;
let orgA: string;
let orgB: string;
let focal: SignedInUser;
let focal2: SignedInUser;
let hotline: SignedInUser;
let coordinator: SignedInUser;
let analyst: SignedInUser;
let viewer: SignedInUser;
let coordinatorB: SignedInUser;
let areaId: string;
const AREA_CODE = 'ZZ7101';

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  focal = await signInNew(t.app, t.ctx, 'focal_point', orgA);
  focal2 = await signInNew(t.app, t.ctx, 'focal_point', orgA);
  hotline = await signInNew(t.app, t.ctx, 'hotline_operator', orgA);
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  analyst = await signInNew(t.app, t.ctx, 'analyst', orgA);
  viewer = await signInNew(t.app, t.ctx, 'viewer', orgA);
  coordinatorB = await signInNew(t.app, t.ctx, 'coordinator', orgB);
  const area = await t.ownerDb
    .insertInto('areas')
    .values({ code: AREA_CODE, level: 2, level_name: 'territory', names: JSON.stringify({ en: 'Fictional Reportland' }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  areaId = area.id;
}, 120_000);
afterAll(async () => t?.close());

const report = (user: SignedInUser, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/alerts/reports', headers: user.headers, payload });
const mine = (user: SignedInUser, query = '') => t.app.inject({ method: 'GET', url: `/api/alerts/reports/mine${query}`, headers: user.headers });
const form = (overrides: Record<string, unknown> = {}) => ({
  via: 'web',
  idempotencyKey: randomUUID(),
  text: 'Armed men seen crossing the river towards the market at dawn',
  ...overrides,
});
const counts = async () => {
  const { rows } = await sql<{ alerts: number; events: number; reports: number }>`
    select (select count(*)::int from alerts) as alerts, (select count(*)::int from alert_events) as events,
           (select count(*)::int from audit_log where action = 'alert.report') as reports`.execute(t.ownerDb);
  return rows[0]!;
};
const alertRow = (id: string) => t.ownerDb.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('POST /api/alerts/reports', () => {
  it('takes a focal point’s web alert through the one intake door: sealed, placed, marked as theirs (AUD-1, STO-1)', async () => {
    const observedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const res = await report(focal, form({ areaCode: AREA_CODE.toLowerCase(), observedAt, categories: ['attack_on_civilians', 'looting'], peopleAtRisk: 40, perpetratorType: 'non_state_armed_group', location: { lat: -1.6789, lon: 29.2345, accuracy: 25 } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { alert, warnings } = res.json() as ReportAlertResponse;
    expect(warnings).toEqual([]);
    expect(alert).toMatchObject({ channel: 'web', channelId: null, state: 'new', areaId, areaSource: 'code', unknownSender: false, focalPointId: null, hasLocation: true, categories: ['attack_on_civilians', 'looting'], peopleAtRisk: 40, perpetratorType: 'non_state_armed_group', observedAt });
    expect(alert.reference).toMatch(/^A-[A-Z2-9]{6}$/);
    expect(alert).not.toHaveProperty('text');

    const row = await alertRow(alert.id);
    expect(row.organisation_id).toBe(orgA);
    expect(row.sender_hash).toBeNull();
    expect(row.sender_sealed).toBeNull();
    expect(Buffer.from(row.text_sealed!).toString('utf8')).not.toContain('Armed men');
    const events = await t.ownerDb.selectFrom('alert_events').selectAll().where('alert_id', '=', alert.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'state', from_state: null, to_state: 'new', actor_user_id: focal.id });

    const [audit] = await auditRows(t.ctx, { action: 'alert.report', resourceId: alert.id });
    expect(audit).toMatchObject({ actor_user_id: focal.id, organisation_id: orgA, outcome: 'success' });
    expect(audit!.details).toEqual({ via: 'web', areaGiven: true, locationGiven: true, warnings: [] });
    expect(JSON.stringify(audit!.details)).not.toContain('Armed');
    expect(await auditRows(t.ctx, { action: 'alert.receive', resourceId: alert.id })).toHaveLength(1);
  });

  it('answers a replay of the idempotency key with the same alert, 200, writing nothing (REL-2)', async () => {
    const body = form();
    const first = await report(focal, body);
    expect(first.statusCode).toBe(201);
    const before = await counts();
    for (let i = 0; i < 3; i++) {
      const again = await report(focal, body);
      expect(again.statusCode).toBe(200);
      expect((again.json() as ReportAlertResponse).alert.id).toBe((first.json() as ReportAlertResponse).alert.id);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses another user’s idempotency key (409) instead of showing their alert', async () => {
    const body = form();
    expect((await report(focal, body)).statusCode).toBe(201);
    const before = await counts();
    const res = await report(focal2, body);
    expectError(res, 409, { code: 'alerts.idempotency_key_reused', field: 'idempotencyKey' });
    expect(res.body).not.toContain('reference');
    expect(await counts()).toEqual(before);
  });

  it('warns when the text looks like it carries a phone number or a name, and still takes the alert', async () => {
    const text = 'Call my neighbour on +1 555 010 0142, my name is Furaha';
    const res = await report(focal, form({ text }));
    expect(res.statusCode).toBe(201);
    const { alert, warnings } = res.json() as ReportAlertResponse;
    const reasons = warnings.map((w) => w.reason);
    expect(reasons).toEqual(expect.arrayContaining(['phone_number', 'name_phrase']));
    const phone = warnings.find((w) => w.reason === 'phone_number')!;
    expect(text.slice(phone.index, phone.index + phone.length)).toContain('555 010 0142');
    expect(alert.warnings).toEqual(expect.arrayContaining(['identifying_text.phone_number', 'identifying_text.name_phrase']));
    const [audit] = await auditRows(t.ctx, { action: 'alert.report', resourceId: alert.id });
    expect(JSON.stringify(audit!.details)).not.toContain('555');
  });

  it('lets hotline operators send via hotline, and only them', async () => {
    const ok = await report(hotline, form({ via: 'hotline', areaId }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect((ok.json() as ReportAlertResponse).alert).toMatchObject({ channel: 'hotline', areaId, unknownSender: false });
    const before = await counts();
    expectError(await report(coordinator, form({ via: 'hotline' })), 403, { code: 'alerts.via_hotline_forbidden' });
    expectError(await report(focal, form({ via: 'hotline' })), 403, { code: 'alerts.via_hotline_forbidden' });
    expect(await counts()).toEqual(before);
    expect((await report(coordinator, form())).statusCode).toBe(201);
  });

  it('refuses roles without alerts.report as if nothing were there, and audits the refusal', async () => {
    const before = await counts();
    for (const user of [analyst, viewer]) {
      const res = await report(user, form());
      expectError(res, 404);
      await expectDeniedAudit(t.ctx, res);
    }
    expect(await counts()).toEqual(before);
    expect((await t.app.inject({ method: 'POST', url: '/api/alerts/reports', payload: form() })).statusCode).toBe(401);
  });

  it('names the field of every bad input and writes nothing (REL-4)', async () => {
    const before = await counts();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ via: 'sms' }, 'body.via'],
      [{ idempotencyKey: 'not-a-uuid' }, 'body.idempotencyKey'],
      [{ text: '   ' }, 'body.text'],
      [{ text: 'x'.repeat(2001) }, 'body.text'],
      [{ text: 'a\u0000b' }, 'body.text'],
      [{ areaId: 'nowhere' }, 'body.areaId'],
      [{ areaCode: '12 34' }, 'body.areaCode'],
      [{ areaId, areaCode: AREA_CODE }, 'body.areaCode'],
      [{ location: { lat: 91, lon: 0 } }, 'body.location.lat'],
      [{ location: { lat: 0, lon: 181 } }, 'body.location.lon'],
      [{ location: { lat: 0, lon: 0, accuracy: -1 } }, 'body.location.accuracy'],
      [{ location: { lat: 0, lon: 0, altitude: 3 } }, 'body.location'],
      [{ observedAt: future }, 'body.observedAt'],
      [{ observedAt: 'yesterday' }, 'body.observedAt'],
      [{ categories: ['riot'] }, 'body.categories.0'],
      [{ categories: ['looting', 'looting'] }, 'body.categories'],
      [{ peopleAtRisk: 100_001 }, 'body.peopleAtRisk'],
      [{ peopleAtRisk: 2.5 }, 'body.peopleAtRisk'],
      [{ perpetratorType: 'aliens' }, 'body.perpetratorType'],
      [{ senderPhone: '+15555550100' }, 'body'],
    ];
    for (const [overrides, field] of cases) {
      const res = await report(focal, form(overrides));
      expect(res.statusCode, `${JSON.stringify(overrides)} -> ${res.body}`).toBe(400);
      expect((res.json() as { error: { field?: string } }).error.field, JSON.stringify(overrides)).toBe(field);
    }
    expectError(await report(focal, form({ areaId: randomUUID() })), 400, { code: 'alerts.area_unknown', field: 'areaId' });
    expectError(await report(focal, form({ areaCode: 'ZZ0000000' })), 400, { code: 'alerts.area_unknown', field: 'areaCode' });
    const missing = form() as Record<string, unknown>;
    delete missing.text;
    expectError(await report(focal, missing), 400, { field: 'body.text' });
    const huge = await t.app.inject({ method: 'POST', url: '/api/alerts/reports', headers: { ...focal.headers, 'content-type': 'application/json' }, payload: JSON.stringify(form({ text: 'y'.repeat(40_000) })) });
    expect(huge.statusCode).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it('takes an area of any organisation’s map: areas are shared', async () => {
    const res = await report(coordinatorB, form({ areaId }));
    expect(res.statusCode).toBe(201);
    expect((res.json() as ReportAlertResponse).alert.areaId).toBe(areaId);
    expect((await alertRow((res.json() as ReportAlertResponse).alert.id)).organisation_id).toBe(orgB);
  });
});

describe('GET /api/alerts/reports/mine', () => {
  it('lists only the caller’s own form alerts, newest first, in pages, with no text', async () => {
    const reporter = await signInNew(t.app, t.ctx, 'focal_point', orgA);
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) sent.push((((await report(reporter, form({ categories: ['displacement'] }))).json()) as ReportAlertResponse).alert.id);
    await report(focal2, form());
    // An SMS alert of the same organisation has no reporter: never anyone's "mine".
    await t.ctx.db.transaction().execute((trx) =>
      receiveAlert(t.ctx, trx, { organisationId: orgA, channel: 'web', channelId: null, providerMessageId: null, senderIdentity: null, focalPointId: null, text: 'x', raw: '{}', areaCode: null, location: null, observedAt: null, categories: [], peopleAtRisk: null, perpetratorType: null, warnings: [] }),
    );

    const first = await mine(reporter, '?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { data: MyAlertReport[]; nextCursor: string | null };
    expect(page1.data.map((r) => r.id)).toEqual([sent[2], sent[1]]);
    expect(page1.data[0]).toMatchObject({ via: 'web', state: 'new', categories: ['displacement'], verifiedAt: null });
    expect(Object.keys(page1.data[0]!).sort()).toEqual(['acknowledgedAt', 'areaId', 'categories', 'closedAt', 'id', 'receivedAt', 'reference', 'respondedAt', 'state', 'verifiedAt', 'via']);
    const page2 = (await mine(reporter, `?limit=2&cursor=${page1.nextCursor}`)).json() as { data: MyAlertReport[]; nextCursor: string | null };
    expect(page2.data.map((r) => r.id)).toEqual([sent[0]]);
    expect(page2.nextCursor).toBeNull();
  });

  it('shows what became of an alert once an officer moved it on', async () => {
    const reporter = await signInNew(t.app, t.ctx, 'focal_point', orgA);
    const { alert } = (await report(reporter, form())).json() as ReportAlertResponse;
    const verifiedAt = new Date();
    await t.ownerDb.updateTable('alerts').set({ state: 'verified', acknowledged_at: verifiedAt, verified_at: verifiedAt }).where('id', '=', alert.id).execute();
    const [item] = ((await mine(reporter)).json() as { data: MyAlertReport[] }).data;
    expect(item).toMatchObject({ id: alert.id, state: 'verified', verifiedAt: verifiedAt.toISOString() });
  });

  it('refuses roles without alerts.report and bad queries', async () => {
    expectError(await mine(analyst), 404);
    expectError(await mine(focal, '?limit=0'), 400, { field: 'query.limit' });
    expectError(await mine(focal, '?cursor=garbage'), 400, { field: 'query.cursor' });
    expectError(await mine(focal, '?text=true'), 400);
  });
});
