/** The edit lock between two officers, and merging duplicates, through HTTP (issue 4 part 3). */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { auditRows, countRows, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { arrangeAlert, buildAlert } from '../../test/factories-alert-triage';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let first: SignedInUser;
let second: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  first = await signInNew(t.app, t.ctx, 'coordinator', orgA);
  second = await signInNew(t.app, t.ctx, 'supervisor', orgA);
}, 120_000);
afterAll(async () => t?.close());

const TABLES = ['alerts', 'alert_events', 'audit_log'] as const;
const send = (user: SignedInUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const lock = (user: SignedInUser, id: string) => send(user, 'POST', `/api/alerts/${id}/lock`);
const unlock = (user: SignedInUser, id: string) => send(user, 'DELETE', `/api/alerts/${id}/lock`);
const merge = (user: SignedInUser, id: string, body: unknown) => send(user, 'POST', `/api/alerts/${id}/merge`, body);
const row = (id: string) => t.ownerDb.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const newAlert = async (organisationId = orgA) => (await buildAlert(t.ctx, organisationId)).id;
const userName = async (id: string) => (await t.ownerDb.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;

function expectLockedBy(res: Awaited<ReturnType<typeof lock>>, holder: SignedInUser) {
  expectError(res, 409, { code: 'alerts.locked' });
  const { error } = res.json() as { error: { message: string; details: { userId: string; until: string } } };
  expect(error.details.userId).toBe(holder.id);
  expect(Date.parse(error.details.until)).toBeGreaterThan(Date.now());
  expect(error.message).toContain(error.details.until);
  return error;
}

describe('edit lock', () => {
  it('keeps a second officer out until the holder releases it', async () => {
    const id = await newAlert();
    const taken = await lock(first, id);
    expect(taken.statusCode, taken.body).toBe(200);
    const { lock: held } = taken.json() as { lock: { userId: string; until: string } };
    expect(held.userId).toBe(first.id);
    const minutes = (Date.parse(held.until) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9.9);
    expect(minutes).toBeLessThanOrEqual(10);
    expect((await row(id)).version).toBe(1);

    const target = await newAlert();
    const before = await countRows(t.ctx, TABLES);
    const error = expectLockedBy(await lock(second, id), first);
    expect(error.message).toContain(await userName(first.id));
    expectLockedBy(await send(second, 'POST', `/api/alerts/${id}/transition`, { to: 'acknowledged', version: 1 }), first);
    expectLockedBy(await send(second, 'PATCH', `/api/alerts/${id}`, { version: 1, severity: 'high' }), first);
    expectLockedBy(await merge(second, id, { intoId: target, version: 1 }), first);
    expectLockedBy(await unlock(second, id), first);
    expect(await countRows(t.ctx, TABLES)).toEqual(before);

    // The holder writes; holding the lock is no condition for it, someone else's is the only bar.
    const shown = await send(first, 'POST', `/api/alerts/${id}/transition`, { to: 'acknowledged', version: 1 });
    expect(shown.statusCode, shown.body).toBe(200);
    expect((shown.json() as AlertSummary).lock).toEqual(held);

    expect((await unlock(first, id)).statusCode).toBe(204);
    expect(await row(id)).toMatchObject({ locked_by: null, locked_until: null });
    const now = await lock(second, id);
    expect(now.statusCode).toBe(200);
    expect((await send(second, 'POST', `/api/alerts/${id}/transition`, { to: 'verifying', version: 2 })).statusCode).toBe(200);
    expect((await auditRows(t.ctx, { action: 'alert.lock', resourceId: id })).map((a) => a.actor_user_id).sort()).toEqual([first.id, second.id].sort());
    expect((await auditRows(t.ctx, { action: 'alert.unlock', resourceId: id })).map((a) => a.actor_user_id)).toEqual([first.id]);
  });

  it('frees an expired lock for anyone', async () => {
    const id = await newAlert();
    expect((await lock(first, id)).statusCode).toBe(200);
    expectLockedBy(await lock(second, id), first);
    await arrangeAlert(t.ownerDb, id, { locked_until: new Date(Date.now() - 1000) });
    const res = await send(second, 'PATCH', `/api/alerts/${id}`, { version: 1, severity: 'medium' });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as AlertSummary).lock).toBeNull();
    const taken = await lock(second, id);
    expect(taken.statusCode).toBe(200);
    expect((taken.json() as { lock: { userId: string } }).lock.userId).toBe(second.id);
    expectLockedBy(await lock(first, id), second);
  });

  it('gives a free alert to exactly one of two officers asking at once, and one of two writes at the same version', async () => {
    const id = await newAlert();
    const locks = await Promise.all([lock(first, id), lock(second, id)]);
    expect(locks.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    await arrangeAlert(t.ownerDb, id, { locked_by: null, locked_until: null });
    const writes = await Promise.all([
      send(first, 'POST', `/api/alerts/${id}/transition`, { to: 'acknowledged', version: 1 }),
      send(second, 'POST', `/api/alerts/${id}/transition`, { to: 'verifying', version: 1 }),
    ]);
    expect(writes.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((writes.find((r) => r.statusCode === 409)!.json() as { error: { code: string } }).error.code).toBe('alerts.version_conflict');
    expect((await row(id)).version).toBe(2);
  });

  it('renews the holder’s own lock, and releasing nothing is no error', async () => {
    const id = await newAlert();
    expect((await unlock(first, id)).statusCode).toBe(204);
    const one = (await lock(first, id)).json() as { lock: { until: string } };
    await arrangeAlert(t.ownerDb, id, { locked_until: new Date(Date.now() + 60_000) });
    const two = (await lock(first, id)).json() as { lock: { until: string } };
    expect(Date.parse(two.lock.until)).toBeGreaterThanOrEqual(Date.parse(one.lock.until));
    expectError(await lock(first, randomUUID()), 404, { code: 'alert.not_found' });
  });
});

describe('merging duplicates', () => {
  it('marks the alert a duplicate, with a merged event on both, and unmerges it back to new', async () => {
    const id = await newAlert();
    const intoId = await newAlert();
    const res = await merge(first, id, { intoId, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'duplicate', mergedIntoId: intoId, version: 2, closedAt: expect.any(String), acknowledgedAt: expect.any(String) });
    const merged = await t.ownerDb.selectFrom('alert_events').selectAll().where('kind', '=', 'merged').where('alert_id', 'in', [id, intoId]).execute();
    expect(merged.find((e) => e.alert_id === id)?.details).toEqual({ intoId });
    expect(merged.find((e) => e.alert_id === intoId)?.details).toEqual({ mergedIds: [id] });
    expect((await row(intoId)).version).toBe(1);
    expect((await auditRows(t.ctx, { action: 'alert.merge', resourceId: id }))[0]!.details).toEqual({ from: 'new', intoId });

    expectError(await send(first, 'POST', `/api/alerts/${id}/transition`, { to: 'new', version: 2 }), 409, { code: 'alerts.transition_not_allowed', field: 'to' });
    expectError(await merge(first, id, { intoId: await newAlert(), version: 2 }), 409, { code: 'alerts.already_merged' });
    expectError(await merge(first, await newAlert(), { intoId: id, version: 1 }), 400, { code: 'alerts.merge_target_duplicate', field: 'intoId' });

    const back = await send(first, 'POST', `/api/alerts/${id}/unmerge`, { version: 2 });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ state: 'new', mergedIntoId: null, closedAt: null, version: 3 });
    expectError(await send(first, 'POST', `/api/alerts/${id}/unmerge`, { version: 3 }), 409, { code: 'alerts.not_merged' });
    expect((await auditRows(t.ctx, { action: 'alert.unmerge', resourceId: id }))[0]!.details).toEqual({ fromId: intoId });
  });

  it('answers a missing and another organisation’s target alike, and refuses merging into itself', async () => {
    const id = await newAlert();
    const before = await countRows(t.ctx, TABLES);
    const missing = await merge(first, id, { intoId: randomUUID(), version: 1 });
    const foreign = await merge(first, id, { intoId: await newAlert(orgB), version: 1 });
    const afterForeign = await countRows(t.ctx, TABLES);
    for (const res of [missing, foreign]) expectError(res, 400, { code: 'alerts.merge_target_not_found', field: 'intoId' });
    expect((missing.json() as { error: { message: string } }).error.message).toBe((foreign.json() as { error: { message: string } }).error.message);
    expectError(await merge(first, id, { intoId: id, version: 1 }), 400, { code: 'alerts.merge_into_self', field: 'intoId' });
    expectError(await merge(first, id, { intoId: 'B-123', version: 1 }), 400, { field: 'body.intoId' });
    // Only the other organisation's new alert (and its intake rows) was written meanwhile.
    expect(afterForeign.alerts).toBe(before.alerts! + 1);
    expect(await row(id)).toMatchObject({ state: 'new', version: 1 });
  });
});
