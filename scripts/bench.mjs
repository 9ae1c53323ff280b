#!/usr/bin/env node
/** Runs every bench/*.ts in turn (each prints its own figures); fails if any of them fails. */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, runTs } from './lib.mjs';

const dir = path.join(repoRoot, 'bench');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort() : [];
if (files.length === 0) {
  console.log('No benchmarks in bench/.');
  process.exit(0);
}
const failed = [];
for (const file of files) {
  console.log(`\n== bench/${file}`);
  const started = Date.now();
  const code = await runTs(path.join('bench', file));
  console.log(`== bench/${file}: ${code === 0 ? 'done' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (code !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${files.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\n${files.length} benchmark(s) done.`);
