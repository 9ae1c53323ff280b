/** Throwaway databases for benchmarks: PGlite in memory, or a fresh PostgreSQL database. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../server/config';
import { openRuntime, type Runtime } from '../../server/runtime';

export interface BenchTarget {
  label: 'pglite' | 'postgres';
  runtime: Runtime;
  config: Config;
  close(): Promise<void>;
}

export function benchTargets(): Array<'pglite' | 'postgres'> {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openBenchTarget(label: 'pglite' | 'postgres', env: Record<string, string> = {}): Promise<BenchTarget> {
  const base = {
    WEFT_DATA_DIR: `/tmp/weft-bench-${process.pid}`,
    WEFT_MASTER_KEY: randomBytes(32).toString('base64'),
    WEFT_DEMO: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  };
  if (label === 'pglite') {
    const config = loadConfig(base);
    const runtime = await openRuntime(config, { inMemory: true });
    return { label, runtime, config, close: () => runtime.close() };
  }
  const url = new URL(process.env.DATABASE_URL!);
  const name = `weft_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  url.pathname = `/${name}`;
  const config = loadConfig({ ...base, DATABASE_URL: url.toString() });
  const runtime = await openRuntime(config);
  return {
    label,
    runtime,
    config,
    close: async () => {
      await runtime.close();
      // pool.end() resolves before its sockets close: wait for them, force only last.
      for (let attempt = 0; attempt < 40; attempt++) {
        const dropped = await admin.query(`drop database if exists ${name}`).then(() => true, () => false);
        if (dropped) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);
