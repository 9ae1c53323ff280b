/**
 * AUD-1 "chaining must not serialise all writes to a crawl: measure it".
 *   (a) small write transactions with and without an audit row, 1 and 8 concurrent writers,
 *       with the chainer running as in production; then how long the chainer takes to catch up;
 *   (b) linking 100,000 rows into the chain, then verifying them: rows/s and peak RSS.
 * On PGlite in memory, and on PostgreSQL when DATABASE_URL is set (a throwaway database
 * weft_bench_<random>, dropped at the end). Run: npx tsx bench/audit-chain.ts
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../server/db/database';
import { chainPendingAudit, startAuditChainer } from '../server/platform/audit/chainer';
import { recordAudit, type AuditEntry } from '../server/platform/audit/record';
import { verifyAuditChain } from '../server/platform/audit/verify';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2.5);
const VERIFY_ROWS = Number(process.env.BENCH_VERIFY_ROWS ?? 100_000);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

interface Target {
  label: string;
  database: Database;
  dispose(): Promise<void>;
}

async function openTarget(label: 'pglite' | 'postgres'): Promise<Target> {
  if (label === 'pglite') {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    return { label, database, dispose: () => database.close() };
  }
  const url = new URL(process.env.DATABASE_URL!);
  const name = `weft_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  await migrateToLatest(database.db);
  return {
    label,
    database,
    dispose: async () => {
      await database.close();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/**
 * pg's pool.end() resolves before its sockets have closed; `drop … with (force)` at that moment
 * kills them and the pool raises an unhandled error. Wait for them to go; force only at the end.
 */
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await admin.query(`drop database if exists ${name}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await admin.query(`drop database if exists ${name} with (force)`);
}

const entry = (writer: number, n: number): AuditEntry => ({
  action: 'setting.update',
  resourceType: 'instance_setting',
  resourceId: `bench-${writer}`,
  details: { n },
});

/** Transactions per second for `writers` loops, each upserting its own setting row. */
async function measureWrites(target: Target, writers: number, withAudit: boolean): Promise<number> {
  const { db } = target.database;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; performance.now() < deadline; n++) {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('instance_settings')
            .values({ key: `bench-${writer}`, value: JSON.stringify({ n }), updated_at: new Date() })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ n }), updated_at: new Date() }))
            .execute();
          if (withAudit) await recordAudit(trx, entry(writer, n));
        });
        done += 1;
      }
    }),
  );
  return rate(done, performance.now() - started);
}

async function benchWrites(target: Target): Promise<void> {
  const chainer = startAuditChainer(target.database.db, { onError: (err) => console.error('chainer:', err) });
  await measureWrites(target, 1, true); // warm-up: connections, plans, JIT
  for (const writers of [1, 8]) {
    const plain = await measureWrites(target, writers, false);
    const audited = await measureWrites(target, writers, true);
    const caughtUp = performance.now();
    await chainer.flush();
    console.log(
      `${target.label} writes, ${writers} writer(s): ${plain} tx/s without audit, ${audited} tx/s with an audit row ` +
        `(ratio ${(audited / plain).toFixed(2)}); chainer caught up ${Math.round(performance.now() - caughtUp)} ms after the last commit`,
    );
  }
  await chainer.stop();
}

async function benchVerify(target: Target): Promise<void> {
  const { db } = target.database;
  // Written unchained in batches (as many transactions would), then linked by the chainer.
  for (let written = 0; written < VERIFY_ROWS; written += 1000) {
    const size = Math.min(1000, VERIFY_ROWS - written);
    await recordAudit(db, ...Array.from({ length: size }, (_, i) => entry(i % 8, written + i)));
  }
  let started = performance.now();
  const chained = await chainPendingAudit(db);
  console.log(`${target.label} chaining: ${chained} rows linked at ${rate(chained, performance.now() - started)} rows/s`);

  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  started = performance.now();
  const result = await verifyAuditChain(db, { progressEvery: 10_000, onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().rss);
  if (!result.ok) throw new Error(`bench chain broken: ${result.reason} at ${result.firstBadSeq}`);
  console.log(
    `${target.label} verify: ${result.rows} rows in ${(ms / 1000).toFixed(1)} s = ${rate(result.rows, ms)} rows/s; ` +
      `RSS ${mib(before)} before, peak ${mib(peak)} during (+${mib(peak - before)}), process max ${mib(process.resourceUsage().maxRSS * 1024)}`,
  );
}

// BENCH_TARGETS=postgres BENCH_VERIFY_ROWS=1000000 checks the bounded memory at a million rows.
const labels = (process.env.BENCH_TARGETS?.split(',') ?? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Array<'pglite' | 'postgres'>;
console.log(`audit chain bench: ${SECONDS} s per write run, ${VERIFY_ROWS} rows to verify, node ${process.version}`);
for (const label of labels) {
  const target = await openTarget(label);
  try {
    await benchWrites(target);
    await benchVerify(target);
  } finally {
    await target.dispose();
  }
}
