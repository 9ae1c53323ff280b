/**
 * The smallest test harness that does the job: `test(name, fn)` registers a case; the runner
 * gives each case a TestContext whose pages live in fresh browser contexts, guards every page
 * (no request leaves the server's origin, no 5xx answer, no uncaught script error, the tab
 * title of app pages is 'Weft'), and closes everything when the case ends or times out.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

export interface TestCase {
  name: string;
  fn: (t: TestContext) => Promise<void>;
  timeoutMs: number;
}

const registry: TestCase[] = [];

/** Registers a browser test. Each runs alone, in order of registration. */
export function test(name: string, fn: (t: TestContext) => Promise<void>, options: { timeoutMs?: number } = {}): void {
  registry.push({ name, fn, timeoutMs: options.timeoutMs ?? 60_000 });
}

export const registeredTests = (): readonly TestCase[] => registry;

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 360, height: 740 } as const;

export interface PageOptions {
  /** Phone: 360x740, touch, mobile meta viewport. */
  phone?: boolean;
  /** Cookies to start with (a session made elsewhere). */
  storageState?: BrowserContextOptions['storageState'];
  locale?: string;
}

export interface TestContext {
  readonly baseUrl: string;
  readonly screenshotDir: string;
  /** A page in a new browser context (nothing shared with any other page). */
  newPage(options?: PageOptions): Promise<Page>;
  /** Saves a full-page screenshot as <test>-<nn>-<name>.png and checks the tab title. */
  shot(page: Page, name: string): Promise<string>;
  /** Whatever the guards found so far on this case's pages. */
  problems(): string[];
  /** Notes printed under the test's line (observations, not failures). */
  note(text: string): void;
}

export interface CaseResult {
  name: string;
  ok: boolean;
  seconds: number;
  error?: string;
  notes: string[];
  screenshots: string[];
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

/** Neutral pages that are not the app and keep their own title. */
const NOT_APP = /^\/(weather|api\/)/;

export async function runCase(
  testCase: TestCase,
  index: number,
  env: { browser: Browser; baseUrl: string; screenshotDir: string },
): Promise<CaseResult> {
  const started = performance.now();
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const found: string[] = [];
  const notes: string[] = [];
  const screenshots: string[] = [];
  const prefix = `${String(index + 1).padStart(2, '0')}-${slug(testCase.name)}`;
  const origin = new URL(env.baseUrl).origin;
  let closed = false;
  let shotCount = 0;

  const guard = (page: Page) => {
    page.on('request', (request) => {
      const url = request.url();
      if (/^(data|blob|about):/.test(url)) return;
      let requestOrigin = '';
      try {
        requestOrigin = new URL(url).origin;
      } catch {
        requestOrigin = url;
      }
      if (requestOrigin !== origin) found.push(`a request left ${origin}: ${request.method()} ${url}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 500) found.push(`server answered ${response.status()} to ${response.request().method()} ${response.url()}`);
    });
    page.on('pageerror', (error) => found.push(`uncaught error in the page: ${error.message}`));
    page.on('websocket', (socket) => {
      if (!socket.url().startsWith(origin.replace(/^http/, 'ws'))) found.push(`a websocket left ${origin}: ${socket.url()}`);
    });
  };

  const t: TestContext = {
    baseUrl: env.baseUrl,
    screenshotDir: env.screenshotDir,
    async newPage(options = {}) {
      if (closed) throw new Error('the test has ended (timed out?)');
      const context = await env.browser.newContext({
        baseURL: env.baseUrl,
        viewport: options.phone ? PHONE : DESKTOP,
        ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
        locale: options.locale ?? 'en-GB',
        timezoneId: 'Africa/Lubumbashi',
        serviceWorkers: 'block',
        ...(options.storageState ? { storageState: options.storageState } : {}),
      });
      contexts.push(context);
      context.setDefaultTimeout(10_000);
      context.setDefaultNavigationTimeout(20_000);
      const page = await context.newPage();
      pages.push(page);
      guard(page);
      return page;
    },
    async shot(page, name) {
      const file = path.join(env.screenshotDir, `${prefix}-${String(++shotCount).padStart(2, '0')}-${slug(name)}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 15_000 });
      screenshots.push(path.relative(process.cwd(), file));
      const url = new URL(page.url());
      if (url.origin === origin && !NOT_APP.test(url.pathname)) {
        const title = await page.title();
        if (title !== 'Weft') found.push(`tab title on ${url.pathname} is ${JSON.stringify(title)}, not "Weft" (DEV-2)`);
      }
      return file;
    },
    problems: () => [...found],
    note: (text) => notes.push(text),
  };

  let timer: NodeJS.Timeout | undefined;
  let error: string | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${testCase.timeoutMs / 1000} s`)), testCase.timeoutMs);
    });
    await Promise.race([testCase.fn(t), timeout]);
    if (found.length > 0) error = found.join('\n');
  } catch (caught) {
    error = describe(caught);
    if (found.length > 0) error += `\n${found.join('\n')}`;
    // What the screen showed when it failed.
    for (const [i, page] of pages.entries()) {
      if (page.isClosed()) continue;
      const file = path.join(env.screenshotDir, `${prefix}-FAILED-${i + 1}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
        screenshots.push(path.relative(process.cwd(), file));
      } catch {
        // the page may be gone
      }
    }
  } finally {
    clearTimeout(timer);
    closed = true;
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  }
  return { name: testCase.name, ok: !error, seconds: (performance.now() - started) / 1000, notes, screenshots, ...(error ? { error } : {}) };
}

function describe(caught: unknown): string {
  if (caught instanceof Error) {
    // Playwright's messages carry a call log; the first lines say what failed.
    const lines = (caught.message || String(caught)).split('\n').filter((line) => line.trim() !== '');
    return lines.slice(0, 12).join('\n');
  }
  return String(caught);
}

export function resetScreenshotDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}
