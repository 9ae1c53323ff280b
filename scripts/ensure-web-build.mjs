#!/usr/bin/env node
/**
 * Builds the web app (vite build into web/dist) when web/dist is missing or older than its
 * sources: web/, core/ (shared schemas and messages), the Vite and TypeScript configuration and
 * the lockfile. `npm start` and the browser tests call it; a fresh clone builds once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, runBin } from './lib.mjs';

const builtFile = path.join(repoRoot, 'web/dist/index.html');
const sources = ['web', 'core', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];
const skip = new Set([path.join(repoRoot, 'web/dist'), path.join(repoRoot, 'node_modules')]);

/** The newest modification time under `entry` (a file or a folder), 0 if it does not exist. */
function newest(entry) {
  if (skip.has(entry)) return 0;
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs);
}

const builtAt = fs.existsSync(builtFile) ? fs.statSync(builtFile).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newest(path.join(repoRoot, s))));
if (builtAt > 0 && builtAt >= changedAt) process.exit(0);

console.error(builtAt === 0 ? 'Building the web app (web/dist is missing)…' : 'Building the web app (its sources changed)…');
const code = await runBin('vite', ['build', '--logLevel', 'warn']);
if (code !== 0) console.error('vite build failed: the web app was not built (see above).');
process.exit(code);
