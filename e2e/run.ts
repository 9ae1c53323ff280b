/**
 * Browser tests: `npm run test:e2e` (builds web/dist when stale, then runs this file), or
 * `node --import tsx e2e/run.ts` after `npx vite build`.
 *
 * Starts Weft (e2e/server.ts: a child process on a free port, fresh embedded database, demo
 * data), drives Debian's Chromium (/usr/bin/chromium, never a downloaded browser) through the
 * cases in e2e/tests/, saves screenshots in e2e/screenshots/, stops everything and prints one
 * line per case, then `N passed, N failed` as the very last line. Exit code 1 if any failed.
 *
 * Environment: E2E_DATABASE_URL (an empty PostgreSQL database instead of PGlite),
 * E2E_MASTER_KEY, E2E_ONLY (run the cases whose name contains this text), E2E_KEEP_DATA=1
 * (keep the temporary data folder), E2E_HEADED=1 (show the browser, needs a display).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { registeredTests, resetScreenshotDir, runCase, type CaseResult } from './harness';
import { startWeft, type WeftServer } from './server';
import './tests/sign-in';
import './tests/language';
import './tests/map';
import './tests/quick-exit';
import './tests/admin';
import './tests/phone';
import './tests/headers';
import './tests/survivor-story';
import './tests/alert-response';
import './tests/alert-admin';
import './tests/alert-survivor-incident';

const CHROMIUM = '/usr/bin/chromium';
const RUN_LIMIT_MS = 5 * 60_000;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const screenshotDir = path.join(repoRoot, 'e2e', 'screenshots');

const results: CaseResult[] = [];
let server: WeftServer | null = null;
let browser: Browser | null = null;
let finished = false;
let planned = 0;

function summaryLine(extraFailures = 0): string {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + extraFailures;
  return `${passed} passed, ${failed} failed`;
}

function printResult(result: CaseResult): void {
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds.toFixed(1)} s)`);
  for (const note of result.notes) console.log(`       note: ${note}`);
  if (result.error) for (const line of result.error.split('\n')) console.log(`       ${line}`);
}

async function cleanUp(): Promise<void> {
  await browser?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
}

/** Ends the run: the summary is always the last line printed. */
async function finish(code: number, extraFailures = 0): Promise<never> {
  finished = true;
  await cleanUp();
  const failed = extraFailures > 0 || results.some((r) => !r.ok);
  if (server && !failed && !process.env.E2E_KEEP_DATA) fs.rmSync(server.dataDir, { recursive: true, force: true });
  else if (server) console.log(`server log: ${server.logFile}`);
  console.log(summaryLine(extraFailures));
  process.exit(failed ? 1 : code);
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`Browser tests need Debian's Chromium at ${CHROMIUM}, which is missing. Install it: sudo apt-get install chromium`);
    console.log('(Playwright downloads no browser here: playwright-core drives the system one.)');
    console.log(summaryLine(1));
    process.exit(1);
  }
  if (!fs.existsSync(path.join(repoRoot, 'web/dist/index.html'))) {
    console.log('The web app is not built (web/dist/index.html is missing). Run `npm run test:e2e`, which builds it, or `npx vite build` first.');
    console.log(summaryLine(1));
    process.exit(1);
  }

  const only = process.env.E2E_ONLY;
  const cases = registeredTests().filter((c) => !only || c.name.includes(only));
  planned = cases.length;
  // Nothing may hang: the whole run is bounded, whatever happens. Cases allowed more than the
  // usual minute (a whole story) extend the bound by what they may take beyond it.
  const runLimitMs = RUN_LIMIT_MS + cases.reduce((sum, c) => sum + Math.max(0, c.timeoutMs - 60_000), 0);
  const watchdog = setTimeout(() => {
    if (finished) return;
    console.log(`The browser tests did not finish within ${(runLimitMs / 60_000).toFixed(1)} minutes: stopping; the unfinished ones count as failed.`);
    void finish(1, Math.max(1, planned - results.length));
  }, runLimitMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`stopped by ${signal}`);
      void finish(1, 1);
    });
  }

  resetScreenshotDir(screenshotDir);

  try {
    server = await startWeft({ repoRoot, readyTimeoutMs: 120_000 });
  } catch (error) {
    console.log(`Weft did not start: ${error instanceof Error ? error.message : String(error)}`);
    return finish(1, 1);
  }
  if (!server.seeded()) {
    console.log('warning: Weft printed no demo banner: the database was not empty, so the demo accounts may be missing or changed.');
  }
  console.log(`Weft is up at ${server.baseUrl} after ${((performance.now() - started) / 1000).toFixed(1)} s`);

  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !process.env.E2E_HEADED,
      timeout: 30_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'].filter(
        (arg) => arg !== '--headless' || !process.env.E2E_HEADED,
      ),
    });
  } catch (error) {
    console.log(`Chromium did not start (${CHROMIUM}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return finish(1, 1);
  }

  for (const testCase of cases) {
    if (!server.alive()) {
      results.push({ name: testCase.name, ok: false, seconds: 0, notes: [], screenshots: [], error: `Weft stopped during the run:\n${server.tail(20)}` });
      printResult(results[results.length - 1]!);
      continue;
    }
    // Screenshots are numbered by the case's place in the whole suite, also when E2E_ONLY picks some.
    const result = await runCase(testCase, registeredTests().indexOf(testCase), { browser, baseUrl: server.baseUrl, screenshotDir });
    results.push(result);
    printResult(result);
  }
  clearTimeout(watchdog);
  const shots = results.reduce((sum, r) => sum + r.screenshots.length, 0);
  console.log(`${cases.length} browser tests in ${((performance.now() - started) / 1000).toFixed(1)} s; ${shots} screenshots in ${path.relative(process.cwd(), screenshotDir) || '.'}/`);
  return finish(0);
}

main().catch(async (error) => {
  console.log(`The browser test runner failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await finish(1, 1);
});
