import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, signIn, type SignedInUser } from '../../test/factories';
import { countRows, expectDeniedAudit, expectError, fromNewAddress, signInNew, WRITABLE_TABLES } from '../../test/authz/helpers';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgId: string;
let alice: SignedInUser;
let bob: SignedInUser;

interface Notice {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  readAt: string | null;
}

beforeAll(async () => {
  t = await createTestApp();
  orgId = (await buildOrganisation(t.ctx)).id;
  alice = await signInNew(t.app, t.ctx, 'viewer', orgId);
  bob = await signInNew(t.app, t.ctx, 'viewer', orgId);
});
afterAll(async () => t?.close());

const list = async (user: SignedInUser) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: user.headers });
  expect(res.statusCode).toBe(200);
  return (res.json() as { data: Notice[] }).data;
};

describe('GET /api/notifications', () => {
  it('answers 401 without a session', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/notifications' }), 401);
  });

  it('a sign-in notifies that user, and only that user', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgId });
    const bobBefore = await list(bob);
    const signedIn = await signIn(fromNewAddress(t.app, '10.77.1.2'), user);
    const notices = await list(signedIn);
    expect(notices.map((n) => n.kind)).toEqual(['sign_in']);
    // The factory signs in from its own test address; the notice names whichever it was.
    expect(String(notices[0]!.data.ip)).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(notices[0]!.readAt).toBeNull();
    expect(await list(bob)).toEqual(bobBefore);
    const rows = await t.ctx.db.selectFrom('notifications').select('user_id').where('kind', '=', 'sign_in').execute();
    expect(rows.filter((r) => r.user_id === user.id)).toHaveLength(1);
  });

  it('tells of a password change', async () => {
    const user = await signInNew(t.app, t.ctx, 'viewer', orgId);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: user.headers, payload: { currentPassword: user.password, newPassword: 'amber fields after rain' } });
    expect(res.statusCode).toBe(204);
    expect((await list(user)).map((n) => n.kind)).toContain('password_changed');
  });
});

describe('POST /api/notifications/:id/read', () => {
  it('answers 401 without a session and 400 for a bad id', async () => {
    const [notice] = await list(alice);
    expectError(await t.app.inject({ method: 'POST', url: `/api/notifications/${notice!.id}/read` }), 401);
    expectError(await t.app.inject({ method: 'POST', url: '/api/notifications/first/read', headers: alice.headers }), 400, { field: 'params.id' });
  });

  it('marks one’s own notice read', async () => {
    const [notice] = await list(alice);
    const res = await t.app.inject({ method: 'POST', url: `/api/notifications/${notice!.id}/read`, headers: alice.headers });
    expect(res.statusCode).toBe(204);
    expect((await list(alice)).find((n) => n.id === notice!.id)?.readAt).not.toBeNull();
  });

  it('answers 404 for another user’s notice, audited, and changes nothing', async () => {
    const [notice] = await list(bob);
    const before = await countRows(t.ctx, WRITABLE_TABLES.filter((name) => name !== 'audit_log'));
    const res = await t.app.inject({ method: 'POST', url: `/api/notifications/${notice!.id}/read`, headers: alice.headers });
    expectError(res, 404, { code: 'notification.not_found' });
    await expectDeniedAudit(t.ctx, res);
    expect((await list(bob)).find((n) => n.id === notice!.id)?.readAt).toBeNull();
    expect(await countRows(t.ctx, WRITABLE_TABLES.filter((name) => name !== 'audit_log'))).toEqual(before);
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await t.app.inject({ method: 'POST', url: `/api/notifications/${randomUUID()}/read`, headers: alice.headers }), 404);
  });

  it('stays reachable while a password change is owed', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgId, mustChangePassword: true });
    const signedIn = await signIn(fromNewAddress(t.app), user);
    expectError(await t.app.inject({ method: 'GET', url: '/api/organisations', headers: signedIn.headers }), 403, { code: 'auth.password_change_required' });
    const [notice] = await list(signedIn);
    expect((await t.app.inject({ method: 'POST', url: `/api/notifications/${notice!.id}/read`, headers: signedIn.headers })).statusCode).toBe(204);
  });
});
