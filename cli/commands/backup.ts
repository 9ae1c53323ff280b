/**
 * `weft backup <file>` and `weft restore <file>` (REL-3): an encrypted copy of the whole
 * database, under a key derived from the master key (format in backup-format.ts).
 *   - embedded: the PGlite data folder, dumped by the CLI while no server has it open;
 *   - PostgreSQL: pg_dump --format=custom, restored with pg_restore in one transaction.
 * The master key is not in the backup: keep it apart, and have it at hand to restore.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { conflict, DomainError, invalid } from '../../core/errors';
import type { Config } from '../../server/config';
import { grantAppRolePrivileges } from '../../server/db/app-role';
import { migrateToLatest, openDatabase } from '../../server/db/database';
import type { DB } from '../../server/db/schema';
import { describeTarget, isEmbedded, lockEmbeddedDatabase, parseFlags, pgliteDir, UsageError, withDatabase, type Io } from '../command-kit';
import { emptyPublicSchema } from './db';
import { currentMasterKey, findMasterKey } from './backup-keys';
import { BackupFormatError, decryptBackup, readBackupHeader, writeEncryptedBackup, type BackupHeader, type BackupKind } from './backup-format';
import { assertPgToolAvailable, dumpPostgres, restorePostgres } from './postgres-tools';

const BACKUP_USAGE = ['usage: weft backup <file> [--force]', '  writes an encrypted backup of the database to <file> (--force replaces an existing file)'];
const RESTORE_USAGE = [
  'usage: weft restore <file> [--force]',
  '  loads an encrypted backup into the configured database, which must be empty (--force replaces it)',
];

/** `weft backup <file>`. */
export async function runBackupCommand(args: string[], config: Config, io: Io): Promise<number> {
  const { file, force } = fileArgument(args, BACKUP_USAGE);
  if (fs.existsSync(file) && !force) throw conflict('backup.file_exists', `${file} already exists. Choose another name, or add --force to replace it.`);
  const master = currentMasterKey(config, io.err);
  const kind: BackupKind = isEmbedded(config) ? 'pglite' : 'postgres';
  const target = { kind, masterKey: master.key, masterKeyId: master.id, overwrite: force };

  let bytes: number;
  if (kind === 'pglite') {
    if (!hasFiles(pgliteDir(config))) {
      throw new DomainError('not_found', 'backup.no_database', `There is no embedded database in ${pgliteDir(config)} to back up.`);
    }
    // The CLI holds the only connection (lockEmbeddedDatabase), so the dump is consistent.
    ({ bytes } = await withDatabase(
      config,
      async ({ pglite }) => writeEncryptedBackup(file, target, [new Uint8Array(await (await pglite!.dumpDataDir('gzip')).arrayBuffer())]),
      { migrate: false },
    ));
  } else {
    assertPgToolAvailable('pg_dump');
    ({ bytes } = await writeEncryptedBackup(file, target, dumpPostgres(config.DATABASE_URL!)));
  }
  io.out(`wrote ${file}: ${bytes} bytes, ${describeTarget(config)}, encrypted under master key ${master.id}`);
  io.err('To restore it you need this master key: keep a copy of it apart from the backups (never in the same place).');
  return 0;
}

/** `weft restore <file>`: refuses a non-empty target unless --force, and any altered file. */
export async function runRestoreCommand(args: string[], config: Config, io: Io): Promise<number> {
  const { file, force } = fileArgument(args, RESTORE_USAGE);
  if (!fs.existsSync(file)) throw new DomainError('not_found', 'restore.no_file', `${file} does not exist.`);
  const header = await readHeader(file);
  checkKindMatches(header, config, file);
  const master = findMasterKey(config, header.masterKeyId, io.err);
  if (!master) {
    throw new Error(
      `${file} is encrypted under master key ${header.masterKeyId}, which is not configured here. Set WEFT_MASTER_KEY ` +
        `(or WEFT_MASTER_KEYS_RETIRED) to that key${isEmbedded(config) ? `, or copy the master.key it came from into ${config.dataDir}` : ''}, ` +
        'then run the command again.',
    );
  }
  const applied = isEmbedded(config)
    ? await restoreEmbedded(file, master.key, config, force)
    : await restoreServer(file, master.key, config, force);
  io.out(`restored ${file} into ${describeTarget(config)}${applied.length > 0 ? `; then applied ${applied.join(', ')}` : ''}`);
  return 0;
}

async function restoreEmbedded(file: string, masterKey: Buffer, config: Config, force: boolean): Promise<string[]> {
  const target = pgliteDir(config);
  const replacing = hasFiles(target);
  if (replacing && !force) throw notEmpty(describeTarget(config));
  // Decrypt and verify everything before touching the data folder.
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  await decrypt(file, masterKey, (chunk) => void chunks.push(new Uint8Array(chunk.buffer as ArrayBuffer, chunk.byteOffset, chunk.byteLength)));
  // Load into a staging folder beside the target, then swap: a failed load leaves the old data.
  const unlock = lockEmbeddedDatabase(config);
  const staging = fs.mkdtempSync(path.join(config.dataDir, '.restore-'));
  try {
    const database = await openDatabase({ dataDir: staging, loadDataDir: new Blob(chunks, { type: 'application/x-gzip' }) });
    chunks.length = 0;
    const applied = await migrateToLatest(database.db).finally(() => database.close());
    if (replacing) fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(staging, 'pgdata'), target);
    return applied;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    unlock();
  }
}

async function restoreServer(file: string, masterKey: Buffer, config: Config, force: boolean): Promise<string[]> {
  assertPgToolAvailable('pg_restore');
  await withDatabase(
    config,
    async ({ db }) => {
      if ((await countPublicRelations(db)) > 0 && !force) throw notEmpty(describeTarget(config));
    },
    { migrate: false },
  );
  // The dump is decrypted to a private temporary file: pg_restore reads a file, and only a
  // verified one may reach the database.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-restore-'));
  try {
    const plain = path.join(dir, 'database.dump');
    const handle = await fs.promises.open(plain, 'wx', 0o600);
    try {
      await decrypt(file, masterKey, async (chunk) => void (await handle.write(chunk)));
    } finally {
      await handle.close();
    }
    if (force) await withDatabase(config, ({ db }) => emptyPublicSchema(db), { migrate: false });
    await restorePostgres(config.DATABASE_URL!, plain);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return withDatabase(
    config,
    async (database) => {
      const applied = await migrateToLatest(database.db);
      if (config.WEFT_DB_ROLE !== 'none') await grantAppRolePrivileges(database.db, config.WEFT_DB_ROLE);
      return applied;
    },
    { migrate: false },
  );
}

function fileArgument(args: string[], usage: string[]): { file: string; force: boolean } {
  const { flags, positional } = parseFlags(args, ['force'], usage);
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'name the backup file' : `unexpected argument ${positional[1]}`, usage);
  return { file: path.resolve(positional[0]!), force: flags.has('force') };
}

async function readHeader(file: string): Promise<BackupHeader> {
  try {
    return await readBackupHeader(file);
  } catch (error) {
    if (error instanceof BackupFormatError) throw invalid('restore.not_a_backup', error.message);
    throw error;
  }
}

async function decrypt(file: string, masterKey: Buffer, sink: (chunk: Buffer) => void | Promise<void>): Promise<void> {
  try {
    await decryptBackup(file, masterKey, sink);
  } catch (error) {
    if (error instanceof BackupFormatError) throw invalid('restore.integrity', error.message);
    throw error;
  }
}

function checkKindMatches(header: BackupHeader, config: Config, file: string): void {
  if (header.kind === 'pglite' && !isEmbedded(config)) {
    throw invalid(
      'restore.wrong_kind',
      `${file} is a backup of an embedded database; DATABASE_URL points at a PostgreSQL server. Unset DATABASE_URL to restore it into a data folder.`,
    );
  }
  if (header.kind === 'postgres' && isEmbedded(config)) {
    throw invalid('restore.wrong_kind', `${file} is a backup of a PostgreSQL server: set DATABASE_URL to the (empty) database to restore it into.`);
  }
}

const notEmpty = (target: string) =>
  conflict('restore.not_empty', `${target} is not empty. Restore into an empty database, or add --force to replace everything in it.`);

const hasFiles = (dir: string) => fs.existsSync(dir) && fs.readdirSync(dir).length > 0;

async function countPublicRelations(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public'`.execute(db);
  return rows[0]?.n ?? 0;
}
