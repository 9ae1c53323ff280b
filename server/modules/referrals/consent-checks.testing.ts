/**
 * CON-2 / CON-4: the consent enforcement of referrals, as checks that throw when violated.
 * referrals-consent.test.ts runs them against the real gate (they must pass);
 * referrals-gate-mutation.test.ts runs them with the gate opened (each must fail), which
 * proves this suite notices a gate that lets everything through.
 */
import { expect } from 'vitest';
import { countRows } from '../../test/authz/helpers';
import { buildService, buildReferralScene } from '../../test/factories-referrals';
import type { TestApp } from '../../test/runtime';
import { inSystemScope } from '../../db/scope';
import { act, expectNoCanary, postReferral, readReferral, referralBody, sendReferral, signInScene, withdrawConsent } from './referrals-helpers.testing';

const CASE_TABLES = ['referrals', 'referral_events', 'audit_log'] as const;

async function countReferralRows(t: TestApp) {
  return inSystemScope(t.ownerDb, (trx) => countRows({ ...t.ctx, db: trx as typeof t.ownerDb }, CASE_TABLES));
}

/** No live consent for the recipient: 422, a message that says what to do, nothing written. */
export async function checkNoConsentRefused(t: TestApp): Promise<void> {
  const scene = await buildReferralScene(t.ctx, { consent: 'none' });
  const { workerA } = await signInScene(t, scene);
  const before = await countReferralRows(t);
  const res = await postReferral(t, workerA, referralBody(scene));
  expect(res.statusCode, res.body).toBe(422);
  expect(res.json().error.code).toBe('referral.consent_required');
  expect(res.json().error.message).toContain(scene.orgB.name);
  expect(await countReferralRows(t)).toEqual(before);
}

/** A consent to a referral to organisation B does not cover organisation C. */
export async function checkOtherOrganisationNotCovered(t: TestApp): Promise<void> {
  const scene = await buildReferralScene(t.ctx, { consent: 'organisation' });
  const { workerA } = await signInScene(t, scene);
  const serviceC = await buildService(t.ctx, scene.orgC.id);
  const res = await postReferral(t, workerA, referralBody(scene, { serviceId: serviceC.id }));
  expect(res.statusCode, res.body).toBe(422);
  expect(res.json().error.code).toBe('referral.consent_required');
}

/** A consent naming one service of B covers that service only. */
export async function checkServiceConsentScoped(t: TestApp): Promise<void> {
  const scene = await buildReferralScene(t.ctx, { consent: 'service' });
  const { workerA } = await signInScene(t, scene);
  const otherServiceB = await buildService(t.ctx, scene.orgB.id, { type: 'legal' });
  const res = await postReferral(t, workerA, referralBody(scene, { serviceId: otherServiceB.id }));
  expect(res.statusCode, res.body).toBe(422);
  await sendReferral(t, workerA, scene);
}

/** CON-4: after a withdrawal the recipient's next read carries no identifying field. */
export async function checkWithdrawalTakesEffectOnNextRead(t: TestApp): Promise<void> {
  const scene = await buildReferralScene(t.ctx, { consent: 'organisation' });
  const { workerA, workerB } = await signInScene(t, scene);
  const referral = await sendReferral(t, workerA, scene);
  expect((await act(t, workerB, referral.id, 'accept')).statusCode).toBe(200);
  const before = await readReferral(t, workerB, referral.id);
  expect(before.json().consentWithdrawn).toBe(false);
  expect(before.body).toContain(scene.identity.name!);
  const withdrawn = await withdrawConsent(t, workerA, scene);
  expect(withdrawn.statusCode, withdrawn.body).toBe(200);
  const after = await readReferral(t, workerB, referral.id);
  expect(after.statusCode).toBe(200);
  expect(after.json()).toMatchObject({ consentWithdrawn: true, shared: null, outcomeNote: null, narrativeEntries: null });
  expectNoCanary(after.body, scene);
  const list = await t.app.inject({ method: 'GET', url: '/api/referrals?direction=incoming', headers: workerB.headers });
  const item = (list.json().data as Array<{ id: string; consentWithdrawn: boolean }>).find((r) => r.id === referral.id);
  expect(item?.consentWithdrawn).toBe(true);
}

export const CONSENT_CHECKS = {
  'no consent: 422 and nothing written (CON-2)': checkNoConsentRefused,
  'consent for organisation B does not cover organisation C (CON-2)': checkOtherOrganisationNotCovered,
  'consent to one service covers only that service (CON-2)': checkServiceConsentScoped,
  'withdrawal: the next recipient read has no identifying field (CON-4)': checkWithdrawalTakesEffectOnNextRead,
} as const;
