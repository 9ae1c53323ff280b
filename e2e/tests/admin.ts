/**
 * Administration: an organisation, a user in it with a one-time password (AUTHN-1: admins
 * never choose it), the forced change at first sign-in, disabling (AUTHZ-3), the audit trail (AUD-1).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PHONE, test } from '../harness';
import { assertNoHorizontalOverflow, clickNav, currentStage, demoAccount, eventually, fillSignIn, signInToHome, submitSignIn, visibleText } from '../helpers';

test('admin creates an organisation and a user; the user changes the one-time password; admin disables them; audit shows it', async (t) => {
  const run = randomBytes(3).toString('hex');
  const organisationName = `E2E Relief Collective ${run} (test)`;
  const newUser = { email: `e2e-${run}@demo.weft.example`, name: `E2E Tester ${run}`, password: '' };

  const admin = demoAccount('admin');
  const page = await t.newPage();
  await page.goto('/sign-in');
  await signInToHome(page, admin, (name) => t.shot(page, `admin-${name}`));
  await t.shot(page, 'admin-home');

  // An organisation.
  await page.getByTestId('nav-organisations').click();
  await page.getByTestId('organisations-table').waitFor();
  await page.getByTestId('organisation-new').click();
  await page.getByTestId('organisation-name').fill(organisationName);
  await page.getByTestId('organisation-short-name').fill(`E2E-${run}`.toUpperCase());
  await page.getByTestId('organisation-kind').selectOption('national_ngo');
  await page.getByTestId('organisation-country').fill('COD');
  await t.shot(page, 'organisation-form');
  await page.getByTestId('organisation-submit').click();
  await page.getByTestId('organisations-table').getByText(organisationName).waitFor();
  await t.shot(page, 'organisation-created');

  // A user in it: Weft shows a one-time password, once.
  await page.getByTestId('nav-users').click();
  await page.getByTestId('user-new').click();
  await page.getByTestId('user-organisation').selectOption({ label: organisationName });
  await page.getByTestId('user-email').fill(newUser.email);
  await page.getByTestId('user-name').fill(newUser.name);
  await page.getByTestId('user-role').selectOption('viewer');
  await page.getByTestId('user-language').selectOption('en');
  await t.shot(page, 'user-form');
  await page.getByTestId('user-submit').click();
  const secret = page.getByTestId('temporary-password');
  await secret.waitFor();
  newUser.password = (await secret.innerText()).trim();
  assert.ok(newUser.password.length >= 8, `a one-time password is shown: ${JSON.stringify(newUser.password)}`);
  const row = page.getByTestId('users-table').locator('tr', { hasText: newUser.email });
  await row.waitFor();
  await t.shot(page, 'user-created');

  // The new user signs in with it and must choose their own password first.
  const userPage = await t.newPage();
  await userPage.goto('/sign-in');
  await fillSignIn(userPage, { email: newUser.email, password: newUser.password });
  assert.equal(await submitSignIn(userPage), 'change-password', 'a one-time password must be changed at once');
  await t.shot(userPage, 'user-forced-password-change');
  const chosen = `e2e quiet river ${run} morning`;
  await userPage.getByTestId('password-current').fill(newUser.password);
  await userPage.getByTestId('password-new').fill(chosen);
  await userPage.getByTestId('password-repeat').fill(chosen);
  await userPage.getByTestId('password-submit').click();
  assert.equal(await currentStage(userPage, { not: 'change-password' }), 'home', `after changing the password: ${await visibleText(userPage)}`);
  const identity = await userPage.getByTestId('home-identity').innerText();
  assert.ok(identity.includes(organisationName), `the new user belongs to the new organisation: ${identity}`);
  await t.shot(userPage, 'user-home');

  // The admin disables the user: their very next navigation leads to sign-in (AUTHZ-3).
  await row.getByRole('button', { name: 'Disable' }).click();
  await row.getByRole('button', { name: 'Yes, continue' }).click();
  await eventually(async () => (await row.innerText()).includes('Disabled'), `the row says Disabled: ${await row.innerText()}`);
  await t.shot(page, 'user-disabled');

  await userPage.getByTestId('nav-notifications').click();
  await userPage.getByTestId('sign-in-form').waitFor({ timeout: 10_000 }).catch(async () => {
    assert.fail(`a disabled user's next navigation should lead to sign-in; the page shows: ${await visibleText(userPage)}`);
  });
  assert.equal(await userPage.getByTestId('home-identity').count(), 0);
  await t.shot(userPage, 'user-after-disable');
  // And the account cannot sign in again (one generic message, no hint why).
  await fillSignIn(userPage, { email: newUser.email, password: chosen });
  assert.equal(await submitSignIn(userPage), 'error', 'a disabled account cannot sign in');
  await t.shot(userPage, 'user-sign-in-refused');

  // The audit trail shows the creation.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-table').waitFor({ timeout: 15_000 });
  await page.getByTestId('audit-action').fill('user.create');
  await page.getByTestId('audit-apply').click();
  await eventually(async () => {
    const actions = await page.getByTestId('audit-table').locator('tbody code').allInnerTexts();
    const shown = actions.filter((text) => /^[a-z_]+\.[a-z_.]+$/.test(text));
    return shown.length > 0 && shown.every((text) => text === 'user.create');
  }, 'the audit page filtered by user.create shows user.create rows only', 10_000);
  await t.shot(page, 'audit-user-create');
  const table = await page.getByTestId('audit-table').innerText();
  assert.doesNotMatch(table, new RegExp(newUser.email.replace(/[.]/g, '\\.')), 'audit rows carry no identifying values (AUD-1)');
  // The action names are not broken in the middle of a word by the table layout.
  // One client rect per line: an action name broken by the table layout ("user.crea/te") has two.
  const actionLines = await page.getByTestId('audit-table').locator('tbody td code').first().evaluate((code) => code.getClientRects().length);
  assert.equal(actionLines, 1, '"user.create" fits on one line in the audit table on a desktop');

  // The same pages on a small laptop, a tablet and a phone: nothing scrolls sideways (tables
  // keep whole words in their columns, so they must become cards before they run out of room).
  for (const [viewport, label] of [
    [{ width: 1000, height: 900 }, '1000px'],
    [{ width: 800, height: 900 }, '800px'],
    [PHONE, 'phone'],
  ] as const) {
    await page.setViewportSize(viewport);
    await clickNav(page, 'nav-audit');
    await page.getByTestId('audit-table').waitFor({ timeout: 15_000 });
    await assertNoHorizontalOverflow(page, `audit trail at ${viewport.width} px`);
    await t.shot(page, `audit-${label}`);
    await clickNav(page, 'nav-users');
    await page.getByTestId('users-table').waitFor();
    await assertNoHorizontalOverflow(page, `users at ${viewport.width} px`);
    await t.shot(page, `users-${label}`);
  }
});
