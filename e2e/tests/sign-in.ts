/** AUTHN-1: a role that reads identifying data enrols a second factor at first sign-in, then answers it. */
import assert from 'node:assert/strict';
import { test } from '../harness';
import { answerTotp, currentStage, demoAccount, enrolTotp, fillSignIn, submitSignIn, visibleText } from '../helpers';

test('case worker enrols TOTP at first sign-in, signs out, signs in again with a code', async (t) => {
  const caseWorker = demoAccount('case_worker');
  const page = await t.newPage();

  await page.goto('/');
  await page.getByTestId('sign-in-form').waitFor();
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'an anonymous visit to / goes to /sign-in');
  await fillSignIn(page, caseWorker);
  await t.shot(page, 'sign-in-filled');

  assert.equal(await submitSignIn(page), 'totp-enrol', 'first sign-in of a case worker asks to set up an authenticator');
  await page.locator('.qr-code svg').waitFor();
  await t.shot(page, 'totp-enrolment');
  await enrolTotp(page, caseWorker);
  assert.equal(await currentStage(page, { not: 'totp-enrol' }), 'home', `after enrolment: ${await visibleText(page)}`);
  const identity = await page.getByTestId('home-identity').innerText();
  assert.match(identity, /Fictional Kivu Women’s Solidarity \(demo\)/, `home names the organisation: ${identity}`);
  await t.shot(page, 'home-after-enrolment');

  // The app must not keep the secret or the session anywhere a thief of the phone could read it.
  const stored = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
  assert.deepEqual(Object.keys(stored.session), [], 'nothing in sessionStorage');
  assert.ok(Object.keys(stored.local).every((key) => key === 'weft.language'), `localStorage holds only the language: ${Object.keys(stored.local)}`);
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === 'weft_session');
  assert.ok(session, 'a session cookie is set');
  assert.ok(session.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(session.sameSite, 'Strict', 'the session cookie is SameSite=Strict');

  // DEV-1: answers about the session are never cached.
  const probe = await page.context().request.get('/api/auth/session');
  assert.equal(probe.status(), 200);
  assert.match(probe.headers()['cache-control'] ?? '', /no-store/, 'the session answer is Cache-Control: no-store');

  // DEV-1: signing out tells the browser to drop what it kept for the site.
  const [logout] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/logout') && r.request().method() === 'POST'),
    page.getByTestId('sign-out').click(),
  ]);
  assert.equal(logout.status(), 204);
  assert.match((await logout.allHeaders())['clear-site-data'] ?? '', /"cookies"/, 'sign-out answers Clear-Site-Data');
  await page.getByTestId('sign-in-form').waitFor();
  assert.equal(await page.getByTestId('home-identity').count(), 0, 'home is gone after sign-out');
  assert.equal((await page.context().cookies()).filter((c) => c.name === 'weft_session').length, 0, 'sign-out drops the session cookie');
  await t.shot(page, 'signed-out');

  await fillSignIn(page, caseWorker);
  assert.equal(await submitSignIn(page), 'totp', 'second sign-in asks for a code, not a new enrolment');
  await t.shot(page, 'totp-code-asked');
  await answerTotp(page, caseWorker);
  assert.equal(await currentStage(page, { not: 'totp' }), 'home', `after the code: ${await visibleText(page)}`);
  await t.shot(page, 'home-after-code');
});
