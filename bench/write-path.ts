/**
 * The platform's cost on a write: small records through the full path (HTTP, validation,
 * session, policy, encryption of one field, audit row in the same transaction) against
 * plain INSERTs of the same row, in the same run. Run: npx tsx bench/write-path.ts
 * (set DATABASE_URL to include PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { buildApp } from '../server/app';
import { auditActor } from '../server/platform/actor';
import { recordAudit } from '../server/platform/audit/record';
import { requestContext, typed } from '../server/platform/http/route-kit';
import { hasPermission } from '../server/platform/policy';
import { forbidden } from '../core/errors';
import { buildOrganisation, buildUser, signIn } from '../server/test/factories';
import { benchTargets, fmt, openBenchTarget, percentile } from './support/database';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function runPool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const start = performance.now();
        await task(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

for (const label of benchTargets()) {
  const target = await openBenchTarget(label, { WEFT_ARGON2_MEMORY_KIB: '8192', WEFT_ARGON2_PASSES: '1' });
  const { ctx } = target.runtime;
  // A bench-only table and route: the platform pieces are the real ones.
  await sql`create table bench_records (id uuid primary key, organisation_id uuid not null, label text not null, secret bytea not null, created_at timestamptz not null default now())`.execute(ctx.db);
  const app = await buildApp(ctx);
  typed(app).post('/api/bench/records', {
    config: { auth: 'session' },
    schema: { body: z.object({ label: z.string().min(1).max(200), secret: z.string().min(1).max(500) }), response: { 201: z.object({ id: z.string() }) } },
  }, async (request, reply) => {
    const req = requestContext(request);
    if (!hasPermission(req.actor, 'identifying.read')) throw forbidden();
    const organisationId = req.actor.organisationId;
    const id = randomUUID();
    await ctx.db.transaction().execute(async (trx) => {
      const sealed = await ctx.cipher.seal(trx, organisationId, request.body.secret, `bench_records.secret:${id}`);
      await sql`insert into bench_records (id, organisation_id, label, secret) values (${id}, ${organisationId}, ${request.body.label}, ${sealed})`.execute(trx);
      await recordAudit(trx, { ...auditActor(req.actor), action: 'bench_record.create', resourceType: 'bench_record', resourceId: id, requestId: req.requestId });
    });
    return reply.status(201).send({ id });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const organisation = await buildOrganisation(ctx);
  const user = await signIn(app, await buildUser(ctx, { role: 'case_worker', organisationId: organisation.id }));
  const headers = { ...user.headers, 'content-type': 'application/json' };

  // Warm-up: JIT, key cache, connection pool.
  await runPool(100, CONCURRENCY, async (i) => {
    await fetch(`${base}/api/bench/records`, { method: 'POST', headers, body: JSON.stringify({ label: `warm ${i}`, secret: 'fictional secret' }) });
  });

  const plainStart = performance.now();
  const plainLatencies = await runPool(RECORDS, CONCURRENCY, async (i) => {
    await sql`insert into bench_records (id, organisation_id, label, secret) values (${randomUUID()}, ${organisation.id}, ${`plain ${i}`}, ${Buffer.from('fictional secret')})`.execute(ctx.db);
  });
  const plainRate = RECORDS / ((performance.now() - plainStart) / 1000);

  const injectStart = performance.now();
  await runPool(RECORDS, CONCURRENCY, async (i) => {
    const res = await app.inject({ method: 'POST', url: '/api/bench/records', headers, payload: { label: `inject ${i}`, secret: `fictional secret ${i}` } });
    if (res.statusCode !== 201) throw new Error(`unexpected ${res.statusCode}`);
  });
  console.log(`[${label}] in-process (no socket): ${fmt(RECORDS / ((performance.now() - injectStart) / 1000), 0)} rows/s`);
  const fullStart = performance.now();
  const fullLatencies = await runPool(RECORDS, CONCURRENCY, async (i) => {
    const res = await fetch(`${base}/api/bench/records`, { method: 'POST', headers, body: JSON.stringify({ label: `full ${i}`, secret: `fictional secret ${i}` }) });
    if (res.status !== 201) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
  });
  const fullRate = RECORDS / ((performance.now() - fullStart) / 1000);

  console.log(`[${label}] ${RECORDS} records, ${CONCURRENCY} concurrent`);
  console.log(`[${label}] plain INSERT: ${fmt(plainRate, 0)} rows/s (p50 ${fmt(percentile(plainLatencies, 50), 2)} ms, p99 ${fmt(percentile(plainLatencies, 99), 2)} ms)`);
  console.log(`[${label}] full path:    ${fmt(fullRate, 0)} rows/s (p50 ${fmt(percentile(fullLatencies, 50), 2)} ms, p99 ${fmt(percentile(fullLatencies, 99), 2)} ms)`);
  console.log(`[${label}] full path keeps ${fmt((fullRate / plainRate) * 100)}% of the plain rate`);
  await app.close();
  await target.close();
}
