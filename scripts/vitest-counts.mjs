#!/usr/bin/env node
/**
 * Reads a Vitest JSON report and prints "<passed> <failed> <skipped>" for .ci/run. A test file
 * that failed without a failing test (an import error, a failing hook) counts as one failure;
 * so does a missing or unreadable report (the run crashed before writing it).
 *
 *   node scripts/vitest-counts.mjs <report.json>
 */
import fs from 'node:fs';

let report;
try {
  report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
} catch {
  console.log('0 1 0');
  process.exit(0);
}
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} ${failed} ${skipped}`);
