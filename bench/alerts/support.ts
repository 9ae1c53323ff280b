/**
 * What the alert benchmarks share: where they run (PGlite in memory, or a scratch PostgreSQL
 * database created and dropped on the DATABASE_URL server, or one kept from an earlier run via
 * BENCH_DATABASE_URL), the real DR Congo boundaries imported through the places service,
 * an administrator's request for the alert services, machine facts, percentiles and tables.
 *
 * The master key is fixed and fictional so a kept database's sealed columns still open; it
 * protects nothing but generated data.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';
import type { DB } from '../../server/db/schema';
import { loadDemoAreaFiles } from '../../server/demo/areas';
import type { UserActor } from '../../server/platform/actor';
import { systemRequest, type AppContext, type RequestContext } from '../../server/platform/context';
import { runAreaImport } from '../../server/modules/places/service';
import { PGliteDialect } from '../../server/db/pglite-dialect';
import { appRoleOf, openRuntime, type Runtime } from '../../server/runtime';
import { dropDatabaseWhenIdle, withAdminClient, withDatabaseName } from '../../server/test/postgres';
import { buildUser } from '../../server/test/factories';

export type TargetLabel = 'pglite' | 'postgres';

export const BENCH_MASTER_KEY = createHash('sha256').update('weft bench alerts: fictional data only').digest('base64');

export interface AlertsTarget {
  label: TargetLabel;
  runtime: Runtime;
  /** The tables' owner: ANALYZE, EXPLAIN and plain INSERTs as the owner would run them. */
  ownerDb: Kysely<DB>;
  /** The database URL (PostgreSQL), for a later run to reuse with BENCH_DATABASE_URL. */
  url: string | null;
  close(): Promise<void>;
}

/** BENCH_TARGETS (comma list), else PGlite and, when DATABASE_URL is set, PostgreSQL. */
export function targetLabels(defaults: TargetLabel[] = process.env.DATABASE_URL || process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']): TargetLabel[] {
  const given = process.env.BENCH_TARGETS?.split(',').filter(Boolean) as TargetLabel[] | undefined;
  return given && given.length > 0 ? given : defaults;
}

export async function openAlertsTarget(label: TargetLabel): Promise<AlertsTarget> {
  const base = {
    WEFT_DATA_DIR: `/tmp/weft-bench-alerts-${process.pid}`,
    WEFT_MASTER_KEY: BENCH_MASTER_KEY,
    WEFT_DEMO: 'false',
    LOG_LEVEL: 'silent',
    WEFT_ARGON2_MEMORY_KIB: '8192',
    WEFT_ARGON2_PASSES: '1',
  };
  if (label === 'pglite') {
    const runtime = await openRuntime(loadConfig(base), { inMemory: true });
    return { label, runtime, ownerDb: runtime.ctx.db, url: null, close: () => runtime.close() };
  }
  const reuse = process.env.BENCH_DATABASE_URL;
  const server = process.env.DATABASE_URL;
  if (!reuse && !server) throw new Error('PostgreSQL needs DATABASE_URL (a server where a scratch database is created) or BENCH_DATABASE_URL (a database to reuse).');
  let url = reuse ?? '';
  let scratch: string | null = null;
  if (!reuse) {
    scratch = `weft_bench_alerts_${randomBytes(5).toString('hex')}`;
    await withAdminClient(server!, (admin) => admin.query(`create database ${scratch}`));
    url = withDatabaseName(server!, scratch);
  }
  const keep = process.env.BENCH_KEEP_DATABASE === '1';
  const runtime = await openRuntime(loadConfig({ ...base, DATABASE_URL: url }));
  const owner = await openDatabase({ databaseUrl: url, poolSize: 2 });
  return {
    label,
    runtime,
    ownerDb: owner.db,
    url,
    close: async () => {
      await runtime.close();
      await owner.close();
      if (scratch && !keep) await dropDatabaseWhenIdle(server!, scratch);
      else if (scratch) console.log(`[${label}] kept ${url} (BENCH_DATABASE_URL=${url} reuses it; drop it when done)`);
    },
  };
}

export interface BenchArea {
  id: string;
  code: string;
  level: number;
  parentId: string | null;
  name: string;
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number };
}

/** The provinces and eastern health zones of ../shared/data, through the places service (as the demo does). */
export async function importDrcAreas(ctx: AppContext, log: (line: string) => void): Promise<void> {
  const dir = path.resolve(process.env.WEFT_SHARED_DATA ?? '../shared/data');
  const files = loadDemoAreaFiles(dir);
  if (files.missing.length > 0) throw new Error(`Missing area files under ${dir}: ${files.missing.join(', ')}`);
  for (const file of files.found) {
    const report = await ctx.db.transaction().execute((trx) => runAreaImport(trx, systemRequest(), file.input, { dryRun: false, skipInvalid: true }));
    log(`areas: ${file.label}: ${report.created} created, ${report.errors.length} skipped`);
  }
}

export async function readAreas(db: Kysely<DB>): Promise<BenchArea[]> {
  const rows = await db
    .selectFrom('areas')
    .select(['id', 'code', 'level', 'parent_id', 'names', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
    .where('min_lon', 'is not', null)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    level: r.level,
    parentId: r.parent_id,
    name: Object.values(r.names as Record<string, string>)[0] ?? r.code,
    bbox: { minLon: r.min_lon!, minLat: r.min_lat!, maxLon: r.max_lon!, maxLat: r.max_lat! },
  }));
}

/** An administrator of the organisation, as the alert services expect a signed-in one (no HTTP). */
export async function adminRequest(ctx: AppContext, organisationId: string): Promise<RequestContext> {
  const user = await buildUser(ctx, { role: 'admin', organisationId });
  const actor: UserActor = {
    kind: 'user', userId: user.id, organisationId, role: 'admin', isPlatformOperator: false,
    sessionId: randomUUID(), stage: 'complete', reauthenticatedAt: new Date(),
  };
  return { actor, requestId: null, ip: null, userAgent: null };
}

/** CPU, memory, Node and database facts printed at the head of every run. */
export async function machineInfo(target: AlertsTarget): Promise<string> {
  const cpus = os.cpus();
  const lines = [
    `machine: ${cpus.length} CPU(s) ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.platform()} ${os.release()}`,
    `node ${process.version}`,
  ];
  if (target.label === 'postgres') {
    const { rows } = await sql<{ version: string; sync: string; buffers: string; jit: string; work_mem: string }>`
      select current_setting('server_version') as version, current_setting('synchronous_commit') as sync,
             current_setting('shared_buffers') as buffers, current_setting('jit') as jit, current_setting('work_mem') as work_mem`.execute(target.ownerDb);
    const r = rows[0]!;
    lines.push(`database: PostgreSQL ${r.version} on ${new URL(target.url!).host} (synchronous_commit=${r.sync}, shared_buffers=${r.buffers}, work_mem=${r.work_mem}, jit=${r.jit}); app pool of 10 as the application role`);
  } else {
    lines.push('database: PGlite (PostgreSQL in WebAssembly, in memory, on the server process\'s own thread)');
  }
  return lines.join('\n');
}

// ---- Figures --------------------------------------------------------------------------------

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(ms: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(ms).sort();
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '-');
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '-');

/** A plain-text table: the first row is the header; columns right-aligned but the first. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Fresh planner statistics (the application role may not ANALYZE: the owner does). */
export async function analyse(owner: Kysely<DB>, tables: string[]): Promise<void> {
  for (const t of tables) await sql`analyze ${sql.table(t)}`.execute(owner);
}

/**
 * CPU milliseconds used so far by the PostgreSQL backends serving this database (from
 * /proc; the server runs on this machine), by process id. A backend that exits between two
 * snapshots takes its last seconds with it: the figure is a lower bound.
 */
export async function databaseCpu(target: AlertsTarget): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (target.label !== 'postgres') return cpu;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(target.ownerDb);
  for (const { pid } of rows) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, fields 14 and 15 of the line (11 and 12 after the name), in 1/100 s.
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // gone already
    }
  }
  return cpu;
}

export function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, msUsed] of after) total += msUsed - (before.get(pid) ?? 0);
  return total;
}

/**
 * The app's database handle again (same database, same role and start-up options as
 * server/db/database.ts), with a log that sees every statement and its duration.
 * `close` ends its pool (PostgreSQL); on PGlite it shares the runtime's database.
 */
export function capturingDb(target: AlertsTarget, onQuery: (event: LogEvent & { level: 'query' }) => void): { db: Kysely<DB>; close(): Promise<void> } {
  const log = (event: LogEvent) => {
    if (event.level === 'query') onQuery(event);
  };
  const { runtime } = target;
  if (runtime.database.kind === 'pglite') return { db: new Kysely<DB>({ dialect: new PGliteDialect(runtime.database.pglite!), log }), close: async () => {} };
  const role = appRoleOf(runtime.ctx.config);
  const pool = new pg.Pool({ connectionString: target.url!, max: 10, options: ['-c jit=off', ...(role ? [`-c role=${role}`] : [])].join(' ') });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
  return { db, close: () => db.destroy() };
}
