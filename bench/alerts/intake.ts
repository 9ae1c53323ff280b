/**
 * Issue 4 intake benchmarks: prints figures, asserts no timing.
 *   (1) throughput and latency through the whole path over a real socket (signature,
 *       parsing, rate limits, focal point lookup, area resolution, encryption, audit row,
 *       dedupe) of the Twilio webhook, the generic HMAC webhook and OpenRosa submissions,
 *       closed loop with BENCH_CONCURRENCY in flight after a warm-up, against plain INSERTs
 *       of the same rows (plain.ts) in the same run;
 *   (2) latency at a fixed rate (open loop): BENCH_RATE alerts/s of the three kinds in turn
 *       for BENCH_RATE_SECONDS, p50/p95/p99 counted from each request's scheduled instant;
 *   (3) where the time goes (anatomy.ts): statements, transactions, database time and CPU per
 *       alert, one alert at a time.
 * The load comes from a separate process (client.ts). The alerts come from 100 focal points
 * (+1 555 555 01xx), over BENCH_CHANNELS channels per gateway, and OpenRosa from 20 tokens:
 * see the README for why one channel cannot carry this load (its rate limit).
 *
 *   npx tsx bench/alerts/intake.ts                               PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/alerts/intake.ts
 *                                                                PGlite, then PostgreSQL in a scratch database
 * Knobs: BENCH_TARGETS (pglite,postgres), BENCH_INTAKE_ALERTS (per kind, at most; 10,000 on
 * PostgreSQL, 3,000 on PGlite), BENCH_INTAKE_SECONDS (30: no new request after, per kind),
 * BENCH_CONCURRENCY (32), BENCH_WARMUP (500 per kind), BENCH_MAX_IN_FLIGHT (500: the open
 * loop gives up beyond, the rate is not sustained),
 * BENCH_CHANNELS (200), BENCH_RATE (500), BENCH_RATE_SECONDS (20), BENCH_RATE_WARMUP_SECONDS (5, at the rate, not counted), BENCH_ANATOMY_ALERTS (100),
 * BENCH_SKIP (anatomy,throughput,plain,rate: plain leaves out the plain INSERTs, to profile the path alone),
 * BENCH_KINDS (twilio,generic,openrosa: the throughput runs to make).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { createChannelBody, createFocalPointBody } from '../../core/schemas/alerts';
import { createChannel, createFocalPoint } from '../../server/modules/alerts/service';
import { buildOrganisation, buildUser, signIn } from '../../server/test/factories';
import { mintToken } from '../../server/test/factories-openrosa';
import { INTAKE_KINDS, newTag, type ClientJob, type ClientResult, type IntakeKind } from './client';
import { anatomy } from './anatomy';
import { plainWriter, readPlainSource, runPool } from './plain';
import { adminRequest, cpuSince, databaseCpu, importDrcAreas, int, machineInfo, ms, openAlertsTarget, readAreas, summarise, table, targetLabels, type AlertsTarget } from './support';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 20);
const RATE_WARMUP_SECONDS = Number(process.env.BENCH_RATE_WARMUP_SECONDS ?? 5);
const INTAKE_SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 30);
const MAX_IN_FLIGHT = Number(process.env.BENCH_MAX_IN_FLIGHT ?? 500);
const KINDS = INTAKE_KINDS.filter((kind) => (process.env.BENCH_KINDS ?? INTAKE_KINDS.join(',')).split(',').includes(kind));
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const SECRETS = { authToken: 'bench-twilio-auth-token-0123456789abcdef', signatureSecret: 'bench-generic-signature-secret-0123456789' };
const SENDERS = Array.from({ length: 100 }, (_, i) => `+1555555${String(100 + i).padStart(4, '0')}`);
const ADDRESSES = Array.from({ length: 128 }, (_, i) => `127.0.10.${i + 1}`);

type Spec = Omit<ClientJob, 'id' | 'kinds' | 'count' | 'mode' | 'concurrency' | 'ratePerSecond' | 'tag'>;

/** The organisation, its channels, focal points and tokens, and the app listening on a port. */
async function setUp(target: AlertsTarget, log: (line: string) => void): Promise<{ app: FastifyInstance; organisationId: string; spec: Spec }> {
  const { ctx } = target.runtime;
  const started = performance.now();
  await importDrcAreas(ctx, log);
  const areas = await readAreas(ctx.db);
  const zones = areas.filter((a) => a.level === 2);
  const organisation = await buildOrganisation(ctx, { name: 'Fictional Alert Network (bench)', shortName: 'FAN' });
  const admin = await adminRequest(ctx, organisation.id);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const signedAdmin = await signIn(app, await buildUser(ctx, { role: 'admin', organisationId: organisation.id }));

  const channels = async (provider: 'twilio' | 'generic') => {
    const ids: string[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      const secrets = provider === 'twilio' ? { authToken: SECRETS.authToken } : { signatureSecret: SECRETS.signatureSecret };
      ids.push((await createChannel(ctx, admin, createChannelBody.parse({ provider, name: `Bench ${provider} ${i}`, ...secrets }))).id);
    }
    return ids;
  };
  const twilioIds = await channels('twilio');
  const genericIds = await channels('generic');
  const tokens: string[] = [];
  for (let i = 0; i < 20; i++) tokens.push((await mintToken(app, signedAdmin)).token);
  const tokenIds = tokens.map((t) => /^weft_([0-9a-f-]{36})_/.exec(t)![1]!);
  for (const [i, phone] of SENDERS.entries()) {
    const zone = zones[(i * 7) % zones.length];
    await createFocalPoint(ctx, admin, createFocalPointBody.parse({
      displayName: `Fictional focal point ${i}`, areaId: zone?.id ?? null, languages: [['fr', 'sw', 'en'][i % 3]!], trustLevel: 'established',
      phoneNumbers: [phone], tokenIds: i < tokenIds.length ? [tokenIds[i]] : [],
    }));
  }
  log(`set up in ${((performance.now() - started) / 1000).toFixed(1)} s: ${areas.length} areas, ${CHANNELS} Twilio and ${CHANNELS} generic channels, ${SENDERS.length} focal points, ${tokens.length} OpenRosa tokens; listening on ${base}`);
  const spec: Spec = {
    base,
    twilio: { channelIds: twilioIds, authToken: SECRETS.authToken },
    generic: { channelIds: genericIds, secret: SECRETS.signatureSecret },
    openrosa: { tokens, addresses: ADDRESSES },
    senders: SENDERS,
    placeNames: zones.map((z) => z.name),
    areaCodes: zones.map((z) => z.code),
  };
  return { app, organisationId: organisation.id, spec };
}

class Client {
  private readonly child: ChildProcess;
  private nextId = 1;
  constructor() {
    const file = fileURLToPath(new URL('./client.ts', import.meta.url));
    this.child = fork(file, ['--bench-client'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }
  run(job: Omit<ClientJob, 'id' | 'tag'>): Promise<ClientResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (message: ClientResult & { failure?: string }) => {
        if (message.id !== id) return;
        this.child.off('message', onMessage);
        if (message.failure) reject(new Error(message.failure));
        else resolve(message);
      };
      this.child.on('message', onMessage);
      this.child.send({ ...job, id, tag: newTag() });
    });
  }
  close() {
    this.child.disconnect();
  }
}

const okCount = (r: ClientResult) => Object.entries(r.statuses).filter(([k]) => / 20[01]$/.test(k)).reduce((s, [, n]) => s + n, 0);
const statusLine = (r: ClientResult) => Object.entries(r.statuses).map(([k, n]) => `${k}: ${n}`).join(', ');

async function countAlerts(target: AlertsTarget, organisationId: string): Promise<number> {
  const row = await target.ownerDb.selectFrom('alerts').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function throughput(target: AlertsTarget, client: Client, organisationId: string, spec: Spec, log: (line: string) => void): Promise<string[][]> {
  const perKind = Number(process.env.BENCH_INTAKE_ALERTS ?? (target.label === 'postgres' ? 10_000 : 3_000));
  const rows: string[][] = [];
  for (const kind of KINDS) {
    const job = (count: number) => ({ ...spec, kinds: [kind] as IntakeKind[], count, mode: 'closed' as const, concurrency: CONCURRENCY, ratePerSecond: 0, maxSeconds: INTAKE_SECONDS });
    const warm = await client.run(job(WARMUP));
    if (okCount(warm) !== WARMUP) log(`${kind}: warm-up answers ${statusLine(warm)}; ${warm.errors.join(' | ')}`);
    await target.runtime.auditChainer.flush();
    const before = await countAlerts(target, organisationId);
    const since = new Date();
    const cpu = process.cpuUsage();
    const dbBefore = await databaseCpu(target);
    const loopBefore = performance.eventLoopUtilization();
    const full = await client.run(job(perKind));
    const loopBusy = performance.eventLoopUtilization(loopBefore).utilization;
    const used = process.cpuUsage(cpu);
    const appCpuMs = (used.user + used.system) / 1000;
    const dbCpuMs = cpuSince(dbBefore, await databaseCpu(target));
    const written = (await countAlerts(target, organisationId)) - before;
    if (okCount(full) !== full.sent || written !== full.sent) log(`${kind}: ${full.sent} sent, ${okCount(full)} accepted, ${written} alerts written; ${statusLine(full)}; ${full.errors.join(' | ')}`);
    const chainStarted = performance.now();
    const chained = await target.runtime.auditChainer.flush();
    const chainMs = performance.now() - chainStarted;
    // As many plain writes as the full path made (at least 2,000: a rate needs a few seconds).
    const plainCount = Math.max(written, 2000);
    let plainAlert = { elapsedMs: NaN };
    let plainAll = { elapsedMs: NaN };
    if (!SKIP.has('plain')) {
      const source = await readPlainSource(target.ownerDb, organisationId, kind, since, 2000);
      plainAlert = await runPool(plainCount, CONCURRENCY, plainWriter(target.runtime.ctx.db, source, 'alert'));
      plainAll = await runPool(plainCount, CONCURRENCY, plainWriter(target.runtime.ctx.db, source, 'all'));
      await target.runtime.auditChainer.flush();
    }
    const rate = (count: number, elapsedMs: number) => count / (elapsedMs / 1000);
    const fullRate = rate(written, full.elapsedMs);
    const lat = summarise(full.latencies[kind]!);
    const alertRate = rate(plainCount, plainAlert.elapsedMs);
    const allRate = rate(plainCount, plainAll.elapsedMs);
    rows.push([
      target.label, kind, int(written), int(fullRate), ms(lat.p50), ms(lat.p95), ms(lat.p99),
      int(alertRate), `${((fullRate / alertRate) * 100).toFixed(0)}%`, int(allRate), `${((fullRate / allRate) * 100).toFixed(0)}%`,
      (appCpuMs / full.elapsedMs).toFixed(2), target.label === 'postgres' ? (dbCpuMs / full.elapsedMs).toFixed(2) : '-', ms(appCpuMs / written), target.label === 'postgres' ? ms(dbCpuMs / written) : '-',
    ]);
    log(`${kind}: ${int(fullRate)} alerts/s full path (${int(written)} in ${(full.elapsedMs / 1000).toFixed(1)} s, ${CONCURRENCY} in flight), plain alert INSERT ${int(alertRate)}/s, plain rows in a transaction ${int(allRate)}/s; ` +
      `Weft's event loop busy ${(loopBusy * 100).toFixed(0)}% of the time; load client used ${ms(full.cpuMs / written)} ms CPU per alert; audit chain caught up ${int(chained)} rows in ${int(chainMs)} ms after; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  }
  return rows;
}

async function fixedRate(target: AlertsTarget, client: Client, spec: Spec, log: (line: string) => void): Promise<string[][]> {
  const count = Math.round(RATE * RATE_SECONDS);
  // Steady state: the same rate for a few seconds first, not counted (the pool's connections,
  // the backends' caches and V8's optimised code are then in place, as on a running server).
  if (RATE_WARMUP_SECONDS > 0) await client.run({ ...spec, kinds: [...INTAKE_KINDS], count: Math.round(RATE * RATE_WARMUP_SECONDS), mode: 'open', concurrency: 0, ratePerSecond: RATE, maxInFlight: MAX_IN_FLIGHT });
  // How long Weft's event loop was held at a time (its work for others delays every request).
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const result = await client.run({ ...spec, kinds: [...INTAKE_KINDS], count, mode: 'open', concurrency: 0, ratePerSecond: RATE, maxInFlight: MAX_IN_FLIGHT });
  loopDelay.disable();
  await target.runtime.auditChainer.flush();
  if (okCount(result) !== result.sent) log(`fixed rate: ${statusLine(result)}; ${result.errors.join(' | ')}`);
  const achieved = result.sent / (result.elapsedMs / 1000);
  log(`fixed rate: ${int(result.sent)} of ${int(count)} alerts sent at ${RATE}/s scheduled, ${int(achieved)}/s completed, at most ${result.maxInFlight} in flight, client send lag at worst ${ms(result.maxSendLagMs)} ms; ` +
    `Weft's event loop delay p50 ${ms(loopDelay.percentile(50) / 1e6)} ms, p99 ${ms(loopDelay.percentile(99) / 1e6)} ms, max ${ms(loopDelay.max / 1e6)} ms` +
    (result.overloaded ? `; NOT SUSTAINED: stopped when ${MAX_IN_FLIGHT} requests were in flight (the server answers slower than ${RATE}/s)` : ''));
  const rows: string[][] = [];
  const all = Object.values(result.latencies).flat();
  for (const [name, values] of [['all kinds', all], ...INTAKE_KINDS.map((k) => [k, result.latencies[k]!] as const)] as const) {
    const s = summarise(values);
    rows.push([target.label, name, `${RATE}/s x ${RATE_SECONDS} s${result.overloaded ? ' (not sustained)' : ''}`, int(s.n), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)]);
  }
  const sent = summarise(result.sendLatencies);
  rows.push([target.label, 'all, from actual send', '', int(sent.n), ms(sent.p50), ms(sent.p95), ms(sent.p99), ms(sent.max)]);
  return rows;
}

const throughputRows: string[][] = [['target', 'intake', 'alerts', 'full /s', 'p50 ms', 'p95 ms', 'p99 ms', 'plain INSERT /s', 'full/plain', 'plain rows tx /s', 'full/rows', 'app cores', 'db cores', 'app CPU ms/alert', 'db CPU ms/alert']];
const rateRows: string[][] = [['target', 'intake', 'schedule', 'alerts', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']];
const facts: string[] = [];
const anatomies: string[] = [];
console.log(`alerts intake bench (node ${process.version}, ${os.cpus().length} CPUs)`);
for (const label of targetLabels()) {
  const target = await openAlertsTarget(label);
  const log = (line: string) => console.log(`[${label}] ${line}`);
  const client = new Client();
  try {
    facts.push(`[${label}] ${(await machineInfo(target)).split('\n').join(`\n[${label}] `)}`);
    const { app, organisationId, spec } = await setUp(target, log);
    if (!SKIP.has('anatomy')) anatomies.push(`[${label}] ${(await anatomy(target, spec, INTAKE_KINDS)).split('\n').join(`\n[${label}] `)}`);
    if (!SKIP.has('throughput')) throughputRows.push(...(await throughput(target, client, organisationId, spec, log)));
    if (!SKIP.has('rate')) rateRows.push(...(await fixedRate(target, client, spec, log)));
    await app.close();
  } finally {
    client.close();
    await target.close();
  }
}
console.log(`\n${facts.join('\n')}`);
console.log(`\nThroughput, closed loop, ${CONCURRENCY} in flight (after ${WARMUP} warm-up requests per kind); full/plain = full path rate over one plain INSERT of the alert row, full/rows = over every row of the path in one plain transaction; cores = CPU the Weft process (app) and this database's PostgreSQL backends (db) used during the full-path run`);
console.log(table(throughputRows));
console.log(`\nLatency at a fixed rate, open loop (from the scheduled send instant)`);
console.log(table(rateRows));
if (anatomies.length > 0) console.log(`\nOne alert at a time, every statement logged (where the time goes)\n${anatomies.join('\n')}`);
