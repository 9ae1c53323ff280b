/** Helpers shared by the scripts: run a package's command-line tool with this Node, and wait. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));

/** The file of a package's bin, e.g. binPath('vite') -> node_modules/vite/bin/vite.js. */
export function binPath(pkg, name = pkg) {
  const manifestFile = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  return path.join(path.dirname(manifestFile), typeof bin === 'string' ? bin : bin[name]);
}

/** Runs a command with inherited output; resolves to its exit code (never rejects). */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
    child.once('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a Node script of a package's bin (no npx, no shell). */
export const runBin = (pkg, args, options) => run(process.execPath, [binPath(pkg), ...args], options);

/** Runs a TypeScript file with tsx. */
export const runTs = (file, args = [], options) => run(process.execPath, ['--import', 'tsx', file, ...args], options);
