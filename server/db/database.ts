/**
 * One Kysely instance over either the embedded PGlite (default) or a PostgreSQL server
 * (DATABASE_URL). Same SQL, same migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index';
import { PGliteDialect } from './pglite-dialect';
import type { DB } from './schema';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** The embedded instance, for tests and backups; undefined on a server. */
  pglite: PGlite | undefined;
  close(): Promise<void>;
}

// bigint columns (audit sequence, job ids) fit in a JS number for any realistic volume.
pg.types.setTypeParser(20, (value) => Number(value));

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** Start the embedded database from a dump made by dumpDataDir (tests). */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    await checkServerDurability(db);
    return { db, kind: 'postgres', pglite: undefined, close: () => db.destroy() };
  }
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // REL-1: durable writes. relaxedDurability is never set: every commit reaches the files.
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'pgdata') } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    relaxedDurability: false,
    parsers: { 20: (value: string) => Number(value) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}

/** REL-1: refuse a PostgreSQL server that acknowledges commits before they are durable. */
async function checkServerDurability(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ fsync: string; sync: string }>`
    select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sync`.execute(db);
  const row = rows[0];
  if (!row || row.fsync !== 'on' || row.sync === 'off') {
    throw new Error(
      `PostgreSQL runs with fsync=${row?.fsync} synchronous_commit=${row?.sync}; Weft needs durable commits (REL-1). Set fsync=on and synchronous_commit=on.`,
    );
  }
}

/** Readiness: true when the database answers a trivial query. */
export async function isDatabaseReachable(db: Kysely<DB>): Promise<boolean> {
  return sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
}

/** Runs every pending migration; safe to call on each start. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'weft_migrations',
    migrationLockTableName: 'weft_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
