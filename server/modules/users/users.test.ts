import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type SignedInUser } from '../../test/factories';
import { auditRows, countRows, expectDeniedAudit, expectError, signInNew, WRITABLE_TABLES } from '../../test/authz/helpers';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgId: string;
let admin: SignedInUser;
let viewer: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  orgId = (await buildOrganisation(t.ctx)).id;
  admin = await signInNew(t.app, t.ctx, 'admin', orgId);
  viewer = await signInNew(t.app, t.ctx, 'viewer', orgId);
});
afterAll(async () => t?.close());

const newUser = (overrides: Record<string, unknown> = {}) => {
  const suffix = randomUUID().slice(0, 8);
  return { organisationId: orgId, email: `new.${suffix}@example.org`, displayName: `Fictional Newcomer ${suffix}`, role: 'case_worker', ...overrides };
};

describe('GET /api/users', () => {
  it('answers 401 without a session and 403 to a viewer', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/users' }), 401);
    const res = await t.app.inject({ method: 'GET', url: '/api/users', headers: viewer.headers });
    expectError(res, 403);
    await expectDeniedAudit(t.ctx, res);
  });

  it('names a bad filter', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/users?organisationId=abc', headers: admin.headers }), 400, { field: 'query.organisationId' });
  });

  it('lists the admin’s own organisation, without secrets, never cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const rows = (res.json() as { data: Array<Record<string, unknown>> }).data;
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([admin.id, viewer.id]));
    expect(rows.every((r) => r.organisationId === orgId)).toBe(true);
    expect(res.body).not.toMatch(/password|totp_secret|totpSecret|\$argon2/);
  });
});

describe('POST /api/users', () => {
  it('answers 401 without a session and 403 to a viewer', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/users', payload: newUser() }), 401);
    expectError(await t.app.inject({ method: 'POST', url: '/api/users', headers: viewer.headers, payload: newUser() }), 403);
  });

  it('names the bad field and writes nothing', async () => {
    const before = await countRows(t.ctx, WRITABLE_TABLES);
    const cases: Array<[Record<string, unknown>, string]> = [
      [newUser({ email: 'not-an-email' }), 'body.email'],
      [newUser({ role: 'superuser' }), 'body.role'],
      [newUser({ organisationId: 'org-1' }), 'body.organisationId'],
      [newUser({ displayName: '' }), 'body.displayName'],
      [newUser({ language: 'xx' }), 'body.language'],
    ];
    for (const [payload, field] of cases) {
      expectError(await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload }), 400, { code: 'validation.invalid', field });
    }
    expect(await countRows(t.ctx, WRITABLE_TABLES)).toEqual(before);
  });

  it('creates a user with a one-time password shown once, audited as user.create', async () => {
    const body = newUser();
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { user, temporaryPassword } = res.json() as { user: { id: string; role: string; totpEnabled: boolean }; temporaryPassword: string };
    expect(user).toMatchObject({ role: 'case_worker', totpEnabled: false });
    expect(temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const row = await t.ctx.db.selectFrom('users').select(['password_hash', 'must_change_password']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(true);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(temporaryPassword);
    const [audit] = await auditRows(t.ctx, { action: 'user.create', resourceId: user.id });
    expect(audit).toMatchObject({ actor_user_id: admin.id, organisation_id: orgId, outcome: 'success', details: { role: 'case_worker' } });
    expect(JSON.stringify(audit)).not.toContain(body.email);
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    const existing = await buildUser(t.ctx, { organisationId: orgId });
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: newUser({ email: existing.email.toUpperCase() }) });
    expectError(res, 409, { code: 'user.email_taken', field: 'email' });
  });

  it('refuses an admin adding a user to another organisation (403), audited', async () => {
    const other = await buildOrganisation(t.ctx);
    const before = await countRows(t.ctx, ['users']);
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: newUser({ organisationId: other.id }) });
    expectError(res, 403, { code: 'user.forbidden' });
    await expectDeniedAudit(t.ctx, res);
    expect(await countRows(t.ctx, ['users'])).toEqual(before);
  });
});

describe('PATCH /api/users/:id', () => {
  it('answers 401 without a session and 404 to a viewer', async () => {
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/users/${viewer.id}`, payload: { displayName: 'x' } }), 401);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.id}`, headers: viewer.headers, payload: { displayName: 'Hijacked' } });
    expectError(res, 404, { code: 'user.not_found' });
    await expectDeniedAudit(t.ctx, res);
  });

  it('names the bad field and writes nothing', async () => {
    const before = await countRows(t.ctx, WRITABLE_TABLES);
    expectError(await t.app.inject({ method: 'PATCH', url: '/api/users/42', headers: admin.headers, payload: {} }), 400, { field: 'params.id' });
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/users/${viewer.id}`, headers: admin.headers, payload: { role: 'root' } }), 400, { field: 'body.role' });
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/users/${viewer.id}`, headers: admin.headers, payload: { disabled: 1 } }), 400, { field: 'body.disabled' });
    expect(await countRows(t.ctx, WRITABLE_TABLES)).toEqual(before);
  });

  it('answers 404 for an unknown user', async () => {
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/users/${randomUUID()}`, headers: admin.headers, payload: { displayName: 'Nobody' } }), 404);
  });

  it('changes a user, audited as user.update with the fields but not their values', async () => {
    const target = await buildUser(t.ctx, { organisationId: orgId });
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: admin.headers, payload: { displayName: 'Fictional Renamed', language: 'fr' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: 'Fictional Renamed', language: 'fr' });
    const [audit] = await auditRows(t.ctx, { action: 'user.update', resourceId: target.id });
    expect(audit?.details).toEqual({ fields: ['displayName', 'language'] });
    expect(JSON.stringify(audit)).not.toContain('Fictional Renamed');
  });

  it('keeps an admin from disabling or demoting themself', async () => {
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.id}`, headers: admin.headers, payload: { role: 'viewer' } }), 409, { code: 'user.self_lockout', field: 'role' });
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.id}`, headers: admin.headers, payload: { disabled: true } }), 409, { field: 'disabled' });
  });
});
