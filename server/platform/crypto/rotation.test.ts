import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertsRaw, alertsSender, focalPointIdentitiesValue, usersTotpSecret } from './columns';
import { ciphertextKeyId, createFieldCipher, type FieldCipher } from './field-cipher';
import { SENDER_HASH_PURPOSE, senderHashText } from './lookup-columns';
import { generateMasterKey, loadMasterKeyring, type MasterKeyring } from './master-keys';
import { findUnconfiguredMasterKeyIds, rotateMasterKey, rotateOrganisationKey } from './rotation';
import { insertOrganisation, insertUser, openTestDatabase, type TestDatabase } from './test-database';


// Real databases on a busy machine: give each test room.
vi.setConfig({ testTimeout: 30_000 });
let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
}, 60_000);

afterAll(async () => {
  await database?.dispose();
});

const keyring = (masterKey: string, retiredKeys?: string): MasterKeyring =>
  loadMasterKeyring({ masterKey, retiredKeys, dataDir: '/nonexistent', embedded: false });

/** Users of a fresh organisation, each with a sealed TOTP secret stored in their row. */
async function seedUsers(cipher: FieldCipher, count: number) {
  const org = await insertOrganisation(database);
  const users: { id: string; secret: string }[] = [];
  for (let i = 0; i < count; i++) {
    const id = await insertUser(database, org);
    const secret = `SECRET${i}`;
    await database.db.transaction().execute(async (trx) => {
      const sealed = await usersTotpSecret.seal(cipher, trx, org, id, secret);
      await trx.updateTable('users').set({ totp_secret: sealed }).where('id', '=', id).execute();
    });
    users.push({ id, secret });
  }
  return { org, users };
}

async function readSecrets(cipher: FieldCipher, org: string) {
  const rows = await database.db.selectFrom('users').select(['id', 'totp_secret']).where('organisation_id', '=', org).execute();
  const secrets = new Map<string, string | null>();
  const keyIds = new Set<string>();
  for (const row of rows) {
    secrets.set(row.id, await usersTotpSecret.open(cipher, database.db, org, row.id, row.totp_secret));
    if (row.totp_secret) keyIds.add(ciphertextKeyId(row.totp_secret));
  }
  return { secrets, keyIds };
}

const expectAllReadable = async (cipher: FieldCipher, org: string, users: { id: string; secret: string }[]) => {
  const { secrets } = await readSecrets(cipher, org);
  for (const user of users) expect(secrets.get(user.id)).toBe(user.secret);
};

describe('rotateMasterKey (STO-2)', () => {
  it('re-wraps every data key without touching data, and reads keep working throughout', async () => {
    const oldKey = generateMasterKey();
    const before = keyring(oldKey);
    const oldCipher = createFieldCipher(before);
    const { org, users } = await seedUsers(oldCipher, 3);
    const recordKey = await oldCipher.createRecordKey(database.db, org);
    const recordSealed = await oldCipher.sealWithRecordKey(database.db, recordKey, 'record text', 'cases.narrative:r1');
    const destroyed = await oldCipher.createRecordKey(database.db, org);
    await oldCipher.destroyKey(database.db, destroyed);
    const usersBefore = await database.db.selectFrom('users').select(['id', 'totp_secret']).where('organisation_id', '=', org).execute();

    // Every process now runs with the new key current and the old one retired.
    const newKey = generateMasterKey();
    const after = keyring(newKey, oldKey);
    const cipher = createFieldCipher(after);
    expect(await findUnconfiguredMasterKeyIds(database.db, after)).toEqual([]);
    const result = await rotateMasterKey(database.db, after, {
      batchSize: 2,
      onBatch: async () => {
        await expectAllReadable(cipher, org, users); // mid-rotation: some keys old, some new
      },
    });
    expect(result.masterKeyId).toBe(after.currentKeyId);
    expect(result.rewrapped).toBeGreaterThanOrEqual(2); // this test's org key and record key, at least

    const keys = await database.db.selectFrom('data_keys').select(['id', 'master_key_id', 'wrapped_key']).execute();
    for (const key of keys.filter((k) => k.wrapped_key !== null)) expect(key.master_key_id).toBe(after.currentKeyId);
    // Data untouched: the same bytes in every row.
    const usersAfter = await database.db.selectFrom('users').select(['id', 'totp_secret']).where('organisation_id', '=', org).execute();
    expect(usersAfter).toEqual(usersBefore);

    // Once the retired key is dropped, everything still opens with the new key alone.
    const fresh = createFieldCipher(keyring(newKey));
    await expectAllReadable(fresh, org, users);
    expect(await fresh.open(database.db, org, recordSealed, 'cases.narrative:r1')).toBe('record text');
    // And the old master key alone no longer opens anything.
    await expect(createFieldCipher(keyring(oldKey)).open(database.db, org, recordSealed, 'cases.narrative:r1')).rejects.toThrow(
      /not configured/,
    );
  });

  it('recomputes the keyed lookup hashes of senders, so focal points are still found once the old key is dropped', async () => {
    // Its own database: the keys other tests leave behind are under master keys unknown here.
    const database = await openTestDatabase();
    try {
    const oldKey = generateMasterKey();
    const oldCipher = createFieldCipher(keyring(oldKey));
    const org = await insertOrganisation(database);
    const phone = '+15555550147';
    const hashOf = (cipher: FieldCipher, kind: 'phone' | 'token') => cipher.lookupHashes(SENDER_HASH_PURPOSE, senderHashText(org, kind, phone))[0]!;
    const focalPoint = await database.db.insertInto('focal_points').values({ organisation_id: org, display_name: 'Fictional focal point' }).returning('id').executeTakeFirstOrThrow();
    const identityId = crypto.randomUUID();
    await database.db.insertInto('focal_point_identities').values({
      id: identityId, organisation_id: org, focal_point_id: focalPoint.id, kind: 'phone', value_hash: hashOf(oldCipher, 'phone'),
      value_sealed: await focalPointIdentitiesValue.seal(oldCipher, database.db, org, identityId, phone),
    }).execute();
    const alertId = crypto.randomUUID();
    await database.db.insertInto('alerts').values({
      id: alertId, organisation_id: org, reference: 'A-ROTATE', channel: 'twilio', unknown_sender: false, received_at: new Date(),
      raw_sealed: await alertsRaw.seal(oldCipher, database.db, org, alertId, '{}'), sender_hash: hashOf(oldCipher, 'phone'),
      sender_sealed: await alertsSender.seal(oldCipher, database.db, org, alertId, phone),
    }).execute();

    const newKey = generateMasterKey();
    const result = await rotateMasterKey(database.db, keyring(newKey, oldKey));
    expect(result.rehashed).toBeGreaterThanOrEqual(2);

    const fresh = createFieldCipher(keyring(newKey));
    const identity = await database.db.selectFrom('focal_point_identities').select('value_hash').where('id', '=', identityId).executeTakeFirstOrThrow();
    expect(identity.value_hash).toBe(hashOf(fresh, 'phone'));
    const alert = await database.db.selectFrom('alerts').select('sender_hash').where('id', '=', alertId).executeTakeFirstOrThrow();
    expect(alert.sender_hash).toBe(hashOf(fresh, 'phone'));
    // A second run finds nothing left to do.
    expect((await rotateMasterKey(database.db, keyring(newKey))).rehashed).toBe(0);
    } finally {
      await database.dispose();
    }
  });

  it('refuses to start when a data key needs a master key that is not configured', async () => {
    const lost = keyring(generateMasterKey());
    const org = await insertOrganisation(database);
    await createFieldCipher(lost).seal(database.db, org, 'x', 'ctx');
    const other = keyring(generateMasterKey());
    await expect(rotateMasterKey(database.db, other)).rejects.toThrow(/WEFT_MASTER_KEYS_RETIRED/);
    expect(await findUnconfiguredMasterKeyIds(database.db, other)).toContain(lost.currentKeyId);
    await database.db.deleteFrom('data_keys').where('organisation_id', '=', org).execute();
  });
});

describe('rotateOrganisationKey (STO-2)', () => {
  it('re-encrypts registered columns under a new key while old ciphertexts keep opening', async () => {
    const cipher = createFieldCipher(keyring(generateMasterKey()));
    const { org, users } = await seedUsers(cipher, 5);
    const noSecret = await insertUser(database, org); // a null column is left alone
    const other = await seedUsers(cipher, 2); // another organisation is not touched
    const otherBefore = await readSecrets(cipher, other.org);
    const before = await readSecrets(cipher, org);
    expect(before.keyIds.size).toBe(1);
    const [oldKeyId] = [...before.keyIds];

    const progress: Set<string>[] = [];
    const result = await rotateOrganisationKey(database.db, cipher, org, {
      batchSize: 2,
      onBatch: async () => {
        const during = await readSecrets(cipher, org);
        for (const user of users) expect(during.secrets.get(user.id)).toBe(user.secret);
        progress.push(during.keyIds);
      },
    });
    expect(result.retiredKeyIds).toEqual([oldKeyId]);
    expect(result.keyId).not.toBe(oldKeyId);
    expect(result.reencrypted).toBe(5);
    expect(progress.some((ids) => ids.size === 2)).toBe(true); // reads worked with both keys in use

    const after = await readSecrets(cipher, org);
    expect(after.keyIds).toEqual(new Set([result.keyId]));
    for (const user of users) expect(after.secrets.get(user.id)).toBe(user.secret);
    expect(after.secrets.get(noSecret)).toBeNull();

    const keys = await database.db.selectFrom('data_keys').selectAll().where('organisation_id', '=', org).execute();
    const old = keys.find((k) => k.id === oldKeyId)!;
    expect(old.status).toBe('retired');
    expect(old.retired_at).toBeInstanceOf(Date);
    expect(keys.filter((k) => k.status === 'active').map((k) => k.id)).toEqual([result.keyId]);

    // New seals use the new key; a ciphertext kept from before still opens with the retired key.
    const sealed = await cipher.seal(database.db, org, 'new', 'ctx');
    expect(ciphertextKeyId(sealed)).toBe(result.keyId);
    const otherAfter = await readSecrets(cipher, other.org);
    expect(otherAfter).toEqual(otherBefore);

    // Running it again re-encrypts everything once more and retires the second key.
    const again = await rotateOrganisationKey(database.db, cipher, org);
    expect(again.reencrypted).toBe(5);
    expect(again.retiredKeyIds).toEqual([result.keyId]);
  });

  it('waits for a transaction still sealing under the old key, so its write is re-encrypted too', async () => {
    const cipher = createFieldCipher(keyring(generateMasterKey()));
    const { org, users } = await seedUsers(cipher, 1);
    const late = await insertUser(database, org);
    let releaseWriter!: () => void;
    const writerMayCommit = new Promise<void>((resolve) => (releaseWriter = resolve));
    let sealed!: () => void;
    const writerHasSealed = new Promise<void>((resolve) => (sealed = resolve));

    const writer = database.db.transaction().execute(async (trx) => {
      const blob = await usersTotpSecret.seal(cipher, trx, org, late, 'LATE');
      sealed();
      await writerMayCommit;
      await trx.updateTable('users').set({ totp_secret: blob }).where('id', '=', late).execute();
    });
    await writerHasSealed;
    const rotation = rotateOrganisationKey(database.db, cipher, org);
    await new Promise((resolve) => setTimeout(resolve, 200));
    releaseWriter();
    await writer;
    const result = await rotation;

    const after = await readSecrets(cipher, org);
    expect(after.keyIds).toEqual(new Set([result.keyId]));
    expect(after.secrets.get(late)).toBe('LATE');
    expect(after.secrets.get(users[0]!.id)).toBe(users[0]!.secret);
  });
});
