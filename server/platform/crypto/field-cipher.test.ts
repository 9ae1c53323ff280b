import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../../core/errors';
import { usersTotpSecret } from './columns';
import { ciphertextKeyId, createFieldCipher, FieldDecryptionError, type FieldCipher } from './field-cipher';
import { generateMasterKey, loadMasterKeyring } from './master-keys';
import { insertOrganisation, insertUser, openTestDatabase, type TestDatabase } from './test-database';


// Real databases on a busy machine: give each test room.
vi.setConfig({ testTimeout: 30_000 });
let database: TestDatabase;
let cipher: FieldCipher;
let org: string;
let otherOrg: string;

beforeAll(async () => {
  database = await openTestDatabase();
  cipher = createFieldCipher(loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: '/nonexistent', embedded: false }));
  org = await insertOrganisation(database);
  otherOrg = await insertOrganisation(database);
}, 60_000);

afterAll(async () => {
  await database?.dispose();
});

const activeOrganisationKeys = (organisationId: string) =>
  database.db
    .selectFrom('data_keys')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('scope', '=', 'organisation')
    .where('status', '=', 'active')
    .execute();

describe('seal and open (STO-1)', () => {
  it('round-trips text, including empty and non-Latin text', async () => {
    for (const text of ['JBSWY3DPEHPK3PXP', '', 'Amani — Goma, Nord-Kivu ✓ يوم', 'x'.repeat(10_000)]) {
      const sealed = await cipher.seal(database.db, org, text, 'test.field:1');
      expect(sealed[0]).toBe(1);
      expect(sealed.length).toBe(1 + 16 + 12 + Buffer.byteLength(text) + 16);
      expect(await cipher.open(database.db, org, sealed, 'test.field:1')).toBe(text);
    }
  });

  it('opens a ciphertext read back from the database (Uint8Array on PGlite, Buffer on pg)', async () => {
    const user = await insertUser(database, org);
    const sealed = await usersTotpSecret.seal(cipher, database.db, org, user, 'JBSWY3DPEHPK3PXP');
    await database.db.updateTable('users').set({ totp_secret: sealed }).where('id', '=', user).execute();
    const row = await database.db.selectFrom('users').select(['totp_secret']).where('id', '=', user).executeTakeFirstOrThrow();
    expect(row.totp_secret).toBeInstanceOf(Uint8Array);
    expect(await usersTotpSecret.open(cipher, database.db, org, user, row.totp_secret)).toBe('JBSWY3DPEHPK3PXP');
    expect(await usersTotpSecret.open(cipher, database.db, org, user, null)).toBeNull();
    // A copy of the same ciphertext in another user's row does not open there.
    const other = await insertUser(database, org);
    await expect(usersTotpSecret.open(cipher, database.db, org, other, row.totp_secret)).rejects.toThrow(FieldDecryptionError);
  });

  it('fails with the wrong context, the wrong organisation, or another process without the master key', async () => {
    const sealed = await cipher.seal(database.db, org, 'secret', 'users.totp_secret:a');
    await expect(cipher.open(database.db, org, sealed, 'users.totp_secret:b')).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.open(database.db, org, sealed, 'users.email:a')).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.open(database.db, otherOrg, sealed, 'users.totp_secret:a')).rejects.toThrow(FieldDecryptionError);
    const stranger = createFieldCipher(loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: '/x', embedded: false }));
    await expect(stranger.open(database.db, org, sealed, 'users.totp_secret:a')).rejects.toThrow(/not configured/);
  });

  it('detects a change to any byte', async () => {
    const sealed = Buffer.from(await cipher.seal(database.db, org, 'tamper me', 'ctx'));
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i] = tampered[i]! ^ 0x80;
      await expect(cipher.open(database.db, org, tampered, 'ctx')).rejects.toThrow();
    }
    await expect(cipher.open(database.db, org, sealed.subarray(0, sealed.length - 1), 'ctx')).rejects.toThrow();
    await expect(cipher.open(database.db, org, sealed.subarray(0, 20), 'ctx')).rejects.toThrow(/malformed/);
  });

  it('never repeats a nonce over 10,000 seals', async () => {
    const nonces = new Set<string>();
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 10_000; i++) {
        const sealed = Buffer.from(await cipher.seal(trx, org, 'same text', 'same context'));
        nonces.add(sealed.subarray(17, 29).toString('hex'));
      }
    });
    expect(nonces.size).toBe(10_000);
  }, 120_000);

  it('creates exactly one first key per organisation under concurrent sealing', async () => {
    const fresh = await insertOrganisation(database);
    const sealed = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? database.db.transaction().execute((trx) => cipher.seal(trx, fresh, `value ${i}`, `ctx:${i}`))
          : cipher.seal(database.db, fresh, `value ${i}`, `ctx:${i}`),
      ),
    );
    const keys = await activeOrganisationKeys(fresh);
    expect(keys).toHaveLength(1);
    expect(new Set(sealed.map(ciphertextKeyId))).toEqual(new Set([keys[0]!.id]));
    for (const [i, blob] of sealed.entries()) expect(await cipher.open(database.db, fresh, blob, `ctx:${i}`)).toBe(`value ${i}`);
  });

  it('creates no key when the sealing transaction rolls back', async () => {
    const fresh = await insertOrganisation(database);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await cipher.seal(trx, fresh, 'value', 'ctx');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await activeOrganisationKeys(fresh)).toHaveLength(0);
    const sealed = await cipher.seal(database.db, fresh, 'value', 'ctx');
    expect(await cipher.open(database.db, fresh, sealed, 'ctx')).toBe('value');
  });

  it('refuses to seal for an organisation that does not exist', async () => {
    await expect(cipher.seal(database.db, '00000000-0000-4000-8000-000000000000', 'x', 'ctx')).rejects.toThrow(DomainError);
  });
});

describe('record keys (STO-3)', () => {
  it('opens under a record key until the key is destroyed, then refuses with crypto.key_destroyed', async () => {
    const keyId = await cipher.createRecordKey(database.db, org);
    const sealed = await cipher.sealWithRecordKey(database.db, keyId, 'narrative of a survivor', 'cases.narrative:1');
    expect(ciphertextKeyId(sealed)).toBe(keyId);
    expect(await cipher.open(database.db, org, sealed, 'cases.narrative:1')).toBe('narrative of a survivor');
    await expect(cipher.open(database.db, otherOrg, sealed, 'cases.narrative:1')).rejects.toThrow(FieldDecryptionError);

    await database.db.transaction().execute((trx) => cipher.destroyKey(trx, keyId));
    const row = await database.db.selectFrom('data_keys').selectAll().where('id', '=', keyId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'destroyed', wrapped_key: null, scope: 'record', organisation_id: org });
    expect(row.destroyed_at).toBeInstanceOf(Date);

    const error = await cipher.open(database.db, org, sealed, 'cases.narrative:1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ category: 'rule_violation', code: 'crypto.key_destroyed' });
    await expect(cipher.sealWithRecordKey(database.db, keyId, 'more', 'cases.narrative:1')).rejects.toMatchObject({
      code: 'crypto.key_destroyed',
    });
  });

  it('does not let a record key stand in for the organisation key', async () => {
    const orgKey = ciphertextKeyId(await cipher.seal(database.db, org, 'x', 'ctx'));
    await expect(cipher.sealWithRecordKey(database.db, orgKey, 'x', 'ctx')).rejects.toThrow(/No record data key/);
  });
});

describe('canary: no plaintext reaches the database (STO-1)', () => {
  it('keeps CANARY-7f3a9 out of every row of users and data_keys', async () => {
    const user = await insertUser(database, org);
    const sealed = await usersTotpSecret.seal(cipher, database.db, org, user, 'CANARY-7f3a9');
    await database.db.updateTable('users').set({ totp_secret: sealed }).where('id', '=', user).execute();
    const dump = async (table: 'users' | 'data_keys') =>
      (await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table)} t`.execute(database.db)).rows
        .map((r) => r.row)
        .join('\n');
    const text = `${await dump('users')}\n${await dump('data_keys')}`;
    expect(text).toContain(user); // the dump did read the row
    expect(text).not.toContain('CANARY-7f3a9');
    expect(text).not.toContain(Buffer.from('CANARY-7f3a9').toString('hex'));
    expect(text).not.toContain(Buffer.from('CANARY-7f3a9').toString('base64'));
  });
});
