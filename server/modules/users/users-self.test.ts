import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, signIn, type SignedInUser } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let admin: SignedInUser;
beforeAll(async () => {
  t = await createTestApp();
  const operator = await buildOrganisation(t.ctx, { isPlatformOperator: true });
  admin = await signIn(t.app, await buildUser(t.ctx, { role: 'admin', organisationId: operator.id }));
});
afterAll(async () => t?.close());

describe('administrators and their own account', () => {
  it('cannot reset their own password or second factor (that would skip the current-password check)', async () => {
    for (const action of ['reset-password', 'reset-totp']) {
      const res = await t.app.inject({ method: 'POST', url: `/api/users/${admin.id}/${action}`, headers: admin.headers });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('user.self_reset');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });
});

describe('a role that needs a second factor (AUTHN-1)', () => {
  it('ends the sessions of a user promoted to it without one, so they enrol at the next sign-in', async () => {
    const viewer = await signIn(t.app, await buildUser(t.ctx, { role: 'viewer', organisationId: admin.organisationId }));
    expect(viewer.session.user.totpEnabled).toBe(false);
    const promote = await t.app.inject({ method: 'PATCH', url: `/api/users/${viewer.id}`, headers: admin.headers, payload: { role: 'case_worker' } });
    expect(promote.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: viewer.cookie } })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: viewer.email, password: viewer.password }, remoteAddress: '10.88.0.1' });
    expect(again.json().stage).toBe('totp_enrolment_required');
  });
});

describe('authentication comes before validation (AUTHZ-1)', () => {
  it('answers 401, not a schema error, to an anonymous request with a bad body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/users', payload: { email: 'not an email' } });
    expect(res.statusCode).toBe(401);
  });
});
