/** Demo data of community alerts (issue 4): seeded once, every state, clocks in order, tasks, sealed text. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_STATES, type AlertSummary } from '../../core/schemas/alerts';
import type { MyAlertReport } from '../../core/schemas/alert-reports';
import { signIn } from '../test/factories';
import { createTestApp, type TestApp } from '../test/runtime';
import { ALERTS_DEMO } from './alerts';
import { DEMO_ACCOUNTS } from './catalogue';
import { seedDemo, type DemoSeedSummary } from './seed';

const sharedDataDir = path.resolve('../shared/data');
const hasSharedData = fs.existsSync(path.join(sharedDataDir, 'drc/provinces.topo.json'));

let t: TestApp;
let summary: DemoSeedSummary;
let mission: string;

beforeAll(async () => {
  t = await createTestApp();
  summary = (await seedDemo(t.ctx, { sharedDataDir }))!;
  mission = (await t.ctx.db.selectFrom('organisations').select('id').where('short_name', '=', 'FUNSM-CAS').executeTakeFirstOrThrow()).id;
}, 180_000);
afterAll(async () => t?.close());

const alerts = () => t.ownerDb.selectFrom('alerts').selectAll().where('organisation_id', '=', mission).execute();
const demoAccount = (localPart: string) => {
  const a = DEMO_ACCOUNTS.find((x) => x.localPart === localPart)!;
  return { id: '', organisationId: '', email: `${a.localPart}@demo.weft.example`, password: a.password, role: a.role };
};

describe('demo alerts', () => {
  it('seeds 300 alerts at the mission in every state, with severities, unknown senders and a locating queue', async () => {
    const rows = await alerts();
    expect(rows).toHaveLength(ALERTS_DEMO.alertCount);
    expect(summary.alerts.alerts).toBe(ALERTS_DEMO.alertCount);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(ALERT_STATES));
    expect(new Set(rows.map((r) => r.severity))).toEqual(new Set(['critical', 'high', 'medium', 'low', null]));
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['twilio', 'smssync', 'generic', 'web', 'openrosa']));
    expect(rows.filter((r) => r.unknown_sender).length).toBeGreaterThan(10);
    const focalSent = rows.filter((r) => r.focal_point_id !== null).length;
    expect(focalSent).toBeGreaterThan(150);
    const needsLocating = rows.filter((r) => r.area_id === null);
    expect(needsLocating.length).toBe(hasSharedData ? ALERTS_DEMO.unlocated : rows.length);
    expect(needsLocating.every((r) => r.state === 'new' || r.state === 'acknowledged')).toBe(true);
    if (hasSharedData) expect(rows.filter((r) => r.location_sealed !== null).length).toBeGreaterThan(50);
    // The time is reported in the summary (and the banner's total), not asserted: a shared CI core makes it noisy.
    expect(summary.alerts.seconds).toBeGreaterThan(0);
  });

  it('keeps the clocks in order and consistent with each state', async () => {
    const now = Date.now();
    const earliest = now - 61 * 24 * 3_600_000;
    for (const r of await alerts()) {
      const chain = [r.received_at, r.acknowledged_at, r.verified_at, r.responded_at, r.closed_at].filter((d): d is Date => d !== null).map((d) => d.getTime());
      expect(chain, r.reference).toEqual([...chain].sort((a, b) => a - b));
      expect(r.received_at.getTime()).toBeGreaterThan(earliest);
      expect(Math.max(...chain)).toBeLessThanOrEqual(now);
      if (r.state !== 'new') expect(r.acknowledged_at, r.state).not.toBeNull();
      if (r.state === 'new') expect([r.acknowledged_at, r.verified_at, r.closed_at]).toEqual([null, null, null]);
      if (r.state === 'verified') expect(r.verified_at).not.toBeNull();
      if (r.state === 'dismissed' || r.state === 'closed') expect(r.closed_at).not.toBeNull();
      if (r.state !== 'dismissed' && r.state !== 'closed') expect(r.closed_at).toBeNull();
    }
  });

  it('merges duplicates into live alerts of the same organisation and area', async () => {
    const rows = await alerts();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const duplicates = rows.filter((r) => r.state === 'duplicate');
    expect(duplicates.length).toBeGreaterThanOrEqual(2);
    for (const d of duplicates) {
      const into = byId.get(d.merged_into_id!)!;
      expect(into.state).not.toBe('duplicate');
      expect(into.area_id).toBe(d.area_id);
      expect(into.received_at.getTime()).toBeLessThanOrEqual(d.received_at.getTime());
    }
  });

  it('gives response tasks to the partner and to mission components, some overdue, and dates the response by the first one done', async () => {
    const partner = (await t.ctx.db.selectFrom('organisations').select('id').where('short_name', '=', 'FGPA').executeTakeFirstOrThrow()).id;
    const tasks = await t.ownerDb.selectFrom('alert_tasks').selectAll().where('organisation_id', '=', mission).execute();
    expect(tasks.length).toBe(summary.alerts.tasks);
    expect(tasks.some((k) => k.assignee_organisation_id === partner)).toBe(true);
    expect(new Set(tasks.map((k) => k.assignee_component).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
    const now = Date.now();
    const overdue = tasks.filter((k) => k.status !== 'done' && k.due_at.getTime() < now);
    expect(overdue.length).toBe(summary.alerts.overdueTasks);
    expect(overdue.length).toBeGreaterThan(0);
    const rows = await alerts();
    for (const alert of rows.filter((r) => r.responded_at !== null)) {
      const done = tasks.filter((k) => k.alert_id === alert.id && k.status === 'done').map((k) => k.completed_at!.getTime());
      expect(Math.min(...done), alert.reference).toBe(alert.responded_at!.getTime());
    }
    expect(rows.some((r) => r.escalation_level > 0 && r.escalated_at !== null)).toBe(true);
    const targets = await t.ownerDb.selectFrom('alert_response_targets').select('severity').where('organisation_id', '=', mission).execute();
    expect(targets.map((x) => x.severity).sort()).toEqual(['critical', 'high', 'low', 'medium']);
  });

  it('seals what alerts say (STO-1) and audits each alert (AUD-1)', async () => {
    const dump = JSON.stringify(await alerts());
    for (const phrase of ['Armed men', 'Hommes armés', 'Watu wenye', '+1202555']) expect(dump).not.toContain(phrase);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', (eb) => eb.fn.countAll().as('n')]).where('organisation_id', '=', mission).groupBy('action').execute();
    const byAction = Object.fromEntries(audit.map((a) => [a.action, Number(a.n)]));
    expect(byAction['alert.receive']).toBe(ALERTS_DEMO.alertCount);
    expect(byAction['alert.demo_triage']).toBe(ALERTS_DEMO.alertCount);
    expect(byAction['alert_channel.create']).toBe(3);
    expect(byAction['focal_point.create']).toBe(ALERTS_DEMO.focalPointCount);
  });

  it('lets the demo accounts work: the officer sees the queue, the focal point their own alerts', async () => {
    const officer = await signIn(t.app, demoAccount('alerts'));
    const list = await t.app.inject({ method: 'GET', url: '/api/alerts?limit=100', headers: officer.headers });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { data: AlertSummary[] }).data).toHaveLength(100);
    const focal = await signIn(t.app, demoAccount('focal'));
    const mine = await t.app.inject({ method: 'GET', url: '/api/alerts/reports/mine?limit=100', headers: focal.headers });
    expect(mine.statusCode).toBe(200);
    const webAlerts = (await alerts()).filter((r) => r.channel === 'web');
    expect((mine.json() as { data: MyAlertReport[] }).data.map((r) => r.id).sort()).toEqual(webAlerts.map((r) => r.id).sort());
    expect(summary.alerts.openRosaPath).toMatch(/^\/api\/openrosa\/v1\/key\/weft_/);
  });

  it('adds nothing when seeded again', async () => {
    const before = await t.ownerDb.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(await seedDemo(t.ctx, { sharedDataDir })).toBeNull();
    const after = await t.ownerDb.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
