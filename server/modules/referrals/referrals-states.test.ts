import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSystemScope } from '../../db/scope';
import { auditRows, expectError } from '../../test/authz/helpers';
import { buildReferralScene, type ReferralScene } from '../../test/factories-referrals';
import { createTestApp, type TestApp } from '../../test/runtime';
import { act, dumpTables, readReferral, sendReferral, signInScene, type Actors } from './referrals-helpers.testing';

let t: TestApp;
let scene: ReferralScene;
let u: Actors;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildReferralScene(t.ctx);
  u = await signInScene(t, scene);
});
afterAll(async () => t?.close());

const today = () => new Date().toISOString().slice(0, 10);
const send = () => sendReferral(t, u.workerA, scene);
const eventsOf = (id: string) => inSystemScope(t.ownerDb, (trx) => trx.selectFrom('referral_events').select(['status', 'actor_user_id', 'note']).where('referral_id', '=', id).orderBy('occurred_at').orderBy('id').execute());

describe('referral states through HTTP (REF-1)', () => {
  it('sent → accepted → service_delivered → closed, each an event and an audit row', async () => {
    const { id } = await send();
    const accepted = await act(t, u.workerB, id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', actions: ['deliver'] });
    const note = `CANARY-outcome-${randomUUID().slice(0, 8)}`;
    const delivered = await act(t, u.supervisorB, id, 'deliver', { deliveredOn: today(), outcomeNote: note });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(delivered.json()).toMatchObject({ status: 'service_delivered', serviceDeliveredOn: today(), outcomeNote: note, actions: ['close'] });
    // The referrer follows: it sees the state, dates and the recipient's note on its survivor.
    const seen = await readReferral(t, u.workerA, id);
    expect(seen.json()).toMatchObject({ status: 'service_delivered', serviceDeliveredOn: today(), outcomeNote: note, actions: [] });
    const closed = await act(t, u.workerB, id, 'close');
    expect(closed.json()).toMatchObject({ status: 'closed', actions: [] });
    expect((await eventsOf(id)).map((e) => e.status)).toEqual(['sent', 'accepted', 'service_delivered', 'closed']);
    expect((await eventsOf(id)).map((e) => e.actor_user_id)).toEqual([u.workerA.id, u.workerB.id, u.supervisorB.id, u.workerB.id]);
    for (const action of ['referral.accept', 'referral.deliver', 'referral.close']) {
      expect((await auditRows(t.ctx, { action, resourceId: id })).length).toBe(1);
    }
    // The note is sealed under the survivor's key: not in any row, not in the trail.
    expect(await dumpTables(t, ['referrals', 'referral_events', 'audit_log'])).not.toContain(note);
    expect(closed.json().events.map((e: { status: string }) => e.status)).toEqual(['sent', 'accepted', 'service_delivered', 'closed']);
  });

  it('declines with a reason code, required', async () => {
    const { id } = await send();
    expectError(await act(t, u.workerB, id, 'decline', {}), 400, { field: 'body.reason' });
    expectError(await act(t, u.workerB, id, 'decline', { reason: 'She is somewhere else' }), 400, { field: 'body.reason' });
    const res = await act(t, u.workerB, id, 'decline', { reason: 'no_capacity' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'declined', declineReason: 'no_capacity', actions: [] });
    expect((await eventsOf(id)).at(-1)).toMatchObject({ status: 'declined', note: 'no_capacity' });
  });

  it('lets the referrer revoke before delivery, never after', async () => {
    const { id } = await send();
    expectError(await act(t, u.workerB, id, 'revoke'), 403, { code: 'referral.wrong_party' });
    const res = await act(t, u.workerA, id, 'revoke');
    expect(res.json()).toMatchObject({ status: 'revoked' });
    expectError(await act(t, u.workerB, id, 'accept'), 422, { code: 'referral.invalid_transition' });
    const other = await send();
    await act(t, u.workerB, other.id, 'accept');
    await act(t, u.workerB, other.id, 'deliver', { deliveredOn: today() });
    expectError(await act(t, u.workerA, other.id, 'revoke'), 422, { code: 'referral.invalid_transition' });
  });

  it('refuses invalid transitions (422) and the wrong side (403), writing nothing', async () => {
    const { id } = await send();
    expectError(await act(t, u.workerB, id, 'close'), 422, { code: 'referral.invalid_transition' });
    expectError(await act(t, u.workerB, id, 'deliver', { deliveredOn: today() }), 422, { code: 'referral.invalid_transition' });
    expectError(await act(t, u.workerA, id, 'accept'), 403, { code: 'referral.wrong_party' });
    expect((await eventsOf(id)).map((e) => e.status)).toEqual(['sent']);
  });

  it('checks the delivery date and the version (REL-2)', async () => {
    const { id } = await send();
    const accepted = (await act(t, u.workerB, id, 'accept')).json();
    expectError(await act(t, u.workerB, id, 'deliver', {}), 400, { field: 'body.deliveredOn' });
    expectError(await act(t, u.workerB, id, 'deliver', { deliveredOn: '2999-01-01' }), 400, { code: 'referral.delivered_in_future' });
    expectError(await act(t, u.workerB, id, 'deliver', { deliveredOn: '2000-01-01' }), 400, { code: 'referral.delivered_before_sent' });
    const stale = await act(t, u.workerB, id, 'deliver', { deliveredOn: today(), version: accepted.version - 1 });
    expectError(stale, 409, { code: 'referral.version_conflict' });
    expect((await act(t, u.workerB, id, 'deliver', { deliveredOn: today(), version: accepted.version })).statusCode).toBe(200);
  });

  it('answers 401, and 404 to third organisations, analysts and administrators', async () => {
    const { id } = await send();
    expectError(await t.app.inject({ method: 'POST', url: `/api/referrals/${id}/accept`, payload: {} }), 401);
    for (const user of [u.workerC, u.analystB, u.adminB, u.analystA]) expectError(await act(t, user, id, 'accept'), 404);
    expectError(await act(t, u.workerB, randomUUID(), 'accept'), 404);
    expect((await readReferral(t, u.workerA, id)).json().status).toBe('sent');
  });
});
