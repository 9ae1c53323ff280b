/** Throwaway databases for benchmarks: PGlite in memory, or a fresh PostgreSQL database. */
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../server/config';
import { openRuntime, type Runtime } from '../../server/runtime';
import { dropDatabaseWhenIdle, withAdminClient, withDatabaseName } from '../../server/test/postgres';

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
  const serverUrl = process.env.DATABASE_URL!;
  const name = `weft_bench_${randomBytes(5).toString('hex')}`;
  await withAdminClient(serverUrl, (admin) => admin.query(`create database ${name}`));
  const config = loadConfig({ ...base, DATABASE_URL: withDatabaseName(serverUrl, name) });
  const runtime = await openRuntime(config);
  return {
    label,
    runtime,
    config,
    close: async () => {
      await runtime.close();
      await dropDatabaseWhenIdle(serverUrl, name);
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);
