/**
 * The master keyring: the key-encryption keys that wrap every data key (STO-1). The current
 * key wraps; the current and retired keys unwrap, so reads keep working while a rotation
 * re-wraps the data keys (STO-2). Master key material stays inside the keyring (and the
 * embedded key file); ids are fingerprints that say nothing about the key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createKeyFileIfAbsent, readKeyFileText, removeKeyFile, replaceKeyFile } from './master-key-file';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const WRAP_VERSION = 1;
const WRAP_AAD = Buffer.from('weft-data-key', 'utf8');

export const MASTER_KEY_FILE = 'master.key';
/** Holds the old key while an embedded rotation re-wraps; loaded as retired if present. */
export const PREVIOUS_MASTER_KEY_FILE = 'master.key.previous';

export type MasterKeySource = 'environment' | 'file';

export interface MasterKeyring {
  /** Fingerprint of the key that wraps new data keys. */
  readonly currentKeyId: string;
  /** Fingerprints of the retired keys, still able to unwrap during a rotation. */
  readonly retiredKeyIds: readonly string[];
  /** Where the current key came from: WEFT_MASTER_KEY, or the embedded key file. */
  readonly source: MasterKeySource;
  has(masterKeyId: string): boolean;
  /** Wraps a data key under the current master key (AES-256-GCM, random nonce). */
  wrap(dataKey: Uint8Array): { wrappedKey: Buffer; masterKeyId: string };
  /** Unwraps a data key with the named master key, current or retired. */
  unwrap(wrappedKey: Uint8Array, masterKeyId: string): Buffer;
  /** A keyring where `newKeyBase64` is current and every key of this one is retired. */
  withNewCurrent(newKeyBase64: string, source: MasterKeySource): MasterKeyring;
  /**
   * 32-byte subkeys for `purpose` (HKDF-SHA256 of each master key), the current key's first,
   * then the retired keys'. For keyed lookup hashes (lookup-hash.ts), never for encryption.
   */
  deriveKeys(purpose: string): Buffer[];
}

export interface LoadMasterKeyringOptions {
  /** WEFT_MASTER_KEY. */
  masterKey?: string | undefined;
  /** WEFT_MASTER_KEYS_RETIRED, comma-separated. */
  retiredKeys?: string | undefined;
  dataDir: string;
  /** True when running on the embedded PGlite (no DATABASE_URL). */
  embedded: boolean;
  log?: (message: string) => void;
}

/** A new random master key, as base64 of 32 bytes. */
export function generateMasterKey(): string {
  return crypto.randomBytes(KEY_BYTES).toString('base64');
}

/** The short public fingerprint of a master key, stored beside each wrapped data key. */
export function masterKeyId(key: Uint8Array): string {
  return crypto.createHash('sha256').update('weft-master-key-id').update(key).digest('hex').slice(0, 16);
}

/**
 * Loads the master keys from configuration. On a server the key must come from
 * WEFT_MASTER_KEY (kept off the database host). In embedded mode without it, the key lives
 * in <dataDir>/master.key, generated on first start: convenient, but whoever copies the data
 * folder gets the key with it, hence the warning.
 */
export function loadMasterKeyring(options: LoadMasterKeyringOptions): MasterKeyring {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const retired = parseRetiredKeys(options.retiredKeys);
  const dir = path.resolve(options.dataDir);
  const file = path.join(dir, MASTER_KEY_FILE);
  const previousFile = path.join(dir, PREVIOUS_MASTER_KEY_FILE);
  const masterKey = options.masterKey?.trim();
  if (masterKey) {
    // Moving an embedded install to WEFT_MASTER_KEY: keys left in the data folder still
    // unwrap what they wrapped, until `weft keys rotate-master` re-wraps it all.
    if (options.embedded) {
      for (const leftover of [file, previousFile].filter((f) => fs.existsSync(f))) {
        retired.push(parseMasterKey(readKeyFileText(leftover, log), leftover));
        log(
          `WARNING: ${leftover} is still present beside the data. Run \`weft keys rotate-master\` to re-wrap ` +
            'every data key under WEFT_MASTER_KEY, then delete the file.',
        );
      }
    }
    return createKeyring(parseMasterKey(masterKey, 'WEFT_MASTER_KEY'), retired, 'environment');
  }
  if (!options.embedded) {
    throw new Error(
      'WEFT_MASTER_KEY is not set. On a PostgreSQL server Weft needs a master key from configuration ' +
        '(base64 of 32 random bytes; create one with `weft keys generate`), stored away from the database host.',
    );
  }
  let created = false;
  if (!fs.existsSync(file)) created = createKeyFileIfAbsent(file, generateMasterKey()); // false: another process won
  const key = parseMasterKey(readKeyFileText(file, log), file);
  log(
    `WARNING: ${created ? 'generated a new master key in' : 'using the master key from'} ${file}. ` +
      'Anyone who copies the data folder can read the encrypted fields. In production set WEFT_MASTER_KEY ' +
      '(`weft keys generate`) and keep the key off the database host.',
  );
  // A rotation that stopped half-way leaves the old key here; without it some data keys
  // would stay unreadable until the rotation is resumed.
  if (fs.existsSync(previousFile)) {
    retired.push(parseMasterKey(readKeyFileText(previousFile, log), previousFile));
    log(`WARNING: ${previousFile} exists: a master key rotation did not finish. Run \`weft keys rotate-master\`.`);
  }
  return createKeyring(key, retired, 'file');
}

/**
 * Starts (or resumes) the rotation of the embedded master key file and returns the keyring to
 * re-wrap with. The new key is made durable in master.key BEFORE any data key is wrapped by
 * it, and the old key stays in master.key.previous (loaded as retired) until
 * finishEmbeddedMasterKeyRotation: a crash at any point leaves both keys on disk (STO-2).
 */
export function beginEmbeddedMasterKeyRotation(
  dataDir: string,
  keyring: MasterKeyring,
): { keyring: MasterKeyring; resumed: boolean; previousKeyId: string } {
  const file = path.join(path.resolve(dataDir), MASTER_KEY_FILE);
  const previousFile = path.join(path.resolve(dataDir), PREVIOUS_MASTER_KEY_FILE);
  const noLog = () => {};
  if (keyring.source !== 'file') throw new Error('The master key comes from WEFT_MASTER_KEY, not from master.key.');
  const currentText = readKeyFileText(file, noLog);
  if (masterKeyId(parseMasterKey(currentText, file)) !== keyring.currentKeyId) {
    throw new Error(`${file} changed since Weft loaded it; run the command again.`);
  }
  if (fs.existsSync(previousFile)) {
    const previousKeyId = masterKeyId(parseMasterKey(readKeyFileText(previousFile, noLog), previousFile));
    // Interrupted after master.key was replaced: the loaded keyring already holds both keys.
    if (previousKeyId !== keyring.currentKeyId) return { keyring, resumed: true, previousKeyId };
    // Interrupted before: nothing was wrapped by a new key yet; start again.
    removeKeyFile(previousFile);
  }
  if (!createKeyFileIfAbsent(previousFile, currentText)) throw new Error(`${previousFile} appeared during the rotation.`);
  const newKey = generateMasterKey();
  const next = keyring.withNewCurrent(newKey, 'file');
  replaceKeyFile(file, newKey);
  return { keyring: next, resumed: false, previousKeyId: keyring.currentKeyId };
}

/** Ends an embedded rotation once every data key is re-wrapped: the old key is deleted. */
export function finishEmbeddedMasterKeyRotation(dataDir: string): void {
  removeKeyFile(path.join(path.resolve(dataDir), PREVIOUS_MASTER_KEY_FILE));
}

/** Parses base64 of exactly 32 bytes. Errors name the variable, never the value. */
export function parseMasterKey(value: string, name: string): Buffer {
  const trimmed = value.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  // Node's decoder skips invalid characters, so check the text round-trips too.
  const canonical = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && bytes.toString('base64').replace(/=+$/, '') === trimmed.replace(/=+$/, '');
  if (!canonical || bytes.length !== KEY_BYTES) {
    throw new Error(
      `${name} must be base64 of exactly ${KEY_BYTES} bytes` +
        (canonical ? ` (it decodes to ${bytes.length})` : ' (it is not valid base64)') +
        '. Create one with `weft keys generate`.',
    );
  }
  return bytes;
}

function parseRetiredKeys(value: string | undefined): Buffer[] {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return entries.map((entry, i) => parseMasterKey(entry, `WEFT_MASTER_KEYS_RETIRED (entry ${i + 1})`));
}

function createKeyring(current: Buffer, retired: Buffer[], source: MasterKeySource): MasterKeyring {
  const currentKeyId = masterKeyId(current);
  const keys = new Map<string, Buffer>([[currentKeyId, current]]);
  for (const key of retired) {
    const id = masterKeyId(key);
    if (!keys.has(id)) keys.set(id, key);
  }
  const retiredKeyIds = [...keys.keys()].filter((id) => id !== currentKeyId);

  return {
    currentKeyId,
    retiredKeyIds,
    source,
    has: (id) => keys.has(id),
    deriveKeys: (purpose) =>
      [...keys.values()].map((key) => Buffer.from(crypto.hkdfSync('sha256', key, Buffer.from('weft-derived-key', 'utf8'), Buffer.from(purpose, 'utf8'), KEY_BYTES))),
    wrap(dataKey) {
      const nonce = crypto.randomBytes(NONCE_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', current, nonce);
      cipher.setAAD(WRAP_AAD);
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      const wrappedKey = Buffer.concat([Buffer.from([WRAP_VERSION]), nonce, body, cipher.getAuthTag()]);
      return { wrappedKey, masterKeyId: currentKeyId };
    },
    unwrap(wrappedKey, id) {
      const key = keys.get(id);
      if (!key) {
        throw new Error(
          `A data key is wrapped by master key ${id}, which is not configured. Set it in WEFT_MASTER_KEY ` +
            'or WEFT_MASTER_KEYS_RETIRED (or restore master.key) and finish the rotation with `weft keys rotate-master`.',
        );
      }
      const blob = Buffer.from(wrappedKey.buffer, wrappedKey.byteOffset, wrappedKey.byteLength);
      if (blob.length !== 1 + NONCE_BYTES + KEY_BYTES + TAG_BYTES || blob[0] !== WRAP_VERSION) {
        throw new Error(`A wrapped data key under master key ${id} is malformed.`);
      }
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + NONCE_BYTES));
        decipher.setAAD(WRAP_AAD);
        decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
        return Buffer.concat([decipher.update(blob.subarray(1 + NONCE_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new Error(`A data key could not be unwrapped with master key ${id}: it was altered or wrapped by another key.`);
      }
    },
    withNewCurrent(newKeyBase64, newSource) {
      return createKeyring(parseMasterKey(newKeyBase64, 'the new master key'), [...keys.values()], newSource);
    },
  };
}
