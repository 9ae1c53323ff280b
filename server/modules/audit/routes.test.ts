import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView, AuditPage } from '../../../core/schemas/audit';
import { buildApp, MODULES } from '../../app';
import { chainPendingAudit } from '../../platform/audit/chainer';
import { recordAudit } from '../../platform/audit/record';
import { signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { auditRoutes } from './routes';

let t: TestRuntime;
let app: FastifyInstance;
let orgA: string;
let orgB: string;
let platformAdmin: SignedInUser;
let adminB: SignedInUser;
let caseWorkerB: SignedInUser;
const PAGED = 25;

beforeAll(async () => {
  t = await createTestRuntime();
  app = await buildApp(t.ctx);
  // Until server/app.ts lists the module, the test registers it.
  if (!(MODULES as unknown[]).includes(auditRoutes)) await app.register(auditRoutes, { ctx: t.ctx });
  await app.ready();
  orgA = (await buildOrganisation(t.ctx, { isPlatformOperator: true })).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  platformAdmin = await signInNew(app, t.ctx, 'admin', orgA);
  adminB = await signInNew(app, t.ctx, 'admin', orgB);
  caseWorkerB = await signInNew(app, t.ctx, 'case_worker', orgB);
  await recordAudit(t.ctx.db, { action: 'case.read', resourceType: 'case', resourceId: 'case-of-a', organisationId: orgA });
  for (let i = 0; i < PAGED; i++) await recordAudit(t.ctx.db, { action: 'case.page', resourceType: 'case', resourceId: `b-${i}`, organisationId: orgB });
  await chainPendingAudit(t.ctx.db);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const get = (url: string, user?: SignedInUser) => app.inject({ method: 'GET', url, ...(user ? { headers: user.headers } : {}) });
const list = async (url: string, user: SignedInUser) => {
  const response = await get(url, user);
  expect(response.statusCode).toBe(200);
  return response.json() as AuditPage;
};

describe('GET /api/audit', () => {
  it('answers 401 to anonymous callers on every audit route', async () => {
    for (const url of ['/api/audit', '/api/audit/verify', '/api/audit/checkpoint']) expect((await get(url)).statusCode).toBe(401);
  });

  it('answers 403 to a case worker, and audits the refusal', async () => {
    const response = await get('/api/audit', caseWorkerB);
    expect(response.statusCode).toBe(403);
    const denied = await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'http.denied').where('actor_user_id', '=', caseWorkerB.id).execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('shows an organisation admin only their organisation’s rows (AUTHZ-2)', async () => {
    const page = await list('/api/audit?limit=500', adminB);
    expect(page.data.length).toBeGreaterThanOrEqual(PAGED);
    expect(page.data.every((row) => row.organisationId === orgB)).toBe(true);
    expect(page.data.some((row) => row.resourceId === 'case-of-a')).toBe(false);
    // Asking for another organisation narrows the scope to nothing; it never widens it.
    expect((await list(`/api/audit?organisationId=${orgA}`, adminB)).data).toEqual([]);
  });

  it('shows a platform admin every row, and filters', async () => {
    const page = await list('/api/audit?limit=500', platformAdmin);
    const orgs = new Set(page.data.map((row) => row.organisationId));
    expect(orgs.has(orgA) && orgs.has(orgB) && orgs.has(null)).toBe(true);
    const ofA = await list(`/api/audit?organisationId=${orgA}&action=case.read&resourceType=case&outcome=success`, platformAdmin);
    expect(ofA.data.map((row) => row.resourceId)).toEqual(['case-of-a']);
    const row: AuditEntryView = ofA.data[0]!;
    expect(Object.keys(row).sort()).toEqual(['action', 'actorTokenId', 'actorUserId', 'details', 'occurredAt', 'organisationId', 'outcome', 'requestId', 'resourceId', 'resourceType', 'seq'].sort());
    expect(row.seq).toBeGreaterThan(0);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(`/api/audit?from=${encodeURIComponent(future)}`, platformAdmin)).data).toEqual([]);
    expect((await list(`/api/audit?resourceId=b-3&to=${encodeURIComponent(future)}`, platformAdmin)).data).toHaveLength(1);
  });

  it('pages newest first with an opaque cursor until none is left', async () => {
    const seen: string[] = [];
    let url = '/api/audit?action=case.page&limit=10';
    const sizes: number[] = [];
    for (;;) {
      const page = await list(url, adminB);
      sizes.push(page.data.length);
      seen.push(...page.data.map((row) => row.resourceId!));
      if (!page.nextCursor) break;
      expect(page.nextCursor).not.toMatch(/^\d+$/);
      url = `/api/audit?action=case.page&limit=10&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(Array.from({ length: PAGED }, (_, i) => `b-${PAGED - 1 - i}`));
  });

  it('answers 400 naming the field of a bad query', async () => {
    for (const [query, field] of [['from=yesterday', 'query.from'], ['limit=0', 'query.limit'], ['limit=many', 'query.limit'], ['outcome=maybe', 'query.outcome'], ['organisationId=42', 'query.organisationId'], ['cursor=bm90LWEtY3Vyc29y', 'query.cursor'], ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'query.to']] as const) {
      const response = await get(`/api/audit?${query}`, adminB);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.field, query).toBe(field);
    }
  });

  it('audits each read of the trail, with filter names but not their values', async () => {
    await list('/api/audit?action=case.page&resourceId=b-1', adminB);
    const row = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.read').where('actor_user_id', '=', adminB.id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.organisation_id).toBe(orgB);
    expect(row.details).toMatchObject({ filters: ['action', 'resourceId'], rows: 1, scope: 'organisation' });
    expect(JSON.stringify(row.details)).not.toContain('b-1');
  });
});

describe('GET /api/audit/verify and /api/audit/checkpoint', () => {
  it('are for platform admins only', async () => {
    expect((await get('/api/audit/verify', adminB)).statusCode).toBe(403);
    expect((await get('/api/audit/checkpoint', adminB)).statusCode).toBe(403);
  });

  it('verify the chain, export its head, and are audited', async () => {
    await chainPendingAudit(t.ctx.db);
    const checkpoint = (await get('/api/audit/checkpoint', platformAdmin)).json();
    expect(checkpoint).toEqual({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.any(String) });
    const verified = await get('/api/audit/verify', platformAdmin);
    expect(verified.statusCode).toBe(200);
    expect(verified.headers['cache-control']).toBe('no-store');
    expect(verified.json()).toMatchObject({ ok: true });
    expect(verified.json().headSeq).toBeGreaterThanOrEqual(checkpoint.seq);
    const actions = await t.ctx.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', platformAdmin.id).execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['audit.checkpoint', 'audit.verify']));
  });

  it('report the first bad row of a tampered chain', async () => {
    await chainPendingAudit(t.ctx.db);
    const target = await t.ctx.db.selectFrom('audit_log').select(['seq', 'resource_id']).where('resource_id', '=', 'b-4').executeTakeFirstOrThrow();
    const setResource = async (value: string | null) => {
      // As the tables' owner: the application's role may not alter the trail (AUTHZ-2).
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.ownerDb);
      await t.ownerDb.updateTable('audit_log').set({ resource_id: value }).where('seq', '=', target.seq).execute();
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.ownerDb);
    };
    await setResource('someone-else');
    try {
      const body = (await get('/api/audit/verify', platformAdmin)).json();
      expect(body).toMatchObject({ ok: false, firstBadSeq: target.seq, reason: 'hash_mismatch', headSeq: target.seq! - 1 });
    } finally {
      await setResource(target.resource_id);
    }
    expect((await get('/api/audit/verify', platformAdmin)).json()).toMatchObject({ ok: true });
  });
});
