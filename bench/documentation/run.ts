/**
 * Issue 3 benchmarks, over generated data (generate.ts): prints figures, asserts no timing.
 *   (a) list pages with filters: GET /api/cases and GET /api/incidents, p50/p95/p99 over a
 *       few hundred requests with varied filters, in process (app.inject) and over a socket;
 *   (b) opening a case (plan decrypted) and an incident (narrative decrypted), p50/p95;
 *   (c) the GBVIMS Incident Recorder export (CSV and XLSX) streamed over a socket: rows/s and
 *       RSS sampled every 50 ms before, during and after.
 *
 *   npx tsx bench/documentation/run.ts                       PGlite, 100,000 incidents
 *   node scripts/with-pg-database.mjs -- env BENCH_TARGETS=postgres npx tsx bench/documentation/run.ts
 *                                                            PostgreSQL, 1,000,000 incidents
 *   BENCH_DATABASE_URL=postgres://…/db BENCH_TARGETS=postgres  reuses a database generate.ts filled
 * Knobs: BENCH_INCIDENTS, BENCH_SEALED_SHARE, BENCH_LIST_ROUNDS (default 20 per filter),
 * BENCH_OPEN_REQUESTS (default 200), BENCH_EXPORT_ORG (short name, default the organisation
 * nearest 100,000 exportable incidents), BENCH_SKIP (comma list of lists,open,export),
 * BENCH_CLIENTS (inject,socket).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../server/app';
import { exportIncidents } from '../../server/modules/incidents/export';
import type { UserActor } from '../../server/platform/actor';
import { signIn, type SignedInUser, type TestUser } from '../../server/test/factories';
import { fmt, percentile } from '../support/database';
import { analyseTables, generateDocumentationData, optionsFromEnvironment, readFixture, saveFixture, type BenchOrganisation, type DocumentationFixture } from './generate';
import { mib, openDocumentationTarget, sampleRss, type DocumentationTarget } from './target';

const LIST_ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 20);
const OPEN_REQUESTS = Number(process.env.BENCH_OPEN_REQUESTS ?? 200);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

interface Client {
  label: string;
  get(url: string, user: SignedInUser): Promise<{ status: number; body: string }>;
}

const injectClient = (app: FastifyInstance): Client => ({
  label: 'inject',
  get: async (url, user) => {
    const res = await app.inject({ method: 'GET', url, headers: user.headers });
    return { status: res.statusCode, body: res.body };
  },
});

const socketClient = (base: string): Client => ({
  label: 'socket',
  get: async (url, user) => {
    const res = await fetch(`${base}${url}`, { headers: user.headers });
    return { status: res.status, body: await res.text() };
  },
});

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `p50 ${fmt(percentile(sorted, 50))} ms, p95 ${fmt(percentile(sorted, 95))} ms, p99 ${fmt(percentile(sorted, 99))} ms (n=${sorted.length})`;
};

async function timed(client: Client, url: string, user: SignedInUser): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await client.get(url, user);
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.body.slice(0, 300)}`);
  return { ms, body: res.body };
}

/** Each filter once per round, in a shuffled order, so caches favour none of them. */
async function listBench(label: string, client: Client, variants: Array<{ name: string; url: string; user: SignedInUser }>): Promise<void> {
  const byVariant = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const all: number[] = [];
  for (const v of variants) await timed(client, v.url, v.user); // warm-up: plans, JIT, key cache
  for (let round = 0; round < LIST_ROUNDS; round++) {
    const order = [...variants].sort(() => Math.random() - 0.5);
    for (const v of order) {
      const { ms } = await timed(client, v.url, v.user);
      byVariant.get(v.name)!.push(ms);
      all.push(ms);
    }
  }
  console.log(`[${label}] ${client.label}: all ${summary(all)}`);
  for (const v of variants) console.log(`[${label}] ${client.label}:   ${v.name.padEnd(44)} ${summary(byVariant.get(v.name)!)}`);
}

async function nextPageUrl(client: Client, url: string, user: SignedInUser): Promise<string> {
  const { body } = await timed(client, url, user);
  const cursor = (JSON.parse(body) as { nextCursor: string | null }).nextCursor;
  return cursor ? `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : url;
}

async function runLists(label: string, target: DocumentationTarget, clients: Client[], fixture: DocumentationFixture, org: BenchOrganisation, worker: SignedInUser, supervisor: SignedInUser) {
  const zone = fixture.zones[Math.floor(fixture.zones.length / 3)]!;
  // A province of the east (it holds the zones), and one with no data: a filter that matches
  // nothing is the worst case of a walk in list order.
  const province = (await areaParent(target, zone)) ?? fixture.provinces[0]!;
  const emptyProvince = fixture.provinces.find((p) => p !== province) ?? province;
  const today = new Date();
  const monthsAgo = (m: number) => new Date(today.getTime() - m * 30 * 86_400_000).toISOString().slice(0, 10);
  const inject = clients[0]!;
  const caseVariants = [
    { name: 'cases: first page', url: '/api/cases', user: worker },
    { name: 'cases: status=open', url: '/api/cases?status=open', user: worker },
    { name: 'cases: status=open&riskLevel=high', url: '/api/cases?status=open&riskLevel=high', user: worker },
    { name: 'cases: riskLevel=high', url: '/api/cases?riskLevel=high', user: worker },
    { name: 'cases: assignedToMe', url: '/api/cases?assignedToMe=true&status=open', user: worker },
    { name: 'cases: planAwaitingApproval (supervisor)', url: '/api/cases?planAwaitingApproval=true', user: supervisor },
    { name: 'cases: followUpOverdue', url: '/api/cases?followUpOverdue=true', user: worker },
    { name: 'cases: sort=clinical', url: '/api/cases?sort=clinical', user: worker },
    { name: 'cases: second page', url: await nextPageUrl(inject, '/api/cases?status=open', worker), user: worker },
  ];
  const incidentVariants = [
    { name: 'incidents: first page', url: '/api/incidents', user: worker },
    { name: 'incidents: gbvType=rape', url: '/api/incidents?gbvType=rape', user: worker },
    { name: 'incidents: gbvType=forced_marriage', url: '/api/incidents?gbvType=forced_marriage', user: worker },
    { name: 'incidents: area=<health zone>', url: `/api/incidents?area=${zone}`, user: worker },
    { name: 'incidents: area=<province>', url: `/api/incidents?area=${province}`, user: worker },
    { name: 'incidents: area=<province, no incidents>', url: `/api/incidents?area=${emptyProvince}`, user: worker },
    { name: 'incidents: last 3 months', url: `/api/incidents?from=${monthsAgo(3)}&to=${monthsAgo(0)}`, user: worker },
    { name: 'incidents: a year ago, 1 month', url: `/api/incidents?from=${monthsAgo(13)}&to=${monthsAgo(12)}`, user: worker },
    { name: 'incidents: perpetrator=state_forces', url: '/api/incidents?perpetratorCategory=state_forces', user: worker },
    { name: 'incidents: crsv=true', url: '/api/incidents?crsv=true', user: worker },
    { name: 'incidents: sea=true', url: '/api/incidents?sea=true', user: worker },
    { name: 'incidents: zone+rape+last year', url: `/api/incidents?area=${zone}&gbvType=rape&from=${monthsAgo(12)}`, user: worker },
    { name: 'incidents: sort=clinical', url: '/api/incidents?sort=clinical', user: worker },
    { name: 'incidents: second page', url: await nextPageUrl(inject, '/api/incidents?gbvType=rape', worker), user: worker },
  ];
  console.log(`[${label}] lists of ${org.shortName} (${org.incidents.toLocaleString('en')} incidents, ${org.cases.toLocaleString('en')} cases), ${LIST_ROUNDS} rounds, page size 50`);
  for (const client of clients) {
    await listBench(label, client, caseVariants);
    await listBench(label, client, incidentVariants);
  }
}

async function areaParent(target: DocumentationTarget, areaId: string): Promise<string | null> {
  const row = await target.ownerDb.selectFrom('areas').select('parent_id').where('id', '=', areaId).executeTakeFirst();
  return row?.parent_id ?? null;
}

async function runOpen(label: string, clients: Client[], org: BenchOrganisation, worker: SignedInUser) {
  const pick = (ids: string[], n: number) => Array.from({ length: n }, (_, i) => ids[(i * 7919) % ids.length]!);
  if (org.sealedCaseIds.length === 0) throw new Error('no sealed case to open');
  const first = JSON.parse((await timed(clients[0]!, `/api/cases/${org.sealedCaseIds[0]}`, worker)).body) as { plan: unknown };
  const firstIncident = JSON.parse((await timed(clients[0]!, `/api/incidents/${org.sealedIncidentIds[0]}`, worker)).body) as { narrative?: string | null };
  if (!first.plan || !firstIncident.narrative) throw new Error('a sealed case or incident opened without its plan or narrative');
  for (const client of clients) {
    for (const [kind, ids] of [['case (plan opened)', org.sealedCaseIds], ['incident (narrative opened)', org.sealedIncidentIds]] as const) {
      const ms: number[] = [];
      for (const id of pick(ids, OPEN_REQUESTS)) ms.push((await timed(client, `/api/${kind.startsWith('case') ? 'cases' : 'incidents'}/${id}`, worker)).ms);
      console.log(`[${label}] ${client.label}: open a ${kind.padEnd(28)} ${summary(ms)} over ${Math.min(ids.length, OPEN_REQUESTS)} distinct records`);
    }
  }
}

/** The export service alone, its stream read in process: what the socket and HTTP add is the difference. */
async function runExportInProcess(label: string, target: DocumentationTarget, org: BenchOrganisation) {
  const actor: UserActor = {
    kind: 'user', userId: org.analyst.id, organisationId: org.id, role: 'analyst', isPlatformOperator: false,
    sessionId: 'bench', stage: 'complete', reauthenticatedAt: new Date(),
  };
  for (const format of ['csv', 'xlsx'] as const) {
    const started = performance.now();
    const { result, before, peak, after, along } = await sampleRss(async () => {
      const file = await exportIncidents(target.runtime.ctx, { actor, requestId: 'bench', ip: null, userAgent: null }, { format, lang: 'fr' });
      let bytes = 0;
      for await (const chunk of file.body) bytes += (chunk as Uint8Array).length;
      return bytes;
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = await exportedRows(target);
    console.log(
      `[${label}] export ${format.padEnd(4)} in process (no HTTP) of ${org.shortName}: ${rows.toLocaleString('en')} rows, ${mib(result)} in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s; ` +
        `RSS ${mib(before)} before, ${along.map(mib).join(' / ')} at 10/25/50/75/90% of the run, peak ${mib(peak)}, ${mib(after)} after`,
    );
  }
}

/** The rows the server wrote, from its own audit row (counts only, AUD-1). */
async function exportedRows(target: DocumentationTarget): Promise<number> {
  const audit = await target.ownerDb
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'incident.export_finished')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return Number((audit?.details as { rows?: number } | undefined)?.rows ?? NaN);
}

async function runExport(label: string, target: DocumentationTarget, base: string, org: BenchOrganisation, analyst: SignedInUser) {
  for (const format of ['csv', 'xlsx'] as const) {
    const re = await fetch(`${base}/api/auth/reauthenticate`, { method: 'POST', headers: { ...analyst.headers, 'content-type': 'application/json' }, body: JSON.stringify({ password: analyst.password }) });
    if (re.status !== 204) throw new Error(`reauthenticate: ${re.status} ${await re.text()}`);
    global.gc?.();
    const started = performance.now();
    let firstByteMs = 0;
    const { result, before, peak, after, samples, along, maxRssBefore, maxRssAfter } = await sampleRss(async () => {
      const res = await fetch(`${base}/api/incidents/export?format=${format}&lang=fr`, { headers: analyst.headers });
      if (res.status !== 200) throw new Error(`export ${format}: ${res.status} ${await res.text()}`);
      let bytes = 0;
      let newlines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        if (format === 'csv') for (const b of chunk) if (b === 10) newlines += 1;
      }
      return { bytes, newlines };
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = format === 'csv' ? result.newlines - 1 : await exportedRows(target);
    console.log(
      `[${label}] export ${format.padEnd(4)} of ${org.shortName}: ${rows.toLocaleString('en')} rows, ${mib(result.bytes)} in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s ` +
        `(first byte ${fmt(firstByteMs, 0)} ms); RSS ${mib(before)} before, ${along.map(mib).join(' / ')} at 10/25/50/75/90%, peak ${mib(peak)} (+${mib(peak - before)}), ${mib(after)} after; ` +
        `${samples} samples; process max RSS ${mib(maxRssBefore)} -> ${mib(maxRssAfter)}`,
    );
  }
}

async function signInFixtureUser(app: FastifyInstance, user: TestUser): Promise<SignedInUser> {
  const signed = await signIn(app, user);
  // signIn enrolled a second factor on first use: keep its secret with the fixture.
  if (signed.totpSecret) user.totpSecret = signed.totpSecret;
  return signed;
}

const labels = (process.env.BENCH_TARGETS?.split(',') ?? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Array<'pglite' | 'postgres'>;
console.log(`documentation bench (node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
for (const label of labels) {
  const target = await openDocumentationTarget(label);
  try {
    const { ctx } = target.runtime;
    let fixture = await readFixture(ctx);
    if (fixture) console.log(`[${label}] reusing ${fixture.incidents.toLocaleString('en')} incidents generated ${fixture.generatedAt}`);
    else {
      fixture = await generateDocumentationData(ctx, { ...optionsFromEnvironment(label), log: (line) => console.log(`[${label}] ${line}`) });
      await analyseTables(target.ownerDb);
    }
    if (label === 'postgres') {
      // JIT compilation costs 0.5-3 s on queries the planner over-estimates: say which way this run went.
      const { rows } = await sql<{ jit: string; version: string }>`select current_setting('jit') as jit, current_setting('server_version') as version`.execute(ctx.db);
      console.log(`[${label}] PostgreSQL ${rows[0]?.version}, jit=${rows[0]?.jit}`);
    }
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const main = fixture.organisations[0]!;
    const exportOrg =
      fixture.organisations.find((o) => o.shortName === process.env.BENCH_EXPORT_ORG) ??
      [...fixture.organisations].sort((a, b) => Math.abs(a.incidents - 115_000) - Math.abs(b.incidents - 115_000))[0]!;
    const worker = await signInFixtureUser(app, main.caseWorkers[0]!);
    const supervisor = await signInFixtureUser(app, main.supervisor);
    const analyst = await signInFixtureUser(app, exportOrg.analyst);
    await saveFixture(ctx, fixture);
    const clients = [injectClient(app), socketClient(base)].filter((c) => !process.env.BENCH_CLIENTS || process.env.BENCH_CLIENTS.split(',').includes(c.label));
    if (!SKIP.has('lists')) await runLists(label, target, clients, fixture, main, worker, supervisor);
    if (!SKIP.has('open')) await runOpen(label, clients, main, worker);
    if (!SKIP.has('export')) {
      await runExport(label, target, base, exportOrg, analyst);
      await runExportInProcess(label, target, exportOrg);
    }
    await app.close();
  } finally {
    await target.close();
  }
}
