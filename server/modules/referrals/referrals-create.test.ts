import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSystemScope } from '../../db/scope';
import { auditRows, countRows, expectError } from '../../test/authz/helpers';
import { buildCase, buildIncident, buildReferralScene, buildService, type ReferralScene } from '../../test/factories-referrals';
import { buildConsent } from '../../test/factories-survivors';
import { createTestApp, type TestApp } from '../../test/runtime';
import { dumpTables, expectNoCanary, postReferral, referralBody, signInScene, uniqueKey, withdrawConsent, type Actors } from './referrals-helpers.testing';

let t: TestApp;
let scene: ReferralScene;
let u: Actors;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildReferralScene(t.ctx);
  u = await signInScene(t, scene);
});
afterAll(async () => t?.close());

const counts = () => inSystemScope(t.ownerDb, (trx) => countRows({ ...t.ctx, db: trx as typeof t.ownerDb }, ['referrals', 'referral_events', 'audit_log']));
const justification = 'Fictional: the survivor is at imminent risk of a new attack tonight.';

describe('POST /api/referrals (REF-1)', () => {
  it('answers 401 without a session; 404 to roles without case work', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/referrals', payload: referralBody(scene) }), 401);
    for (const user of [u.analystA, u.adminB]) expectError(await postReferral(t, user, referralBody(scene)), 404);
  });

  it("answers 404 for another organisation's case", async () => {
    expectError(await postReferral(t, u.workerC, referralBody(scene)), 404);
  });

  it('sends the chosen sections to a service covered by consent, with an event and an audit row', async () => {
    const res = await postReferral(t, u.workerA, referralBody(scene, { urgent: true }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({
      status: 'sent', urgent: true, direction: 'outgoing', caseId: scene.caseRow.id, survivorId: scene.survivor.id, incidentId: scene.incident.id,
      service: { id: scene.serviceB.id, organisationId: scene.orgB.id }, gbvType: 'rape', consentWithdrawn: false, override: null, actions: ['revoke'],
    });
    // The referrer holds the record: it sees what it sent.
    expect(body.shared.contact.name).toBe(scene.identity.name);
    expect(body.shared.narrative).toMatch(/^CANARY-narrative-/);
    expect(body.shared.caseNeeds).toEqual({ needs: ['health'], riskLevel: 'medium' });
    expect(body.clinicalClock.windows[0]).toMatchObject({ kind: 'pep', state: 'open' });
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ status: 'sent', actorUserId: u.workerA.id });
    const [audit] = await auditRows(t.ctx, { action: 'referral.create', resourceId: body.id });
    expect(audit?.details).toMatchObject({ basis: 'consent', consentId: scene.consent!.id, recipientOrganisationId: scene.orgB.id });
    expectNoCanary(JSON.stringify(await auditRows(t.ctx, { resourceId: body.id })), scene);
  });

  it('keeps every shared section sealed: no canary in row_to_json of referrals, events or audit', async () => {
    expectNoCanary(await dumpTables(t, ['referrals', 'referral_events', 'audit_log']), scene);
  });

  it('returns the same referral when an idempotency key is replayed (REL-2)', async () => {
    const key = uniqueKey();
    const first = await postReferral(t, u.workerA, referralBody(scene, { idempotencyKey: key }));
    const before = await counts();
    const again = await postReferral(t, u.workerA, referralBody(scene, { idempotencyKey: key }));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const after = await counts();
    expect(after.referrals).toBe(before.referrals);
    expect(after.referral_events).toBe(before.referral_events);
  });

  it('gives one referral for concurrent replays of one key (REL-2)', async () => {
    const key = uniqueKey();
    const before = await counts();
    const answers = await Promise.all([1, 2, 3].map(() => postReferral(t, u.workerA, referralBody(scene, { idempotencyKey: key }))));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect((await counts()).referrals).toBe((before.referrals ?? 0) + 1);
  });

  it('names the bad field and writes nothing', async () => {
    const before = await counts();
    const post = (overrides: Record<string, unknown>) => postReferral(t, u.workerA, referralBody(scene, overrides));
    expectError(await post({ sections: ['everything'] }), 400, { field: 'body.sections.0' });
    expectError(await post({ sections: ['profile', 'profile'] }), 400, { field: 'body.sections' });
    expectError(await post({ serviceId: 'x' }), 400, { field: 'body.serviceId' });
    expectError(await post({ urgent: 'yes' }), 400, { field: 'body.urgent' });
    expectError(await post({ idempotencyKey: 'short' }), 400, { field: 'body.idempotencyKey' });
    expectError(await post({ incidentId: null, sections: ['narrative'] }), 400, { code: 'referral.incident_required', field: 'incidentId' });
    expectError(await post({ serviceId: randomUUID() }), 400, { code: 'referral.service_unknown', field: 'serviceId' });
    expectError(await post({ caseId: randomUUID() }), 404);
    expectError(await post({ override: { reasonCode: 'curiosity', justification } }), 400, { field: 'body.override.reasonCode' });
    // The 404 leaves a denied audit row (AUD-1); nothing else is written.
    const after = await counts();
    expect(after.referrals).toBe(before.referrals);
    expect(after.referral_events).toBe(before.referral_events);
  });

  it('refuses an incident that is not one of the case', async () => {
    const other = await buildIncident(t.ctx, scene.built);
    const before = await counts();
    expectError(await postReferral(t, u.workerA, referralBody(scene, { incidentId: other.id })), 400, { code: 'referral.incident_not_in_case', field: 'incidentId' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a service that does not accept referrals, or is disabled (422 / 400)', async () => {
    const closed = await buildService(t.ctx, scene.orgB.id, { acceptsReferrals: false });
    await buildConsent(t.ctx, scene.built, { purpose: 'referral', recipientOrganisationId: scene.orgB.id });
    expectError(await postReferral(t, u.workerA, referralBody(scene, { serviceId: closed.id })), 422, { code: 'referral.service_closed' });
  });

  it('refuses after the consent was withdrawn and says so (CON-4)', async () => {
    const local = await buildReferralScene(t.ctx);
    const users = await signInScene(t, local);
    expect((await withdrawConsent(t, users.workerA, local)).statusCode).toBe(200);
    const res = await postReferral(t, users.workerA, referralBody(local));
    expectError(res, 422, { code: 'referral.consent_withdrawn' });
  });

  it('carries only the sections chosen', async () => {
    const res = await postReferral(t, u.workerA, referralBody(scene, { sections: ['profile', 'clinical_clock'] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json().shared)).toEqual(['profile']);
    expectNoCanary(res.body, scene);
    const none = await postReferral(t, u.workerA, referralBody(scene, { sections: [], incidentId: null }));
    expect(none.json()).toMatchObject({ shared: null, clinicalClock: null, gbvType: null });
  });

  it('accepts a case without the named incident only for sections that need none', async () => {
    const bare = await buildCase(t.ctx, scene.built, []);
    const res = await postReferral(t, u.workerA, { caseId: bare.id, serviceId: scene.serviceB.id, sections: ['contact', 'case_needs'] });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('override of a missing consent (CON-3)', () => {
  let noConsent: ReferralScene;
  let users: Actors;
  beforeAll(async () => {
    noConsent = await buildReferralScene(t.ctx, { consent: 'none' });
    users = await signInScene(t, noConsent);
  });
  const override = (overrides: Record<string, unknown> = {}) => referralBody(noConsent, { override: { reasonCode: 'imminent_risk', justification, ...overrides } });

  it('is refused to a case worker, to a supervisor without a fresh password, and with a short justification; nothing written', async () => {
    const before = await counts();
    expectError(await postReferral(t, users.workerA, override()), 403, { code: 'referral.override_forbidden' });
    expectError(await postReferral(t, users.supervisorA, override()), 403, { code: 'auth.reauthentication_required' });
    expectError(await postReferral(t, users.supervisorA, override({ justification: 'because' })), 400, { field: 'override.justification' });
    const after = await counts();
    expect(after.referrals).toBe(before.referrals);
    expect(after.referral_events).toBe(before.referral_events);
  });

  it('opens the gate for a supervisor with reason, justification and a fresh password; recorded and audited', async () => {
    const reauth = await t.app.inject({ method: 'POST', url: '/api/auth/reauthenticate', headers: users.supervisorA.headers, payload: { password: users.supervisorA.password } });
    expect(reauth.statusCode, reauth.body).toBe(204);
    const res = await postReferral(t, users.supervisorA, override({ reasonCode: 'mandatory_reporting' }));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.override).toEqual({ reasonCode: 'mandatory_reporting', justification, byUserId: users.supervisorA.id });
    const row = await inSystemScope(t.ownerDb, (trx) => trx.selectFrom('referrals').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ override_reason_code: 'mandatory_reporting', override_by: users.supervisorA.id, consent_id: null });
    const [audit] = await auditRows(t.ctx, { action: 'referral.override', resourceId: body.id });
    expect(audit?.details).toMatchObject({ reasonCode: 'mandatory_reporting' });
    // The recipient sees that it was an override, not why (the justification may describe her).
    const seen = await t.app.inject({ method: 'GET', url: `/api/referrals/${body.id}`, headers: users.workerB.headers });
    expect(seen.json().override).toEqual({ reasonCode: 'mandatory_reporting', justification: null, byUserId: null });
    expect(seen.json().consentWithdrawn).toBe(false);
  });
});
