/**
 * REL-3: the encrypted backup file. A 54-byte header, then the database dump encrypted with
 * AES-256-GCM, then the 16-byte tag:
 *
 *   magic "WEFT-BAK" (8) | version (1) | kind (1) | master key id, hex (16) | salt (16) | nonce (12)
 *
 * The key is HKDF-SHA256(master key, salt, "weft-backup-v1"): a fresh key per backup, and one
 * that opens nothing but backups. The header is authenticated data, so changing any byte of
 * the file (header, body or tag) makes decryption fail.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

const MAGIC = Buffer.from('WEFT-BAK', 'ascii');
const VERSION = 1;
const KEY_ID_BYTES = 16;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'weft-backup-v1';
export const HEADER_BYTES = MAGIC.length + 2 + KEY_ID_BYTES + SALT_BYTES + NONCE_BYTES;

/** pglite: a gzipped tarball of the embedded data folder (dumpDataDir); postgres: pg_dump --format=custom. */
export type BackupKind = 'pglite' | 'postgres';
const KIND_CODES: Record<BackupKind, number> = { pglite: 1, postgres: 2 };

export interface BackupHeader {
  version: number;
  kind: BackupKind;
  masterKeyId: string;
  salt: Buffer;
  nonce: Buffer;
}

/** A file that is not a Weft backup, or one this version cannot read. */
export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
}

export function encodeBackupHeader(header: BackupHeader): Buffer {
  if (!/^[0-9a-f]{16}$/.test(header.masterKeyId)) throw new Error(`unexpected master key id ${header.masterKeyId}`);
  return Buffer.concat([
    MAGIC,
    Buffer.from([header.version, KIND_CODES[header.kind]]),
    Buffer.from(header.masterKeyId, 'ascii'),
    header.salt,
    header.nonce,
  ]);
}

export function decodeBackupHeader(bytes: Buffer, file: string): BackupHeader {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupFormatError(`${file} is not a Weft backup.`);
  }
  const version = bytes[MAGIC.length]!;
  if (version !== VERSION) {
    throw new BackupFormatError(`${file} is a Weft backup of format ${version}; this Weft reads format ${VERSION}. Restore it with a newer Weft.`);
  }
  const kindCode = bytes[MAGIC.length + 1]!;
  const kind = (Object.keys(KIND_CODES) as BackupKind[]).find((k) => KIND_CODES[k] === kindCode);
  if (!kind) throw new BackupFormatError(`${file} is a Weft backup of an unknown kind (${kindCode}).`);
  let offset = MAGIC.length + 2;
  const take = (n: number) => bytes.subarray(offset, (offset += n));
  const masterKeyId = take(KEY_ID_BYTES).toString('ascii');
  return { version, kind, masterKeyId, salt: Buffer.from(take(SALT_BYTES)), nonce: Buffer.from(take(NONCE_BYTES)) };
}

/** The backup key: never the master key itself. */
export function deriveBackupKey(masterKey: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, salt, HKDF_INFO, 32));
}

/**
 * Encrypts `chunks` into `file`, whole or not at all: a temporary file beside it, made
 * durable, then renamed. Fails if `file` exists unless `overwrite`.
 */
export async function writeEncryptedBackup(
  file: string,
  options: { kind: BackupKind; masterKey: Uint8Array; masterKeyId: string; overwrite: boolean },
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<{ bytes: number }> {
  if (!options.overwrite && fs.existsSync(file)) throw new Error(`${file} already exists.`);
  const header = encodeBackupHeader({
    version: VERSION,
    kind: options.kind,
    masterKeyId: options.masterKeyId,
    salt: crypto.randomBytes(SALT_BYTES),
    nonce: crypto.randomBytes(NONCE_BYTES),
  });
  const { salt, nonce } = decodeBackupHeader(header, file);
  const cipher = crypto.createCipheriv('aes-256-gcm', deriveBackupKey(options.masterKey, salt), nonce);
  cipher.setAAD(header);

  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.partial`;
  const handle = await fs.promises.open(tmp, 'wx', 0o600);
  let bytes = 0;
  const write = async (data: Uint8Array) => {
    if (data.length === 0) return;
    await handle.write(data);
    bytes += data.length;
  };
  try {
    await write(header);
    for await (const chunk of chunks) await write(cipher.update(chunk));
    await write(cipher.final());
    await write(cipher.getAuthTag());
    await handle.sync();
    await handle.close();
    fs.renameSync(tmp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return { bytes };
}

/** Reads and checks the header alone (before choosing a key or touching any database). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    return decodeBackupHeader(buffer.subarray(0, bytesRead), file);
  } finally {
    await handle.close();
  }
}

/**
 * Decrypts `file` into `sink`. WARNING: the sink sees plaintext before the tag is checked
 * at the end; use what it collected only once this resolves. Throws BackupFormatError when
 * the file was altered or truncated.
 */
export async function decryptBackup(
  file: string,
  masterKey: Uint8Array,
  sink: (chunk: Buffer) => void | Promise<void>,
): Promise<BackupHeader> {
  const headerBytes = Buffer.alloc(HEADER_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  const handle = await fs.promises.open(file, 'r');
  let size: number;
  try {
    size = (await handle.stat()).size;
    if (size < HEADER_BYTES + TAG_BYTES) throw new BackupFormatError(`${file} is too short to be a Weft backup (truncated?).`);
    await handle.read(headerBytes, 0, HEADER_BYTES, 0);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  const header = decodeBackupHeader(headerBytes, file);
  const decipher = crypto.createDecipheriv('aes-256-gcm', deriveBackupKey(masterKey, header.salt), header.nonce);
  decipher.setAAD(headerBytes);
  decipher.setAuthTag(tag);
  if (size > HEADER_BYTES + TAG_BYTES) {
    // `end` is inclusive.
    for await (const chunk of fs.createReadStream(file, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 })) {
      await sink(decipher.update(chunk as Buffer));
    }
  }
  let last: Buffer;
  try {
    last = decipher.final();
  } catch {
    throw new BackupFormatError(
      `${file} failed its integrity check: it was altered or truncated since it was written. Nothing was restored.`,
    );
  }
  await sink(last);
  return header;
}
