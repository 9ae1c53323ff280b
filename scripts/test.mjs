#!/usr/bin/env node
/**
 * `npm test`: every suite against one database (PGlite, or DATABASE_URL when set):
 *   1. Vitest: core/, server/ and cli/ tests;
 *   2. the browser tests (npm run test:e2e), which need Debian's Chromium at /usr/bin/chromium.
 * Without Chromium a developer's `npm test` skips step 2 with a notice and still passes;
 * with CI set (and in .ci/run, which calls test:e2e itself) a missing Chromium is a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, run, runBin } from './lib.mjs';

const CHROMIUM = '/usr/bin/chromium';
const strict = Boolean(process.env.CI);
const failures = [];

if ((await runBin('vitest', ['run'])) !== 0) failures.push('unit and server tests (vitest)');

if (!fs.existsSync(path.join(repoRoot, 'e2e/run.ts'))) {
  console.error('\nnpm test: there are no browser tests yet (e2e/run.ts is missing).');
  if (strict) failures.push('browser tests (missing)');
} else if (!fs.existsSync(CHROMIUM) && !strict) {
  console.error(`\nnpm test: SKIPPED the browser tests: ${CHROMIUM} is missing. Install it (Debian: apt-get install chromium) to run them; CI always does.`);
} else {
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  if ((await run(npm[0], [...npm[1], 'run', 'test:e2e'])) !== 0) failures.push('browser tests (npm run test:e2e)');
}

if (failures.length > 0) {
  console.error(`\nnpm test: FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.error('\nnpm test: all suites passed.');
