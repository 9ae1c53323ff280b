/** On a 360x740 phone: sign-in and home fit the width, and quick exit is always on screen. */
import assert from 'node:assert/strict';
import { test } from '../harness';
import { assertNoHorizontalOverflow, assertNoOverlap, assertOnScreen, clickNav, demoAccount, fillSignIn, submitSignIn } from '../helpers';

test('phone 360x740: sign-in and home fit, quick exit visible', async (t) => {
  const page = await t.newPage({ phone: true });
  await page.goto('/sign-in');
  await page.getByTestId('sign-in-form').waitFor();
  await assertNoHorizontalOverflow(page, 'sign-in on a phone');
  await assertOnScreen(page.getByTestId('quick-exit'), 'quick exit on the sign-in page');
  await assertNoOverlap(page.getByTestId('quick-exit'), page.getByTestId('language-switcher'), 'quick exit and the language menu');
  await assertOnScreen(page.getByTestId('sign-in-email'), 'the email field');
  await t.shot(page, 'sign-in');

  await fillSignIn(page, demoAccount('viewer'));
  assert.equal(await submitSignIn(page), 'home');
  await assertNoHorizontalOverflow(page, 'home on a phone');
  await assertOnScreen(page.getByTestId('quick-exit'), 'quick exit on home');
  await assertNoOverlap(page.getByTestId('quick-exit'), page.getByTestId('language-switcher'), 'quick exit and the language menu');
  await assertNoOverlap(page.getByTestId('quick-exit'), page.getByTestId('nav-brand'), 'quick exit and the brand');
  await t.shot(page, 'home');

  // Scrolled down, the quick exit stays on screen.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await assertOnScreen(page.getByTestId('quick-exit'), 'quick exit after scrolling');

  for (const [testId, ready] of [['nav-notifications', 'h1'], ['nav-account', '#account-profile']] as const) {
    await clickNav(page, testId);
    await page.locator(ready).first().waitFor();
    await assertNoHorizontalOverflow(page, `${testId} on a phone`);
    await t.shot(page, testId.replace('nav-', ''));
  }
});
