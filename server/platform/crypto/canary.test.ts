/**
 * STO-1 canary: a sealed value never reaches the embedded database's files (tables, WAL,
 * anything in the data folder). Always runs on a PGlite data folder, whatever DATABASE_URL
 * says: the point is the bytes on disk. (The row_to_json scan in field-cipher.test.ts covers
 * the PostgreSQL server.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../db/database';
import { usersTotpSecret } from './columns';
import { createFieldCipher } from './field-cipher';
import { loadMasterKeyring, MASTER_KEY_FILE } from './master-keys';
import { insertOrganisation, insertUser } from './test-database';

const CANARY = 'CANARY-7f3a9';
// Stored in plain text on purpose: proves the scan sees what the database wrote.
const CONTROL = 'CONTROL-PLAIN-52c1d';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-canary-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

it('leaves no trace of a sealed value in the files of the data folder', async () => {
  const dataDir = path.join(tmp, 'data');
  const keyring = loadMasterKeyring({ dataDir, embedded: true, log: () => {} });
  const cipher = createFieldCipher(keyring);
  const database = await openDatabase({ dataDir });
  await migrateToLatest(database.db);
  const org = await insertOrganisation(database);
  await database.db.updateTable('organisations').set({ name: CONTROL }).where('id', '=', org).execute();
  const user = await insertUser(database, org);
  await database.db.transaction().execute(async (trx) => {
    const sealed = await usersTotpSecret.seal(cipher, trx, org, user, CANARY);
    await trx.updateTable('users').set({ totp_secret: sealed }).where('id', '=', user).execute();
  });
  const row = await database.db.selectFrom('users').select('totp_secret').where('id', '=', user).executeTakeFirstOrThrow();
  expect(await usersTotpSecret.open(cipher, database.db, org, user, row.totp_secret)).toBe(CANARY);
  await database.close();

  const files = filesUnder(dataDir).filter((file) => path.basename(file) !== MASTER_KEY_FILE);
  expect(files.length).toBeGreaterThan(10);
  const needles = [CANARY, Buffer.from(CANARY).toString('hex'), Buffer.from(CANARY).toString('base64')].map((s) => Buffer.from(s));
  let controlSeen = false;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    if (bytes.includes(Buffer.from(CONTROL))) controlSeen = true;
    for (const needle of needles) expect(bytes.includes(needle), `${needle.toString()} found in ${file}`).toBe(false);
  }
  expect(controlSeen).toBe(true);
}, 120_000);
