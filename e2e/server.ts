/**
 * Starts Weft for the browser tests as a child process (`node --import tsx cli/weft.ts start`),
 * exactly as an operator would, on a free port with a fresh data folder and demo data.
 *
 * The database is the embedded PGlite in a temporary folder: DATABASE_URL from the
 * environment is ignored so a CI run on PostgreSQL is not disturbed. Set E2E_DATABASE_URL to
 * run against a PostgreSQL database instead; it must be EMPTY (the demo seeds only an empty
 * database), and E2E_MASTER_KEY may give the master key (a random one otherwise).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface WeftServer {
  baseUrl: string;
  port: number;
  logFile: string;
  dataDir: string;
  /** The last lines the server wrote (for failure reports). */
  tail(lines?: number): string;
  /** True when the server printed the demo banner (it seeded an empty database). */
  seeded(): boolean;
  /** Whether the process is still running. */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  repoRoot: string;
  readyTimeoutMs: number;
}

/** A port nobody listens on now (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Environment of the server: ours only; nothing Weft-specific leaks in from the caller's shell. */
function serverEnv(port: number, dataDir: string, sharedDataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'DATABASE_URL' || name.startsWith('WEFT_')) continue;
    env[name] = value;
  }
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    WEFT_DATA_DIR: dataDir,
    WEFT_DEMO: 'true',
    WEFT_SHARED_DATA_DIR: sharedDataDir,
    WEFT_QUICK_EXIT_URL: '/weather',
    WEFT_SECURE_COOKIES: 'false',
    WEFT_TRUST_PROXY: 'false',
    // Every browser test signs in from 127.0.0.1; the suite's dozen sign-ins in a minute are
    // not an attack. The limit itself is tested in server/modules/auth.
    WEFT_SIGN_IN_LIMIT_PER_MINUTE: '100',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  });
  if (process.env.E2E_DATABASE_URL) {
    env.DATABASE_URL = process.env.E2E_DATABASE_URL;
    env.WEFT_MASTER_KEY = process.env.E2E_MASTER_KEY ?? randomBytes(32).toString('base64');
  }
  return env;
}

export async function startWeft({ repoRoot, readyTimeoutMs }: StartOptions): Promise<WeftServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-'));
  const logFile = path.join(dataDir, 'server.log');
  const sharedDataDir = path.resolve(repoRoot, '../shared/data');
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = fs.createWriteStream(logFile);
  let output = '';

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'cli/weft.ts', 'start'], {
    cwd: repoRoot,
    env: serverEnv(port, path.join(dataDir, 'db'), sharedDataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
    log.write(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // If the runner dies, the server must not outlive it.
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const tail = (lines = 40) => output.split('\n').slice(-lines).join('\n');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const stopped = await Promise.race([exitPromise.then(() => true), sleep(10_000).then(() => false)]);
        if (!stopped) {
          child.kill('SIGKILL');
          await Promise.race([exitPromise, sleep(5_000)]);
        }
      }
      process.removeListener('exit', killOnExit);
      await new Promise<void>((resolve) => log.end(resolve));
      if (!process.env.E2E_KEEP_DATA) fs.rmSync(path.join(dataDir, 'db'), { recursive: true, force: true });
    })());

  const server: WeftServer = {
    baseUrl,
    port,
    logFile,
    dataDir,
    tail,
    seeded: () => output.includes('Weft demo data is ready'),
    alive: () => exited === null,
    stop,
  };

  // Ready means: /api/ready answers 200 (the database answers, demo data is in: the server
  // listens only after seeding).
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      await stop();
      throw new Error(`Weft exited before it was ready (${JSON.stringify(exited)}). Its last output:\n${tail()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`Weft was not ready within ${readyTimeoutMs / 1000} s. Its last output:\n${tail()}`);
}
