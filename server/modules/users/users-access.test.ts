/**
 * What user administration does to access: organisation isolation (AUTHZ-1), disabling and
 * role changes taking effect at once (AUTHZ-3), resets that force new credentials (AUTHN-1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, signIn, type SignedInUser } from '../../test/factories';
import { auditRows, cookieOf, expectError, fromNewAddress, signInNew } from '../../test/authz/helpers';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let platformAdmin: SignedInUser;
let adminB: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx, { isPlatformOperator: true })).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  platformAdmin = await signInNew(t.app, t.ctx, 'admin', orgA);
  adminB = await signInNew(t.app, t.ctx, 'admin', orgB);
});
afterAll(async () => t?.close());

const get = (url: string, user: { headers: Record<string, string> }) => t.app.inject({ method: 'GET', url, headers: user.headers });
const login = (email: string, password: string) =>
  fromNewAddress(t.app).inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

describe('organisation isolation', () => {
  it('an admin of B neither sees nor changes users of A (404, audited as denied)', async () => {
    const userA = await buildUser(t.ctx, { organisationId: orgA });
    const list = await get(`/api/users?organisationId=${orgA}`, adminB);
    expect(list.statusCode).toBe(200);
    const rows = (list.json() as { data: Array<{ id: string; organisationId: string }> }).data;
    expect(rows.some((r) => r.id === userA.id)).toBe(false);
    expect(rows.every((r) => r.organisationId === orgB)).toBe(true);

    const before = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', userA.id).executeTakeFirstOrThrow();
    const attempts = [
      t.app.inject({ method: 'PATCH', url: `/api/users/${userA.id}`, headers: adminB.headers, payload: { displayName: 'Taken over', disabled: true } }),
      t.app.inject({ method: 'POST', url: `/api/users/${userA.id}/reset-password`, headers: adminB.headers }),
      t.app.inject({ method: 'POST', url: `/api/users/${userA.id}/reset-totp`, headers: adminB.headers }),
    ];
    for (const res of await Promise.all(attempts)) {
      expectError(res, 404, { code: 'user.not_found' });
      expect(res.body).not.toContain(userA.email);
      const [audit] = await auditRows(t.ctx, { requestId: (res.json() as { error: { requestId: string } }).error.requestId });
      expect(audit).toMatchObject({ action: 'http.denied', outcome: 'denied', actor_user_id: adminB.id, organisation_id: orgB, details: { code: 'user.not_found' } });
    }
    expect(await t.ctx.db.selectFrom('users').selectAll().where('id', '=', userA.id).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('a platform admin sees and changes users of every organisation', async () => {
    const userB = await buildUser(t.ctx, { organisationId: orgB });
    const list = await get(`/api/users?organisationId=${orgB}`, platformAdmin);
    const rows = (list.json() as { data: Array<{ id: string; organisationId: string }> }).data;
    expect(rows.some((r) => r.id === userB.id)).toBe(true);
    expect(rows.every((r) => r.organisationId === orgB)).toBe(true);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${userB.id}`, headers: platformAdmin.headers, payload: { displayName: 'Fictional Corrected' } });
    expect(res.statusCode).toBe(200);
    const [audit] = await auditRows(t.ctx, { action: 'user.update', resourceId: userB.id });
    expect(audit).toMatchObject({ actor_user_id: platformAdmin.id, organisation_id: orgA });
  });
});

describe('AUTHZ-3: changes take effect on the next request', () => {
  it('disabling a user ends all their sessions at once', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgB });
    const first = await signIn(fromNewAddress(t.app), user);
    const second = await signIn(fromNewAddress(t.app), user);
    expect((await get('/api/auth/session', first)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: adminB.headers, payload: { disabled: true } });
    expect(res.json().disabled).toBe(true);
    expect((await get('/api/auth/session', first)).statusCode).toBe(401);
    expect((await get('/api/notifications', second)).statusCode).toBe(401);
    expect(await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: adminB.headers, payload: { disabled: false } });
    expect((await login(user.email, user.password)).statusCode).toBe(200);
  });

  it('a demoted admin is refused on their very next admin request', async () => {
    const colleague = await signInNew(t.app, t.ctx, 'admin', orgB);
    expect((await get('/api/users', colleague)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${colleague.id}`, headers: adminB.headers, payload: { role: 'viewer' } });
    expect(res.json().role).toBe('viewer');
    expectError(await get('/api/users', colleague), 403);
    expectError(await get('/api/tokens', colleague), 403);
    const [audit] = await auditRows(t.ctx, { action: 'user.update', resourceId: colleague.id });
    expect(audit?.details).toEqual({ fields: ['role'], role: 'viewer' });
  });
});

describe('POST /api/users/:id/reset-password', () => {
  it('answers 401 without a session, 404 to a non-admin, 400 for a bad id', async () => {
    const viewer = await signInNew(t.app, t.ctx, 'viewer', orgB);
    expectError(await t.app.inject({ method: 'POST', url: `/api/users/${viewer.id}/reset-password` }), 401);
    expectError(await t.app.inject({ method: 'POST', url: `/api/users/${adminB.id}/reset-password`, headers: viewer.headers }), 404);
    expectError(await t.app.inject({ method: 'POST', url: '/api/users/me/reset-password', headers: adminB.headers }), 400, { field: 'params.id' });
  });

  it('gives a one-time password that must be changed before anything else', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgB });
    const before = await signIn(fromNewAddress(t.app), user);
    const res = await t.app.inject({ method: 'POST', url: `/api/users/${user.id}/reset-password`, headers: adminB.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { temporaryPassword } = res.json() as { temporaryPassword: string };
    expect((await get('/api/auth/session', before)).statusCode).toBe(401);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    const [audit] = await auditRows(t.ctx, { action: 'user.password_reset', resourceId: user.id });
    expect(audit).toMatchObject({ actor_user_id: adminB.id, outcome: 'success' });
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);

    const signedIn = await login(user.email, temporaryPassword);
    expect(signedIn.json().user.mustChangePassword).toBe(true);
    const headers = { cookie: cookieOf(signedIn), 'x-csrf-token': signedIn.json().csrfToken as string };
    for (const url of ['/api/organisations', '/api/tokens/purposes']) {
      expectError(await t.app.inject({ method: 'GET', url, headers }), 403, { code: 'auth.password_change_required' });
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications', headers })).statusCode).toBe(200);
    const kinds = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers })).json().data.map((n: { kind: string }) => n.kind);
    expect(kinds).toContain('password_reset');
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: temporaryPassword, newPassword: 'quiet lanterns over the lake' } });
    expect(change.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/organisations', headers })).statusCode).toBe(200);
    expect((await login(user.email, temporaryPassword)).statusCode).toBe(401);
  });
});

describe('POST /api/users/:id/reset-totp', () => {
  it('answers 401 without a session and 404 to a non-admin', async () => {
    const worker = await signInNew(t.app, t.ctx, 'case_worker', orgB);
    expectError(await t.app.inject({ method: 'POST', url: `/api/users/${worker.id}/reset-totp` }), 401);
    expectError(await t.app.inject({ method: 'POST', url: `/api/users/${adminB.id}/reset-totp`, headers: worker.headers }), 404);
  });

  it('forces enrolment of a new device at the next sign-in', async () => {
    const worker = await signInNew(t.app, t.ctx, 'case_worker', orgB);
    const res = await t.app.inject({ method: 'POST', url: `/api/users/${worker.id}/reset-totp`, headers: adminB.headers });
    expect(res.statusCode).toBe(204);
    expect((await get('/api/auth/session', worker)).statusCode).toBe(401);
    const row = await t.ctx.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', worker.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null });
    const again = await login(worker.email, worker.password);
    expect(again.json().stage).toBe('totp_enrolment_required');
    const headers = { cookie: cookieOf(again) };
    expectError(await t.app.inject({ method: 'GET', url: '/api/organisations', headers }), 401, { code: 'auth.second_factor_required' });
    const [audit] = await auditRows(t.ctx, { action: 'user.totp_reset', resourceId: worker.id });
    expect(audit).toMatchObject({ actor_user_id: adminB.id, outcome: 'success' });
  });
});
