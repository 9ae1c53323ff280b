import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inOrganisationScope, inSystemScope } from '../../db/scope';
import { auditRows, expectError } from '../../test/authz/helpers';
import { buildCase, buildIncident, buildReferralScene, type ReferralScene } from '../../test/factories-referrals';
import { requestAs } from '../../test/factories-survivors';
import { createTestApp, type TestApp } from '../../test/runtime';
import { act, dumpTables, expectNoCanary, readReferral, sendReferral, signInScene, withdrawConsent, type Actors } from './referrals-helpers.testing';
import { revokeOpenReferralsAfterWithdrawal } from './service';

let t: TestApp;
let scene: ReferralScene;
let u: Actors;
let referralId: string;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildReferralScene(t.ctx);
  u = await signInScene(t, scene);
  referralId = (await sendReferral(t, u.workerA, scene)).id;
});
afterAll(async () => t?.close());

const list = async (user: Actors[keyof Actors], query = 'direction=incoming') => {
  const res = await t.app.inject({ method: 'GET', url: `/api/referrals?${query}`, headers: user.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as Array<Record<string, unknown> & { id: string }>;
};

describe('GET /api/referrals/:id', () => {
  it('answers 401 without a session and 400 for a bad id', async () => {
    expectError(await t.app.inject({ method: 'GET', url: `/api/referrals/${referralId}` }), 401);
    expectError(await readReferral(t, u.workerB, 'nope'), 400);
  });

  it('answers 404 to analysts, administrators and third organisations (AUTHZ-1)', async () => {
    for (const user of [u.analystA, u.analystB, u.adminB, u.workerC]) {
      const res = await readReferral(t, user, referralId);
      expectError(res, 404);
      expectNoCanary(res.body, scene);
    }
    expectError(await readReferral(t, u.workerB, randomUUID()), 404);
  });

  it('shows the recipient the chosen sections while consent is live, audited without values (CON-2)', async () => {
    const res = await readReferral(t, u.workerB, referralId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ direction: 'incoming', consentWithdrawn: false, erased: false, actions: ['accept', 'decline'], referringOrganisationId: scene.orgA.id });
    expect(body.shared.contact).toMatchObject({ name: scene.identity.name, phone: scene.identity.phone });
    expect(body.shared.caregiver).toMatchObject({ name: scene.identity.caregiverName });
    expect(body.shared.narrative).toBe(scene.canaries.at(-2));
    expect(body.shared.exactLocation).toBe(scene.canaries.at(-1));
    expect(body.shared.incidentSummary).toMatchObject({ gbvType: 'rape', acts: ['rape'] });
    // The recipient never gets the holder's ids.
    expect(body).not.toHaveProperty('survivorId');
    expect(body).not.toHaveProperty('caseId');
    // ONCE-1: the narrative was taken once; nobody needs to ask again.
    expect(body.narrativeEntries).toBe(1);
    const audit = await auditRows(t.ctx, { action: 'referral.read', resourceId: referralId });
    expect(audit.some((row) => row.organisation_id === scene.orgB.id && row.actor_user_id === u.workerB.id)).toBe(true);
    expectNoCanary(JSON.stringify(audit), scene);
  });
});

describe('GET /api/referrals', () => {
  it('answers 401 without a session, 400 for a bad filter, 404 to roles without case work', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/referrals' }), 401);
    expectError(await t.app.inject({ method: 'GET', url: '/api/referrals?direction=sideways', headers: u.workerB.headers }), 400);
    expectError(await t.app.inject({ method: 'GET', url: '/api/referrals?status=lost', headers: u.workerB.headers }), 400);
    expectError(await t.app.inject({ method: 'GET', url: '/api/referrals', headers: u.analystB.headers }), 404);
  });

  it('puts the referral in the queue of the recipient and the outgoing list of the referrer only', async () => {
    expect((await list(u.workerB)).map((r) => r.id)).toContain(referralId);
    expect((await list(u.workerB, 'direction=outgoing')).map((r) => r.id)).not.toContain(referralId);
    expect((await list(u.workerA, 'direction=outgoing')).map((r) => r.id)).toContain(referralId);
    expect((await list(u.workerA)).map((r) => r.id)).not.toContain(referralId);
    expect((await list(u.workerC)).map((r) => r.id)).not.toContain(referralId);
    const [item] = (await list(u.workerB)).filter((r) => r.id === referralId);
    expect(item).toMatchObject({ status: 'sent', gbvType: 'rape', consentWithdrawn: false });
    expect(item).not.toHaveProperty('shared');
    expect((await list(u.workerB, 'direction=incoming&status=accepted')).map((r) => r.id)).not.toContain(referralId);
  });

  it('orders the queue: urgent first, then the clinical clock (least time left), then newest', async () => {
    const queueScene = await buildReferralScene(t.ctx);
    const users = await signInScene(t, queueScene);
    const older = await buildIncident(t.ctx, queueScene.built, { hoursAgo: 60 });
    const closed = await buildIncident(t.ctx, queueScene.built, { hoursAgo: 200 });
    const caseOlder = await buildCase(t.ctx, queueScene.built, [older.id, closed.id]);
    const base = { sections: ['clinical_clock', 'profile'] };
    const fresh = await sendReferral(t, users.workerA, queueScene, base);
    const late = await sendReferral(t, users.workerA, queueScene, { ...base, caseId: caseOlder.id, incidentId: older.id });
    const gone = await sendReferral(t, users.workerA, queueScene, { ...base, caseId: caseOlder.id, incidentId: closed.id });
    const urgent = await sendReferral(t, users.workerA, queueScene, { sections: ['profile'], incidentId: null, urgent: true });
    const ids = (await list(users.workerB)).map((r) => r.id);
    expect(ids).toEqual([urgent.id, late.id, fresh.id, gone.id]);
  });
});

describe('after withdrawal or erasure (CON-4, STO-3)', () => {
  it('the recipient keeps the non-identifying fields only, and no third party ever sees a canary', async () => {
    const local = await buildReferralScene(t.ctx);
    const users = await signInScene(t, local);
    const referral = await sendReferral(t, users.workerA, local, { urgent: true });
    expect((await act(t, users.workerB, referral.id, 'accept')).statusCode).toBe(200);
    expect((await withdrawConsent(t, users.workerA, local)).statusCode).toBe(200);
    const res = await readReferral(t, users.workerB, referral.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', urgent: true, gbvType: 'rape', consentWithdrawn: true, shared: null, narrativeEntries: null });
    expect(res.json().clinicalClock.windows[0].kind).toBe('pep');
    expectNoCanary(res.body, local);
    // The holder still sees its own record through the referral.
    const holder = await readReferral(t, users.workerA, referral.id);
    expect(holder.json().shared.contact.name).toBe(local.identity.name);
    expectNoCanary((await readReferral(t, users.workerC, referral.id)).body, local);
    expectNoCanary(JSON.stringify(await list(users.workerB)), local);
  });

  it('withdrawing the referral consent revokes a referral the recipient had not accepted yet (REF-1)', async () => {
    const local = await buildReferralScene(t.ctx);
    const users = await signInScene(t, local);
    const waiting = await sendReferral(t, users.workerA, local);
    expect((await withdrawConsent(t, users.workerA, local)).statusCode).toBe(200);
    expect((await readReferral(t, users.workerA, waiting.id)).json().status).toBe('revoked');
    const [audit] = await auditRows(t.ctx, { action: 'referral.revoke', resourceId: waiting.id });
    expect(audit?.details).toMatchObject({ reason: 'consent_withdrawn' });
  });

  it('revokeOpenReferralsAfterWithdrawal revokes the waiting referrals to that recipient only', async () => {
    const local = await buildReferralScene(t.ctx);
    const users = await signInScene(t, local);
    const waiting = await sendReferral(t, users.workerA, local);
    const accepted = await sendReferral(t, users.workerA, local);
    expect((await act(t, users.workerB, accepted.id, 'accept')).statusCode).toBe(200);
    const req = requestAs(users.workerA.id, local.orgA.id);
    const count = await inOrganisationScope(t.ctx.db, local.orgA.id, (trx) => revokeOpenReferralsAfterWithdrawal(trx, req, local.survivor.id, local.orgB.id));
    // The survivors module may already have revoked it on withdrawal; either way it ends revoked.
    expect(count).toBeLessThanOrEqual(1);
    expect((await readReferral(t, users.workerA, waiting.id)).json().status).toBe('revoked');
    expect((await readReferral(t, users.workerA, accepted.id)).json().status).toBe('accepted');
    const [audit] = await auditRows(t.ctx, { action: 'referral.revoke', resourceId: waiting.id });
    expect(audit?.details).toMatchObject({ reason: 'consent_withdrawn' });
  });

  it('an erased survivor reads as erased, never as an error, on both sides', async () => {
    const local = await buildReferralScene(t.ctx);
    const users = await signInScene(t, local);
    const referral = await sendReferral(t, users.workerA, local);
    const reauth = await t.app.inject({ method: 'POST', url: '/api/auth/reauthenticate', headers: users.supervisorA.headers, payload: { password: users.supervisorA.password } });
    expect(reauth.statusCode).toBe(204);
    const erase = await t.app.inject({ method: 'POST', url: `/api/survivors/${local.survivor.id}/erasure`, headers: users.supervisorA.headers, payload: { reason: 'survivor_request' } });
    expect(erase.statusCode, erase.body).toBe(200);
    for (const user of [users.workerA, users.workerB]) {
      const res = await readReferral(t, user, referral.id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ erased: true, shared: null });
      expectNoCanary(res.body, local);
    }
  });

  it('no canary in row_to_json of referrals, referral events or audit rows', async () => {
    const dump = await dumpTables(t, ['referrals', 'referral_events', 'audit_log']);
    expectNoCanary(dump, scene);
    expect(await inSystemScope(t.ownerDb, (trx) => trx.selectFrom('referrals').select('id').where('id', '=', referralId).execute())).toHaveLength(1);
  });
});
