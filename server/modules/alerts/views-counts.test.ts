/**
 * The map's counts per day, month and year (migration 0400, views-counts.ts): kept right by the
 * triggers on every write path (intake, transitions, severity, relocation, merges, bulk
 * actions, deletion), folded by the compaction without changing an answer, and answering
 * exactly as counting every alert would, whatever the period's ends.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInNew } from '../../test/authz/helpers';
import { buildAreaTree, buildViewAlert, type AreaTree } from '../../test/factories-alert-views';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';
import { runDueJobs } from '../../platform/jobs/worker';
import { compactMapCounts, countAlertsPerArea, scheduleMapCompaction } from './views-counts';
import { filterConditions, type AlertViewFilter } from './views-store';

let t: TestApp;
let org: string;
let officer: SignedInUser;
let areas: AreaTree;

beforeAll(async () => {
  t = await createTestApp();
  org = (await buildOrganisation(t.ctx)).id;
  officer = await signInNew(t.app, t.ctx, 'coordinator', org);
  areas = await buildAreaTree(t);
}, 180_000);
afterAll(async () => t?.close());

const PERIODS = sql`(values ('day'), ('month'), ('year')) as p(period)`;
const startOf = (day: string) => sql`case p.period when 'day' then ${sql.ref(day)} else date_trunc(p.period, ${sql.ref(day)}::timestamp)::date end`;

/** The organisation's counts (kept plus pending) and the truth from its alerts, as sorted lines. */
async function countsAndTruth(organisationId: string): Promise<{ kept: string[]; truth: string[] }> {
  const line = (r: { period: string; starts_on: string; area_id: string | null; state: string; severity: string | null; channel: string; n: number }) =>
    [r.period, r.starts_on, r.area_id, r.state, r.severity, r.channel, r.n].join('|');
  const kept = await sql<{ period: string; starts_on: string; area_id: string | null; state: string; severity: string | null; channel: string; n: number }>`
    select period, starts_on::text, area_id, state, severity, channel, sum(n)::int as n from (
      select period, starts_on, area_id, state, severity, channel, alerts as n from alert_map_counts where organisation_id = ${organisationId}::uuid
      union all
      select p.period, ${startOf('c.received_on')}, c.area_id, c.state, c.severity, c.channel, c.alerts
      from alert_map_count_changes c cross join ${PERIODS} where c.organisation_id = ${organisationId}::uuid
    ) k group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0`.execute(t.ownerDb);
  const truth = await sql<{ period: string; starts_on: string; area_id: string | null; state: string; severity: string | null; channel: string; n: number }>`
    select p.period, (${startOf('a.d')})::text as starts_on, a.area_id, a.state, a.severity, a.channel, count(*)::int as n
    from (select *, (received_at at time zone 'UTC')::date as d from alerts where organisation_id = ${organisationId}::uuid) a cross join ${PERIODS}
    group by 1, 2, 3, 4, 5, 6`.execute(t.ownerDb);
  return { kept: kept.rows.map(line).sort(), truth: truth.rows.map(line).sort() };
}

async function expectCountsExact(organisationId = org): Promise<void> {
  const { kept, truth } = await countsAndTruth(organisationId);
  expect(kept).toEqual(truth);
}

/** Counting every alert, as the map did before the counts. */
async function countedFromAlerts(filter: AlertViewFilter) {
  const { rows } = await sql<{ area_id: string | null; n: number }>`select a.area_id, count(*)::int as n from alerts a where ${filterConditions(filter)} group by a.area_id`.execute(t.ctx.db);
  return rows.map((r) => ({ areaId: r.area_id, count: r.n })).sort((x, y) => String(x.areaId).localeCompare(String(y.areaId)));
}
const sortedCounts = async (filter: AlertViewFilter) => (await countAlertsPerArea(t.ctx.db, filter)).sort((x, y) => String(x.areaId).localeCompare(String(y.areaId)));

const versionOf = async (id: string) => (await t.ownerDb.selectFrom('alerts').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: officer.headers, payload });

describe('alert_map_counts', () => {
  it('counts every alert received, by UTC day, month and year, across a year’s end', async () => {
    const instants = ['2025-12-31T23:59:59.999999Z', '2026-01-01T00:00:00Z', '2026-01-31T23:30:00Z', '2026-02-01T00:00:00.000001Z', '2026-02-15T12:00:00Z'];
    for (const [i, receivedAt] of instants.entries()) {
      await buildViewAlert(t, { organisationId: org, receivedAt, areaCode: [areas.p1.code, areas.p2.code, areas.q1.code, areas.p.code, null][i]!, state: i % 2 ? 'new' : 'verified', severity: i % 3 ? 'high' : null, channel: i % 2 ? 'web' : 'hotline' });
    }
    await expectCountsExact();
    const { rows } = await sql<{ period: string; starts_on: string; n: number }>`
      select period, starts_on::text, sum(alerts)::int as n from (
        select period, starts_on, alerts from alert_map_counts where organisation_id = ${org}::uuid
        union all select p.period, ${startOf('received_on')}, alerts from alert_map_count_changes cross join ${PERIODS} where organisation_id = ${org}::uuid
      ) k where period = 'year' group by 1, 2 order by 2`.execute(t.ownerDb);
    expect(rows).toEqual([{ period: 'year', starts_on: '2025-01-01', n: 1 }, { period: 'year', starts_on: '2026-01-01', n: 4 }]);
  });

  it('follows transitions, severity, relocation, merges and bulk actions, and nets out what changes no count', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await buildViewAlert(t, { organisationId: org, areaCode: areas.p1.code, receivedAt: `2026-03-0${i + 1}T10:00:00Z` }));
    const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
    const changesBefore = Number((await sql<{ n: number }>`select count(*)::int as n from alert_map_count_changes`.execute(t.ownerDb)).rows[0]!.n);
    // A lock changes no counted column: no change row at all.
    expect((await post(`/api/alerts/${a}/lock`, {})).statusCode).toBeLessThan(300);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/alerts/${a}/lock`, headers: officer.headers })).statusCode).toBeLessThan(300);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from alert_map_count_changes`.execute(t.ownerDb)).rows[0]!.n)).toBe(changesBefore);

    expect((await post(`/api/alerts/${a}/transition`, { to: 'acknowledged', version: await versionOf(a) })).statusCode).toBe(200);
    await expectCountsExact();
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/alerts/${b}`, headers: officer.headers, payload: { version: await versionOf(b), severity: 'critical', areaId: areas.q1.id } });
    expect(patched.statusCode, patched.body).toBe(200);
    await expectCountsExact();
    expect((await post(`/api/alerts/${c}/merge`, { intoId: a, version: await versionOf(c) })).statusCode).toBe(200);
    await expectCountsExact();
    expect((await post(`/api/alerts/${c}/unmerge`, { version: await versionOf(c) })).statusCode).toBe(200);
    await expectCountsExact();
    const bulk = await post('/api/alerts/bulk', { ids: [d, e, f], action: { kind: 'transition', to: 'acknowledged' } });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect((await post('/api/alerts/bulk', { ids: [d, e], action: { kind: 'severity', severity: 'low' } })).statusCode).toBe(200);
    expect((await post('/api/alerts/bulk', { ids: [e, f], action: { kind: 'merge', intoId: d } })).statusCode).toBe(200);
    await expectCountsExact();
    await t.ownerDb.deleteFrom('alerts').where('id', '=', f).execute();
    await expectCountsExact();
  });

  it('folds the changes into the counts without changing an answer, and drops counts fallen to zero', async () => {
    const filter: AlertViewFilter = { organisationId: org };
    const before = await sortedCounts(filter);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from alert_map_count_changes`.execute(t.ownerDb)).rows[0]!.n)).toBeGreaterThan(0);
    expect(await compactMapCounts(t.ctx.db, 7)).toBeGreaterThan(0);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from alert_map_count_changes`.execute(t.ownerDb)).rows[0]!.n)).toBe(0);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from alert_map_counts where alerts <= 0`.execute(t.ownerDb)).rows[0]!.n)).toBe(0);
    await expectCountsExact();
    expect(await sortedCounts(filter)).toEqual(before);
    // The job does the same, and queues the next pass.
    const id = await buildViewAlert(t, { organisationId: org, areaCode: areas.q1.code });
    await scheduleMapCompaction(t.ctx);
    expect(await runDueJobs(t.ctx, 'test-worker')).toBeGreaterThan(0);
    expect((await sql<{ n: number }>`select count(*)::int as n from alert_map_count_changes`.execute(t.ownerDb)).rows[0]!.n).toBe(0);
    expect((await t.ownerDb.selectFrom('jobs').select('id').where('queue', '=', 'alerts.map_counts').where('status', '=', 'pending').execute()).length).toBe(1);
    await t.ownerDb.updateTable('alerts').set({ state: 'closed' }).where('id', '=', id).execute();
    await expectCountsExact();
  });

  it('answers as counting every alert would, whatever the period’s ends and the filters', async () => {
    const other = (await buildOrganisation(t.ctx)).id;
    await buildViewAlert(t, { organisationId: other, areaCode: areas.p1.code, receivedAt: '2026-03-02T10:00:00Z' });
    const filters: Omit<AlertViewFilter, 'organisationId'>[] = [
      {},
      { from: new Date('2026-01-01T00:00:00Z') },
      { from: new Date('2025-12-31T23:59:59.9995Z'), to: new Date('2026-02-01T00:00:00.0005Z') },
      { from: new Date('2026-01-31T23:45:00Z'), to: new Date('2026-01-31T23:50:00Z') },
      { to: new Date('2026-03-03T10:00:00Z'), states: ['new', 'acknowledged'] },
      { from: new Date('2026-02-15T11:00:00Z'), severities: ['high', 'none'], channels: ['web'] },
      { areaIds: [areas.p1.id, areas.p2.id], from: new Date('2026-03-01T10:00:00Z') },
      { needsLocating: true },
      { needsLocating: false, states: ['duplicate'] },
      { assignedUserId: null, from: new Date('2026-03-01T12:00:00Z') },
      { escalated: false },
    ];
    for (const pending of [true, false]) {
      if (!pending) await compactMapCounts(t.ctx.db);
      else await buildViewAlert(t, { organisationId: org, areaCode: areas.p2.code, receivedAt: '2026-01-31T23:47:00Z', severity: 'high' });
      for (const f of filters) {
        const filter = { organisationId: org, ...f };
        expect(await sortedCounts(filter), JSON.stringify(f)).toEqual(await countedFromAlerts(filter));
      }
    }
  });
});
