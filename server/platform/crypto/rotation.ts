/**
 * Key rotation (STO-2). Master key rotation re-wraps data keys and never touches data;
 * organisation key rotation re-encrypts the registered columns under a new data key. Both
 * work in batches, each its own short transaction, and reads keep working throughout: the
 * keyring still holds the retired master key, and retired data keys still open.
 */
import { sql, type Kysely } from 'kysely';
import type { Executor } from '../../db/database';
import type { DB } from '../../db/schema';
import { listEncryptedColumns, type SealedColumn } from './columns';
import { listMasterKeyIdsInUse, listOrganisationKeys, lockKeysToRewrap, updateWrapping } from './data-keys';
import { ciphertextKeyId, createFieldCipher, type FieldCipher } from './field-cipher';
import { rehashLookupColumns } from './lookup-columns';
import type { MasterKeyring } from './master-keys';

export interface RotationOptions {
  batchSize?: number;
  /** Called after each committed batch (progress output; tests read during the rotation). */
  onBatch?: (done: number) => void | Promise<void>;
}

export interface MasterRotationResult {
  masterKeyId: string;
  rewrapped: number;
  alreadyCurrent: number;
  /** Lookup hashes (focal point numbers, senders) recomputed under the new master key. */
  rehashed: number;
}

export interface OrganisationRotationResult {
  keyId: string;
  retiredKeyIds: string[];
  reencrypted: number;
  unchanged: number;
}

const DEFAULT_BATCH = 200;

/** Master key fingerprints that some data key needs but the keyring does not hold. */
export async function findUnconfiguredMasterKeyIds(ex: Executor, keyring: MasterKeyring): Promise<string[]> {
  const inUse = await listMasterKeyIdsInUse(ex);
  return inUse.map((row) => row.master_key_id).filter((id) => !keyring.has(id));
}

/**
 * STO-2: re-wraps every data key that still has key material under the keyring's current
 * master key, then recomputes the keyed lookup hashes under it. Data and data key ids are
 * untouched, so no ciphertext changes. Refuses to start
 * if some key is wrapped by a master key the keyring lacks, rather than stop half-way.
 */
export async function rotateMasterKey(
  db: Kysely<DB>,
  keyring: MasterKeyring,
  options: RotationOptions = {},
): Promise<MasterRotationResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const missing = await findUnconfiguredMasterKeyIds(db, keyring);
  if (missing.length > 0) {
    throw new Error(
      `Some data keys are wrapped by master keys that are not configured (${missing.join(', ')}). ` +
        'Add them to WEFT_MASTER_KEYS_RETIRED before rotating; nothing was changed.',
    );
  }
  const inUse = await listMasterKeyIdsInUse(db);
  const alreadyCurrent = inUse.find((row) => row.master_key_id === keyring.currentKeyId)?.count ?? 0;

  let rewrapped = 0;
  let afterId: string | null = null;
  for (;;) {
    const count: number = await db.transaction().execute(async (trx) => {
      // Row locks keep a concurrent rotation from re-wrapping the same key twice.
      const rows = await lockKeysToRewrap(trx, keyring.currentKeyId, afterId, batchSize);
      for (const row of rows) {
        if (!row.wrapped_key) continue;
        const material = keyring.unwrap(row.wrapped_key, row.master_key_id);
        const { wrappedKey, masterKeyId } = keyring.wrap(material);
        material.fill(0);
        await updateWrapping(trx, row.id, wrappedKey, masterKeyId);
      }
      afterId = rows.at(-1)?.id ?? afterId;
      return rows.length;
    });
    rewrapped += count;
    if (count > 0) await options.onBatch?.(rewrapped);
    if (count < batchSize) break;
  }
  // Then the keyed lookup hashes, so the retired master key is needed by nothing at all.
  const { rehashed } = await rehashLookupColumns(db, createFieldCipher(keyring), { batchSize });
  return { masterKeyId: keyring.currentKeyId, rewrapped, alreadyCurrent, rehashed };
}

/**
 * STO-2: gives the organisation a new active data key, retires the old one, then re-encrypts
 * every registered column of the organisation under the new key. Old ciphertexts keep opening
 * with the retired key until their row is reached.
 */
export async function rotateOrganisationKey(
  db: Kysely<DB>,
  cipher: FieldCipher,
  organisationId: string,
  options: RotationOptions = {},
): Promise<OrganisationRotationResult> {
  const { keyId, retiredKeyIds } = await cipher.replaceOrganisationKey(db, organisationId);
  const counts = await reencryptOrganisation(db, cipher, organisationId, options);
  return { keyId, retiredKeyIds, ...counts };
}

/**
 * Re-encrypts the organisation's fields still sealed under one of its retired keys. Safe to
 * run again: a field written under the old key by a transaction that sealed it outside the
 * transaction that stored it is picked up by the next run.
 */
export async function reencryptOrganisation(
  db: Kysely<DB>,
  cipher: FieldCipher,
  organisationId: string,
  options: RotationOptions = {},
): Promise<{ reencrypted: number; unchanged: number }> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const keys = await listOrganisationKeys(db, organisationId);
  const retired = new Set(keys.filter((key) => key.status === 'retired').map((key) => key.id));
  let reencrypted = 0;
  let unchanged = 0;
  for (const column of listEncryptedColumns()) {
    let afterId: string | null = null;
    for (;;) {
      const batch: { rows: number; changed: number } = await db.transaction().execute(async (trx) => {
        const rows = await lockColumnBatch(trx, column, organisationId, afterId, batchSize);
        let changed = 0;
        for (const row of rows) {
          // Fields under the active key, a record key or a destroyed key stay as they are.
          if (!retired.has(ciphertextKeyId(row.value))) continue;
          const plaintext = await column.open(cipher, trx, organisationId, row.id, row.value);
          if (plaintext === null) continue;
          const sealed = await column.seal(cipher, trx, organisationId, row.id, plaintext);
          await sql`update ${sql.table(column.table)} set ${sql.ref(column.column)} = ${sealed}
            where ${sql.ref(column.idColumn)} = ${row.id}`.execute(trx);
          changed += 1;
        }
        afterId = rows.at(-1)?.id ?? afterId;
        return { rows: rows.length, changed };
      });
      reencrypted += batch.changed;
      unchanged += batch.rows - batch.changed;
      if (batch.rows > 0) await options.onBatch?.(reencrypted + unchanged);
      if (batch.rows < batchSize) break;
    }
  }
  return { reencrypted, unchanged };
}

/** A keyset page of one organisation's non-null values of a column, locked against writers. */
async function lockColumnBatch(
  trx: Executor,
  column: SealedColumn,
  organisationId: string,
  afterId: string | null,
  limit: number,
): Promise<{ id: string; value: Uint8Array }[]> {
  const id = sql.ref(column.idColumn);
  const value = sql.ref(column.column);
  const { rows } = await sql<{ id: string; value: Uint8Array }>`
    select ${id}::text as id, ${value} as value from ${sql.table(column.table)}
    where ${sql.ref(column.organisationColumn)} = ${organisationId} and ${value} is not null
      ${afterId === null ? sql`` : sql`and ${id} > ${afterId}`}
    order by ${id} limit ${limit}
    for no key update`.execute(trx);
  return rows;
}
