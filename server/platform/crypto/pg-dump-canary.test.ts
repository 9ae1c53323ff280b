/**
 * STO-1 canary on a PostgreSQL server: a sealed value never appears in `pg_dump` output,
 * while a plain control value does (so the dump is known to hold the data). Runs when
 * DATABASE_URL is set and pg_dump is installed (CI installs postgresql-client).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { usersTotpSecret } from './columns';
import { createFieldCipher } from './field-cipher';
import { loadMasterKeyring } from './master-keys';
import { insertOrganisation, insertUser, openTestDatabase, type TestDatabase } from './test-database';

const CANARY = 'CANARY-PGDUMP-81d4e';
const CONTROL = 'CONTROL-PGDUMP-3b7c0';
const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0;
const onServer = Boolean(process.env.DATABASE_URL);

let database: TestDatabase | undefined;
beforeAll(async () => {
  if (onServer && hasPgDump) database = await openTestDatabase();
});
afterAll(async () => database?.dispose());

it.skipIf(!onServer || !hasPgDump)('leaves no trace of a sealed value in a pg_dump of the server database', async () => {
  const db = database!;
  const cipher = createFieldCipher(loadMasterKeyring({ masterKey: Buffer.alloc(32, 7).toString('base64'), dataDir: '/nonexistent', embedded: false }));
  const org = await insertOrganisation(db);
  await db.db.updateTable('organisations').set({ name: CONTROL }).where('id', '=', org).execute();
  const user = await insertUser(db, org);
  await db.db.transaction().execute(async (trx) => {
    const sealed = await usersTotpSecret.seal(cipher, trx, org, user, CANARY);
    await trx.updateTable('users').set({ totp_secret: sealed }).where('id', '=', user).execute();
  });
  const [current] = await db.db.selectNoFrom((eb) => eb.fn<string>('current_database').as('name')).execute();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${current!.name}`;
  const dump = execFileSync('pg_dump', ['--data-only', '--inserts', url.toString()], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
  expect(dump).toContain(CONTROL);
  expect(dump).not.toContain(CANARY);
  expect(dump).not.toContain(Buffer.from(CANARY).toString('hex'));
});
