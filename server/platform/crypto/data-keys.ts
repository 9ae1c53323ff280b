/**
 * All SQL on data_keys. Each function takes an executor so the cipher and the rotations can
 * compose them inside the caller's transaction. Only wrapped key material reaches the
 * database (STO-1).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export type DataKeyScope = 'organisation' | 'record';
export type DataKeyStatus = 'active' | 'retired' | 'destroyed';

export interface DataKeyRow {
  id: string;
  organisation_id: string | null;
  scope: string;
  status: string;
  wrapped_key: Uint8Array | null;
  master_key_id: string;
}

const columns = ['id', 'organisation_id', 'scope', 'status', 'wrapped_key', 'master_key_id'] as const;

export async function findDataKey(ex: Executor, id: string): Promise<DataKeyRow | undefined> {
  return ex.selectFrom('data_keys').select(columns).where('id', '=', id).executeTakeFirst();
}

/**
 * The organisation's active key, share-locked (FOR KEY SHARE) until the caller's transaction
 * ends: a rotation locks the row FOR UPDATE before retiring it, so it waits for every
 * transaction still sealing under the old key, and nothing written under it slips past the
 * re-encryption (STO-2). Returns undefined if the row was retired while we waited.
 */
export async function findActiveOrganisationKey(ex: Executor, organisationId: string): Promise<DataKeyRow | undefined> {
  return ex
    .selectFrom('data_keys')
    .select(columns)
    .where('organisation_id', '=', organisationId)
    .where('scope', '=', 'organisation')
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .limit(1)
    .forKeyShare()
    .executeTakeFirst();
}

/**
 * Serialises creators and rotators of one organisation's keys; inside a transaction only.
 * FOR NO KEY UPDATE conflicts with itself but not with the key-share locks that foreign-key
 * checks take, so inserts of the organisation's users and cases do not wait on it.
 */
export async function lockOrganisation(ex: Executor, organisationId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', organisationId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertDataKey(
  ex: Executor,
  key: { id: string; organisationId: string; scope: DataKeyScope; wrappedKey: Uint8Array; masterKeyId: string },
): Promise<void> {
  await ex
    .insertInto('data_keys')
    .values({
      id: key.id,
      organisation_id: key.organisationId,
      scope: key.scope,
      wrapped_key: key.wrappedKey,
      master_key_id: key.masterKeyId,
      status: 'active',
    })
    .execute();
}

/** Locks and retires the organisation's active keys; returns their ids. */
export async function retireOrganisationKeys(ex: Executor, organisationId: string): Promise<string[]> {
  const active = await ex
    .selectFrom('data_keys')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('scope', '=', 'organisation')
    .where('status', '=', 'active')
    .forUpdate()
    .execute();
  if (active.length === 0) return [];
  const ids = active.map((row) => row.id);
  await ex.updateTable('data_keys').set({ status: 'retired', retired_at: sql`now()` }).where('id', 'in', ids).execute();
  return ids;
}

/** Ids of the organisation's keys that are not destroyed, by status. */
export async function listOrganisationKeys(ex: Executor, organisationId: string): Promise<{ id: string; status: string }[]> {
  return ex
    .selectFrom('data_keys')
    .select(['id', 'status'])
    .where('organisation_id', '=', organisationId)
    .where('scope', '=', 'organisation')
    .where('status', '<>', 'destroyed')
    .execute();
}

/**
 * STO-3: forgets the wrapped key. Without it nothing sealed under this key can be opened,
 * in the database or in any backup taken before. Returns false if no such key.
 */
export async function markDataKeyDestroyed(ex: Executor, id: string): Promise<boolean> {
  const result = await ex
    .updateTable('data_keys')
    .set({ wrapped_key: null, status: 'destroyed', destroyed_at: sql`coalesce(destroyed_at, now())` })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A page of keys still wrapped by another master key than `currentMasterKeyId`, locked. */
export async function lockKeysToRewrap(ex: Executor, currentMasterKeyId: string, afterId: string | null, limit: number) {
  let query = ex
    .selectFrom('data_keys')
    .select(['id', 'wrapped_key', 'master_key_id'])
    .where('wrapped_key', 'is not', null)
    .where('master_key_id', '<>', currentMasterKeyId);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).forUpdate().execute();
}

export async function updateWrapping(ex: Executor, id: string, wrappedKey: Uint8Array, masterKeyId: string): Promise<void> {
  await ex.updateTable('data_keys').set({ wrapped_key: wrappedKey, master_key_id: masterKeyId }).where('id', '=', id).execute();
}

/** Master key fingerprints still needed to unwrap some data key. */
export async function listMasterKeyIdsInUse(ex: Executor): Promise<{ master_key_id: string; count: number }[]> {
  return ex
    .selectFrom('data_keys')
    .select(['master_key_id', sql<number>`count(*)::int`.as('count')])
    .where('wrapped_key', 'is not', null)
    .groupBy('master_key_id')
    .orderBy('master_key_id')
    .execute();
}

export async function countDataKeys(ex: Executor): Promise<{ scope: string; status: string; count: number }[]> {
  return ex
    .selectFrom('data_keys')
    .select(['scope', 'status', sql<number>`count(*)::int`.as('count')])
    .groupBy(['scope', 'status'])
    .orderBy('scope')
    .orderBy('status')
    .execute();
}
