#!/usr/bin/env node
/**
 * Development: the server restarting on every change (tsx watch) and the Vite dev server with
 * hot reload, which forwards /api to the server. Open the address Vite prints. Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';
import { binPath, repoRoot } from './lib.mjs';

// Each child in its own process group, so Ctrl-C reaches them once, from here: tsx watch
// kills the server outright on a second signal, before it has closed the embedded database.
const options = { stdio: 'inherit', cwd: repoRoot, detached: true };
const children = [
  spawn(process.execPath, [binPath('tsx'), 'watch', '--clear-screen=false', 'cli/weft.ts', 'start'], options),
  spawn(process.execPath, [binPath('vite')], options),
];
let exiting = false;
function stopAll(code) {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.once('exit', (code) => stopAll(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));
