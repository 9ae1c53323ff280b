/**
 * The way from an alert to an incident whose survivor is not registered yet, in the browser,
 * with screenshots (`alert-survivor-*`): a supervisor (the role that both triages alerts and
 * does case work) verifies a web report on its page, opens "Create incident", follows
 * "Register a survivor", registers a synthetic survivor, records a consent, and "Continue to the
 * incident" brings back the incident form with the alert's prefill and that survivor chosen;
 * once saved, the incident is linked to the alert and belongs to the new survivor. The survivor
 * page with the way back is also shot in Arabic (right to left) on a 360 px phone, which must
 * not scroll sideways and must show the button on screen.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { test } from '../harness';
import { apiCall, assertNoHorizontalOverflow, assertOnScreen, demoAccountByLocalPart, documentLanguage, eventually, signInToHome, visibleText } from '../helpers';

test(
  'alert to a new survivor: register and consent from the incident form, come back prefilled with the survivor chosen, the saved incident is linked',
  async (t) => {
    const run = randomBytes(3).toString('hex');
    const shot = (page: Page, name: string) => t.shot(page, `alert-survivor-${name}`);
    const waitFor = async (page: Page, testId: string, what: string) =>
      page.getByTestId(testId).first().waitFor({ timeout: 20_000 }).catch(async () => assert.fail(`${what} (${testId}) is not shown at ${page.url()}: ${await visibleText(page)}`));

    const supervisor = await t.newPage();
    await supervisor.goto('/sign-in');
    await signInToHome(supervisor, demoAccountByLocalPart('supervisor'));
    await supervisor.getByTestId('language-switcher').selectOption('en');

    // ---------------------------------------- 0. a report comes in (the web form's route); it is verified on its page
    const zones = await apiCall<{ data: { id: string; parentCode: string | null }[] }>(supervisor, 'GET', '/api/areas?level=2');
    const zone = zones.json.data.find((z) => z.parentCode);
    assert.ok(zone, 'the demo has health zones');
    const observed = new Date(Date.now() - 2 * 86_400_000);
    observed.setUTCHours(18, 0, 0, 0); // 20:00 on the pages' clock (UTC+2): the evening
    const localDay = new Date(observed.getTime() + 2 * 3_600_000).toISOString().slice(0, 10);
    const sent = await apiCall<{ alert: { id: string; reference: string } }>(supervisor, 'POST', '/api/alerts/reports', {
      via: 'web', idempotencyKey: randomUUID(), text: `Armed men stopped women at the river crossing ${run}`, areaId: zone.id,
      observedAt: observed.toISOString(), categories: ['attack_on_civilians'], perpetratorType: 'non_state_armed_group',
    });
    assert.equal(sent.status, 201, `the report is sent: ${sent.text}`);
    const alert = sent.json.alert;

    await supervisor.goto(`/alerts/${alert.id}`);
    await waitFor(supervisor, 'alert-page', 'the alert page');
    await eventually(async () => (await supervisor.getByTestId('alert-lock-banner').getAttribute('data-lock')) === 'mine', 'the supervisor holds the edit lock', 15_000);
    for (const to of ['acknowledged', 'verifying', 'verified']) {
      await supervisor.getByTestId(`triage-to-${to}`).click();
      await eventually(async () => (await supervisor.getByTestId('alert-state').getAttribute('data-state')) === to, `the alert becomes ${to}`, 15_000);
    }
    await waitFor(supervisor, 'alert-incident-draft', 'the incident draft of the verified alert');
    await supervisor.getByTestId('alert-incident').scrollIntoViewIfNeeded();
    await shot(supervisor, 'alert-verified');

    // ---------------------------------------- 1. "Create incident": no survivor yet, so register one
    await supervisor.getByTestId('alert-incident-open').click();
    await waitFor(supervisor, 'incident-survivor-choice', 'the survivor choice');
    assert.ok((await supervisor.getByTestId('incident-survivor-choice').innerText()).includes(alert.reference), 'the choice names the alert');
    await shot(supervisor, 'choose-survivor');
    await supervisor.getByTestId('incident-survivor-register').click();
    await supervisor.waitForURL((url) => url.pathname === '/survivors/new' && url.searchParams.get('alert') === alert.id, { timeout: 15_000 });
    await waitFor(supervisor, 'survivor-new-from-alert', 'the note that the registration is for an alert');
    await waitFor(supervisor, 'survivor-form', 'the registration form');
    assert.ok(!(await supervisor.getByTestId('survivor-form').innerText()).includes(run), 'nothing of the alert text reaches the registration');
    await supervisor.getByTestId('survivor-sex').selectOption('female');
    await supervisor.getByTestId('survivor-age').fill('31');
    await shot(supervisor, 'register');
    const [created] = await Promise.all([
      supervisor.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/survivors', { timeout: 20_000 }),
      supervisor.getByTestId('survivor-submit').click(),
    ]);
    assert.equal(created.status(), 201, `the survivor is registered: ${await created.text()}`);
    const survivor = (await created.json()) as { id: string; code: string };

    // ---------------------------------------- 2. the consent step carries the alert; the way back waits for a consent
    await supervisor.waitForURL((url) => url.pathname === `/survivors/${survivor.id}`, { timeout: 15_000 });
    const consentUrl = new URL(supervisor.url());
    assert.equal(consentUrl.searchParams.get('step'), 'consent', `straight to consent: ${consentUrl}`);
    assert.equal(consentUrl.searchParams.get('alert'), alert.id, `the alert rides along: ${consentUrl}`);
    await waitFor(supervisor, 'survivor-page', 'the survivor page');
    assert.equal((await supervisor.getByTestId('survivor-code').innerText()).trim(), survivor.code);
    await waitFor(supervisor, 'consent-form', 'the consent form');
    const panel = supervisor.getByTestId('survivor-alert-return');
    await panel.waitFor();
    assert.equal(await supervisor.getByTestId('survivor-alert-continue').count(), 0, 'no way on to the incident before a consent');
    assert.match(await panel.innerText(), /consent first/i, `the panel says consent comes first: ${await panel.innerText()}`);
    await shot(supervisor, 'consent-first');

    await supervisor.getByTestId('consent-purpose').selectOption('services');
    await supervisor.getByTestId('consent-method').selectOption('verbal');
    await supervisor.getByTestId('consent-submit').click();
    await supervisor.getByTestId(/^consent-services-\d+$/).waitFor({ timeout: 15_000 });
    const continueButton = supervisor.getByTestId('survivor-alert-continue');
    await continueButton.waitFor({ timeout: 15_000 });
    assert.match(await panel.innerText(), /Consent is recorded/, `the panel says the consent is recorded: ${await panel.innerText()}`);
    // The way on takes the focus once the consent is in: keyboard and screen-reader users land on it.
    await eventually(
      async () => (await supervisor.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')) === 'survivor-alert-continue',
      'the way on to the incident has the focus after the consent',
      10_000,
    );
    await assertOnScreen(continueButton, 'Continue to the incident (desktop, en)');
    await assertNoHorizontalOverflow(supervisor, 'survivor page with the way back (en, desktop)');
    await shot(supervisor, 'consent-recorded');

    // ---------------------------------------- 3. the same page in Arabic on a 360 px phone (same session, no new sign-in)
    const phone = await t.newPage({ phone: true, storageState: await supervisor.context().storageState() });
    await phone.goto(`/survivors/${survivor.id}?alert=${alert.id}`);
    await phone.getByTestId('language-switcher').selectOption('ar');
    assert.deepEqual(await documentLanguage(phone), { lang: 'ar', dir: 'rtl' });
    const phoneContinue = phone.getByTestId('survivor-alert-continue');
    await phoneContinue.waitFor({ timeout: 20_000 });
    await phoneContinue.scrollIntoViewIfNeeded();
    await assertOnScreen(phoneContinue, 'Continue to the incident (ar, phone)');
    await assertNoHorizontalOverflow(phone, 'survivor page with the way back (ar, phone)');
    const phonePanel = await phone.getByTestId('survivor-alert-return').boundingBox();
    assert.ok(phonePanel && phonePanel.x >= 0 && phonePanel.x + phonePanel.width <= 360.5, `the panel fits the phone: ${JSON.stringify(phonePanel)}`);
    await shot(phone, 'way-back-ar-phone');
    await phone.close();

    // ---------------------------------------- 4. back to the incident: the alert's values, the survivor chosen
    assert.equal((await documentLanguage(supervisor)).lang, 'en', 'the desktop kept its own language');
    await continueButton.click();
    await supervisor.waitForURL((url) => url.pathname === '/incidents/new', { timeout: 15_000 });
    const back = new URL(supervisor.url());
    assert.equal(back.searchParams.get('alert'), alert.id);
    assert.equal(back.searchParams.get('survivorId'), survivor.id);
    await waitFor(supervisor, 'incident-form', 'the incident form');
    assert.equal(await supervisor.getByTestId('incident-survivor-choice').count(), 0, 'no survivor to choose again');
    assert.ok((await supervisor.getByTestId('incident-for').innerText()).includes(survivor.code), 'the form is for the new survivor');
    const note = await supervisor.getByTestId('incident-prefill-note').innerText();
    assert.ok(note.includes(alert.reference), `the note names the alert: ${note}`);
    assert.equal(await supervisor.getByTestId('incident-time-of-day').inputValue(), 'evening_night');
    assert.equal(await supervisor.getByTestId('incident-date').inputValue(), localDay, 'the date is the observed day');
    assert.equal(await supervisor.getByTestId('incident-perpetrator-category').inputValue(), 'non_state_armed_group');
    assert.ok(await supervisor.getByTestId('incident-conflict-attack_on_village').isChecked(), 'the attack on a village is a context');
    await eventually(async () => (await supervisor.getByTestId('incident-zone').inputValue().catch(() => '')) === zone.id, 'the zone is chosen', 15_000);
    assert.equal(await supervisor.getByTestId('incident-narrative').inputValue(), '', 'nothing of the alert text is copied');
    await shot(supervisor, 'incident-prefilled');

    // ---------------------------------------- 5. saved and linked to the alert
    await supervisor.getByTestId('incident-act-rape').check();
    await supervisor.getByTestId('classify-yes').click();
    await supervisor.getByTestId('classify-type').waitFor();
    await supervisor.getByTestId('incident-submit').click();
    await waitFor(supervisor, 'incident-alert-linked', 'the linked answer');
    await shot(supervisor, 'incident-linked');
    const linked = await apiCall<{ incidentId: string | null }>(supervisor, 'GET', `/api/alerts/${alert.id}`);
    const incidentId = linked.json.incidentId;
    assert.ok(incidentId, `the alert points at the incident: ${linked.text.slice(0, 200)}`);
    const incident = await apiCall<{ survivorId?: string; incidentCode: string }>(supervisor, 'GET', `/api/incidents/${incidentId}`);
    assert.equal(incident.json.survivorId, survivor.id, `the incident belongs to the new survivor: ${incident.text.slice(0, 200)}`);
    await supervisor.getByTestId('incident-alert-open-alert').click();
    await waitFor(supervisor, 'alert-incident-linked', 'the incident on the alert page');
    // Area names come from the boundaries, loaded beside the alert: shoot once they are in.
    await eventually(async () => !(await supervisor.getByTestId('alert-area').innerText()).startsWith('—'), 'the area is named on the alert page', 15_000);
    await shot(supervisor, 'alert-linked');

    // ---------------------------------------- 6. the way back taken twice: the incident to open, no second form
    await supervisor.goto(`/incidents/new?alert=${alert.id}&survivorId=${survivor.id}`);
    await waitFor(supervisor, 'incident-alert-already-linked', 'the alert is an incident already');
    assert.equal(await supervisor.getByTestId('incident-form').count(), 0, 'no form to record it twice');
    await supervisor.getByTestId('incident-alert-open-linked').click();
    await supervisor.waitForURL((url) => url.pathname === `/incidents/${incidentId}`, { timeout: 15_000 });
    t.note(`alert ${alert.reference} → survivor ${survivor.code} → incident ${incident.json.incidentCode}`);
  },
  { timeoutMs: 180_000 },
);
