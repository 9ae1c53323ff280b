import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PURPOSES } from '../../../core/auth/token-purposes';
import { hiddenDenial } from '../../../core/errors';
import { isSameOrganisation } from '../../platform/policy';
import { auditRows, countRows, createTestAppWith, expectDeniedAudit, expectError, signInNew, WRITABLE_TABLES } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import type { TestApp } from '../../test/runtime';

let t: TestApp;
let adminA: SignedInUser;
let adminB: SignedInUser;
let viewerA: SignedInUser;

// Token routes for the test: the platform has none yet; later modules (areas, alerts) will.
beforeAll(async () => {
  t = await createTestAppWith((app) => {
    app.get('/api/test/areas', { config: { auth: { token: 'areas.read' } } }, async (request) => ({ actor: request.actor }));
    app.get<{ Params: { id: string } }>('/api/test/organisations/:id/areas', { config: { auth: { token: 'areas.read' } } }, async (request) => {
      if (!isSameOrganisation(request.actor, request.params.id)) throw hiddenDenial('organisation');
      return { ok: true };
    });
  });
  const orgA = (await buildOrganisation(t.ctx, { isPlatformOperator: true })).id;
  const orgB = (await buildOrganisation(t.ctx)).id;
  adminA = await signInNew(t.app, t.ctx, 'admin', orgA);
  adminB = await signInNew(t.app, t.ctx, 'admin', orgB);
  viewerA = await signInNew(t.app, t.ctx, 'viewer', orgA);
});
afterAll(async () => t?.close());

async function mint(admin: SignedInUser, purpose = 'areas.read', name = `Fictional feed ${randomUUID().slice(0, 6)}`) {
  const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name, purpose } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; organisationId: string; purpose: string };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The secret part of `weft_<id>_<secret>` (base64url: it may itself contain `_`). */
const secretOf = (token: string) => token.slice('weft_'.length + 36 + 1);
const useToken = (token: string, url = '/api/test/areas') => t.app.inject({ method: 'GET', url, headers: bearer(token) });

describe('GET /api/tokens/purposes and /api/tokens', () => {
  it('answers 401 without a session', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/tokens/purposes' }), 401);
    expectError(await t.app.inject({ method: 'GET', url: '/api/tokens' }), 401);
  });

  it('tells any signed-in user the purposes, and only admins the tokens', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/tokens/purposes', headers: viewerA.headers })).json().data).toEqual([...TOKEN_PURPOSES]);
    const res = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: viewerA.headers });
    expectError(res, 403);
    await expectDeniedAudit(t.ctx, res);
  });

  it('lists only the admin’s organisation’s tokens, never their secrets', async () => {
    const own = await mint(adminA);
    const foreign = await mint(adminB);
    const res = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: adminA.headers });
    expect(res.headers['cache-control']).toBe('no-store');
    const ids = (res.json() as { data: Array<{ id: string }> }).data.map((r) => r.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(foreign.id);
    expect(res.body).not.toContain(secretOf(own.token));
  });
});

describe('POST /api/tokens', () => {
  it('answers 401 without a session and 403 to a viewer', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x', purpose: 'areas.read' } }), 401);
    expectError(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: viewerA.headers, payload: { name: 'x', purpose: 'areas.read' } }), 403);
  });

  it('names the bad field and writes nothing', async () => {
    const before = await countRows(t.ctx, WRITABLE_TABLES);
    const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/tokens', headers: adminA.headers, payload: payload as object });
    expectError(await post({ name: 'Feed', purpose: 'everything' }), 400, { field: 'body.purpose' });
    expectError(await post({ purpose: 'areas.read' }), 400, { field: 'body.name' });
    expectError(await post({ name: 'Feed', purpose: 'areas.read', expiresAt: 'tomorrow' }), 400, { field: 'body.expiresAt' });
    expectError(await post({ name: 'Feed', purpose: 'areas.read', expiresAt: '2001-01-01T00:00:00Z' }), 400, { code: 'token.expiry_past', field: 'expiresAt' });
    expect(await countRows(t.ctx, WRITABLE_TABLES)).toEqual(before);
  });

  it('shows the secret once and stores only its hash, audited as token.create', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: adminA.headers, payload: { name: 'Fictional statistics feed', purpose: 'statistics.read' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json() as { id: string; token: string; organisationId: string };
    expect(created.organisationId).toBe(adminA.organisationId);
    const secret = secretOf(created.token);
    expect(created.token).toBe(`weft_${created.id}_${secret}`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const row = await t.ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    const { rows } = await sql<{ json: string }>`select row_to_json(t)::text as json from api_tokens t where id = ${created.id}`.execute(t.ctx.db);
    expect(rows[0]!.json).not.toContain(secret);
    const audits = await t.ctx.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audits)).not.toContain(secret);
    const [audit] = await auditRows(t.ctx, { action: 'token.create', resourceId: created.id });
    expect(audit).toMatchObject({ actor_user_id: adminA.id, details: { purpose: 'statistics.read' } });
  });
});

describe('using a token', () => {
  it('works only for its purpose', async () => {
    const areas = await mint(adminA, 'areas.read');
    const statistics = await mint(adminA, 'statistics.read');
    const ok = await useToken(areas.token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().actor).toMatchObject({ kind: 'token', tokenId: areas.id, organisationId: adminA.organisationId, purpose: 'areas.read' });
    const wrong = await useToken(statistics.token);
    expectError(wrong, 403, { code: 'auth.token_purpose' });
    await expectDeniedAudit(t.ctx, wrong);
    const row = await t.ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', areas.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
  });

  it('never reaches a session route, and a session never reaches a token route (401)', async () => {
    const areas = await mint(adminA);
    expectError(await t.app.inject({ method: 'GET', url: '/api/organisations', headers: bearer(areas.token) }), 401, { code: 'auth.required' });
    expectError(await t.app.inject({ method: 'GET', url: '/api/test/areas', headers: adminA.headers }), 401, { code: 'auth.token_required' });
  });

  it('refuses a missing, malformed, forged or expired token (401)', async () => {
    const areas = await mint(adminA);
    expectError(await t.app.inject({ method: 'GET', url: '/api/test/areas' }), 401, { code: 'auth.token_required' });
    expectError(await useToken('weft_not-a-token'), 401);
    expectError(await useToken(`${areas.token.slice(0, -4)}AAAA`), 401);
    expectError(await useToken(`weft_${randomUUID()}_${secretOf(areas.token)}`), 401);
    await t.ctx.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', areas.id).execute();
    expectError(await useToken(areas.token), 401);
  });

  it('of organisation B cannot act for A', async () => {
    const tokenB = await mint(adminB);
    expect((await useToken(tokenB.token, `/api/test/organisations/${adminB.organisationId}/areas`)).statusCode).toBe(200);
    const res = await useToken(tokenB.token, `/api/test/organisations/${adminA.organisationId}/areas`);
    expectError(res, 404);
    const [audit] = await auditRows(t.ctx, { requestId: res.json().error.requestId });
    expect(audit).toMatchObject({ action: 'http.denied', actor_token_id: tokenB.id, organisation_id: adminB.organisationId });
  });
});

describe('POST /api/tokens/:id/revoke', () => {
  it('answers 401 without a session, 400 for a bad id, 404 to a viewer', async () => {
    const token = await mint(adminA);
    expectError(await t.app.inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke` }), 401);
    expectError(await t.app.inject({ method: 'POST', url: '/api/tokens/abc/revoke', headers: adminA.headers }), 400, { field: 'params.id' });
    const res = await t.app.inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke`, headers: viewerA.headers });
    expectError(res, 404, { code: 'token.not_found' });
    await expectDeniedAudit(t.ctx, res);
  });

  it('refuses another organisation’s admin (404), and the token keeps working', async () => {
    const token = await mint(adminA);
    expectError(await t.app.inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke`, headers: adminB.headers }), 404);
    expect((await useToken(token.token)).statusCode).toBe(200);
  });

  it('revokes at once, audited as token.revoke', async () => {
    const token = await mint(adminA);
    expect((await useToken(token.token)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke`, headers: adminA.headers });
    expect(res.statusCode).toBe(204);
    expectError(await useToken(token.token), 401);
    const [audit] = await auditRows(t.ctx, { action: 'token.revoke', resourceId: token.id });
    expect(audit).toMatchObject({ actor_user_id: adminA.id, outcome: 'success' });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: adminA.headers })).json().data as Array<{ id: string; revoked: boolean }>;
    expect(listed.find((r) => r.id === token.id)?.revoked).toBe(true);
  });
});
