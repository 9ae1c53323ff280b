/**
 * pg_dump and pg_restore for backups of a PostgreSQL server. The password travels in
 * PGPASSWORD, never on the command line where `ps` would show it.
 */
import { spawn, spawnSync } from 'node:child_process';

export type PgTool = 'pg_dump' | 'pg_restore';

/** Throws a plain instruction when the tool is not installed. */
export function assertPgToolAvailable(tool: PgTool): void {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(
      `${tool} was not found on PATH. Install the PostgreSQL client tools of the server's major version or newer ` +
        '(Debian/Ubuntu: `apt-get install postgresql-client`, or postgresql-client-<major> from apt.postgresql.org; ' +
        'macOS: `brew install libpq`), then run the command again.',
    );
  }
  if (probe.error) throw probe.error;
}

/** Arguments and environment that connect a libpq tool to `databaseUrl`. */
function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Streams `pg_dump --format=custom` of the database; throws if pg_dump fails. */
export async function* dumpPostgres(databaseUrl: string): AsyncGenerator<Buffer> {
  const { dbname, env } = connection(databaseUrl);
  const child = spawn('pg_dump', ['--format=custom', '--no-password', `--dbname=${dbname}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = exitOf(child);
  let finished = false;
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    await done.then(checkExit('pg_dump'));
    finished = true;
  } finally {
    if (!finished) child.kill();
    await done.catch(() => undefined);
  }
}

/** Loads a custom-format dump into the database in one transaction; throws if anything fails. */
export async function restorePostgres(databaseUrl: string, dumpFile: string): Promise<void> {
  const { dbname, env } = connection(databaseUrl);
  const child = spawn(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${dbname}`, dumpFile],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await exitOf(child).then(checkExit('pg_restore'));
}

interface Exit {
  code: number | null;
  stderr: string;
}

function exitOf(child: ReturnType<typeof spawn>): Promise<Exit> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

const checkExit =
  (tool: PgTool) =>
  ({ code, stderr }: Exit): void => {
    if (code === 0) return;
    const hint = /version mismatch/i.test(stderr) ? ` Install the client tools of the server's major version.` : '';
    throw new Error(`${tool} failed (exit code ${code}): ${stderr.trim() || 'no message'}.${hint}`);
  };
