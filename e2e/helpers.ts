/** What the browser tests share: the demo accounts, second-factor codes, sign-in steps, layout checks. */
import assert from 'node:assert/strict';
import { request as playwrightRequest, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { Role } from '../core/auth/roles';
import { DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN } from '../server/demo/catalogue';
import { totpCode, totpStep } from '../server/platform/auth/totp';

export interface Account {
  email: string;
  password: string;
  role?: Role;
}

/** The demo account of a role (server/demo/catalogue.ts: one account per role). */
export function demoAccount(role: Role): Account {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.role === role);
  assert.ok(account, `no demo account with role ${role}`);
  return { email: `${account.localPart}@${DEMO_EMAIL_DOMAIN}`, password: account.password, role };
}

/** A demo account by the part of its email before @ (catalogue.ts: 'caseworker', 'clinic', 'hotline', ...). */
export function demoAccountByLocalPart(localPart: string): Account {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.localPart === localPart);
  assert.ok(account, `no demo account ${localPart}@${DEMO_EMAIL_DOMAIN}`);
  return { email: `${account.localPart}@${DEMO_EMAIL_DOMAIN}`, password: account.password, role: account.role };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The authenticator app of the tests: one secret per account, and the last time step used,
 * because the server refuses a code whose step is not newer than the last one accepted.
 */
class Authenticator {
  private readonly secrets = new Map<string, string>();
  private readonly lastStep = new Map<string, number>();

  remember(email: string, secret: string): void {
    this.secrets.set(email, secret.replace(/\s+/g, ''));
    this.lastStep.delete(email);
  }

  /** A code for the current step, or the next one (the server accepts one step of drift) when the current was used. */
  async code(email: string): Promise<string> {
    const secret = this.secrets.get(email);
    assert.ok(secret, `no authenticator secret recorded for ${email}: enrol first`);
    const last = this.lastStep.get(email) ?? -Infinity;
    let now = totpStep();
    if (last + 1 > now + 1) {
      // Both usable steps were spent: wait for the clock (at most one step, 30 s).
      const waitUntil = (last + 1 - 1) * 30_000 + 50;
      await sleep(Math.max(0, Math.min(31_000, waitUntil - Date.now())));
      now = totpStep();
    }
    const step = Math.max(now, last + 1);
    this.lastStep.set(email, step);
    return totpCode(secret, step);
  }
}

export const authenticator = new Authenticator();

/** What the app shows after the password step. */
export type SignInStage = 'home' | 'totp-enrol' | 'totp' | 'change-password' | 'error';

// Checked in this order: home wins over a stale field of an earlier step.
const STAGE_ORDER: ReadonlyArray<readonly [string, SignInStage]> = [
  ['home-identity', 'home'],
  ['password-form', 'change-password'],
  ['totp-secret', 'totp-enrol'],
  ['totp-code', 'totp'],
  ['sign-in-error', 'error'],
];

/**
 * Waits until the page shows a sign-in stage (other than `not`, the one it was on) and says
 * which. Read in one go inside the page, so a screen half-way through a change is not misread.
 */
export async function currentStage(page: Page, options: { not?: SignInStage; timeoutMs?: number } = {}): Promise<SignInStage> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: SignInStage | null = null;
  while (Date.now() < deadline) {
    last = await page.evaluate((order) => {
      for (const [id, stage] of order) {
        const element = document.querySelector(`[data-testid="${id}"]`);
        if (element !== null && element.getClientRects().length > 0) return stage;
      }
      return null;
    }, STAGE_ORDER);
    if (last && last !== options.not) return last;
    await sleep(100);
  }
  assert.fail(`no new sign-in stage within ${(options.timeoutMs ?? 15_000) / 1000} s (still ${last ?? 'none'}): ${await visibleText(page)}`);
}

/** Opens the sign-in page (unless already there) and fills email and password. */
export async function fillSignIn(page: Page, account: Account): Promise<void> {
  if (!(await page.getByTestId('sign-in-form').isVisible())) await page.goto('/sign-in');
  await page.getByTestId('sign-in-email').fill(account.email);
  await page.getByTestId('sign-in-password').fill(account.password);
}

/** Submits the filled sign-in form; fails clearly if the address was rate limited. */
export async function submitSignIn(page: Page): Promise<SignInStage> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST', { timeout: 15_000 }),
    page.getByTestId('sign-in-submit').click(),
  ]);
  assert.notEqual(response.status(), 429, 'sign-in was rate limited (10 a minute per address): too many sign-ins in this run');
  return currentStage(page);
}

/** Reads the setup key on the enrolment page, records it and confirms with a fresh code. */
export async function enrolTotp(page: Page, account: Account): Promise<void> {
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  assert.match(secret.replace(/\s+/g, ''), /^[A-Z2-7]{16,}$/, `the setup key is not base32: ${JSON.stringify(secret)}`);
  authenticator.remember(account.email, secret);
  await page.getByTestId('totp-code').fill(await authenticator.code(account.email));
  await page.getByTestId('totp-submit').click();
}

/** Answers the second-factor step with the next unused code. */
export async function answerTotp(page: Page, account: Account): Promise<void> {
  await page.getByTestId('totp-code').fill(await authenticator.code(account.email));
  await page.getByTestId('totp-submit').click();
}

/**
 * Signs in through the UI all the way to home: enrols or answers the second factor as
 * needed. `shot` is called at each step when given.
 */
export async function signInToHome(page: Page, account: Account, shot?: (name: string) => Promise<unknown>): Promise<void> {
  await fillSignIn(page, account);
  let stage = await submitSignIn(page);
  for (let i = 0; i < 3 && stage !== 'home'; i++) {
    await shot?.(`stage-${stage}`);
    if (stage === 'totp-enrol') await enrolTotp(page, account);
    else if (stage === 'totp') await answerTotp(page, account);
    else assert.fail(`sign-in of ${account.email} stopped at ${stage}: ${await visibleText(page)}`);
    stage = await currentStage(page, { not: stage });
  }
  assert.equal(stage, 'home', `sign-in of ${account.email} did not reach home`);
}

/**
 * A session for a role without a second factor, made through the API (no page), for tests
 * that only need to be signed in. Cached: sign-ins are rate limited per address.
 */
const sessions = new Map<string, Promise<BrowserContextOptions['storageState']>>();
export function sessionState(baseUrl: string, account: Account): Promise<BrowserContextOptions['storageState']> {
  const key = `${baseUrl} ${account.email}`;
  let state = sessions.get(key);
  if (!state) {
    state = (async () => {
      const api = await playwrightRequest.newContext({ baseURL: baseUrl });
      try {
        const response = await api.post('/api/auth/login', { data: { email: account.email, password: account.password }, timeout: 15_000 });
        assert.equal(response.status(), 200, `API sign-in of ${account.email}: ${response.status()} ${await response.text()}`);
        const body = (await response.json()) as { stage?: string };
        assert.equal(body.stage, 'complete', `API sign-in of ${account.email} needs more steps (${body.stage}); use signInToHome`);
        return await api.storageState();
      } finally {
        await api.dispose();
      }
    })();
    sessions.set(key, state);
    state.catch(() => sessions.delete(key));
  }
  return state;
}

/** The session cookie(s) this page's context holds for the app. */
export async function sessionCookies(page: Page) {
  return (await page.context().cookies()).filter((cookie) => cookie.name.startsWith('weft'));
}

/** GET /api/auth/session with exactly these cookies (no page, nothing else). */
export async function sessionStatus(baseUrl: string, cookies: Awaited<ReturnType<typeof sessionCookies>>): Promise<number> {
  const api = await playwrightRequest.newContext({ baseURL: baseUrl, storageState: { cookies, origins: [] } });
  try {
    return (await api.get('/api/auth/session', { timeout: 10_000 })).status();
  } finally {
    await api.dispose();
  }
}

/** Polls until `probe` returns true, or fails with `message` after `timeoutMs`. */
export async function eventually(probe: () => Promise<boolean>, message: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) assert.fail(message);
    await sleep(150);
  }
}

/**
 * The page does not scroll sideways: documentElement.scrollWidth <= innerWidth. On failure,
 * names the elements that stick out.
 */
export async function assertNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const report = await page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const offenders: string[] = [];
    if (scrollWidth > width) {
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || (box.right <= width + 0.5 && box.left >= -0.5)) continue;
        const id = element.getAttribute('data-testid') ?? element.id;
        const cls = typeof element.className === 'string' ? element.className.split(' ')[0] : '';
        offenders.push(`${element.tagName.toLowerCase()}${id ? `#${id}` : ''}${cls ? `.${cls}` : ''} [${Math.round(box.left)}..${Math.round(box.right)}]`);
        if (offenders.length >= 8) break;
      }
    }
    return { width, scrollWidth, offenders };
  });
  assert.ok(
    report.scrollWidth <= report.width,
    `${where}: the page scrolls sideways (scrollWidth ${report.scrollWidth} > innerWidth ${report.width}); sticking out: ${report.offenders.join(', ')}`,
  );
}

/** The element is on screen, inside the viewport horizontally, and not covered at its centre. */
export async function assertOnScreen(locator: Locator, what: string): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  const box = await locator.boundingBox();
  assert.ok(box, `${what} has no box`);
  const viewport = locator.page().viewportSize();
  assert.ok(viewport);
  assert.ok(box.x >= 0 && box.x + box.width <= viewport.width + 0.5, `${what} is cut off horizontally: x ${box.x}..${box.x + box.width} of ${viewport.width}`);
  assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `${what} is not in the first screen: y ${box.y}..${box.y + box.height}`);
  const topmost = await locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return hit === element || element.contains(hit);
  });
  assert.ok(topmost, `${what} is covered by another element at its centre`);
}

/** Two elements do not overlap on screen. */
export async function assertNoOverlap(a: Locator, b: Locator, what: string): Promise<void> {
  const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
  if (!boxA || !boxB) return;
  const overlap =
    boxA.x < boxB.x + boxB.width && boxB.x < boxA.x + boxA.width && boxA.y < boxB.y + boxB.height && boxB.y < boxA.y + boxA.height;
  assert.ok(!overlap, `${what} overlap: ${JSON.stringify(boxA)} and ${JSON.stringify(boxB)}`);
}

/** The page's visible text, shortened, for failure messages. */
export async function visibleText(page: Page): Promise<string> {
  try {
    const text = await page.locator('body').innerText({ timeout: 2_000 });
    return text.replace(/\s+/g, ' ').slice(0, 300);
  } catch {
    return '(no text)';
  }
}

/** document.documentElement's lang and dir. */
export const documentLanguage = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

/** Follows a main-menu link (nav-*); on a phone the menu is folded behind nav-menu, opened first. */
export async function clickNav(page: Page, testId: string): Promise<void> {
  const toggle = page.getByTestId('nav-menu');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByTestId(testId).click();
}

/** The JSON body (or text) of a request made with the page's own session and CSRF token. */
export async function apiCall<T = unknown>(page: Page, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: T; text: string }> {
  let headers: Record<string, string> = {};
  if (method !== 'GET') {
    const session = await page.request.get('/api/auth/session', { timeout: 15_000 });
    assert.equal(session.status(), 200, `no session to call ${method} ${path} with`);
    headers = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  }
  const response = await page.request.fetch(path, { method, headers, ...(body === undefined ? {} : { data: body }), timeout: 20_000 });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status(), json: json as T, text };
}
