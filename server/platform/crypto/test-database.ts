/**
 * Test databases for the crypto tests: in-memory PGlite by default; with DATABASE_URL, a fresh
 * database `weft_crypto_<random>` on that server, dropped at the end, so these tests never
 * clash with others sharing the server.
 */
import crypto from 'node:crypto';
import { migrateToLatest, openDatabase, type Database } from '../../db/database';
import { dropDatabaseWhenIdle, withAdminClient } from '../../test/postgres';

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
      await dropDatabaseWhenIdle(serverUrl, name);
    },
  };
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
