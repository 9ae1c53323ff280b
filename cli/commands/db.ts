/**
 * `weft migrate`, `weft seed` and `weft reset`: the database's life cycle
 * (npm run db:migrate, db:seed, db:reset).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../server/config';
import { migrateToLatest } from '../../server/db/database';
import type { DB } from '../../server/db/schema';
import { describeTarget, isEmbedded, lockEmbeddedDatabase, parseFlags, pgliteDir, UsageError, withDatabase, withRuntime, type Io } from '../command-kit';

const MIGRATE_USAGE = ['usage: weft migrate', '  applies every pending migration (Weft also does it on start)'];
const RESET_USAGE = [
  'usage: weft reset --yes',
  '  deletes every record and migrates the empty database again',
  '  (npm run db:reset -- --yes)',
];

/** `weft migrate`: applies pending migrations and names them. */
export async function runMigrateCommand(args: string[], config: Config, io: Io): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument ${args[0]}`, MIGRATE_USAGE);
  const applied = await withDatabase(config, (database) => migrateToLatest(database.db), { migrate: false });
  reportMigrations(applied, config, io);
  return 0;
}

/** `weft seed …`: the demo data, through the demo command (opens the whole runtime). */
export async function runSeedCliCommand(args: string[], config: Config, io: Io): Promise<number> {
  const { runSeedCommand } = await import('./demo');
  const sharedDataDir = path.resolve(config.WEFT_SHARED_DATA_DIR);
  // Arguments are a usage error (on stderr): no database is opened just to refuse them.
  if (args.length > 0) return runSeedCommand(args, { ctx: undefined as never, sharedDataDir, out: io.err });
  return withRuntime(config, io, ({ ctx }) =>
    runSeedCommand(args, { ctx, sharedDataDir, out: io.out }),
  );
}

/**
 * `weft reset --yes`: drops everything and migrates again. On the embedded database the
 * data folder's pgdata is deleted (master.key stays); on PostgreSQL the public schema is
 * dropped and created again.
 */
export async function runResetCommand(args: string[], config: Config, io: Io): Promise<number> {
  const { flags, positional } = parseFlags(args, ['yes'], RESET_USAGE);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`, RESET_USAGE);
  if (!flags.has('yes')) {
    throw new UsageError(
      `reset deletes every record in ${describeTarget(config)}. To confirm, run \`weft reset --yes\` ` +
        '(or `npm run db:reset -- --yes`).',
      RESET_USAGE,
    );
  }
  const unlock = lockEmbeddedDatabase(config); // held from the deletion to the migration
  try {
    const applied = isEmbedded(config) ? await resetEmbedded(config, io) : await resetServer(config, io);
    reportMigrations(applied, config, io);
  } finally {
    unlock();
  }
  return 0;
}

async function resetEmbedded(config: Config, io: Io): Promise<string[]> {
  fs.rmSync(pgliteDir(config), { recursive: true, force: true });
  io.err(`deleted ${pgliteDir(config)}`);
  return withDatabase(config, (database) => migrateToLatest(database.db), { migrate: false });
}

async function resetServer(config: Config, io: Io): Promise<string[]> {
  return withDatabase(
    config,
    async ({ db }) => {
      await emptyPublicSchema(db);
      io.err(`dropped and created the public schema of ${describeTarget(config)}`);
      return migrateToLatest(db);
    },
    { migrate: false },
  );
}

/** Drops every table, view, sequence and function Weft made on a PostgreSQL server. */
export async function emptyPublicSchema(db: Kysely<DB>): Promise<void> {
  await sql`drop schema public cascade`.execute(db);
  await sql`create schema public`.execute(db);
}

function reportMigrations(applied: string[], config: Config, io: Io): void {
  if (applied.length === 0) io.out(`${describeTarget(config)} is up to date.`);
  else io.out(`applied ${applied.length} migration(s) to ${describeTarget(config)}: ${applied.join(', ')}`);
}
