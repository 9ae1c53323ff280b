/**
 * Issue 4's browser test, against the real server and the demo data, with screenshots
 * (`alert-*`): an SMS posted to a generic webhook as a gateway would (signed with HMAC-SHA256
 * and a timestamp) appears in the alert officer's queue; the officer opens it (taking the edit
 * lock), acknowledges, verifies, grades it high and gives a response task with a due time to a
 * partner organisation; the partner marks the task done with an outcome on its tasks page; the
 * alert page then shows the measured times (acknowledge, verify, respond) within their
 * targets, and the figures page renders. The queue is also shot in French, in Arabic (right
 * to left) and on a 360 px phone, none of which may scroll sideways; a bulk action reports per
 * alert what it changed.
 *
 * Then (`alert-incident-*`): a supervisor opens the incident form from a verified alert, chooses
 * the survivor, finds it prefilled (area, date, time of day, perpetrator, contexts; nothing of
 * the text) and saves; the alert is linked. A link that fails after saving (the alert linked
 * meanwhile) says the incident is saved and what to do; an incident already recorded is linked
 * from another alert's page; the same pages in Arabic on a 360 px phone.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { genericSignedString } from '../../core/alerts/sms/signing';
import type { ChannelView } from '../../core/schemas/alerts';
import { test } from '../harness';
import { apiCall, assertNoHorizontalOverflow, clickNav, demoAccountByLocalPart, documentLanguage, eventually, signInToHome, visibleText } from '../helpers';

const PARTNER_ORGANISATION = 'Fictional Global Protection Alliance (demo)';

/** POSTs `body` to a generic webhook exactly as a relay does: raw JSON, timestamp and signature headers. */
async function postGenericSms(baseUrl: string, webhookPath: string, secret: string, body: Record<string, unknown>) {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(genericSignedString(timestamp, raw), 'utf8').digest('hex');
  const response = await fetch(new URL(webhookPath, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-weft-timestamp': timestamp, 'x-weft-signature': `sha256=${signature}` },
    body: raw,
  });
  return { status: response.status, text: await response.text() };
}

test(
  'alert response: an SMS through a signed webhook is triaged, verified, given a task, the task is done, the measured times show',
  async (t) => {
    const run = randomBytes(3).toString('hex');
    const layout: string[] = [];
    const checkLayout = async (page: Page, where: string) => {
      try {
        await assertNoHorizontalOverflow(page, where);
      } catch (error) {
        layout.push(error instanceof Error ? error.message : String(error));
      }
    };
    const shot = (page: Page, name: string) => t.shot(page, `alert-${name}`);

    // ------------------------------------------------ 1. the mission's admin sets up a webhook channel
    const admin = await t.newPage();
    await admin.goto('/sign-in');
    await signInToHome(admin, demoAccountByLocalPart('missionadmin'), (name) => shot(admin, `admin-${name}`));
    const secret = `e2e-relay-secret-${run}-0123456789`;
    const created = await apiCall<ChannelView>(admin, 'POST', '/api/alerts/channels', { provider: 'generic', name: `E2E relay ${run}`, signatureSecret: secret, replyLanguage: 'en' });
    assert.equal(created.status, 201, `the channel is created: ${created.text}`);
    const channel = created.json;
    // A real zone of the demo boundaries, named in the text so intake places the alert.
    const zones = await apiCall<{ data: { id: string; names: Record<string, string> }[] }>(admin, 'GET', '/api/areas?level=2');
    const zoneName = zones.json.data.map((z) => Object.values(z.names)[0] ?? '').find((name) => /^[A-Za-z]{5,}$/.test(name));
    assert.ok(zoneName, `the demo has health zones with plain names: ${zones.text.slice(0, 200)}`);

    // ------------------------------------------------ 2. a gateway delivers an SMS
    const sms = { id: `e2e-${run}`, from: '+15550100142', to: '+15550100100', text: `Armed men seen near ${zoneName} tonight, families fleeing towards the school ${run}` };
    const delivered = await postGenericSms(t.baseUrl, channel.webhookPath, secret, sms);
    assert.equal(delivered.status, 200, `the webhook accepts the signed SMS: ${delivered.text}`);
    const reply = JSON.parse(delivered.text) as { accepted: boolean; reference: string; duplicate: boolean };
    assert.ok(reply.accepted && /^A-[A-Z0-9]{6}$/.test(reply.reference), `the gateway gets a reference back: ${delivered.text}`);
    const reference = reply.reference;
    const again = await postGenericSms(t.baseUrl, channel.webhookPath, secret, sms);
    assert.equal((JSON.parse(again.text) as { duplicate: boolean; reference: string }).reference, reference, 'a redelivery makes no second alert');
    const forged = await postGenericSms(t.baseUrl, channel.webhookPath, 'not-the-secret-0123456789', { ...sms, id: `e2e-${run}-forged` });
    assert.ok(forged.status >= 400 && forged.status < 500, `a forged signature is refused with a 4xx: ${forged.status}`);

    // ------------------------------------------------ 3. the alert officer sees it in the queue
    const officerAccount = demoAccountByLocalPart('alerts');
    const officer = await t.newPage();
    await officer.goto('/sign-in');
    await signInToHome(officer, officerAccount, (name) => shot(officer, `officer-${name}`));
    await officer.getByTestId('language-switcher').selectOption('en');
    await clickNav(officer, 'nav-alerts');
    await officer.getByTestId('alerts-queue').waitFor({ timeout: 20_000 });
    const link = officer.getByTestId(`alert-link-${reference}`);
    await link.waitFor({ timeout: 20_000 }).catch(async () => assert.fail(`${reference} is not in the queue: ${await visibleText(officer)}`));
    const row = officer.getByTestId('alerts-table').locator('tr', { has: link });
    // Area names come from the boundaries list, loaded beside the queue.
    await eventually(async () => (await row.innerText()).includes(zoneName), `the area was read from the text: ${await row.innerText()}`, 15_000);
    const rowText = await row.innerText();
    assert.match(rowText, /Unknown sender/, `an unregistered number is marked: ${rowText}`);
    assert.match(rowText, /New/, `the alert is new: ${rowText}`);
    await checkLayout(officer, 'queue (en, desktop)');
    await shot(officer, 'queue-en');

    // ------------------------------------------------ 4. open, take the lock, acknowledge, verify, grade
    await link.click();
    await officer.getByTestId('alert-page').waitFor({ timeout: 20_000 });
    assert.ok((await officer.getByTestId('alert-text').innerText()).includes(run), 'the text of the SMS is shown to the officer');
    await eventually(async () => (await officer.getByTestId('alert-lock-banner').getAttribute('data-lock')) === 'mine', 'the officer holds the edit lock', 10_000);
    await shot(officer, 'opened-locked');
    const stateIs = (state: string) =>
      eventually(async () => (await officer.getByTestId('alert-state').getAttribute('data-state')) === state, `the alert becomes ${state}`, 15_000);
    await officer.getByTestId('triage-to-acknowledged').click();
    await stateIs('acknowledged');
    await shot(officer, 'acknowledged');
    await officer.getByTestId('triage-to-verifying').click();
    await stateIs('verifying');
    await officer.getByTestId('triage-to-verified').click();
    await stateIs('verified');
    await officer.getByTestId('triage-severity').selectOption('high');
    await officer.getByTestId('triage-severity-save').click();
    await eventually(async () => (await officer.getByTestId('alert-severity').getAttribute('data-severity')) === 'high', 'the severity is high', 15_000);
    await shot(officer, 'verified-high');

    // ------------------------------------------------ 5. a response task with a due time to the partner
    await officer.getByTestId('task-new').click();
    await officer.getByTestId('task-title').fill(`Patrol to ${zoneName} and meet the village chief`);
    await officer.getByTestId('task-instructions').fill('Check the road to the school and report what you find.');
    await officer.getByTestId('task-assignee-kind-organisation').check();
    await officer.getByTestId('task-organisation').selectOption({ label: PARTNER_ORGANISATION });
    await officer.getByTestId('task-due').selectOption('240');
    await shot(officer, 'task-form');
    await officer.getByTestId('task-submit').click();
    const taskCard = officer.getByTestId(/^alert-task-[0-9a-f-]{36}$/).first();
    await taskCard.waitFor({ timeout: 15_000 });
    assert.equal(await taskCard.getAttribute('data-status'), 'open');
    const taskId = ((await taskCard.getAttribute('data-testid')) ?? '').replace('alert-task-', '');
    await shot(officer, 'task-given');

    // ------------------------------------------------ 6. the partner marks it done with an outcome
    const partner = await t.newPage();
    await partner.goto('/sign-in');
    await signInToHome(partner, demoAccountByLocalPart('partner'), (name) => shot(partner, `partner-${name}`));
    await clickNav(partner, 'nav-alert-tasks');
    await partner.getByTestId('alert-tasks-page').waitFor({ timeout: 20_000 });
    // The demo gives this partner many tasks: open ones only, page by page until ours shows.
    await partner.getByTestId('tasks-status').selectOption('open');
    const partnerTask = partner.getByTestId(`task-${taskId}`);
    for (let page = 0; page < 15 && !(await partnerTask.isVisible()); page++) {
      await partner.getByTestId('tasks-list').or(partner.getByTestId('tasks-empty')).first().waitFor({ timeout: 20_000 });
      if (await partnerTask.isVisible()) break;
      if (!(await partner.getByTestId('tasks-more').isVisible())) break;
      // The list reloads when the status filter lands: a button it replaced is clicked next round.
      await partner.getByTestId('tasks-more').click({ timeout: 3_000 }).catch(() => undefined);
      await partner.waitForTimeout(500);
    }
    await partnerTask.waitFor({ timeout: 10_000 }).catch(async () => assert.fail(`the partner does not see the task: ${await visibleText(partner)}`));
    const partnerText = await partnerTask.innerText();
    assert.ok(partnerText.includes(reference), `the partner sees the alert's reference: ${partnerText}`);
    assert.ok(!partnerText.includes(run) || partnerText.includes(`Patrol to ${zoneName}`), 'the partner never sees the SMS text');
    await shot(partner, 'partner-task');
    await partner.getByTestId(`task-accept-${taskId}`).click();
    await partner.getByTestId(`task-done-${taskId}`).click();
    await partner.getByTestId(`task-outcome-${taskId}`).selectOption('resolved');
    await partner.getByTestId(`task-note-${taskId}`).fill('Patrol went; the families returned home by noon.');
    await shot(partner, 'partner-done-form');
    await partner.getByTestId(`task-done-submit-${taskId}`).click();
    await eventually(async () => /done/i.test(await partner.getByTestId(`task-status-${taskId}`).innerText()), 'the partner sees the task done', 15_000);
    await shot(partner, 'partner-task-done');

    // ------------------------------------------------ 7. the measured times show on the alert page
    await officer.reload();
    await officer.getByTestId('alert-page').waitFor({ timeout: 20_000 });
    await officer.getByTestId(`alert-task-${taskId}`).waitFor();
    assert.equal(await officer.getByTestId(`alert-task-${taskId}`).getAttribute('data-status'), 'done');
    for (const stage of ['acknowledge', 'verify', 'respond']) {
      const clock = officer.getByTestId(`alert-clock-${stage}`);
      assert.equal(await clock.getAttribute('data-status'), 'met', `time to ${stage} is measured and within target: ${await clock.innerText()}`);
      assert.match(await clock.innerText(), /Done in .+, within target/, `time to ${stage} is shown in words`);
    }
    const alertId = new URL(officer.url()).pathname.split('/').pop() ?? '';
    const view = await apiCall<{ acknowledgedAt: string | null; verifiedAt: string | null; respondedAt: string | null }>(officer, 'GET', `/api/alerts/${alertId}`);
    assert.ok(view.json.acknowledgedAt && view.json.verifiedAt && view.json.respondedAt, `the server recorded the three times: ${view.text.slice(0, 300)}`);
    const timeline = await officer.getByTestId('alert-timeline').innerText();
    assert.match(timeline, /New → Acknowledged/, `the timeline lists the changes: ${timeline}`);
    await checkLayout(officer, 'alert page (en, desktop)');
    await shot(officer, 'measured-times');

    await clickNav(officer, 'nav-alert-map');
    await officer.getByTestId('alerts-to-figures').or(officer.locator('a[href="/alerts/figures"]')).first().click();
    await officer.waitForURL('**/alerts/figures', { timeout: 15_000 });
    await officer.waitForLoadState('networkidle');
    await shot(officer, 'figures');

    // ------------------------------------------------ 8. bulk: acknowledge two new alerts at once
    await officer.goto('/alerts?state=new');
    await officer.getByTestId('alerts-table').waitFor({ timeout: 20_000 });
    const boxes = officer.getByTestId(/^alert-select-A-/);
    assert.ok((await boxes.count()) >= 2, 'the demo has new alerts to acknowledge');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    assert.match(await officer.getByTestId('alerts-bulk-count').innerText(), /2 alerts selected/);
    await officer.getByTestId('alerts-bulk-action').selectOption('acknowledge');
    await officer.getByTestId('alerts-bulk-apply').click();
    await officer.getByTestId('alerts-bulk-result').waitFor({ timeout: 20_000 });
    assert.match(await officer.getByTestId('alerts-bulk-result').innerText(), /Changed [12] of 2/);
    // The list reloads without the two (no longer new); the answer stays on screen.
    await eventually(async () => (await officer.getByTestId('alerts-bulk').count()) === 0, 'the selection is gone after the reload', 15_000);
    assert.ok(await officer.getByTestId('alerts-bulk-result').isVisible(), 'the bulk answer stays after the list reloads');
    await shot(officer, 'bulk-acknowledged');

    // ------------------------------------------------ 9. the queue in French, in Arabic, on a phone
    await officer.goto('/alerts');
    await officer.getByTestId('language-switcher').selectOption('fr');
    await officer.getByTestId(`alert-link-${reference}`).or(officer.getByTestId('alerts-table')).first().waitFor({ timeout: 20_000 });
    assert.match(await officer.locator('h1').innerText(), /alertes/i);
    await checkLayout(officer, 'queue (fr, desktop)');
    await shot(officer, 'queue-fr');
    await officer.getByTestId('language-switcher').selectOption('ar');
    assert.deepEqual(await documentLanguage(officer), { lang: 'ar', dir: 'rtl' });
    await officer.getByTestId('alerts-table').waitFor();
    await checkLayout(officer, 'queue (ar, desktop)');
    await shot(officer, 'queue-ar');

    const phone = await t.newPage({ phone: true });
    await phone.goto('/sign-in');
    await signInToHome(phone, officerAccount);
    await phone.getByTestId('language-switcher').selectOption('ar');
    await clickNav(phone, 'nav-alerts');
    await phone.getByTestId('alerts-table').waitFor({ timeout: 20_000 });
    await checkLayout(phone, 'queue (ar, phone)');
    await shot(phone, 'queue-ar-phone');
    await phone.getByTestId('language-switcher').selectOption('en');
    await phone.getByTestId(`alert-link-${reference}`).click();
    await phone.getByTestId('alert-page').waitFor({ timeout: 20_000 });
    await phone.getByTestId('alert-lock-banner').waitFor();
    await checkLayout(phone, 'alert page (en, phone)');
    await shot(phone, 'alert-phone');
    await phone.getByTestId('language-switcher').selectOption('ar');
    await phone.getByTestId('alert-clocks').waitFor();
    assert.match(await phone.getByTestId('alert-timeline').innerText(), /←/, 'in Arabic the state changes read right to left');
    await checkLayout(phone, 'alert page (ar, phone)');
    await shot(phone, 'alert-phone-ar');

    assert.deepEqual(layout, [], `pages scroll sideways:\n${layout.join('\n')}`);
    t.note(`alert ${reference} in ${zoneName}, task ${taskId}`);
  },
  { timeoutMs: 300_000 },
);

/** Verifies an alert through the API as its officer would (acknowledge, verify, verified). */
async function verifyAlert(page: Page, alertId: string): Promise<void> {
  let version = (await apiCall<{ version: number }>(page, 'GET', `/api/alerts/${alertId}`)).json.version;
  for (const to of ['acknowledged', 'verifying', 'verified']) {
    const moved = await apiCall<{ version: number }>(page, 'POST', `/api/alerts/${alertId}/transition`, { to, version });
    assert.equal(moved.status, 200, `the alert becomes ${to}: ${moved.text}`);
    version = moved.json.version;
  }
}

test(
  'alert to incident: the form is prefilled from a verified alert, the incident is linked once saved, a failed link says what to do, an existing incident can be linked',
  async (t) => {
    const run = randomBytes(3).toString('hex');
    const shot = (page: Page, name: string) => t.shot(page, `alert-incident-${name}`);
    // A supervisor triages alerts and does case work: the only role that meets both records.
    const supervisor = await t.newPage();
    await supervisor.goto('/sign-in');
    await signInToHome(supervisor, demoAccountByLocalPart('supervisor'));
    await supervisor.getByTestId('language-switcher').selectOption('en');

    const zones = await apiCall<{ data: { id: string; parentCode: string | null }[] }>(supervisor, 'GET', '/api/areas?level=2');
    const zone = zones.json.data.find((z) => z.parentCode);
    assert.ok(zone, 'the demo has health zones');
    // 08:00 UTC three days ago: 10:00 on the pages' clock (UTC+2), a morning.
    const observed = new Date(Date.now() - 3 * 86_400_000);
    observed.setUTCHours(8, 0, 0, 0);
    const localDay = new Date(observed.getTime() + 2 * 3_600_000).toISOString().slice(0, 10);
    const report = async (text: string) => {
      const sent = await apiCall<{ alert: { id: string; reference: string } }>(supervisor, 'POST', '/api/alerts/reports', {
        via: 'web', idempotencyKey: randomUUID(), text, areaId: zone.id, observedAt: observed.toISOString(),
        categories: ['abduction', 'looting'], perpetratorType: 'state_forces',
      });
      assert.equal(sent.status, 201, `the alert is sent: ${sent.text}`);
      await verifyAlert(supervisor, sent.json.alert.id);
      return sent.json.alert;
    };
    const first = await report(`Soldiers took two girls from the market road ${run}`);
    const survivor = await apiCall<{ id: string; code: string }>(supervisor, 'POST', '/api/survivors', { sex: 'female', ageAtRegistration: 27, idempotencyKey: `e2e-${run}-survivor` });
    assert.equal(survivor.status, 201, `a survivor is registered: ${survivor.text}`);

    // ---------------------------------------- 1. from the alert page to the prefilled form
    await supervisor.goto(`/alerts/${first.id}`);
    await supervisor.getByTestId('alert-incident-draft').waitFor({ timeout: 20_000 });
    await supervisor.getByTestId('alert-incident-open').click();
    await supervisor.getByTestId('incident-survivor-choice').waitFor({ timeout: 20_000 });
    await supervisor.getByTestId('incident-survivor-search').fill(survivor.json.code);
    await supervisor.getByTestId(`incident-survivor-${survivor.json.code}`).click();
    await supervisor.getByTestId('incident-form').waitFor({ timeout: 20_000 });
    const note = await supervisor.getByTestId('incident-prefill-note').innerText();
    assert.ok(note.includes(first.reference), `the note names the alert: ${note}`);
    assert.ok(await supervisor.getByTestId('incident-precision-date').isChecked(), 'the date precision is chosen');
    assert.equal(await supervisor.getByTestId('incident-date').inputValue(), localDay, 'the date is the observed day');
    assert.equal(await supervisor.getByTestId('incident-time-of-day').inputValue(), 'morning');
    assert.equal(await supervisor.getByTestId('incident-perpetrator-category').inputValue(), 'state_forces');
    assert.ok(await supervisor.getByTestId('incident-conflict-abduction').isChecked(), 'abduction is a context');
    assert.ok(await supervisor.getByTestId('incident-conflict-looting').isChecked(), 'looting is a context');
    await eventually(async () => (await supervisor.getByTestId('incident-zone').inputValue().catch(() => '')) === zone.id, 'the zone is chosen', 15_000);
    assert.equal(await supervisor.getByTestId('incident-narrative').inputValue(), '', 'nothing of the alert text is copied');
    await shot(supervisor, 'prefilled');

    await supervisor.getByTestId('incident-act-rape').check();
    await supervisor.getByTestId('classify-yes').click();
    await supervisor.getByTestId('classify-type').waitFor();
    await supervisor.getByTestId('incident-submit').click();
    await supervisor.getByTestId('incident-alert-linked').waitFor({ timeout: 20_000 });
    await shot(supervisor, 'linked');
    const linkedAlert = await apiCall<{ incidentId: string | null }>(supervisor, 'GET', `/api/alerts/${first.id}`);
    const incidentId = linkedAlert.json.incidentId;
    assert.ok(incidentId, `the alert points at the incident: ${linkedAlert.text.slice(0, 200)}`);
    await supervisor.getByTestId('incident-alert-open-alert').click();
    await supervisor.getByTestId('alert-incident-linked').waitFor({ timeout: 20_000 });

    // ---------------------------------------- 2. the link fails: the incident is saved, the way on is said
    const second = await report(`Looting at the checkpoint, a woman hurt ${run}`);
    await supervisor.goto(`/incidents/new?alert=${second.id}&survivorId=${survivor.json.id}`);
    await supervisor.getByTestId('incident-prefill-note').waitFor({ timeout: 20_000 });
    await supervisor.getByTestId('incident-act-rape').check();
    await supervisor.getByTestId('classify-yes').click();
    await supervisor.getByTestId('classify-type').waitFor();
    // Meanwhile someone links the alert to the first incident.
    const meanwhile = await apiCall(supervisor, 'POST', `/api/alerts/${second.id}/incident`, { incidentId });
    assert.equal(meanwhile.status, 200, meanwhile.text);
    await supervisor.getByTestId('incident-submit').click();
    const failed = supervisor.getByTestId('incident-alert-link-failed');
    await failed.waitFor({ timeout: 20_000 });
    assert.match(await failed.innerText(), /is saved, but not linked/, 'the incident is said to be saved');
    assert.match(await failed.innerText(), /linked to another incident meanwhile/, 'the reason and what to do are said');
    assert.equal(await supervisor.getByTestId('incident-alert-link-retry').count(), 0, 'no retry where it cannot work');
    await supervisor.getByTestId('incident-alert-open-incident').waitFor();
    await shot(supervisor, 'link-failed');

    // ---------------------------------------- 3. link an incident already recorded from the alert page
    const third = await report(`Armed men burnt houses near the school ${run}`);
    await supervisor.goto(`/alerts/${third.id}`);
    await supervisor.getByTestId('alert-incident-link-open').click({ timeout: 20_000 });
    await supervisor.getByTestId('alert-incident-link').waitFor();
    const code = (await apiCall<{ incidentCode: string }>(supervisor, 'GET', `/api/incidents/${incidentId}`)).json.incidentCode;
    await supervisor.getByTestId('alert-incident-link-code').fill(code);
    await supervisor.getByTestId(`alert-incident-link-${code}`).click({ timeout: 20_000 });
    await shot(supervisor, 'link-existing-confirm');
    await supervisor.getByTestId(`alert-incident-link-${code}-confirm`).click();
    await supervisor.getByTestId('alert-incident-linked').waitFor({ timeout: 20_000 });
    assert.equal((await apiCall<{ incidentId: string | null }>(supervisor, 'GET', `/api/alerts/${third.id}`)).json.incidentId, incidentId);

    // ---------------------------------------- 4. Arabic, right to left, on a 360 px phone
    const fourth = await report(`Abduction reported on the road north ${run}`);
    await supervisor.setViewportSize({ width: 360, height: 740 });
    await supervisor.getByTestId('language-switcher').selectOption('ar');
    await supervisor.goto(`/incidents/new?alert=${fourth.id}`);
    await supervisor.getByTestId('incident-survivor-choice').waitFor({ timeout: 20_000 });
    assert.deepEqual(await documentLanguage(supervisor), { lang: 'ar', dir: 'rtl' });
    await assertNoHorizontalOverflow(supervisor, 'survivor choice (ar, phone)');
    await shot(supervisor, 'choose-ar-phone');
    await supervisor.goto(`/incidents/new?alert=${fourth.id}&survivorId=${survivor.json.id}`);
    await supervisor.getByTestId('incident-prefill-note').waitFor({ timeout: 20_000 });
    await assertNoHorizontalOverflow(supervisor, 'prefilled incident form (ar, phone)');
    await shot(supervisor, 'prefilled-ar-phone');
    await supervisor.goto(`/alerts/${fourth.id}`);
    await supervisor.getByTestId('alert-incident-link-open').click({ timeout: 20_000 });
    await supervisor.getByTestId('alert-incident-link-list').or(supervisor.getByTestId('alert-incident-link-empty')).first().waitFor({ timeout: 20_000 });
    await supervisor.getByTestId('alert-incident').scrollIntoViewIfNeeded();
    await assertNoHorizontalOverflow(supervisor, 'link an incident (ar, phone)');
    await shot(supervisor, 'link-existing-ar-phone');
    t.note(`alerts ${first.reference}, ${second.reference}, ${third.reference} → incident ${code}`);
  },
  { timeoutMs: 240_000 },
);
