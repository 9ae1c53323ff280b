/**
 * Test databases for the crypto tests: in-memory PGlite by default; with DATABASE_URL, a fresh
 * database `weft_crypto_<random>` on that server, dropped at the end, so these tests never
 * clash with others sharing the server.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../../db/database';

export interface TestDatabase extends Database {
  /** Closes the connection and drops the temporary server database if one was made. */
  dispose(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    return { ...database, dispose: () => database.close() };
  }
  const name = `weft_crypto_${crypto.randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await migrateToLatest(database.db);
  return {
    ...database,
    dispose: async () => {
      await database.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

/**
 * The pool's connections close a moment after close() resolves; dropping WITH (FORCE) at once
 * would kill them mid-goodbye and surface as uncaught errors, so wait for them first.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name}`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // 55006: still in use
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

async function withAdminClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** A fictional organisation; returns its id. */
export async function insertOrganisation(database: Database, shortName = `org-${crypto.randomBytes(4).toString('hex')}`) {
  const row = await database.db
    .insertInto('organisations')
    .values({ name: `Fictional ${shortName}`, short_name: shortName, kind: 'ngo' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A fictional user of the organisation; returns its id. */
export async function insertUser(database: Database, organisationId: string) {
  const tag = crypto.randomBytes(4).toString('hex');
  const row = await database.db
    .insertInto('users')
    .values({
      organisation_id: organisationId,
      email: `user-${tag}@example.org`,
      display_name: `Test user ${tag}`,
      role: 'caseworker',
      password_hash: 'not-a-real-hash',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
