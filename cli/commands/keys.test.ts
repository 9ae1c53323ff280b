import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { usersTotpSecret } from '../../server/platform/crypto/columns';
import { ciphertextKeyId, createFieldCipher } from '../../server/platform/crypto/field-cipher';
import {
  generateMasterKey,
  loadMasterKeyring,
  MASTER_KEY_FILE,
  PREVIOUS_MASTER_KEY_FILE,
  type MasterKeyring,
} from '../../server/platform/crypto/master-keys';
import { insertOrganisation, insertUser, openTestDatabase, type TestDatabase } from '../../server/platform/crypto/test-database';
import { runKeysCommand } from './keys';


// Real databases on a busy machine: give each test room.
vi.setConfig({ testTimeout: 30_000 });
let database: TestDatabase;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-keys-cli-'));

beforeAll(async () => {
  database = await openTestDatabase();
}, 60_000);

// Each test starts from an empty key table: status and rotate-master look at every key.
beforeEach(async () => {
  await database.db.deleteFrom('users').execute();
  await database.db.deleteFrom('data_keys').execute();
  await database.db.deleteFrom('organisations').execute();
});

afterAll(async () => {
  await database?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function run(args: string[], keyring: MasterKeyring, config: { dataDir: string; embedded: boolean }) {
  const lines: string[] = [];
  const code = await runKeysCommand(args, {
    db: database.db,
    keyring,
    cipher: createFieldCipher(keyring),
    config,
    out: (line) => lines.push(line),
  });
  return { code, lines, text: lines.join('\n') };
}

async function seedSecret(keyring: MasterKeyring) {
  const cipher = createFieldCipher(keyring);
  const org = await insertOrganisation(database);
  const user = await insertUser(database, org);
  const sealed = await usersTotpSecret.seal(cipher, database.db, org, user, 'JBSWY3DPEHPK3PXP');
  await database.db.updateTable('users').set({ totp_secret: sealed }).where('id', '=', user).execute();
  return { org, user };
}

async function readSecret(keyring: MasterKeyring, org: string, user: string) {
  const row = await database.db.selectFrom('users').select('totp_secret').where('id', '=', user).executeTakeFirstOrThrow();
  return usersTotpSecret.open(createFieldCipher(keyring), database.db, org, user, row.totp_secret);
}

describe('weft keys', () => {
  it('generate prints only a new base64 key of 32 bytes', async () => {
    const keyring = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: tmp, embedded: false });
    const { code, lines } = await run(['generate'], keyring, { dataDir: tmp, embedded: false });
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(Buffer.from(lines[0]!, 'base64')).toHaveLength(32);
  });

  it('answers a usage error with exit code 2', async () => {
    const keyring = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: tmp, embedded: false });
    for (const args of [[], ['nope'], ['rotate-org'], ['rotate-org', 'not-a-uuid'], ['generate', 'extra']]) {
      const { code, text } = await run(args, keyring, { dataDir: tmp, embedded: false });
      expect(code).toBe(2);
      expect(text).toMatch(/usage: weft keys/);
    }
  });

  it('rotates the embedded master key file, and the data stays readable with the new file alone', async () => {
    const dataDir = path.join(tmp, 'embedded');
    const load = () => loadMasterKeyring({ dataDir, embedded: true, log: () => {} });
    const before = load();
    const { org, user } = await seedSecret(before);
    const keyFile = path.join(dataDir, MASTER_KEY_FILE);
    const oldFileText = fs.readFileSync(keyFile, 'utf8');

    const { code, text } = await run(['rotate-master'], before, { dataDir, embedded: true });
    expect(code).toBe(0);
    expect(text).not.toContain(oldFileText.trim());
    expect(fs.existsSync(path.join(dataDir, PREVIOUS_MASTER_KEY_FILE))).toBe(false);
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(oldFileText);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    const after = load();
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.retiredKeyIds).toEqual([]);
    expect(text).toContain(after.currentKeyId);
    expect(await readSecret(after, org, user)).toBe('JBSWY3DPEHPK3PXP');
    const stale = await database.db.selectFrom('data_keys').select('id').where('master_key_id', '=', before.currentKeyId).execute();
    expect(stale).toHaveLength(0);
  });

  it('resumes an embedded rotation interrupted after master.key was replaced', async () => {
    const dataDir = path.join(tmp, 'interrupted');
    const first = loadMasterKeyring({ dataDir, embedded: true, log: () => {} });
    const { org, user } = await seedSecret(first);
    // The state a crash leaves: new key in master.key, old key in master.key.previous.
    const keyFile = path.join(dataDir, MASTER_KEY_FILE);
    fs.copyFileSync(keyFile, path.join(dataDir, PREVIOUS_MASTER_KEY_FILE));
    fs.writeFileSync(keyFile, `${generateMasterKey()}\n`, { mode: 0o600 });
    const logs: string[] = [];
    const interrupted = loadMasterKeyring({ dataDir, embedded: true, log: (m) => logs.push(m) });
    expect(logs.join('\n')).toMatch(/did not finish/);
    expect(await readSecret(interrupted, org, user)).toBe('JBSWY3DPEHPK3PXP');

    const { code, text } = await run(['rotate-master'], interrupted, { dataDir, embedded: true });
    expect(code).toBe(0);
    expect(text).toMatch(/resuming/);
    expect(fs.existsSync(path.join(dataDir, PREVIOUS_MASTER_KEY_FILE))).toBe(false);
    const after = loadMasterKeyring({ dataDir, embedded: true, log: () => {} });
    expect(after.currentKeyId).toBe(interrupted.currentKeyId);
    expect(await readSecret(after, org, user)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('moves an embedded install from master.key to WEFT_MASTER_KEY', async () => {
    const dataDir = path.join(tmp, 'moving');
    const fileKeyring = loadMasterKeyring({ dataDir, embedded: true, log: () => {} });
    const { org, user } = await seedSecret(fileKeyring);
    const envKey = generateMasterKey();
    const moving = loadMasterKeyring({ masterKey: envKey, dataDir, embedded: true, log: () => {} });
    const { code, text } = await run(['rotate-master'], moving, { dataDir, embedded: true });
    expect(code).toBe(0);
    expect(text).toMatch(/Delete .*master\.key/);
    fs.rmSync(path.join(dataDir, MASTER_KEY_FILE));
    const envOnly = loadMasterKeyring({ masterKey: envKey, dataDir, embedded: true, log: () => {} });
    expect(envOnly.retiredKeyIds).toEqual([]);
    expect(await readSecret(envOnly, org, user)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('re-wraps under WEFT_MASTER_KEY with the old key in WEFT_MASTER_KEYS_RETIRED, and reports status', async () => {
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const config = { dataDir: path.join(tmp, 'server'), embedded: false };
    const before = loadMasterKeyring({ masterKey: oldKey, ...config });
    const { org, user } = await seedSecret(before);
    const record = await createFieldCipher(before).createRecordKey(database.db, org);
    await createFieldCipher(before).destroyKey(database.db, record);

    const during = loadMasterKeyring({ masterKey: newKey, retiredKeys: oldKey, ...config });
    const statusBefore = await run(['status'], during, config);
    expect(statusBefore.code).toBe(0);
    expect(statusBefore.text).toContain(`master key: ${during.currentKeyId} (WEFT_MASTER_KEY)`);
    expect(statusBefore.text).toContain(`retired master keys: ${before.currentKeyId}`);
    expect(statusBefore.text).toMatch(/record destroyed: \d+/);
    expect(statusBefore.text).toContain(`wrapped by master key ${before.currentKeyId}`);

    const rotated = await run(['rotate-master'], during, config);
    expect(rotated.code).toBe(0);
    expect(rotated.text).toMatch(/remove it from WEFT_MASTER_KEYS_RETIRED/);
    const onlyNew = loadMasterKeyring({ masterKey: newKey, ...config });
    expect(await readSecret(onlyNew, org, user)).toBe('JBSWY3DPEHPK3PXP');

    const statusAfter = await run(['status'], onlyNew, config);
    expect(statusAfter.code).toBe(0);
    expect(statusAfter.text).not.toContain(before.currentKeyId);
    for (const secret of [oldKey, newKey]) expect(`${statusBefore.text}${rotated.text}${statusAfter.text}`).not.toContain(secret);

    // With the master key lost, status says so and exits 1.
    const wrong = loadMasterKeyring({ masterKey: generateMasterKey(), ...config });
    const broken = await run(['status'], wrong, config);
    expect(broken.code).toBe(1);
    expect(broken.text).toMatch(/NOT CONFIGURED/);
    await expect(run(['rotate-master'], wrong, config)).rejects.toThrow(/WEFT_MASTER_KEYS_RETIRED/);
  });

  it('rotate-org re-encrypts the organisation under a new data key', async () => {
    const keyring = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: tmp, embedded: false });
    const { org, user } = await seedSecret(keyring);
    const { code, text } = await run(['rotate-org', org], keyring, { dataDir: tmp, embedded: false });
    expect(code).toBe(0);
    expect(text).toMatch(/fields re-encrypted: 1/);
    const row = await database.db.selectFrom('users').select('totp_secret').where('id', '=', user).executeTakeFirstOrThrow();
    expect(text).toContain(ciphertextKeyId(row.totp_secret!));
    expect(await readSecret(keyring, org, user)).toBe('JBSWY3DPEHPK3PXP');
  });
});
