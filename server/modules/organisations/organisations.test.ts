import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation } from '../../test/factories';
import { auditRows, countRows, expectDeniedAudit, expectError, signInNew, WRITABLE_TABLES } from '../../test/authz/helpers';
import { createTestApp, type TestApp } from '../../test/runtime';
import type { SignedInUser } from '../../test/factories';

let t: TestApp;
let operatorId: string;
let platformAdmin: SignedInUser;
let partnerAdmin: SignedInUser;
let viewer: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  operatorId = (await buildOrganisation(t.ctx, { isPlatformOperator: true })).id;
  const partnerId = (await buildOrganisation(t.ctx)).id;
  platformAdmin = await signInNew(t.app, t.ctx, 'admin', operatorId);
  partnerAdmin = await signInNew(t.app, t.ctx, 'admin', partnerId);
  viewer = await signInNew(t.app, t.ctx, 'viewer', partnerId);
});
afterAll(async () => t?.close());

const newOrganisation = (suffix = randomUUID().slice(0, 8)) => ({ name: `Fictional Aid ${suffix}`, shortName: `FA-${suffix}`, kind: 'international_ngo' });

describe('GET /api/organisations', () => {
  it('answers 401 without a session', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/organisations' }), 401, { code: 'auth.required' });
  });

  it('lists the directory to any signed-in user', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: viewer.headers });
    expect(res.statusCode).toBe(200);
    const ids = (res.json() as { data: Array<{ id: string }> }).data.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([operatorId, viewer.organisationId]));
  });
});

describe('POST /api/organisations', () => {
  it('answers 401 without a session', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/organisations', payload: newOrganisation() }), 401);
  });

  it('refuses admins of other organisations (403) and audits the refusal', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: partnerAdmin.headers, payload: newOrganisation() });
    expectError(res, 403, { code: 'forbidden' });
    await expectDeniedAudit(t.ctx, res);
  });

  it('names the bad field and writes nothing', async () => {
    const before = await countRows(t.ctx, WRITABLE_TABLES);
    const missing = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: platformAdmin.headers, payload: { name: 'Fictional', kind: 'other' } });
    expectError(missing, 400, { code: 'validation.invalid', field: 'body.shortName' });
    const kind = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: platformAdmin.headers, payload: { ...newOrganisation(), kind: 'militia' } });
    expectError(kind, 400, { field: 'body.kind' });
    const country = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: platformAdmin.headers, payload: { ...newOrganisation(), countryCode: 'cd' } });
    expectError(country, 400, { field: 'body.countryCode' });
    expect(await countRows(t.ctx, WRITABLE_TABLES)).toEqual(before);
  });

  it('lets a platform admin add one, audited as organisation.create', async () => {
    const body = newOrganisation();
    const res = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: platformAdmin.headers, payload: body });
    expect(res.statusCode).toBe(201);
    const created = res.json() as { id: string; shortName: string; disabled: boolean };
    expect(created).toMatchObject({ shortName: body.shortName, disabled: false });
    const [audit] = await auditRows(t.ctx, { action: 'organisation.create', resourceId: created.id });
    expect(audit).toMatchObject({ actor_user_id: platformAdmin.id, outcome: 'success' });
    const again = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: platformAdmin.headers, payload: { ...newOrganisation(), shortName: body.shortName.toLowerCase() } });
    expectError(again, 409, { code: 'organisation.short_name_taken', field: 'shortName' });
  });
});

describe('PATCH /api/organisations/:id', () => {
  it('answers 401 without a session', async () => {
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/organisations/${operatorId}`, payload: { name: 'x' } }), 401);
  });

  it('refuses a partner admin, even on their own organisation (403)', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${partnerAdmin.organisationId}`, headers: partnerAdmin.headers, payload: { name: 'Renamed by itself' } });
    expectError(res, 403);
    await expectDeniedAudit(t.ctx, res);
  });

  it('names the bad field and writes nothing', async () => {
    const before = await countRows(t.ctx, WRITABLE_TABLES);
    expectError(await t.app.inject({ method: 'PATCH', url: '/api/organisations/not-an-id', headers: platformAdmin.headers, payload: {} }), 400, { field: 'params.id' });
    expectError(
      await t.app.inject({ method: 'PATCH', url: `/api/organisations/${operatorId}`, headers: platformAdmin.headers, payload: { name: '   ' } }),
      400,
      { field: 'body.name' },
    );
    expectError(
      await t.app.inject({ method: 'PATCH', url: `/api/organisations/${operatorId}`, headers: platformAdmin.headers, payload: { disabled: 'yes' } }),
      400,
      { field: 'body.disabled' },
    );
    expect(await countRows(t.ctx, WRITABLE_TABLES)).toEqual(before);
  });

  it('answers 404 for an unknown organisation', async () => {
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/organisations/${randomUUID()}`, headers: platformAdmin.headers, payload: { name: 'Nobody' } }), 404, { code: 'organisation.not_found' });
  });

  it('renames, audited as organisation.update', async () => {
    const org = await buildOrganisation(t.ctx);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${org.id}`, headers: platformAdmin.headers, payload: { name: 'Fictional Renamed Relief' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('Fictional Renamed Relief');
    const [audit] = await auditRows(t.ctx, { action: 'organisation.update', resourceId: org.id });
    expect(audit?.details).toEqual({ fields: ['name'] });
  });

  it('answers an empty change with the organisation as it is (found by fuzzing: was a 500)', async () => {
    const org = await buildOrganisation(t.ctx);
    const before = await countRows(t.ctx, WRITABLE_TABLES);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${org.id}`, headers: platformAdmin.headers, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: org.id, name: org.name, disabled: false });
    expect(await countRows(t.ctx, WRITABLE_TABLES)).toEqual(before);
  });

  it('disabling an organisation ends its users’ sessions at once (AUTHZ-3)', async () => {
    const org = await buildOrganisation(t.ctx);
    const member = await signInNew(t.app, t.ctx, 'viewer', org.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: member.headers })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${org.id}`, headers: platformAdmin.headers, payload: { disabled: true } });
    expect(res.json().disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: member.headers })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: member.password }, remoteAddress: '10.250.0.1' });
    expect(login.statusCode).toBe(401);
  });

  it('keeps the operating organisation enabled', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${operatorId}`, headers: platformAdmin.headers, payload: { disabled: true } });
    expectError(res, 409, { code: 'organisation.operator', field: 'disabled' });
  });
});
