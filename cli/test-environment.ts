/**
 * Environments for CLI tests: the variables `weft` reads, pointing at a private database.
 * Embedded: a temporary data folder, started from the migrated test template. PostgreSQL
 * (DATABASE_URL set): a fresh database cloned from the test template, dropped by dispose().
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../server/config';
import { openDatabase } from '../server/db/database';
import { openRuntime, type Runtime } from '../server/runtime';
import { dropDatabaseWhenIdle, withAdminClient, withDatabaseName } from '../server/test/postgres';
import { runWeft } from './program';

export interface CliEnvironment {
  env: Record<string, string>;
  config: Config;
  /** Runs `weft <args>` in this process and collects its output. */
  weft(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** The runtime on this environment's database (close it before running weft again). */
  open(): Promise<Runtime>;
  dispose(): Promise<void>;
}

export interface CliEnvironmentOptions {
  /** Default: a fresh random key in WEFT_MASTER_KEY. null: none (embedded: master.key). */
  masterKey?: string | null;
  /** Start the embedded data folder migrated (from the test template). Default true. */
  migrated?: boolean;
}

export async function createCliEnvironment(options: CliEnvironmentOptions = {}): Promise<CliEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-'));
  const masterKey = options.masterKey === undefined ? randomBytes(32).toString('base64') : options.masterKey;
  const env: Record<string, string> = {
    WEFT_DATA_DIR: dataDir,
    WEFT_DEMO: 'false',
    LOG_LEVEL: 'silent',
    WEFT_ARGON2_MEMORY_KIB: '8192',
    WEFT_ARGON2_PASSES: '1',
    ...(masterKey ? { WEFT_MASTER_KEY: masterKey } : {}),
  };
  let dropDatabase = async () => {};
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `weft_cli_${randomBytes(6).toString('hex')}`;
    await withAdminClient(serverUrl, (admin) => admin.query(`create database ${name} template ${inject('postgresTemplate')}`));
    env.DATABASE_URL = withDatabaseName(serverUrl, name);
    dropDatabase = () => dropDatabaseWhenIdle(serverUrl, name);
  } else if (options.migrated !== false) {
    // Lay the migrated template down as this folder's database (~0.5 s instead of migrating).
    const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))], { type: 'application/x-gzip' });
    const database = await openDatabase({ dataDir, loadDataDir: template });
    await database.close();
  }
  const config = loadConfig(env);
  return {
    env,
    config,
    async weft(...args) {
      const out: string[] = [];
      const err: string[] = [];
      const result = await runWeft(args, { env, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
      if (typeof result !== 'number') throw new Error('weft start is not for these tests');
      return { code: result, out: out.join('\n'), err: err.join('\n') };
    },
    open: () => openRuntime(config, { log: () => {} }),
    async dispose() {
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

