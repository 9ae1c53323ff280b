/**
 * What every `weft` command shares: its output streams, flag parsing, usage errors, and
 * opening the database or the whole runtime from configuration.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../server/config';
import { migrateToLatest, openDatabase, type Database } from '../server/db/database';
import { openRuntime, type Runtime } from '../server/runtime';

export interface Io {
  /** A line for stdout: results a script may read. */
  out: (line: string) => void;
  /** A line for stderr: warnings, progress and errors. */
  err: (line: string) => void;
}

/** Wrong arguments: the message and the command's usage go to stderr, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: readonly string[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Splits `--flags` from positional arguments; an unknown flag is a usage error. */
export function parseFlags<F extends string>(
  args: readonly string[],
  allowed: readonly F[],
  usage: readonly string[],
): { flags: Set<F>; positional: string[] } {
  const flags = new Set<F>();
  const positional: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith('--')) positional.push(arg);
    else if ((allowed as readonly string[]).includes(arg.slice(2))) flags.add(arg.slice(2) as F);
    else throw new UsageError(`unknown option ${arg}`, usage);
  }
  return { flags, positional };
}

export const isEmbedded = (config: Config) => !config.DATABASE_URL;

/** The embedded database's own folder inside the data folder (see openDatabase). */
export const pgliteDir = (config: Config) => path.join(config.dataDir, 'pgdata');

/** Where the command works, for messages: never the password of a DATABASE_URL. */
export function describeTarget(config: Config): string {
  if (!config.DATABASE_URL) return `the embedded database in ${pgliteDir(config)}`;
  const url = new URL(config.DATABASE_URL);
  return `the PostgreSQL database ${url.pathname.slice(1) || '(default)'} on ${url.hostname}${url.port ? `:${url.port}` : ''}`;
}

/** Held in the data folder by every `weft` process that opens the embedded database. */
export const LOCK_FILE = 'weft.lock';

/**
 * WARNING: PGlite takes no lock on its folder, and two processes writing it corrupt it. Every
 * `weft` command that opens the embedded database (and `weft start`) holds <dataDir>/weft.lock
 * with its process id; a lock whose process is gone (a crash, a power cut) is taken over.
 * Returns the release function; also released when the process exits. No-op on PostgreSQL.
 */
export function lockEmbeddedDatabase(config: Config): () => void {
  if (!isEmbedded(config)) return () => {};
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(config.dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLockHolder(file);
      if (holder === process.pid) return () => {}; // this process holds it already
      if (holder !== undefined && isRunning(holder)) {
        throw new Error(
          `The embedded database in ${pgliteDir(config)} is in use by process ${holder} (${file}). ` +
            'Stop it first: `weft start` stops with Ctrl-C.',
          { cause: error },
        );
      }
      fs.rmSync(file, { force: true }); // left by a process that is gone
      continue;
    }
    const release = () => {
      if (readLockHolder(file) === process.pid) fs.rmSync(file, { force: true });
    };
    process.once('exit', release);
    return () => {
      process.off('exit', release);
      release();
    };
  }
  throw new Error(`Another process is taking ${file} at the same moment; run the command again.`);
}

function readLockHolder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Opens the database alone (no master key needed), migrated unless told otherwise. */
export async function withDatabase<T>(
  config: Config,
  work: (database: Database) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const unlock = lockEmbeddedDatabase(config);
  try {
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: isEmbedded(config) ? config.dataDir : undefined,
      poolSize: 2,
    });
    try {
      if (options.migrate !== false) await migrateToLatest(database.db);
      return await work(database);
    } finally {
      await database.close();
    }
  } finally {
    unlock();
  }
}

/** Opens the whole runtime (database, master keys, cipher), migrated, and closes it after. */
export async function withRuntime<T>(config: Config, io: Io, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const unlock = lockEmbeddedDatabase(config);
  try {
    const runtime = await openRuntime(config, { log: io.err });
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  } finally {
    unlock();
  }
}
