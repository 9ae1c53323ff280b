/**
 * Small cells on the map and the figures for roles that see aggregates only (SECURITY AGG-2):
 * counts below 11 withheld, with complements so that totals, levels, an area's own answer or
 * two periods a minute apart give nothing back (differencing attacks; by filters and by whole
 * months: views-differencing.test.ts); alert officers see
 * every count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertMap, AlertMetrics } from '../../../core/schemas/alert-views';
import { signInNew } from '../../test/authz/helpers';
import { buildAreaTree, insertBulkAlerts, type AreaTree } from '../../test/factories-alert-views';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let org: string;
let coordinator: SignedInUser;
let analyst: SignedInUser;
let areas: AreaTree;
const DAY = '2026-04-14';

/** `count` alerts in one statement (the counting trigger sees them as intake's batches). */
async function insertAlerts(count: number, areaId: string | null, receivedAt = `${DAY}T10:00:00Z`, state = 'new'): Promise<void> {
  await insertBulkAlerts(t, { organisationId: org, count, areaId, receivedAt, state });
}

beforeAll(async () => {
  t = await createTestApp();
  org = (await buildOrganisation(t.ctx)).id;
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', org);
  analyst = await signInNew(t.app, t.ctx, 'analyst', org);
  areas = await buildAreaTree(t);
  // P.1: 40, P.2: 3, Q.1: 25, not located: 12; P itself: 0.
  await insertAlerts(40, areas.p1.id);
  await insertAlerts(3, areas.p2.id);
  await insertAlerts(25, areas.q1.id);
  await insertAlerts(12, null);
}, 180_000);
afterAll(async () => t?.close());

async function map(user: SignedInUser, query: string): Promise<AlertMap> {
  const res = await t.app.inject({ method: 'GET', url: `/api/alerts/map?from=${DAY}T00:00:00Z&to=2026-04-15T00:00:00Z&${query}`, headers: user.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AlertMap;
}
const byCode = (body: AlertMap) => Object.fromEntries(body.areas.map((a) => [a.code, a.count]));

describe('small cells (AGG-2)', () => {
  it('withholds a small zone and the zone beside it, and shows provinces, the total and the rest', async () => {
    const provinces = await map(analyst, 'level=1');
    expect(byCode(provinces)).toEqual({ [areas.p.code]: 43, [areas.q.code]: 25 });
    expect(provinces).toMatchObject({ total: 80, outside: 12, smallCells: { threshold: 11, withheld: 0 } });
    const zones = await map(analyst, 'level=2');
    expect(byCode(zones)).toEqual({ [areas.p1.code]: null, [areas.p2.code]: null, [areas.q1.code]: 25 });
    expect(zones.areas.filter((a) => a.suppressed).map((a) => a.code).sort()).toEqual([areas.p1.code, areas.p2.code].sort());
    expect(zones).toMatchObject({ total: 80, outside: 12, smallCells: { threshold: 11, withheld: 2 } });
    // Differencing: the total, the level above and the rest give P.1 + P.2 = 43, never either alone.
    expect(zones.total! - zones.outside! - 25).toBe(43);
    expect(byCode(provinces)[areas.p.code]).toBe(43);
    // An officer sees every count.
    const officer = await map(coordinator, 'level=2');
    expect(byCode(officer)).toEqual({ [areas.p1.code]: 40, [areas.p2.code]: 3, [areas.q1.code]: 25 });
    expect(officer.smallCells).toBeNull();
  });

  it('answers one area as the whole map does: its own answer withholds the same cells', async () => {
    const p = await map(analyst, `level=2&areaId=${areas.p.id}`);
    expect(byCode(p)).toEqual({ [areas.p1.code]: null, [areas.p2.code]: null });
    expect(p).toMatchObject({ total: 43, outside: 0 });
    const p2 = await map(analyst, `level=2&areaId=${areas.p2.id}`);
    expect(p2).toMatchObject({ total: null, outside: 0 });
    expect(byCode(p2)).toEqual({ [areas.p2.code]: null });
    const p2AtProvinces = await map(analyst, `level=1&areaId=${areas.p2.id}`);
    expect(byCode(p2AtProvinces)).toEqual({ [areas.p.code]: null });
    const q = await map(analyst, `level=2&areaId=${areas.q.id}`);
    expect(q).toMatchObject({ total: 25, outside: 0 });
  });

  it('counts whole months for analysts, so two periods a minute apart give the same answer', async () => {
    await insertAlerts(1, areas.q1.id, '2026-04-13T18:00:00Z');
    const before = await t.app.inject({ method: 'GET', url: '/api/alerts/map?level=2&from=2026-04-13T17:59:00Z', headers: analyst.headers });
    const after = await t.app.inject({ method: 'GET', url: '/api/alerts/map?level=2&from=2026-04-13T18:01:00Z', headers: analyst.headers });
    expect(before.json()).toEqual(after.json());
    const officerBefore = (await t.app.inject({ method: 'GET', url: '/api/alerts/map?level=2&from=2026-04-13T17:59:00Z', headers: coordinator.headers })).json() as AlertMap;
    const officerAfter = (await t.app.inject({ method: 'GET', url: '/api/alerts/map?level=2&from=2026-04-13T18:01:00Z', headers: coordinator.headers })).json() as AlertMap;
    expect(officerBefore.total! - officerAfter.total!).toBe(1);
    await t.ownerDb.deleteFrom('alerts').where('received_at', '=', new Date('2026-04-13T18:00:00Z')).where('organisation_id', '=', org).execute();
  });

  it('withholds the same groups in the figures as on the map, and their every figure', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/alerts/metrics?from=${DAY}T00:00:00Z&to=2026-04-15T00:00:00Z&level=2`, headers: analyst.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as AlertMetrics;
    const rows = Object.fromEntries(body.rows.map((r) => [r.code ?? 'none', r]));
    for (const code of [areas.p1.code, areas.p2.code]) {
      expect(rows[code]).toMatchObject({ alerts: null, acknowledged: null, suppressed: true, timeToAcknowledge: { medianMinutes: null, p90Minutes: null } });
    }
    expect(rows[areas.q1.code]).toMatchObject({ alerts: 25, suppressed: false, timeToAcknowledge: { medianMinutes: 20 } });
    expect(rows.none).toMatchObject({ alerts: 12, suppressed: false });
    expect(body.total).toMatchObject({ alerts: 80, suppressed: false });
    expect(body.smallCells).toEqual({ threshold: 11, withheld: 2 });
    // By day-aligned period: one day of 80 alerts is shown.
    const months = (await t.app.inject({ method: 'GET', url: `/api/alerts/metrics?from=${DAY}T00:00:00Z&to=2026-04-15T00:00:00Z&groupBy=month`, headers: analyst.headers })).json() as AlertMetrics;
    expect(months.rows.map((r) => [r.key, r.alerts])).toEqual([['2026-04-01', 80]]);
  });
});
