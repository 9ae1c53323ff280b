/** Response-time figures through HTTP (issue 4 part 5): medians, 90th percentiles, shares within target. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertMetrics } from '../../../core/schemas/alert-views';
import { expectError, signInNew } from '../../test/authz/helpers';
import { buildAreaTree, buildViewAlert, type AreaTree } from '../../test/factories-alert-views';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let coordinator: SignedInUser;
let analyst: SignedInUser;
let worker: SignedInUser;
let areas: AreaTree;

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const PERIOD = 'from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z';

beforeAll(async () => {
  t = await createTestApp();
  const org = (await buildOrganisation(t.ctx)).id;
  const other = (await buildOrganisation(t.ctx)).id;
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', org);
  analyst = await signInNew(t.app, t.ctx, 'analyst', org);
  worker = await signInNew(t.app, t.ctx, 'case_worker', org);
  areas = await buildAreaTree(t);
  // The organisation's own target for high severity (acknowledge in 10 minutes, not the default 30).
  await t.ownerDb.insertInto('alert_response_targets').values({ organisation_id: org, severity: 'high', acknowledge_minutes: 10, verify_minutes: 100, respond_minutes: 700 }).execute();
  const a1 = '2026-03-02T08:00:00.000Z';
  const a2 = '2026-03-03T08:00:00.000Z';
  const a3 = '2026-03-10T08:00:00.000Z';
  const a4 = '2026-03-11T08:00:00.000Z';
  const a5 = '2026-04-01T08:00:00.000Z';
  // 1. critical (15/60/240): acknowledged in 10, verified in 50, responded in 300.
  await buildViewAlert(t, { organisationId: org, areaCode: areas.p1.code, severity: 'critical', state: 'closed', receivedAt: a1, acknowledgedAt: plus(a1, 10), verifiedAt: plus(a1, 50), respondedAt: plus(a1, 300) });
  // 2. critical: acknowledged in 20, verified in 70, no response yet (still open: its 240 passed).
  await buildViewAlert(t, { organisationId: org, areaCode: areas.p2.code, severity: 'critical', state: 'verified', receivedAt: a2, acknowledgedAt: plus(a2, 20), verifiedAt: plus(a2, 70) });
  // 3. no severity, judged as medium (60/480/1440): acknowledged in 30, then nothing.
  await buildViewAlert(t, { organisationId: org, areaCode: areas.q1.code, severity: null, state: 'acknowledged', receivedAt: a3, acknowledgedAt: plus(a3, 30) });
  // 4. high, the organisation's 10 minutes: acknowledged in 12; dismissed, so never judged on verify or respond.
  await buildViewAlert(t, { organisationId: org, areaCode: areas.p1.code, severity: 'high', state: 'dismissed', receivedAt: a4, acknowledgedAt: plus(a4, 12) });
  // 5. low, not located, never acknowledged, still new.
  await buildViewAlert(t, { organisationId: org, areaCode: null, severity: 'low', state: 'new', receivedAt: a5 });
  // Received five minutes ago: no clock has passed its target; not judged yet.
  await buildViewAlert(t, { organisationId: org, areaCode: areas.p.code, severity: 'medium', state: 'new', receivedAt: plus(new Date().toISOString(), -5) });
  // Another organisation's alert in the same period and area: never counted.
  await buildViewAlert(t, { organisationId: other, areaCode: areas.p1.code, severity: 'critical', state: 'closed', receivedAt: a1, acknowledgedAt: plus(a1, 1) });
}, 180_000);
afterAll(async () => t?.close());

const get = (user: SignedInUser, url: string) => t.app.inject({ method: 'GET', url, headers: user.headers });
async function metrics(user: SignedInUser, query: string): Promise<AlertMetrics> {
  const res = await get(user, `/api/alerts/metrics?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AlertMetrics;
}

describe('GET /api/alerts/metrics', () => {
  it('computes medians and 90th percentiles of the stopped clocks, and shares within each alert’s target', async () => {
    const body = await metrics(coordinator, `${PERIOD}&groupBy=area&level=1`);
    expect(body.total).toEqual({
      alerts: 5,
      acknowledged: 4,
      verified: 2,
      responded: 1,
      // 10, 12, 20, 30: median 16; p90 at rank 2.7 = 20 + 0.7 × 10.
      timeToAcknowledge: { medianMinutes: 16, p90Minutes: 27 },
      // 50, 70: median 60; p90 = 50 + 0.9 × 20.
      timeToVerify: { medianMinutes: 60, p90Minutes: 68 },
      timeToRespond: { medianMinutes: 300, p90Minutes: 300 },
      // Acknowledge: met by 1 (10 <= 15) and 3 (30 <= 60); missed by 2, 4 (12 > 10) and 5 (still new): 2 of 5.
      // Verify: met by 1; missed by 2 (70 > 60), 3 and 5 (open past target); 4 dismissed, not judged: 1 of 4.
      // Respond: 1 late (300 > 240), 2, 3, 5 open past target; 4 not judged: 0 of 4.
      withinTarget: { acknowledge: 0.4, verify: 0.25, respond: 0 },
      suppressed: false,
    });
    expect(body.smallCells).toBeNull();
    const byKey = Object.fromEntries(body.rows.map((r) => [r.key ?? 'none', r]));
    expect(Object.keys(byKey).sort()).toEqual([areas.p.id, areas.q.id, 'none'].sort());
    // Province P: alerts 1, 2 and 4 (in its zones): 10, 12, 20 -> median 12, p90 at rank 1.8 = 12 + 0.8 × 8.
    expect(byKey[areas.p.id]).toMatchObject({ code: areas.p.code, alerts: 3, timeToAcknowledge: { medianMinutes: 12, p90Minutes: 18.4 }, withinTarget: { acknowledge: 1 / 3, verify: 0.5, respond: 0 } });
    expect(byKey[areas.q.id]).toMatchObject({ code: areas.q.code, alerts: 1, withinTarget: { acknowledge: 1, verify: 0, respond: 0 } });
    expect(byKey.none).toMatchObject({ key: null, alerts: 1, acknowledged: 0, timeToAcknowledge: { medianMinutes: null, p90Minutes: null }, withinTarget: { acknowledge: 0 } });
    expect(body.targets).toContainEqual({ severity: 'high', acknowledgeMinutes: 10, verifyMinutes: 100, respondMinutes: 700 });
    expect(body.targets).toContainEqual({ severity: 'critical', acknowledgeMinutes: 15, verifyMinutes: 60, respondMinutes: 240 });
  });

  it('groups by zone, by week (from Monday) and by month, and filters by area and severity', async () => {
    const zones = await metrics(coordinator, `${PERIOD}&level=2`);
    expect(Object.fromEntries(zones.rows.map((r) => [r.code ?? 'none', r.alerts]))).toEqual({ [areas.p1.code]: 2, [areas.p2.code]: 1, [areas.q1.code]: 1, none: 1 });
    const weeks = await metrics(coordinator, `${PERIOD}&groupBy=week`);
    expect(weeks.rows.map((r) => [r.key, r.alerts])).toEqual([['2026-03-02', 2], ['2026-03-09', 2], ['2026-03-30', 1]]);
    expect(weeks.level).toBeNull();
    expect(weeks.rows[0]).not.toHaveProperty('code');
    const months = await metrics(coordinator, `${PERIOD}&groupBy=month`);
    expect(months.rows.map((r) => [r.key, r.alerts])).toEqual([['2026-03-01', 4], ['2026-04-01', 1]]);
    // AGG-2: five alerts, each month below 11: an analyst sees no figure at all.
    const withheld = await metrics(analyst, `${PERIOD}&groupBy=month`);
    expect(withheld.rows.map((r) => [r.key, r.alerts, r.suppressed])).toEqual([['2026-03-01', null, true], ['2026-04-01', null, true]]);
    expect(withheld.total).toMatchObject({ alerts: null, suppressed: true, timeToAcknowledge: { medianMinutes: null } });
    expect(withheld.smallCells).toEqual({ threshold: 11, withheld: 3 });
    const critical = await metrics(coordinator, `${PERIOD}&groupBy=month&severity=critical&areaId=${areas.p.id}`);
    expect(critical.total).toMatchObject({ alerts: 2, timeToAcknowledge: { medianMinutes: 15 } });
    const unrated = await metrics(coordinator, `${PERIOD}&severity=none`);
    expect(unrated.total.alerts).toBe(1);
  });

  it('covers the last 30 days by default, where a fresh alert is not judged yet', async () => {
    const body = await metrics(coordinator, 'groupBy=month');
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(30 * 86_400_000);
    expect(body.total).toMatchObject({ alerts: 1, withinTarget: { acknowledge: null, verify: null, respond: null } });
  });

  it('answers 404 to roles without the views, 400 naming a bad field', async () => {
    expectError(await get(worker, '/api/alerts/metrics'), 404);
    const cases: [string, string][] = [
      ['groupBy=day', 'query.groupBy'],
      ['level=0', 'query.level'],
      ['from=march', 'query.from'],
      ['from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z', 'query.to'],
      ['severity=severe', 'query.severity'],
      ['areaId=somewhere', 'query.areaId'],
    ];
    for (const [query, field] of cases) expectError(await get(coordinator, `/api/alerts/metrics?${query}`), 400, { field });
  });
});
