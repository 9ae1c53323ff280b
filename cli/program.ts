/**
 * The `weft` command: finds the subcommand, loads configuration from the environment, runs
 * it, and turns errors into messages and exit codes. Commands are imported on demand, so
 * `weft help` or a usage error loads no database.
 */
import { isDomainError, type ErrorCategory } from '../core/errors';
import { loadConfig, type Config } from '../server/config';
import { isEmbedded, UsageError, withDatabase, withRuntime, type Io } from './command-kit';

/** A server started by `weft start`: the process keeps running until a signal. */
export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

interface Command {
  name: string;
  summary: string;
  run: (args: string[], config: Config, io: Io) => Promise<number | RunningServer>;
}

/**
 * Stands in for the database or runtime when a command only prints its usage (an unknown or
 * missing subcommand, on stderr) or needs neither: nothing is opened just to refuse.
 */
const offline = undefined as never;

const COMMANDS: Command[] = [
  {
    name: 'start',
    summary: 'run the server (API and web app); demo data on the first start of an empty database',
    run: async (args, config, io) => (await import('./commands/start')).runStartCommand(args, config, io),
  },
  {
    name: 'migrate',
    summary: 'apply pending database migrations',
    run: async (args, config, io) => (await import('./commands/db')).runMigrateCommand(args, config, io),
  },
  {
    name: 'seed',
    summary: 'add the demo data (fictional) if the database is empty',
    run: async (args, config, io) => (await import('./commands/db')).runSeedCliCommand(args, config, io),
  },
  {
    name: 'reset',
    summary: 'delete every record and migrate again (asks for --yes)',
    run: async (args, config, io) => (await import('./commands/db')).runResetCommand(args, config, io),
  },
  {
    name: 'keys',
    summary: 'master and organisation keys: generate, rotate-master, rotate-org <id>, status',
    run: async (args, config, io) => {
      const { runKeysCommand } = await import('./commands/keys');
      const keysConfig = { dataDir: config.dataDir, embedded: isEmbedded(config) };
      if (!['rotate-master', 'rotate-org', 'status'].includes(args[0] ?? '')) {
        // `generate` needs no database: opening it would need a master key (or create one in
        // the data folder) just to print a new one.
        const out = args[0] === 'generate' ? io.out : io.err;
        return runKeysCommand(args, { db: offline, keyring: offline, cipher: offline, config: keysConfig, out });
      }
      return withRuntime(config, io, ({ ctx, keyring }) =>
        runKeysCommand(args, { db: ctx.db, keyring, cipher: ctx.cipher, config: keysConfig, out: io.out }),
      );
    },
  },
  {
    name: 'audit',
    summary: 'audit trail: verify the hash chain, or checkpoint its head',
    run: async (args, config, io) => {
      const { runAuditCommand } = await import('./commands/audit');
      if (!['verify', 'checkpoint'].includes(args[0] ?? '')) return runAuditCommand(args, { db: offline, out: io.err, err: io.err });
      // Both only read: no migration, so they also run on a replica or a restored copy.
      return withDatabase(config, ({ db }) => runAuditCommand(args, { db, out: io.out, err: io.err }), { migrate: false });
    },
  },
  {
    name: 'places',
    summary: 'places with P-codes: import boundaries, list them',
    run: async (args, config, io) => {
      const { runPlacesCommand } = await import('./commands/places');
      if (!['import', 'list'].includes(args[0] ?? '')) return runPlacesCommand(args, { ctx: offline, out: io.err });
      return withRuntime(config, io, ({ ctx }) => runPlacesCommand(args, { ctx, out: io.out }));
    },
  },
  {
    name: 'backup',
    summary: 'write an encrypted backup of the database to <file>',
    run: async (args, config, io) => (await import('./commands/backup')).runBackupCommand(args, config, io),
  },
  {
    name: 'restore',
    summary: 'load an encrypted backup <file> into an empty database (--force replaces one)',
    run: async (args, config, io) => (await import('./commands/backup')).runRestoreCommand(args, config, io),
  },
];

/** The help text: every command with one line each. */
export function helpLines(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 'help'.length) + 2;
  return [
    'usage: weft <command> [arguments]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}this list`,
    '',
    'Configuration comes from the environment: DATABASE_URL (unset: the embedded database in',
    'WEFT_DATA_DIR, default ./data), WEFT_MASTER_KEY, PORT, … (all listed in server/config.ts).',
    'Exit codes: 0 done, 1 error, 2 usage or invalid input, 3 not found, 4 conflict, 5 forbidden.',
  ];
}

const EXIT_CODES: Partial<Record<ErrorCategory, number>> = { validation: 2, not_found: 3, conflict: 4, forbidden: 5 };

/** The exit code for an error: usage and domain categories have their own, the rest 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (isDomainError(error)) return EXIT_CODES[error.category] ?? 1;
  return 1;
}

export interface RunWeftOptions {
  env: NodeJS.ProcessEnv;
  io: Io;
}

/** Runs `weft <argv>`: an exit code, or the running server for `weft start`. */
export async function runWeft(argv: string[], { env, io }: RunWeftOptions): Promise<number | RunningServer> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    helpLines().forEach((line) => io.out(line));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(name ? `weft: unknown command ${name}` : 'weft: name a command');
    helpLines().forEach((line) => io.err(line));
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    io.err((error as Error).message);
    io.err('Fix the environment variable(s) above; every setting is described in server/config.ts.');
    return 1;
  }
  try {
    return await command.run(args, config, io);
  } catch (error) {
    // LOG_LEVEL=debug adds the stack trace of unexpected errors.
    reportError(error, io, config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace');
    return exitCodeFor(error);
  }
}

function reportError(error: unknown, io: Io, withStack: boolean): void {
  if (error instanceof UsageError) {
    io.err(`weft: ${error.message}`);
    error.usage.forEach((line) => io.err(line));
  } else if (isDomainError(error)) {
    io.err(`weft: ${error.message} (${error.code})`);
  } else if (error instanceof Error) {
    io.err(`weft: ${error.message}`);
    if (withStack && error.stack) io.err(error.stack);
  } else {
    io.err(`weft: ${String(error)}`);
  }
}
