/** A fresh, migrated database and runtime per test file, on PGlite or PostgreSQL. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import { openDatabase } from '../db/database';
import type { DB } from '../db/schema';
import { openRuntime, type Runtime } from '../runtime';
import { dropDatabaseWhenIdle, withAdminClient, withDatabaseName } from './postgres';

export interface TestRuntime extends Runtime {
  config: Config;
  /**
   * The tables' owner, for what a test does behind the application's back (disable a
   * trigger, tamper with rows, inspect every row). On a server the application acts as
   * weft_app under row-level security (AUTHZ-2); on PGlite both are the same connection.
   */
  ownerDb: Kysely<DB>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    WEFT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'weft-test-')),
    WEFT_MASTER_KEY: randomBytes(32).toString('base64'),
    WEFT_DEMO: 'false',
    // The cheapest Argon2id the configuration accepts: tests check behaviour, not cost.
    WEFT_ARGON2_MEMORY_KIB: '8192',
    WEFT_ARGON2_PASSES: '1',
    LOG_LEVEL: 'silent',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...overrides,
  });
}

export async function createTestRuntime(overrides: Record<string, string> = {}): Promise<TestRuntime> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const tarball = fs.readFileSync(inject('pgliteTemplate'));
    const config = testConfig(overrides);
    const runtime = await openRuntime(config, { inMemory: true, loadDataDir: new Blob([tarball]) });
    return { ...runtime, config, ownerDb: runtime.ctx.db };
  }
  const name = `weft_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(databaseUrl, (admin) => admin.query(`create database ${name} template ${inject('postgresTemplate')}`));
  const config = testConfig({ ...overrides, DATABASE_URL: withDatabaseName(databaseUrl, name) });
  const runtime = await openRuntime(config, { migrate: false });
  const owner = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: 2 });
  return {
    ...runtime,
    config,
    ownerDb: owner.db,
    close: async () => {
      await runtime.close();
      await owner.close();
      await dropDatabaseWhenIdle(databaseUrl, name);
    },
  };
}

export interface TestApp extends TestRuntime {
  app: FastifyInstance;
}

export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const runtime = await createTestRuntime(overrides);
  const app = await buildApp(runtime.ctx);
  await app.ready();
  return {
    ...runtime,
    app,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}
