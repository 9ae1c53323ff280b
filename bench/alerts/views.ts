/**
 * Issue 4 views benchmark: the triage queue and the map (and, for information, the
 * response-time figures) over 1,000,000 alerts (generate.ts),
 * through HTTP over a socket with a signed-in coordinator's session. Prints p50/p95/p99 per
 * request kind over BENCH_VIEW_ROUNDS rounds (each kind once per round, in a shuffled order),
 * the rows each answer carried, and, for a kind whose p95 misses its goal (queue 100 ms, map
 * 200 ms) or with BENCH_EXPLAIN=1, EXPLAIN (ANALYZE, BUFFERS) of its slowest SQL statement,
 * captured from the app's own database handle. Asserts no timing.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_TARGETS=postgres npx tsx bench/alerts/views.ts
 *       generates 1,000,000 alerts in a scratch database, measures, drops it
 *       (BENCH_KEEP_DATABASE=1 keeps it; BENCH_DATABASE_URL=<its URL> reuses it)
 *   npx tsx bench/alerts/views.ts          PGlite, 100,000 alerts
 * Knobs: BENCH_ALERTS, BENCH_VIEW_ROUNDS (50), BENCH_EXPLAIN (1: every kind).
 */
import { CompiledQuery, sql } from 'kysely';
import { buildApp } from '../../server/app';
import { signIn, type SignedInUser } from '../../server/test/factories';
import { alertCount, generateAlertsData, readAlertsFixture, saveAlertsFixture, type AlertsFixture } from './generate';
import { capturingDb, int, machineInfo, ms, openAlertsTarget, summarise, table, targetLabels, type AlertsTarget } from './support';

const ROUNDS = Number(process.env.BENCH_VIEW_ROUNDS ?? 50);
/** p95 goals of the issue; the response-time figures have none (measured for information). */
const GOALS = { queue: 100, map: 200, metrics: NaN } as const;

interface Variant {
  group: keyof typeof GOALS;
  name: string;
  url: string;
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

async function describeData(target: AlertsTarget, fixture: AlertsFixture): Promise<string> {
  const { rows } = await sql<{ n: string; new_high: string; no_area: string; points: string; open: string }>`
    select count(*) as n, count(*) filter (where state = 'new' and severity = 'high') as new_high, count(*) filter (where area_id is null) as no_area,
           count(*) filter (where grid_lat is not null) as points, count(*) filter (where state in ('new', 'acknowledged', 'verifying')) as open
    from alerts where organisation_id = ${fixture.organisationId}`.execute(target.ownerDb);
  const r = rows[0]!;
  const size = target.label === 'postgres' ? (await sql<{ size: string }>`select pg_size_pretty(pg_total_relation_size('alerts')) as size`.execute(target.ownerDb)).rows[0]!.size : '?';
  return `${int(Number(r.n))} alerts of one organisation (${int(Number(r.open))} open, ${int(Number(r.new_high))} new+high, ${int(Number(r.no_area))} without area, ${int(Number(r.points))} with a grid point); alerts table with indexes ${size}`;
}

async function variantsFor(target: AlertsTarget, fixture: AlertsFixture, base: string, user: SignedInUser): Promise<Variant[]> {
  const province = fixture.provinces[0]!;
  const quietProvince = fixture.provinces[fixture.provinces.length - 1] ?? province;
  const box = await target.ownerDb.selectFrom('areas').select(['min_lon', 'min_lat', 'max_lon', 'max_lat']).where('id', '=', province).executeTakeFirstOrThrow();
  const bbox = (b: { min_lon: number | null; min_lat: number | null; max_lon: number | null; max_lat: number | null }) => `${b.min_lon},${b.min_lat},${b.max_lon},${b.max_lat}`;
  const east = '26.0,-5.0,31.5,3.5';
  const OPEN = 'new,acknowledged,verifying,verified';
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
  const filtered = `/api/alerts?state=new&severity=high&areaId=${province}&limit=50`;
  const first = await fetch(`${base}${filtered}`, { headers: user.headers });
  const cursor = first.status === 200 ? ((await first.json()) as { nextCursor: string | null }).nextCursor : null;
  return [
    { group: 'queue', name: 'first page, no filter', url: '/api/alerts?limit=50' },
    { group: 'queue', name: 'state=new&severity=high&areaId=<province>', url: filtered },
    { group: 'queue', name: '  the next page (cursor)', url: cursor ? `${filtered}&cursor=${encodeURIComponent(cursor)}` : filtered },
    { group: 'queue', name: 'needsLocating=true', url: '/api/alerts?needsLocating=true&limit=50' },
    { group: 'queue', name: 'open states, sort=severity', url: '/api/alerts?state=new,acknowledged,verifying&sort=severity&limit=50' },
    { group: 'queue', name: 'state=new&areaId=<quiet province>', url: `/api/alerts?state=new&areaId=${quietProvince}&limit=50` },
    { group: 'map', name: 'level=1', url: '/api/alerts/map?level=1' },
    { group: 'map', name: 'level=2, east bbox, zoom=7', url: `/api/alerts/map?level=2&bbox=${east}&zoom=7` },
    { group: 'map', name: 'level=2, <province> bbox, zoom=9', url: `/api/alerts/map?level=2&bbox=${bbox(box)}&zoom=9` },
    { group: 'map', name: 'level=2, open states, east bbox, zoom=6', url: `/api/alerts/map?level=2&state=new,acknowledged,verifying&bbox=${east}&zoom=6` },
    { group: 'map', name: 'level=1, last 30 days', url: `/api/alerts/map?level=1&from=${encodeURIComponent(monthAgo)}` },
    // What the map page asks first: open alerts of the last 30 days, then as the officer zooms.
    { group: 'map', name: 'page: open, last 30 days, east bbox, zoom=6', url: `/api/alerts/map?level=1&state=${OPEN}&from=${encodeURIComponent(monthAgo)}&bbox=${east}&zoom=6` },
    { group: 'map', name: 'page: open, last 365 days, level=2, <province> bbox, zoom=9', url: `/api/alerts/map?level=2&state=${OPEN}&from=${encodeURIComponent(yearAgo)}&bbox=${bbox(box)}&zoom=9` },
    { group: 'metrics', name: 'groupBy=area&level=2 (last 30 days)', url: '/api/alerts/metrics?groupBy=area&level=2' },
    { group: 'metrics', name: 'groupBy=month over a year', url: `/api/alerts/metrics?groupBy=month&from=${encodeURIComponent(yearAgo)}` },
  ];
}

/** How many items an answer carried: list rows, or areas and clusters of the map. */
function answerSize(body: string): string {
  const json = JSON.parse(body) as { data?: unknown[]; areas?: unknown[]; clusters?: unknown[] | null; rows?: unknown[] };
  if (json.data) return `${json.data.length} rows`;
  if (json.rows) return `${json.rows.length} rows of figures`;
  return `${json.areas?.length ?? 0} areas, ${json.clusters?.length ?? 0} clusters`;
}

async function explain(target: AlertsTarget, captured: Captured): Promise<string> {
  const { rows } = await target.ownerDb.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${captured.sql}`, [...captured.parameters]));
  return rows.map((r) => `      ${r['QUERY PLAN']}`).join('\n');
}

async function measure(label: string, target: AlertsTarget, fixture: AlertsFixture): Promise<string[][]> {
  const slowest = new Map<string, Captured>();
  const current = { variant: null as string | null };
  // Each request kind's slowest statement, for EXPLAIN.
  const capture = capturingDb(target, (event) => {
    if (current.variant === null) return;
    const seen = slowest.get(current.variant);
    if (!seen || event.queryDurationMillis > seen.ms) slowest.set(current.variant, { sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  });
  const app = await buildApp({ ...target.runtime.ctx, db: capture.db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const coordinator = await signIn(app, fixture.coordinator);
    if (coordinator.totpSecret) fixture.coordinator.totpSecret = coordinator.totpSecret;
    await saveAlertsFixture(target.runtime.ctx, fixture);
    const variants = await variantsFor(target, fixture, base, coordinator);
    const timings = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    const sizes = new Map<string, string>();
    const missing = new Set<string>();
    const get = async (v: Variant) => {
      current.variant = v.name;
      const started = performance.now();
      const res = await fetch(`${base}${v.url}`, { headers: coordinator.headers });
      const body = await res.text();
      const elapsed = performance.now() - started;
      current.variant = null;
      if (res.status !== 200) {
        if (!missing.has(v.name)) console.log(`[${label}] ${v.group} ${v.name}: ${res.status} ${body.slice(0, 200)}`);
        missing.add(v.name);
        return null;
      }
      sizes.set(v.name, answerSize(body));
      return elapsed;
    };
    for (const v of variants) await get(v); // warm-up: plans, caches, JIT of the server code
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of [...variants].sort(() => Math.random() - 0.5)) {
        if (missing.has(v.name)) continue;
        const elapsed = await get(v);
        if (elapsed !== null) timings.get(v.name)!.push(elapsed);
      }
    }
    const rows: string[][] = [];
    const verdict = (group: Variant['group'], p95: number, met: string, over: string) => (Number.isNaN(GOALS[group]) ? '' : p95 < GOALS[group] ? met : over);
    for (const group of ['queue', 'map', 'metrics'] as const) {
      const inGroup = variants.filter((v) => v.group === group && !missing.has(v.name));
      if (inGroup.length === 0) {
        rows.push([label, group, 'route missing or failing: not measured', '', '', '', '', '', '']);
        continue;
      }
      const all = summarise(inGroup.flatMap((v) => timings.get(v.name)!));
      rows.push([label, group, `all ${group} requests`, int(all.n), ms(all.p50), ms(all.p95), ms(all.p99), Number.isNaN(GOALS[group]) ? 'no goal' : `${GOALS[group]}`, verdict(group, all.p95, 'met', 'MISSED')]);
      for (const v of inGroup) {
        const s = summarise(timings.get(v.name)!);
        rows.push([label, group, `  ${v.name}`, int(s.n), ms(s.p50), ms(s.p95), ms(s.p99), sizes.get(v.name) ?? '', verdict(group, s.p95, '', 'over')]);
        const captured = slowest.get(v.name);
        if (captured && (process.env.BENCH_EXPLAIN === '1' || verdict(group, s.p95, '', 'over') === 'over')) {
          console.log(`[${label}] ${group} ${v.name}: p95 ${ms(s.p95)} ms; its slowest statement (${ms(captured.ms)} ms when seen):\n      ${captured.sql}\n      parameters ${JSON.stringify(captured.parameters).slice(0, 400)}`);
          console.log(await explain(target, captured));
        }
      }
    }
    return rows;
  } finally {
    await app.close();
    await capture.close();
  }
}

const results: string[][] = [['target', 'view', 'request', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'goal p95 ms / answer', '']];
const facts: string[] = [];
for (const label of targetLabels(['postgres'])) {
  const target = await openAlertsTarget(label);
  const log = (line: string) => console.log(`[${label}] ${line}`);
  try {
    facts.push(`[${label}] ${(await machineInfo(target)).split('\n').join(`\n[${label}] `)}`);
    let fixture = await readAlertsFixture(target.runtime.ctx);
    if (fixture) log(`reusing ${int(fixture.alerts)} alerts generated ${fixture.generatedAt}`);
    else fixture = await generateAlertsData(target, alertCount(label), log);
    facts.push(`[${label}] data: ${await describeData(target, fixture)}`);
    results.push(...(await measure(label, target, fixture)));
  } finally {
    await target.close();
  }
}
console.log(`\n${facts.join('\n')}`);
console.log(`\nQueue and map through HTTP over a socket, coordinator session, ${ROUNDS} rounds (each request kind once per round, shuffled) after one warm-up each`);
console.log(table(results));
