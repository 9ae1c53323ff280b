/**
 * Cold start to first request served, on PGlite: a first start on an empty data folder
 * (database creation, migrations, demo data) and a restart on the same folder.
 * Run: npx tsx bench/cold-start.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt } from './support/database';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cold-'));
// The embedded database is what a first-time user gets; a DATABASE_URL in the shell is ignored.
const { DATABASE_URL: _ignored, ...embeddedEnv } = process.env;
const port = 3900 + Math.floor(Math.random() * 90);

async function timeToFirstResponse(label: string): Promise<void> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/weft.ts', 'start'], {
    env: { ...embeddedEnv, WEFT_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error('the server exited before answering');
      if (performance.now() - started > 120_000) throw new Error('no answer within 120 s');
      const ok = await fetch(`http://127.0.0.1:${port}/api/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    console.log(`${label}: first request served after ${fmt((performance.now() - started) / 1000, 2)} s`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (exited ? resolve(null) : child.once('exit', resolve)));
  }
}

await timeToFirstResponse('first start (create database, migrate, demo data)');
await timeToFirstResponse('restart on the same data folder');
fs.rmSync(dataDir, { recursive: true, force: true });
