/** Shared by the referral test files: the scene with signed-in users, and HTTP shorthands. */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse as InjectResult } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { inSystemScope } from '../../db/scope';
import { signInNew } from '../../test/authz/helpers';
import type { SignedInUser } from '../../test/factories';
import type { ReferralScene } from '../../test/factories-referrals';
import type { TestApp } from '../../test/runtime';

export interface Actors {
  workerA: SignedInUser;
  supervisorA: SignedInUser;
  analystA: SignedInUser;
  workerB: SignedInUser;
  supervisorB: SignedInUser;
  analystB: SignedInUser;
  adminB: SignedInUser;
  workerC: SignedInUser;
}

export async function signInScene(t: TestApp, scene: ReferralScene): Promise<Actors> {
  const [workerA, supervisorA, analystA, workerB, supervisorB, analystB, adminB, workerC] = await Promise.all([
    signInNew(t.app, t.ctx, 'case_worker', scene.orgA.id),
    signInNew(t.app, t.ctx, 'supervisor', scene.orgA.id),
    signInNew(t.app, t.ctx, 'analyst', scene.orgA.id),
    signInNew(t.app, t.ctx, 'case_worker', scene.orgB.id),
    signInNew(t.app, t.ctx, 'supervisor', scene.orgB.id),
    signInNew(t.app, t.ctx, 'analyst', scene.orgB.id),
    signInNew(t.app, t.ctx, 'admin', scene.orgB.id),
    signInNew(t.app, t.ctx, 'case_worker', scene.orgC.id),
  ]);
  return { workerA, supervisorA, analystA, workerB, supervisorB, analystB, adminB, workerC };
}

export const ALL_SECTIONS = ['profile', 'contact', 'incident_summary', 'narrative', 'exact_location', 'case_needs', 'clinical_clock', 'caregiver'];

export function referralBody(scene: ReferralScene, overrides: Record<string, unknown> = {}) {
  return { caseId: scene.caseRow.id, incidentId: scene.incident.id, serviceId: scene.serviceB.id, sections: ALL_SECTIONS, urgent: false, ...overrides };
}

export function postReferral(t: TestApp, user: SignedInUser, payload: object) {
  return t.app.inject({ method: 'POST', url: '/api/referrals', headers: user.headers, payload });
}

export async function sendReferral(t: TestApp, user: SignedInUser, scene: ReferralScene, overrides: Record<string, unknown> = {}) {
  const res = await postReferral(t, user, referralBody(scene, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; status: string };
}

export function readReferral(t: TestApp, user: SignedInUser, id: string) {
  return t.app.inject({ method: 'GET', url: `/api/referrals/${id}`, headers: user.headers });
}

export function act(t: TestApp, user: SignedInUser, id: string, action: string, payload: object = {}) {
  return t.app.inject({ method: 'POST', url: `/api/referrals/${id}/${action}`, headers: user.headers, payload });
}

/** No canary of the scene (nor any canary at all) in this text. */
export function expectNoCanary(body: string, scene: ReferralScene): void {
  for (const canary of scene.canaries) expect(body).not.toContain(canary);
  expect(body).not.toContain('CANARY-');
}

/** Rows as PostgreSQL renders them (row_to_json), read as the tables' owner across scopes. */
export async function dumpTables(t: TestApp, tables: readonly string[]): Promise<string> {
  return inSystemScope(t.ownerDb, async (trx) => {
    const parts: string[] = [];
    for (const table of tables) {
      const { rows } = await sql<{ j: unknown }>`select row_to_json(x) as j from ${sql.table(table)} x`.execute(trx);
      parts.push(JSON.stringify(rows));
    }
    return parts.join('\n');
  });
}

/** Withdraws the scene's referral consent through the survivors API, as the holder's worker. */
export async function withdrawConsent(t: TestApp, user: SignedInUser, scene: ReferralScene): Promise<InjectResult> {
  const res = await t.app.inject({ method: 'POST', url: `/api/survivors/${scene.survivor.id}/consents/${scene.consent!.id}/withdraw`, headers: user.headers, payload: {} });
  return res;
}

export const uniqueKey = () => `ref-${randomUUID()}`;
