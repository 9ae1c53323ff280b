import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, countRows, expectDeniedAudit, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildService } from '../../test/factories-referrals';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let adminA: SignedInUser;
let coordinatorA: SignedInUser;
let workerA: SignedInUser;
let platformAdmin: SignedInUser;
let province: string;
let territory: string;
let otherProvince: string;

async function buildArea(code: string, level: number, parentId: string | null) {
  const row = await t.ctx.db
    .insertInto('areas')
    .values({ code, level, level_name: level === 1 ? 'province' : 'territory', parent_id: parentId, names: JSON.stringify({ en: `Fictional ${code}` }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  orgA = (await buildOrganisation(t.ctx)).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  const operator = (await buildOrganisation(t.ctx, { isPlatformOperator: true })).id;
  [adminA, coordinatorA, workerA, platformAdmin] = await Promise.all([
    signInNew(t.app, t.ctx, 'admin', orgA),
    signInNew(t.app, t.ctx, 'coordinator', orgA),
    signInNew(t.app, t.ctx, 'case_worker', orgA),
    signInNew(t.app, t.ctx, 'admin', operator),
  ]);
  const tag = randomUUID().slice(0, 6).toUpperCase();
  province = await buildArea(`CDX${tag}`, 1, null);
  territory = await buildArea(`CDX${tag}01`, 2, province);
  otherProvince = await buildArea(`CDY${tag}`, 1, null);
});
afterAll(async () => t?.close());

const valid = () => ({ name: `Fictional Listening Centre ${randomUUID().slice(0, 6)}`, type: 'psychosocial', areaIds: [province], languages: ['fr', 'ln'], hours: 'Mon-Fri 8-16', contact: 'Reception desk, +000 000 000', facilityName: 'Fictional Health Post' });

describe('POST /api/services', () => {
  it('answers 401 without a session and 403 to a role without services.manage', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/services', payload: valid() }), 401);
    const res = await t.app.inject({ method: 'POST', url: '/api/services', headers: workerA.headers, payload: valid() });
    expectError(res, 403);
    await expectDeniedAudit(t.ctx, res);
  });

  it('lets an admin or coordinator add an entry of their own organisation, audited', async () => {
    for (const user of [adminA, coordinatorA]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/services', headers: user.headers, payload: valid() });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ organisationId: orgA, type: 'psychosocial', areaIds: [province], languages: ['fr', 'ln'], acceptsReferrals: true, disabled: false, policies: { update: true } });
      expect((await auditRows(t.ctx, { action: 'service.create', resourceId: body.id })).length).toBe(1);
    }
  });

  it("refuses another organisation's entry, except to a platform administrator", async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/services', headers: adminA.headers, payload: { ...valid(), organisationId: orgB } }), 403);
    const res = await t.app.inject({ method: 'POST', url: '/api/services', headers: platformAdmin.headers, payload: { ...valid(), organisationId: orgB } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().organisationId).toBe(orgB);
  });

  it('names the bad field and writes nothing', async () => {
    const before = await countRows(t.ctx, ['services', 'audit_log']);
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/services', headers: adminA.headers, payload });
    expectError(await post({ ...valid(), type: 'spa' }), 400, { field: 'body.type' });
    expectError(await post({ ...valid(), languages: ['french'] }), 400, { field: 'body.languages.0' });
    expectError(await post({ ...valid(), areaIds: ['not-an-id'] }), 400, { field: 'body.areaIds.0' });
    expectError(await post({ ...valid(), areaIds: [randomUUID()] }), 400, { code: 'service.area_unknown', field: 'areaIds.0' });
    expectError(await post({ ...valid(), name: '' }), 400, { field: 'body.name' });
    expectError(await post({ ...valid(), surprise: true }), 400);
    expect(await countRows(t.ctx, ['services', 'audit_log'])).toEqual(before);
  });
});

describe('GET /api/services', () => {
  it('answers 401 without a session', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/services' }), 401);
  });

  it('is readable by every signed-in user and filters by type, area (parents included), organisation and language', async () => {
    const legal = await buildService(t.ctx, orgB, { type: 'legal', areaIds: [territory], languages: ['sw'] });
    const medical = await buildService(t.ctx, orgB, { type: 'medical', areaIds: [province], languages: ['fr'] });
    const elsewhere = await buildService(t.ctx, orgA, { type: 'medical', areaIds: [otherProvince], languages: ['fr'] });
    const get = async (query: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/services${query}`, headers: workerA.headers });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as Array<{ id: string; policies: { update: boolean } }>).map((s) => s.id);
    };
    const inTerritory = await get(`?areaId=${territory}`);
    expect(inTerritory).toEqual(expect.arrayContaining([legal.id, medical.id]));
    expect(inTerritory).not.toContain(elsewhere.id);
    const inProvince = await get(`?areaId=${province}`);
    expect(inProvince).toContain(medical.id);
    expect(inProvince).not.toContain(legal.id);
    expect(await get(`?type=legal&organisationId=${orgB}`)).toEqual([legal.id]);
    const swahili = await get('?language=sw');
    expect(swahili).toContain(legal.id);
    expect(swahili).not.toContain(medical.id);
    expectError(await t.app.inject({ method: 'GET', url: `/api/services?areaId=${randomUUID()}`, headers: workerA.headers }), 400, { field: 'areaId' });
    expectError(await t.app.inject({ method: 'GET', url: '/api/services?type=spa', headers: workerA.headers }), 400);
  });

  it('hides disabled entries from readers, shows them to their managers on request', async () => {
    const entry = await buildService(t.ctx, orgA);
    const off = await t.app.inject({ method: 'PATCH', url: `/api/services/${entry.id}`, headers: adminA.headers, payload: { disabled: true } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().disabled).toBe(true);
    expectError(await t.app.inject({ method: 'GET', url: `/api/services/${entry.id}`, headers: workerA.headers }), 404);
    const list = await t.app.inject({ method: 'GET', url: `/api/services?organisationId=${orgA}&includeDisabled=true`, headers: workerA.headers });
    expect(list.json().data.map((s: { id: string }) => s.id)).not.toContain(entry.id);
    const managed = await t.app.inject({ method: 'GET', url: `/api/services?organisationId=${orgA}&includeDisabled=true`, headers: adminA.headers });
    expect(managed.json().data.map((s: { id: string }) => s.id)).toContain(entry.id);
  });
});

describe('GET and PATCH /api/services/:id', () => {
  it('reads one entry and answers 404 for a missing one', async () => {
    const entry = await buildService(t.ctx, orgB);
    const res = await t.app.inject({ method: 'GET', url: `/api/services/${entry.id}`, headers: workerA.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: entry.id, policies: { update: false } });
    expectError(await t.app.inject({ method: 'GET', url: `/api/services/${randomUUID()}`, headers: workerA.headers }), 404);
    expectError(await t.app.inject({ method: 'GET', url: '/api/services/nope', headers: workerA.headers }), 400);
  });

  it("changes an entry for its organisation's managers only, audited", async () => {
    const entry = await buildService(t.ctx, orgA);
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/services/${entry.id}`, payload: { name: 'x' } }), 401);
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/services/${entry.id}`, headers: workerA.headers, payload: { name: 'Fictional X' } }), 403);
    const foreign = await buildService(t.ctx, orgB);
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/services/${foreign.id}`, headers: adminA.headers, payload: { name: 'Fictional X' } }), 403);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/services/${entry.id}`, headers: coordinatorA.headers, payload: { name: 'Fictional Renamed Clinic', acceptsReferrals: false, languages: ['ar'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Fictional Renamed Clinic', acceptsReferrals: false, languages: ['ar'] });
    expect((await auditRows(t.ctx, { action: 'service.update', resourceId: entry.id })).length).toBe(1);
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/services/${entry.id}`, headers: adminA.headers, payload: { areaIds: [randomUUID()] } }), 400, { field: 'areaIds.0' });
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/services/${randomUUID()}`, headers: adminA.headers, payload: { name: 'Fictional X' } }), 404);
  });
});
