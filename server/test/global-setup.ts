/**
 * Migrates once per test run. PGlite: a migrated data folder dumped to a tarball that each
 * test file loads (~0.4 s instead of ~3 s). PostgreSQL: a template database that each test
 * file clones.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../db/database';
import { withDatabaseName } from './postgres';

export const TEMPLATE_FILE = path.resolve('.tmp/test-template.tar.gz');

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    const dump = await database.pglite!.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
    fs.writeFileSync(TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    project.provide('pgliteTemplate', TEMPLATE_FILE);
    return;
  }
  const template = `weft_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabaseName(databaseUrl, template), poolSize: 1 });
  await migrateToLatest(database.db);
  await database.close();
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}
