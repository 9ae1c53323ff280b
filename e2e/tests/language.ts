/** English, French and Arabic (right to left), on a desktop and on a phone. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, test } from '../harness';
import { assertNoHorizontalOverflow, assertOnScreen, clickNav, demoAccount, documentLanguage, sessionState } from '../helpers';

const heading = (page: Page) => page.locator('h1').first();

test('language: French, then Arabic laid out right to left without sideways scrolling', async (t) => {
  const page = await t.newPage();
  await page.goto('/sign-in');
  await page.getByTestId('sign-in-form').waitFor();
  assert.equal(await heading(page).innerText(), 'Sign in');
  assert.deepEqual(await documentLanguage(page), { lang: 'en', dir: 'ltr' });

  await page.getByTestId('language-switcher').selectOption('fr');
  await assertText(heading(page), 'Connexion');
  assert.equal(await page.getByTestId('quick-exit').innerText(), 'Sortie rapide');
  assert.equal(await page.getByTestId('sign-in-submit').innerText(), 'Se connecter');
  assert.deepEqual(await documentLanguage(page), { lang: 'fr', dir: 'ltr' });
  await t.shot(page, 'sign-in-fr');

  await page.getByTestId('language-switcher').selectOption('ar');
  await assertText(heading(page), 'تسجيل الدخول');
  assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' });
  await assertNoHorizontalOverflow(page, 'sign-in in Arabic');
  // Right to left: the quick exit sits at the inline end, which is the left.
  const exit = await page.getByTestId('quick-exit').boundingBox();
  assert.ok(exit && exit.x < 200, `quick exit is at the left in Arabic (x ${exit?.x})`);
  await t.shot(page, 'sign-in-ar-desktop');
  await page.setViewportSize(PHONE);
  await assertNoHorizontalOverflow(page, 'sign-in in Arabic, 360 px');
  await assertOnScreen(page.getByTestId('quick-exit'), 'quick exit on the sign-in page of a phone in Arabic');
  await t.shot(page, 'sign-in-ar-phone');
  await page.setViewportSize(DESKTOP);

  // Signed in, in Arabic: the choice is remembered on this device and wins over the account's language.
  const viewer = demoAccount('viewer');
  const state = await sessionState(t.baseUrl, viewer);
  assert.ok(state && typeof state === 'object');
  await page.context().addCookies(state.cookies);
  await page.goto('/');
  await page.getByTestId('home-identity').waitFor();
  assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' });
  assert.match(await page.getByTestId('home-identity').innerText(), /[\u0600-\u06FF]/, 'home speaks Arabic');
  assert.equal(await page.title(), 'Weft');
  await assertNoHorizontalOverflow(page, 'home in Arabic, desktop');
  await t.shot(page, 'home-ar-desktop');

  await page.setViewportSize(PHONE);
  await assertNoHorizontalOverflow(page, 'home in Arabic, 360 px');
  await assertOnScreen(page.getByTestId('quick-exit'), 'quick exit on a phone in Arabic');
  await t.shot(page, 'home-ar-phone');

  await clickNav(page, 'nav-account');
  await page.locator('#account-profile').waitFor();
  await assertNoHorizontalOverflow(page, 'account in Arabic, 360 px');
  await t.shot(page, 'account-ar-phone');

  await page.goto('/sign-in');
  await page.getByTestId('home-identity').waitFor();
  assert.equal(new URL(page.url()).pathname, '/', 'a signed-in visit to /sign-in goes home');
});

async function assertText(locator: ReturnType<Page['locator']>, expected: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let actual = '';
  while (Date.now() < deadline) {
    actual = (await locator.innerText()).trim();
    if (actual === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(actual, expected);
}
