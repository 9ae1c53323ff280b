/**
 * Envelope encryption of identifying fields (STO-1). Each field is sealed with AES-256-GCM
 * under a data key: the organisation's active key, or a record's own key where erasure needs
 * it (STO-3). Data keys are stored wrapped by the master keyring.
 *
 * Ciphertext layout (version 1):
 *   [0]      version byte
 *   [1..17)  data key id (uuid bytes)
 *   [17..29) random 96-bit nonce
 *   [29..-16) ciphertext
 *   [-16..)  GCM tag
 * The authenticated data is the 17-byte header followed by the caller's context (e.g.
 * `users.totp_secret:<userId>`), so a ciphertext copied to another row or column, or
 * relabelled with another key id, fails to open.
 */
import crypto from 'node:crypto';
import { notFound, ruleViolation } from '../../../core/errors';
import type { Executor } from '../../db/database';
import {
  findActiveOrganisationKey,
  findDataKey,
  insertDataKey,
  lockOrganisation,
  markDataKeyDestroyed,
  retireOrganisationKeys,
  type DataKeyRow,
  type DataKeyScope,
} from './data-keys';
import type { MasterKeyring } from './master-keys';

const VERSION = 1;
const KEY_ID_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES;
const MIN_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
/** Organisation keys are few; the bound only stops a runaway. */
const CACHE_LIMIT = 10_000;

export interface FieldCipher {
  /** Seals under the organisation's active data key, creating its first key if needed. */
  seal(ex: Executor, organisationId: string, plaintext: string, context: string): Promise<Uint8Array>;
  /**
   * The organisation's active key, read once, for sealing many fields in one transaction (a
   * batch of alerts): the key-share lock taken by the read holds a rotation off until commit.
   */
  organisationSealer(ex: Executor, organisationId: string): Promise<Sealer>;
  /** Opens a field sealed under any non-destroyed key of the organisation (or of one of its records). */
  open(ex: Executor, organisationId: string, ciphertext: Uint8Array, context: string): Promise<string>;
  /** A new data key for one record, so erasing the record can destroy it (STO-3). */
  createRecordKey(ex: Executor, organisationId: string): Promise<string>;
  sealWithRecordKey(ex: Executor, keyId: string, plaintext: string, context: string): Promise<Uint8Array>;
  /** STO-3: destroys a data key; nothing sealed under it can be opened afterwards. */
  destroyKey(ex: Executor, keyId: string): Promise<void>;
  /** Retires the organisation's active key and creates a new one; used by rotation.ts. */
  replaceOrganisationKey(ex: Executor, organisationId: string): Promise<{ keyId: string; retiredKeyIds: string[] }>;
  /**
   * Keyed hashes of `value` for equality lookups of sealed values (a sender's phone number):
   * hex HMAC-SHA256 under a subkey of each master key for `purpose`, current key first. Store
   * the first; look up by all of them, so a master key rotation does not lose matches.
   */
  lookupHashes(purpose: string, value: string): string[];
}

/** Seals one field under a key already chosen (FieldCipher.organisationSealer). */
export type Sealer = (plaintext: string, context: string) => Uint8Array;

/** Thrown when a ciphertext was altered, moved, or belongs to another organisation. */
export class FieldDecryptionError extends Error {
  readonly code = 'crypto.open_failed';
  constructor(message: string) {
    super(message);
    this.name = 'FieldDecryptionError';
  }
}

/** The data key id a ciphertext was sealed under, without opening it. */
export function ciphertextKeyId(ciphertext: Uint8Array): string {
  const blob = asBuffer(ciphertext);
  if (blob.length < MIN_BYTES || blob[0] !== VERSION) {
    throw new FieldDecryptionError('An encrypted field is malformed or of an unknown version.');
  }
  return bytesToUuid(blob.subarray(1, HEADER_BYTES));
}

export function createFieldCipher(keyring: MasterKeyring): FieldCipher {
  // Unwrapped organisation keys by id: the material behind an id never changes (a master
  // rotation only re-wraps it). Record keys are never cached, so an erasure (STO-3) takes
  // effect on the next request in every process. The active key id is not cached either:
  // it is re-read, share-locked, on every seal (see findActiveOrganisationKey).
  const organisationKeys = new Map<string, Buffer>();

  function unwrapOrganisationKey(row: DataKeyRow & { wrapped_key: Uint8Array }): Buffer {
    const cached = organisationKeys.get(row.id);
    if (cached) return cached;
    const key = keyring.unwrap(row.wrapped_key, row.master_key_id);
    if (organisationKeys.size >= CACHE_LIMIT) organisationKeys.delete(organisationKeys.keys().next().value as string);
    organisationKeys.set(row.id, key);
    return key;
  }

  async function createDataKey(ex: Executor, organisationId: string, scope: DataKeyScope): Promise<string> {
    const id = crypto.randomUUID();
    const material = crypto.randomBytes(32);
    const { wrappedKey, masterKeyId } = keyring.wrap(material);
    material.fill(0);
    await insertDataKey(ex, { id, organisationId, scope, wrappedKey, masterKeyId });
    return id;
  }

  /** Runs `work` in the caller's transaction, or in a new one if the caller has none. */
  function inTransaction<T>(ex: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
    return ex.isTransaction ? work(ex) : ex.transaction().execute(work);
  }

  async function activeOrganisationKey(ex: Executor, organisationId: string): Promise<DataKeyRow> {
    const found = await findActiveOrganisationKey(ex, organisationId);
    if (found) return found;
    // First use, or the key was retired while we waited on its lock. The organisation row
    // lock serialises creators, and the re-read under it sees a key another one committed,
    // so an organisation never gets two active keys.
    return inTransaction(ex, async (trx) => {
      if (!(await lockOrganisation(trx, organisationId))) throw notFound('organisation');
      const existing = await findActiveOrganisationKey(trx, organisationId);
      if (existing) return existing;
      const id = await createDataKey(trx, organisationId, 'organisation');
      const created = await findActiveOrganisationKey(trx, organisationId);
      if (!created || created.id !== id) throw new Error('The new organisation data key was not found.');
      return created;
    });
  }

  async function organisationSealer(ex: Executor, organisationId: string): Promise<Sealer> {
    const row = await activeOrganisationKey(ex, organisationId);
    if (!row.wrapped_key) throw keyDestroyed();
    const key = unwrapOrganisationKey({ ...row, wrapped_key: row.wrapped_key });
    return (plaintext, context) => encrypt(key, row.id, plaintext, context);
  }

  const lookupKeys = new Map<string, Buffer[]>();

  return {
    lookupHashes(purpose, value) {
      let derived = lookupKeys.get(purpose);
      if (!derived) {
        derived = keyring.deriveKeys(`lookup:${purpose}`);
        lookupKeys.set(purpose, derived);
      }
      return derived.map((key) => crypto.createHmac('sha256', key).update(value, 'utf8').digest('hex'));
    },

    async seal(ex, organisationId, plaintext, context) {
      return (await organisationSealer(ex, organisationId))(plaintext, context);
    },

    organisationSealer,

    async open(ex, organisationId, ciphertext, context) {
      const keyId = ciphertextKeyId(ciphertext);
      const row = await findDataKey(ex, keyId);
      // A key of another organisation is answered like a missing one.
      if (!row || row.organisation_id?.toLowerCase() !== organisationId.toLowerCase()) {
        throw new FieldDecryptionError('An encrypted field refers to a data key this organisation does not have.');
      }
      if (row.status === 'destroyed' || !row.wrapped_key) throw keyDestroyed();
      const withKey = { ...row, wrapped_key: row.wrapped_key };
      if (row.scope === 'organisation') return decrypt(unwrapOrganisationKey(withKey), ciphertext, context);
      const key = keyring.unwrap(row.wrapped_key, row.master_key_id);
      try {
        return decrypt(key, ciphertext, context);
      } finally {
        key.fill(0);
      }
    },

    async createRecordKey(ex, organisationId) {
      return createDataKey(ex, organisationId, 'record');
    },

    async sealWithRecordKey(ex, keyId, plaintext, context) {
      const row = await findDataKey(ex, keyId);
      if (!row || row.scope !== 'record') throw new Error(`No record data key ${keyId}.`);
      if (row.status !== 'active' || !row.wrapped_key) throw keyDestroyed();
      const key = keyring.unwrap(row.wrapped_key, row.master_key_id);
      try {
        return encrypt(key, row.id, plaintext, context);
      } finally {
        key.fill(0);
      }
    },

    async destroyKey(ex, keyId) {
      // STO-3: the wrapped key is erased from the row. A backup taken before the erasure still
      // holds it, wrapped by the master key: old backups become unreadable only once that
      // master key is rotated away and destroyed, so master keys never go into backups.
      if (!(await markDataKeyDestroyed(ex, keyId))) throw new Error(`No data key ${keyId}.`);
      organisationKeys.get(keyId)?.fill(0);
      organisationKeys.delete(keyId);
    },

    async replaceOrganisationKey(ex, organisationId) {
      return inTransaction(ex, async (trx) => {
        if (!(await lockOrganisation(trx, organisationId))) throw notFound('organisation');
        // Waits for transactions still sealing under the old key (they hold a key-share lock).
        const retiredKeyIds = await retireOrganisationKeys(trx, organisationId);
        const keyId = await createDataKey(trx, organisationId, 'organisation');
        return { keyId, retiredKeyIds };
      });
    },
  };
}

const keyDestroyed = () =>
  ruleViolation('crypto.key_destroyed', 'This information was erased: the key that protected it has been destroyed.');

// Random bytes drawn 4 KiB at a time: one call to the system's generator per 341 nonces
// instead of one per field, which a batch of alerts (four fields each) notices.
const NONCE_POOL_BYTES = NONCE_BYTES * 341;
let noncePool = Buffer.alloc(0);
let noncePoolOffset = 0;

function nextNonce(): Buffer {
  if (noncePoolOffset + NONCE_BYTES > noncePool.length) {
    noncePool = crypto.randomBytes(NONCE_POOL_BYTES);
    noncePoolOffset = 0;
  }
  // A copy: the ciphertext keeps its nonce, the pool is dropped once used up.
  const nonce = Buffer.from(noncePool.subarray(noncePoolOffset, noncePoolOffset + NONCE_BYTES));
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

function encrypt(key: Buffer, keyId: string, plaintext: string, context: string): Uint8Array {
  // STO-1: a fresh random 96-bit nonce per seal. Random nonces stay safe well past 2^32
  // seals per key at most; organisation key rotation (rotation.ts) resets the count.
  const header = Buffer.concat([Buffer.from([VERSION]), uuidToBytes(keyId)]);
  const nonce = nextNonce();
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData(header, context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

function decrypt(key: Buffer, ciphertext: Uint8Array, context: string): string {
  const blob = asBuffer(ciphertext);
  const header = blob.subarray(0, HEADER_BYTES);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES));
    decipher.setAAD(additionalData(header, context));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    const body = blob.subarray(HEADER_BYTES + NONCE_BYTES, blob.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    // GCM checks the tag in constant time; the message does not say which check failed.
    throw new FieldDecryptionError('An encrypted field could not be opened: it was altered or belongs to another field.');
  }
}

function additionalData(header: Buffer, context: string): Buffer {
  if (context.length === 0) throw new Error('An encryption context is required (e.g. `users.totp_secret:<id>`).');
  return Buffer.concat([header, Buffer.from(context, 'utf8')]);
}

/** PGlite returns bytea as Uint8Array, pg as Buffer: view either as a Buffer without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function uuidToBytes(id: string): Buffer {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Not a uuid: ${id}`);
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
