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
// A calendar date (incident, report, follow-up) stays 'YYYY-MM-DD': turned into a JS Date it
// would become midnight in the server's time zone and drift a day for users elsewhere.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value) => value);

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** Start the embedded database from a dump made by dumpDataDir (tests). */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
  /**
   * AUTHZ-2: on a server, the role every pooled connection switches to (SET ROLE), one that
   * owns no table so row-level security applies. Migrations run without it, as the owner.
   */
  appRole?: string | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const appRole = options.appRole;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Settings taken in the connection's start-up packet (as PGOPTIONS would), before any
      // query runs. The role: config.ts allows only plain role names. JIT off: on these short
      // list and export queries, compiling cost 0.5 to 3 s whenever the planner over-estimated
      // (bench/documentation), and saved nothing measurable elsewhere.
      options: ['-c jit=off', ...(appRole ? [`-c role=${appRole}`] : [])].join(' '),
    });
    if (appRole) await checkAppRole(pool, appRole);
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
    parsers: { 20: (value: string) => Number(value), [DATE_OID]: (value: string) => value },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}

/** A clear start-up error when the configured role cannot be taken. */
async function checkAppRole(pool: pg.Pool, appRole: string): Promise<void> {
  let current: string | undefined;
  let reason = '';
  try {
    const { rows } = await pool.query<{ role: string }>('select current_user as role');
    current = rows[0]?.role;
  } catch (error) {
    reason = ` (${(error as Error).message})`;
  }
  if (current === appRole) return;
  await pool.end();
  throw new Error(
    `The database user in DATABASE_URL cannot act as role ${appRole} (WEFT_DB_ROLE)${reason}. Run the migrations once (weft migrate) as the tables' owner, then GRANT ${appRole} TO that user; or set WEFT_DB_ROLE=none to connect as the owner (no row-level security, AUTHZ-2).`,
  );
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
