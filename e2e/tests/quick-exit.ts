/** DEV-2: quick exit (button and Escape twice) leaves for a neutral page and ends the session. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test, type TestContext } from '../harness';
import { demoAccount, eventually, fillSignIn, sessionCookies, sessionStatus, submitSignIn, visibleText } from '../helpers';

/** Signs the viewer in through the page (the session is ended by the test, so it is not shared). */
async function signedInViewer(t: TestContext): Promise<Page> {
  const page = await t.newPage();
  await page.goto('/sign-in');
  await fillSignIn(page, demoAccount('viewer'));
  assert.equal(await submitSignIn(page), 'home');
  return page;
}

/** After a quick exit: the neutral page, and the session refused with the browser's and with the old cookie. */
async function assertLeft(t: TestContext, page: Page, oldCookies: Awaited<ReturnType<typeof sessionCookies>>, how: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/weather', { timeout: 10_000 });
  await page.locator('h1').waitFor();
  assert.equal(await page.title(), 'Weather', `${how}: the neutral page's title`);
  const text = await visibleText(page);
  assert.doesNotMatch(text, /Weft|viewer|demo|sign|violence/i, `${how}: the neutral page says nothing about Weft: ${text}`);
  // The browser's own cookies (Clear-Site-Data may have removed them) are refused...
  // (The sign-out beacon may reach the server a moment after the page changed: poll briefly.)
  await eventually(
    async () => (await page.context().request.get('/api/auth/session')).status() === 401,
    `${how}: /api/auth/session with the context's cookies is not refused (401)`,
  );
  // ...and so is the old session cookie replayed: the server ended the session, not just the browser.
  assert.ok(oldCookies.length > 0, 'there was a session cookie before leaving');
  await eventually(async () => (await sessionStatus(t.baseUrl, oldCookies)) === 401, `${how}: the old session cookie still works on the server`);
}

test('quick exit: the button and Escape twice leave for /weather and end the session; the tab title is always Weft', async (t) => {
  // The button, from home.
  const page = await signedInViewer(t);
  for (const path of ['/', '/map', '/notifications', '/account']) {
    await page.goto(path);
    await page.locator('h1').waitFor();
    assert.equal(await page.title(), 'Weft', `tab title on ${path}`);
    await t.shot(page, `title-${path.replace(/\W+/g, '') || 'home'}`);
  }
  await page.goto('/');
  await page.getByTestId('home-identity').waitFor();
  const cookies = await sessionCookies(page);
  await page.getByTestId('quick-exit').click();
  await assertLeft(t, page, cookies, 'quick-exit button');
  await t.shot(page, 'weather-after-button');

  // Going back does not bring the signed-in page back.
  await page.goBack().catch(() => undefined);
  await page.waitForLoadState('domcontentloaded');
  await eventually(
    async () => (await page.getByTestId('sign-in-form').isVisible()) || new URL(page.url()).pathname === '/weather',
    `after Back: neither the sign-in page nor the neutral page (${page.url()}): ${await visibleText(page)}`,
    10_000,
  );
  assert.equal(await page.getByTestId('home-identity').count(), 0, 'Back does not show the signed-in home');
  await t.shot(page, 'after-back');

  // The shortcut, on another signed-in page.
  const second = await signedInViewer(t);
  await second.getByTestId('nav-account').click();
  await second.locator('#account-profile').waitFor();
  const secondCookies = await sessionCookies(second);
  await second.keyboard.press('Escape');
  await second.waitForTimeout(200);
  assert.equal(new URL(second.url()).pathname, '/account', 'one Escape alone does not leave');
  await second.keyboard.press('Escape');
  await assertLeft(t, second, secondCookies, 'Escape twice');
  await t.shot(second, 'weather-after-shortcut');
});

test('quick exit on the sign-in page works before anyone signs in', async (t) => {
  const page = await t.newPage();
  await page.goto('/sign-in');
  await page.getByTestId('sign-in-email').fill('someone@example.org');
  assert.equal(await page.title(), 'Weft');
  await page.getByTestId('sign-in-email').press('Escape');
  await page.getByTestId('sign-in-email').press('Escape');
  await page.waitForURL((url) => url.pathname === '/weather', { timeout: 10_000 });
  assert.equal(await page.title(), 'Weather');
});
