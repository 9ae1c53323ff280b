/**
 * Differencing attacks on the map and the figures by filters and by time (SECURITY AGG-2),
 * through HTTP: an analyst's counts honour area and period only, over whole UTC months, and
 * no two queries they may ask differ by a count from 1 to 10; an alert officer sees every
 * count, filtered as asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertMap, AlertMetrics } from '../../../core/schemas/alert-views';
import { expectError, signInNew } from '../../test/authz/helpers';
import { buildAreaTree, insertBulkAlerts, type AreaTree } from '../../test/factories-alert-views';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let org: string;
let coordinator: SignedInUser;
let analyst: SignedInUser;
let areas: AreaTree;
let village: string;

/** `count` alerts at one instant, in one area; `acknowledged` of them acknowledged 20 minutes later. */
async function insertAlerts(count: number, areaId: string | null, receivedAt: string, options: { acknowledged?: number; state?: string } = {}): Promise<void> {
  await insertBulkAlerts(t, { organisationId: org, count, areaId, receivedAt, ...options });
}

beforeAll(async () => {
  t = await createTestApp();
  org = (await buildOrganisation(t.ctx)).id;
  coordinator = await signInNew(t.app, t.ctx, 'coordinator', org);
  analyst = await signInNew(t.app, t.ctx, 'analyst', org);
  areas = await buildAreaTree(t);
  const row = await t.ownerDb
    .insertInto('areas')
    .values({ code: `${areas.p1.code}01`, level: 3, level_name: 'village', parent_id: areas.p1.id, names: JSON.stringify({ en: 'Fictional village' }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  village = row.id;
  // February: P.1 25 (20 acknowledged), Q.1 30. March: P.1 30, P.2 12, Q.1 24 (4 on a Sunday), 15 not located.
  // April: P.1 4, P.2 20, Q.1 25; two of Q.1's closed.
  await insertAlerts(25, areas.p1.id, '2026-02-10T09:00:00Z', { acknowledged: 20 });
  await insertAlerts(30, areas.q1.id, '2026-02-11T09:00:00Z');
  await insertAlerts(30, areas.p1.id, '2026-03-09T09:00:00Z');
  await insertAlerts(12, areas.p2.id, '2026-03-10T09:00:00Z');
  await insertAlerts(20, areas.q1.id, '2026-03-02T09:00:00Z');
  await insertAlerts(4, areas.q1.id, '2026-03-15T09:00:00Z');
  await insertAlerts(15, null, '2026-03-16T09:00:00Z');
  await insertAlerts(4, areas.p1.id, '2026-04-02T09:00:00Z');
  await insertAlerts(20, areas.p2.id, '2026-04-03T09:00:00Z');
  await insertAlerts(23, areas.q1.id, '2026-04-06T09:00:00Z');
  await insertAlerts(2, areas.q1.id, '2026-04-07T09:00:00Z', { state: 'closed' });
}, 180_000);
afterAll(async () => t?.close());

const get = (user: SignedInUser, url: string) => t.app.inject({ method: 'GET', url, headers: user.headers });
async function map(user: SignedInUser, query: string): Promise<AlertMap> {
  const res = await get(user, `/api/alerts/map?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AlertMap;
}
async function metrics(user: SignedInUser, query: string): Promise<AlertMetrics> {
  const res = await get(user, `/api/alerts/metrics?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AlertMetrics;
}
const byCode = (body: AlertMap) => Object.fromEntries(body.areas.map((a) => [a.code, a.count]));
const small = (n: number) => n > 0 && n < 11;
const MONTHS = ['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01'];

describe('differencing by filters (AGG-2)', () => {
  it('refuses an analyst any filter but area and period, naming it; an officer filters as asked', async () => {
    const cases: [string, string][] = [
      ['state=closed', 'query.state'],
      ['severity=high', 'query.severity'],
      ['channel=web', 'query.channel'],
      ['needsLocating=true', 'query.needsLocating'],
      ['assignedTo=none', 'query.assignedTo'],
      ['team=north', 'query.team'],
      ['unknownSender=true', 'query.unknownSender'],
      ['escalated=false', 'query.escalated'],
      [`areaId=${village}`, 'query.areaId'],
    ];
    for (const [query, field] of cases) {
      expectError(await get(analyst, `/api/alerts/map?level=2&${query}`), 400, { field });
      expect((await get(coordinator, `/api/alerts/map?level=2&${query}`)).statusCode).toBe(200);
    }
    expectError(await get(analyst, '/api/alerts/metrics?severity=high'), 400, { field: 'query.severity' });
    expectError(await get(analyst, `/api/alerts/metrics?areaId=${village}`), 400, { field: 'query.areaId' });
    // Closed alerts: an officer sees the two; an analyst cannot ask, so cannot subtract them from Q.1's 25.
    const closed = await map(coordinator, `level=2&state=closed&from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z`);
    expect(byCode(closed)).toEqual({ [areas.q1.code]: 2 });
    // A bbox or a zoom changes no count, so an analyst may send them (the map page's view).
    expect((await map(analyst, 'level=1&bbox=28,-3,30,0&zoom=7')).clusters).toBeNull();
  });
});

describe('differencing by time (AGG-2)', () => {
  it('gives an analyst whole months: Monday to Sunday and Monday to Saturday answer alike', async () => {
    const week = await map(analyst, 'level=2&from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z');
    const sixDays = await map(analyst, 'level=2&from=2026-03-09T00:00:00Z&to=2026-03-15T00:00:00Z');
    expect(week).toEqual(sixDays);
    expect(week).toEqual(await map(analyst, 'level=2&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z'));
    const officerWeek = await map(coordinator, 'level=2&from=2026-03-09T00:00:00Z&to=2026-03-16T00:00:00Z');
    const officerSix = await map(coordinator, 'level=2&from=2026-03-09T00:00:00Z&to=2026-03-15T00:00:00Z');
    expect(byCode(officerWeek)[areas.q1.code]! - (byCode(officerSix)[areas.q1.code] ?? 0)).toBe(4);
  });

  it('withholds a cell of several months wherever one month withholds it', async () => {
    const march = await map(analyst, 'level=2&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z');
    const april = await map(analyst, 'level=2&from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z');
    const both = await map(analyst, 'level=2&from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z');
    expect(byCode(march)[areas.p1.code]).toBe(30);
    expect(byCode(april)[areas.p1.code]).toBeNull();
    // P.1 has 34 over both months, but that minus March's 30 is April's 4.
    expect(byCode(both)[areas.p1.code]).toBeNull();
    expect(byCode(await map(coordinator, 'level=2&from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z'))[areas.p1.code]).toBe(34);
  });

  it('no two periods an analyst may ask differ by a count from 1 to 10, at either level or in one area', async () => {
    const periods = MONTHS.flatMap((from, i) => MONTHS.slice(i + 1).map((to) => ({ from, to })));
    for (const scope of ['level=1', 'level=2', `level=2&areaId=${areas.p.id}`, `level=1&areaId=${areas.q1.id}`]) {
      const answers = [];
      for (const p of periods) {
        const body = await map(analyst, `${scope}&from=${p.from}T00:00:00Z&to=${p.to}T00:00:00Z`);
        const shown = { ...byCode(body), total: body.total, outside: body.outside };
        for (const [cell, n] of Object.entries(shown)) if (n !== null) expect(small(n), `${scope} ${cell}`).toBe(false);
        answers.push({ ...p, shown });
      }
      for (const a of answers) {
        for (const b of answers) {
          if (!(b.from <= a.from && a.to <= b.to) || (a.from === b.from && a.to === b.to)) continue;
          for (const [cell, n] of Object.entries(a.shown)) {
            const m = (b.shown as Record<string, number | null>)[cell];
            if (n !== null && m !== null && m !== undefined) expect(small(m - n), `${scope} ${cell} ${b.from}..${b.to} minus ${a.from}..${a.to}`).toBe(false);
          }
        }
      }
    }
  });
});

describe('figures for analysts (AGG-2)', () => {
  it('withholds a stage count below the threshold, or whose complement is, with its median; an officer sees both', async () => {
    const feb = 'from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z&level=2';
    const officer = await metrics(coordinator, feb);
    const officerP1 = officer.rows.find((r) => r.key === areas.p1.id)!;
    expect(officerP1).toMatchObject({ alerts: 25, acknowledged: 20, timeToAcknowledge: { medianMinutes: 20 } });
    const body = await metrics(analyst, feb);
    const p1 = body.rows.find((r) => r.key === areas.p1.id)!;
    // 25 alerts shown, but 20 acknowledged would say 5 were not.
    expect(p1).toMatchObject({ alerts: 25, acknowledged: null, suppressed: false, timeToAcknowledge: { medianMinutes: null, p90Minutes: null } });
    expect(body.rows.find((r) => r.key === areas.q1.id)).toMatchObject({ alerts: 30, acknowledged: 30, timeToAcknowledge: { medianMinutes: 20 } });
    // The total's acknowledged minus Q.1's would give P.1's back: withheld too.
    expect(body.total).toMatchObject({ alerts: 55, acknowledged: null });
  });

  it('answers an analyst over whole months, weeks cut at a month’s start, no month differencing another', async () => {
    const body = await metrics(analyst, 'from=2026-03-20T00:00:00Z&to=2026-04-10T00:00:00Z&groupBy=week');
    expect(body).toMatchObject({ from: '2026-03-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' });
    for (const row of body.rows) expect(row.key!.slice(0, 7) === '2026-03' || row.key!.slice(0, 7) === '2026-04').toBe(true);
    // The week of Monday 30 March: its April days are their own row.
    expect(body.rows.map((r) => r.key)).toContain('2026-04-01');
    for (const row of [...body.rows, body.total]) {
      for (const n of [row.alerts, row.acknowledged, row.verified, row.responded]) if (n !== null) expect(small(n)).toBe(false);
    }
    const officer = await metrics(coordinator, 'from=2026-03-20T00:00:00Z&to=2026-04-10T00:00:00Z&groupBy=week');
    expect(officer.rows.map((r) => r.key)).toContain('2026-03-30');
    const months = await metrics(analyst, 'from=2026-02-01T00:00:00Z&to=2026-05-01T00:00:00Z&groupBy=month');
    const shown = Object.fromEntries(months.rows.map((r) => [r.key, r.alerts]));
    expect(shown).toEqual({ '2026-02-01': 55, '2026-03-01': 81, '2026-04-01': 49 });
    expect(months.total.alerts).toBe(185);
  });
});
