/**
 * The whole story of issue 3 across two organisations, against the real server and the demo
 * data, with screenshots (`story-*`):
 *
 * 1. the women's NGO case worker, on a 360 px phone, in French then English: registers a
 *    survivor (pseudonymous code), records consents (services; referral to the medical INGO;
 *    statistics), records a rape from a few hours ago guided by the GBVIMS questions, sees the
 *    PEP clock open, opens a case, writes a plan with a need and a strength, submits it, refers
 *    the survivor to the medical INGO's PEP service with chosen sections, sees it sent;
 * 2. the supervisor approves the plan;
 * 3. the medical INGO's case worker finds it in the incoming queue with the clock, reads the
 *    shared sections and "written once" (ONCE-1), accepts, records the service delivered; no
 *    identifying field of a section the referrer left out reaches the page or the API answer;
 * 4. the NGO case worker withdraws the referral consent; the clinic's next load shows the
 *    withdrawal notice and no narrative (CON-4);
 * 5. the hotline operator logs a call in Arabic on a phone and marks it "nothing further";
 *    nothing scrolls sideways.
 *
 * Layout problems (sideways scrolling on the phone) are collected along the way and fail the
 * case at the end, so one of them does not hide the rest of the story.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { test } from '../harness';
import { assertNoHorizontalOverflow, clickNav, demoAccountByLocalPart, documentLanguage, eventually, signInToHome, visibleText } from '../helpers';

const MEDICAL_ORGANISATION = 'Fictional Medical Relief International (demo)';

/** A datetime-local value `hoursAgo` hours before now, on the pages' clock (Africa/Lubumbashi, UTC+2, no DST). */
function localDateTime(hoursAgo: number): string {
  return new Date(Date.now() + 2 * 3_600_000 - hoursAgo * 3_600_000).toISOString().slice(0, 16);
}

/** The JSON body of the next answer to `method path` (a path ending, e.g. '/api/survivors'). */
async function nextJson<T>(page: Page, method: string, pathEnd: string | RegExp, action: () => Promise<unknown>): Promise<T> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === method && (typeof pathEnd === 'string' ? new URL(r.url()).pathname === pathEnd : pathEnd.test(new URL(r.url()).pathname)),
      { timeout: 30_000 },
    ),
    action(),
  ]);
  assert.ok(response.status() < 300, `${method} ${response.url()} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** GET an API path with the page's own session. */
async function apiGet(page: Page, path: string): Promise<{ status: number; text: string; json: unknown }> {
  const response = await page.request.get(path, { timeout: 20_000 });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status(), text, json };
}

test(
  'survivor story across two organisations: register, consent, incident with PEP clock, case plan, referral, approval, delivery, withdrawal, hotline in Arabic',
  async (t) => {
    const run = randomBytes(3).toString('hex');
    // Canary values in every identifying field: they must reach only who may read them.
    const canary = {
      name: `Canary Name ${run}`,
      phone: `+243 990 ${run}`,
      address: `Canary Address ${run}`,
      exactLocation: `Canary Exact Location ${run}`,
      narrative: `Canary narrative ${run}: she was attacked on the road to the field at dawn.`,
    };
    const layout: string[] = [];
    const checkLayout = async (page: Page, where: string) => {
      try {
        await assertNoHorizontalOverflow(page, where);
      } catch (error) {
        layout.push(error instanceof Error ? error.message : String(error));
      }
    };
    const shot = (page: Page, name: string) => t.shot(page, `story-${name}`);

    // ---------------------------------------------------------------- 1. NGO case worker, phone
    const caseworker = demoAccountByLocalPart('caseworker');
    const worker = await t.newPage({ phone: true });
    await worker.goto('/sign-in');
    await signInToHome(worker, caseworker, (name) => shot(worker, `caseworker-${name}`));
    // Her account's language is French: the app adopts it unless this device chose another.
    if ((await documentLanguage(worker)).lang !== 'fr') {
      t.note(`the case worker's French was not adopted at sign-in (lang ${(await documentLanguage(worker)).lang}); chosen by hand`);
      await worker.getByTestId('language-switcher').selectOption('fr');
    }
    assert.equal((await documentLanguage(worker)).lang, 'fr');
    await shot(worker, 'caseworker-home-fr');

    // Register a survivor: the server gives the pseudonymous code.
    await clickNav(worker, 'nav-survivors');
    await worker.getByTestId('survivors-register').click();
    await worker.getByTestId('survivor-form').waitFor();
    await worker.getByTestId('survivor-sex').selectOption('female');
    await worker.getByTestId('survivor-age').fill('24');
    await worker.getByTestId('survivor-name').fill(canary.name);
    await worker.getByTestId('survivor-phone').fill(canary.phone);
    await worker.getByTestId('survivor-address').fill(canary.address);
    await checkLayout(worker, 'survivor registration (fr, phone)');
    await shot(worker, 'survivor-form-fr');
    const survivor = await nextJson<{ id: string; code: string }>(worker, 'POST', '/api/survivors', () => worker.getByTestId('survivor-submit').click());
    await worker.getByTestId('survivor-page').waitFor({ timeout: 20_000 });
    const shownCode = (await worker.getByTestId('survivor-code').innerText()).trim();
    assert.equal(shownCode, survivor.code, 'the survivor page shows the code the server gave');
    assert.ok(!shownCode.includes(canary.name) && !/canary/i.test(shownCode), 'the code is pseudonymous');
    await worker.getByTestId('consent-form').waitFor(); // straight to consent after registering
    const consentTop = (await worker.getByTestId('consent-form').boundingBox())?.y ?? 0;
    if (consentTop > 740) t.note(`after registering, the consent form (the next step) starts ${Math.round(consentTop)} px down a 740 px phone screen: she must scroll to find it`);
    await checkLayout(worker, 'survivor page after registration (fr, phone)');
    await shot(worker, 'survivor-registered-fr');

    // Consents, one per purpose: services, referral to the medical INGO, statistics.
    const recordConsent = async (purpose: 'services' | 'referral' | 'statistics') => {
      if (!(await worker.getByTestId('consent-form').isVisible())) await worker.getByTestId('survivor-record-consent').click();
      await worker.getByTestId('consent-purpose').selectOption(purpose);
      if (purpose === 'referral') {
        await worker.getByTestId('consent-recipient').selectOption({ label: MEDICAL_ORGANISATION });
        await worker.getByTestId('consent-service').waitFor();
        await shot(worker, 'consent-referral-form-fr');
      }
      await worker.getByTestId('consent-method').selectOption('verbal');
      await worker.getByTestId('consent-submit').click();
      // consent-<purpose>-<n>: n counts the active consents of every purpose.
      await worker.getByTestId(new RegExp(`^consent-${purpose}-\\d+$`)).waitFor({ timeout: 15_000 });
    };
    await recordConsent('services');
    await recordConsent('referral');
    await recordConsent('statistics');
    const referralConsent = await worker.getByTestId(/^consent-referral-\d+$/).innerText();
    assert.ok(referralConsent.includes(MEDICAL_ORGANISATION), `the referral consent names the organisation: ${referralConsent}`);
    await checkLayout(worker, 'consents (fr, phone)');
    await shot(worker, 'consents-recorded-fr');

    // An incident, guided to its GBVIMS type: a rape five hours ago, so the PEP window is open.
    await worker.getByTestId('survivor-record-incident').click();
    await worker.getByTestId('incident-form').waitFor({ timeout: 20_000 });
    await worker.getByTestId('incident-act-rape').check();
    await worker.getByTestId('classify-question-penetration').waitFor();
    await shot(worker, 'incident-classify-question-fr');
    await worker.getByTestId('classify-yes').click();
    await worker.getByTestId('classify-type').waitFor();
    assert.equal(await worker.getByTestId('classify-type').getAttribute('data-type'), 'rape', 'the guide yields rape');
    await worker.getByTestId('incident-precision-exact').check();
    await worker.getByTestId('incident-at').fill(localDateTime(5));
    await worker.getByTestId('incident-province').selectOption({ label: 'Sud-Kivu' });
    await worker.getByTestId('incident-zone').locator('option').nth(1).waitFor({ state: 'attached' });
    const zoneName = (await worker.getByTestId('incident-zone').locator('option').nth(1).innerText()).trim();
    await worker.getByTestId('incident-zone').selectOption({ index: 1 });
    await worker.getByTestId('incident-place-type').selectOption('road');
    await worker.getByTestId('incident-perpetrator-category').selectOption('non_state_armed_group');
    await worker.getByTestId('incident-conflict-attack_on_village').check();
    await worker.getByTestId('incident-exact-location').fill(canary.exactLocation);
    await worker.getByTestId('incident-narrative').fill(canary.narrative);
    await checkLayout(worker, 'incident form (fr, phone)');
    await shot(worker, 'incident-form-fr');
    const incident = await nextJson<{ id: string; incidentCode: string }>(worker, 'POST', '/api/incidents', () => worker.getByTestId('incident-submit').click());
    await worker.getByTestId('incident-page').waitFor({ timeout: 20_000 });
    await worker.getByTestId('incident-saved').waitFor();
    assert.equal(await worker.getByTestId('incident-type').getAttribute('data-type'), 'rape');
    await worker.getByTestId('clinical-clock').waitFor();
    assert.equal(await worker.getByTestId('clinical-window-pep-state').getAttribute('data-state'), 'open', 'the 72-hour PEP window is open');
    const pepText = await worker.getByTestId('clinical-window-pep').innerText();
    assert.match(pepText, /\b(6[0-7]|[5-6]\d)\b/, `the PEP window says about 67 hours left: ${pepText}`);
    await checkLayout(worker, 'incident page with clinical clock (fr, phone)');
    await shot(worker, 'incident-clock-fr');

    // Open a case from the survivor's page.
    await worker.getByTestId('incident-open-survivor').click();
    await worker.getByTestId('survivor-page').waitFor();
    assert.equal(await worker.getByTestId('survivor-story-count').getAttribute('data-count'), '1', 'the story was written once');
    await worker.getByTestId('survivor-open-case').click();
    await worker.getByTestId('open-case-form').waitFor({ timeout: 20_000 });
    assert.ok(await worker.getByTestId(`open-case-incident-${incident.id}`).isChecked(), 'the incident is linked by default');
    await worker.getByTestId('open-case-risk-high').check();
    await checkLayout(worker, 'open case (fr, phone)');
    await shot(worker, 'open-case-fr');
    const opened = await nextJson<{ id: string }>(worker, 'POST', '/api/cases', () => worker.getByTestId('open-case-submit').click());
    await worker.getByTestId('case-page').waitFor({ timeout: 20_000 });
    const caseId = opened.id;
    await worker.getByTestId('clinical-clock-panel').waitFor();
    await checkLayout(worker, 'case page (fr, phone)');
    await shot(worker, 'case-opened-fr');

    // From here in English, as a case worker may switch on a shared phone.
    await worker.getByTestId('language-switcher').selectOption('en');
    assert.equal((await documentLanguage(worker)).lang, 'en');

    // The plan: a need with an action, and one of her own strengths.
    await worker.getByTestId('plan-edit').click();
    await worker.getByTestId('plan-editor').waitFor();
    await worker.getByTestId('plan-need-0-category').selectOption('medical');
    await worker.getByTestId('plan-need-0-description').fill('PEP and emergency contraception within the window; follow-up for HIV test.');
    await worker.getByTestId('plan-need-0-action-0').fill('Accompany her to the mobile clinic today');
    await worker.getByTestId('plan-strength-0-kind').selectOption('family');
    await worker.getByTestId('plan-strength-0-description').fill('Her older sister listens to her and will come with her.');
    await worker.getByTestId('plan-goals').fill('Feel safe going to the fields again.');
    await checkLayout(worker, 'plan editor (en, phone)');
    await shot(worker, 'plan-editor-en');
    await worker.getByTestId('plan-save').click();
    await worker.getByTestId('plan-view').waitFor({ timeout: 15_000 });
    await worker.getByTestId('plan-submit').click();
    await eventually(async () => (await worker.getByTestId('plan-submit').count()) === 0, 'the plan is submitted (no Submit button any more)', 15_000);
    assert.equal(((await apiGet(worker, `/api/cases/${caseId}`)).json as { planStatus: string }).planStatus, 'submitted');
    await checkLayout(worker, 'case page with submitted plan (en, phone)');
    await shot(worker, 'plan-submitted-en');

    // Refer to the medical INGO's PEP service, choosing the sections that travel.
    await worker.getByTestId('case-refer').click();
    await worker.getByTestId('referral-form').waitFor();
    await worker.getByTestId('service-filter-type').selectOption('post_exposure_prophylaxis');
    const pepCard = worker.getByTestId('service-choices').locator('li', { hasText: MEDICAL_ORGANISATION }).first();
    await pepCard.waitFor({ timeout: 15_000 }).catch(async () => {
      assert.fail(`no PEP service of ${MEDICAL_ORGANISATION} in the directory: ${await visibleText(worker)}`);
    });
    await pepCard.locator('input[type=radio]').check();
    assert.equal(await worker.getByTestId('referral-incident').inputValue(), incident.id, 'the referral carries the incident');
    // Identifying sections start unticked (MIN-1); she agreed to her account travelling.
    for (const section of ['contact', 'narrative', 'exact_location']) {
      assert.equal(await worker.getByTestId(`referral-section-${section}`).isChecked(), false, `${section} is not ticked by default`);
    }
    await worker.getByTestId('referral-section-narrative').check();
    await worker.getByTestId('referral-section-incident_summary').check();
    await worker.getByTestId('referral-section-clinical_clock').check();
    await worker.getByTestId('referral-section-profile').uncheck();
    await worker.getByTestId('referral-section-case_needs').uncheck();
    await worker.getByTestId('referral-urgent').check();
    await checkLayout(worker, 'referral form (en, phone)');
    await shot(worker, 'referral-form-en');
    const referral = await nextJson<{ id: string; status: string; sharedSections: string[] }>(worker, 'POST', '/api/referrals', () =>
      worker.getByTestId('referral-submit').click(),
    );
    assert.equal(referral.status, 'sent');
    assert.deepEqual([...referral.sharedSections].sort(), ['clinical_clock', 'incident_summary', 'narrative'], 'exactly the chosen sections travel');
    await worker.waitForURL(`**/referrals/${referral.id}`, { timeout: 20_000 });
    await worker.getByTestId('referral-page').waitFor({ timeout: 20_000 });
    assert.match(await worker.getByTestId('referral-status').innerText(), /Sent/);
    await checkLayout(worker, 'outgoing referral (en, phone)');
    await shot(worker, 'referral-sent-en');

    // ---------------------------------------------------------------- 2. supervisor approves the plan
    const supervisorPage = await t.newPage();
    await supervisorPage.goto('/sign-in');
    await signInToHome(supervisorPage, demoAccountByLocalPart('supervisor'), (name) => shot(supervisorPage, `supervisor-${name}`));
    await supervisorPage.goto(`/cases/${caseId}`);
    await supervisorPage.getByTestId('case-page').waitFor({ timeout: 20_000 });
    await supervisorPage.getByTestId('plan-view').waitFor();
    await shot(supervisorPage, 'supervisor-plan-to-approve');
    await supervisorPage.getByTestId('plan-approve').click();
    await eventually(async () => (await supervisorPage.getByTestId('plan-approve').count()) === 0, 'the approve button goes once approved', 15_000);
    assert.equal(((await apiGet(supervisorPage, `/api/cases/${caseId}`)).json as { planStatus: string }).planStatus, 'approved');
    await shot(supervisorPage, 'supervisor-plan-approved');

    // ---------------------------------------------------------------- 3. the medical INGO receives it
    const clinic = await t.newPage();
    await clinic.goto('/sign-in');
    await signInToHome(clinic, demoAccountByLocalPart('clinic'), (name) => shot(clinic, `clinic-${name}`));
    await clickNav(clinic, 'nav-referrals');
    await clinic.getByTestId('referrals-table').waitFor({ timeout: 20_000 });
    const queueLink = clinic.getByTestId(`referral-link-${referral.id}`);
    await queueLink.waitFor();
    const queueRow = clinic.getByTestId('referrals-table').locator('tr', { has: queueLink });
    await queueRow.getByTestId('clinical-clock').waitFor();
    const queueClock = await queueRow.getByTestId('clinical-clock').innerText();
    assert.match(queueClock, /\d/, `the queue shows the clinical clock: ${queueClock}`);
    await shot(clinic, 'clinic-incoming-queue');
    await queueLink.click();
    await clinic.getByTestId('referral-page').waitFor({ timeout: 20_000 });
    await clinic.getByTestId('referral-shared').waitFor();
    await clinic.getByTestId('clinical-clock-panel').waitFor();
    const shared = await clinic.getByTestId('referral-shared').innerText();
    assert.ok(shared.includes(canary.narrative), 'the narrative travelled: the clinic reads her account');
    const onceText = await clinic.getByTestId('referral-narrative-count').innerText();
    assert.match(onceText, /\b1\b/, `"written 1 time" (tell once): ${onceText}`);
    const clinicText = await clinic.locator('body').innerText();
    for (const [field, value] of [['name', canary.name], ['phone', canary.phone], ['address', canary.address], ['exact location', canary.exactLocation]] as const) {
      assert.ok(!clinicText.includes(value), `the clinic page shows the ${field}, which the referrer did not share`);
    }
    const clinicApi = await apiGet(clinic, `/api/referrals/${referral.id}`);
    assert.equal(clinicApi.status, 200);
    for (const [field, value] of [['name', canary.name], ['phone', canary.phone], ['address', canary.address], ['exact location', canary.exactLocation]] as const) {
      assert.ok(!clinicApi.text.includes(value), `the referral API answer to the clinic carries the ${field}, which the referrer did not share`);
    }
    // The incident summary section promises the area: the recipient needs to know where.
    if (!shared.includes(zoneName) && !shared.includes('Sud-Kivu')) t.note(`the clinic's "Incident summary" does not show the area (${zoneName}, Sud-Kivu), which the section carries (areaId)`);
    await shot(clinic, 'clinic-referral-shared');
    await clinic.getByTestId('referral-accept').click();
    await clinic.getByTestId('referral-deliver').waitFor({ timeout: 15_000 });
    assert.match(await clinic.getByTestId('referral-status').innerText(), /Accepted/);
    await shot(clinic, 'clinic-referral-accepted');
    await clinic.getByTestId('referral-deliver').click();
    await clinic.getByTestId('referral-deliver-note').fill('PEP started, first dose given; emergency contraception given.');
    await clinic.getByTestId('referral-deliver-confirm').click();
    await eventually(async () => /Service delivered/.test(await clinic.getByTestId('referral-status').innerText()), 'the status says Service delivered', 15_000);
    await shot(clinic, 'clinic-service-delivered');

    // ---------------------------------------------------------------- 4. withdrawal (CON-4)
    await worker.goto(`/survivors/${survivor.id}`);
    await worker.getByTestId('survivor-page').waitFor({ timeout: 20_000 });
    const consentRow = worker.getByTestId(/^consent-referral-\d+$/);
    await consentRow.waitFor();
    const withdrawButton = consentRow.getByTestId(/^consent-withdraw-[0-9a-f-]+$/);
    await withdrawButton.click();
    await consentRow.getByTestId(/^consent-withdraw-[0-9a-f-]+-confirm$/).waitFor();
    await shot(worker, 'withdraw-confirm-en');
    await nextJson(worker, 'POST', /\/consents\/[^/]+\/withdraw$/, () => consentRow.getByTestId(/^consent-withdraw-[0-9a-f-]+-confirm$/).click());
    await worker.getByTestId('consents-withdrawn').waitFor({ timeout: 15_000 });
    assert.equal(await worker.getByTestId(/^consent-referral-\d+$/).count(), 0, 'no active referral consent is left');
    assert.equal(await worker.getByTestId(/^consent-(services|statistics)-\d+$/).count(), 2, 'the other consents stay');
    await checkLayout(worker, 'survivor page after withdrawal (en, phone)');
    await shot(worker, 'consent-withdrawn-en');

    await clinic.reload();
    await clinic.getByTestId('referral-page').waitFor({ timeout: 20_000 });
    await clinic.getByTestId('referral-consent-withdrawn').waitFor();
    const afterText = await clinic.locator('body').innerText();
    assert.ok(!afterText.includes(canary.narrative), 'after the withdrawal the clinic no longer sees the narrative');
    assert.equal(await clinic.getByTestId('referral-shared').count(), 0, 'no shared section is shown after the withdrawal');
    const afterApi = await apiGet(clinic, `/api/referrals/${referral.id}`);
    for (const value of Object.values(canary)) {
      assert.ok(!afterApi.text.includes(value), `after the withdrawal the referral API answer still carries ${JSON.stringify(value)}`);
    }
    await shot(clinic, 'clinic-after-withdrawal');

    // ---------------------------------------------------------------- 5. hotline, Arabic, phone
    const hotline = await t.newPage({ phone: true });
    await hotline.goto('/sign-in');
    await signInToHome(hotline, demoAccountByLocalPart('hotline'), (name) => shot(hotline, `hotline-${name}`));
    await hotline.getByTestId('language-switcher').selectOption('ar');
    assert.deepEqual(await documentLanguage(hotline), { lang: 'ar', dir: 'rtl' });
    await clickNav(hotline, 'nav-hotline');
    await hotline.getByTestId('call-form').waitFor({ timeout: 20_000 });
    await hotline.getByTestId('call-caller-kind').selectOption('relative_or_friend');
    await hotline.getByTestId('call-topic-sexual_violence').check();
    await hotline.getByTestId('call-language').selectOption('ar');
    await hotline.getByTestId('call-duration').fill('12');
    await hotline.getByTestId('call-summary').fill('اتصلت أخت الناجية تسأل عن أقرب عيادة. أعطيت المعلومات.');
    await checkLayout(hotline, 'hotline call form (ar, phone)');
    await shot(hotline, 'hotline-call-form-ar');
    const call = await nextJson<{ id: string; code: string; outcome: string }>(hotline, 'POST', '/api/hotline/calls', () => hotline.getByTestId('call-submit').click());
    assert.equal(call.outcome, 'pending');
    await hotline.getByTestId('call-panel').waitFor({ timeout: 15_000 });
    await hotline.getByTestId('call-nothing').waitFor();
    await checkLayout(hotline, 'hotline call panel (ar, phone)');
    await shot(hotline, 'hotline-call-logged-ar');
    await hotline.getByTestId('call-nothing').click();
    await hotline.getByTestId('call-nothing-confirm').click();
    await eventually(async () => (await hotline.getByTestId('call-to-incident').count()) === 0, 'the call is no longer pending', 15_000);
    const callView = (await apiGet(hotline, `/api/hotline/calls/${call.id}`)).json as { outcome: string };
    assert.equal(callView.outcome, 'none', 'the call is recorded as nothing further');
    await hotline.getByTestId('hotline-calls').waitFor();
    await checkLayout(hotline, 'hotline after the outcome (ar, phone)');
    await shot(hotline, 'hotline-nothing-further-ar');
    await assertNoHorizontalOverflow(hotline, 'hotline page in Arabic on a phone');

    assert.deepEqual(layout, [], `the phone pages scroll sideways:\n${layout.join('\n')}`);
    t.note(`survivor ${survivor.code}, incident ${incident.incidentCode}, referral ${referral.id}, call ${call.code}`);
  },
  { timeoutMs: 420_000 },
);

