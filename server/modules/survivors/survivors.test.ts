import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurvivorSummary, SurvivorView } from '../../../core/schemas/survivors';
import { inSystemScope } from '../../db/scope';
import { auditRows, expectDeniedAudit, expectError, signInNew } from '../../test/authz/helpers';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { buildSurvivor, canaryIdentity } from '../../test/factories-survivors';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgA: string;
let orgB: string;
let workerA: SignedInUser;
let supervisorA: SignedInUser;
let workerB: SignedInUser;
let analystA: SignedInUser;
let adminA: SignedInUser;
let hotlineA: SignedInUser;
let platformAdmin: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  const operator = (await buildOrganisation(t.ctx, { isPlatformOperator: true })).id;
  orgA = (await buildOrganisation(t.ctx, { shortName: `FSA${Date.now().toString(36).slice(-4)}` })).id;
  orgB = (await buildOrganisation(t.ctx)).id;
  [workerA, supervisorA, workerB, analystA, adminA, hotlineA, platformAdmin] = await Promise.all([
    signInNew(t.app, t.ctx, 'case_worker', orgA),
    signInNew(t.app, t.ctx, 'supervisor', orgA),
    signInNew(t.app, t.ctx, 'case_worker', orgB),
    signInNew(t.app, t.ctx, 'analyst', orgA),
    signInNew(t.app, t.ctx, 'admin', orgA),
    signInNew(t.app, t.ctx, 'hotline_operator', orgA),
    signInNew(t.app, t.ctx, 'admin', operator),
  ]);
}, 60_000);
afterAll(async () => t?.close());

const SURVIVOR_TABLES = ['survivors', 'consents', 'survivor_code_counters', 'audit_log', 'data_keys'] as const;

/** Row counts of the survivor tables, read in a system scope (RLS on PostgreSQL). */
const counts = () =>
  inSystemScope(t.ctx.db, async (trx) => {
    const out: Record<string, number> = {};
    for (const table of SURVIVOR_TABLES) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
      out[table] = Number(rows[0]?.n ?? 0);
    }
    return out;
  });

/** Every row of the table as JSON text (what a dump or a careless SELECT * would show). */
const dumpTable = (table: string) =>
  inSystemScope(t.ctx.db, async (trx) => {
    const { rows } = await sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(table)} x`.execute(trx);
    return rows.map((r) => r.j).join('\n');
  });

const register = (user: SignedInUser, payload: object) => t.app.inject({ method: 'POST', url: '/api/survivors', headers: user.headers, payload });
const get = (user: SignedInUser, url: string) => t.app.inject({ method: 'GET', url, headers: user.headers });

describe('POST /api/survivors and GET /api/survivors/:id', () => {
  it('registers with a pseudonymous code, seals identity, and audits the read with field names only', async () => {
    const identity = canaryIdentity();
    const res = await register(workerA, { sex: 'female', ageAtRegistration: 16, displacementStatus: 'idp', identity });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json() as SurvivorView;
    expect(view.code).toMatch(/^FSA[A-Z0-9]*-\d{4}-\d{5}$/);
    for (const value of Object.values(identity)) expect(view.code).not.toContain(value!);
    expect(view).toMatchObject({ ageGroup: '12-17', isChild: true, narrativeEntries: 0, erased: false, identity });

    const read = await get(workerA, `/api/survivors/${view.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    expect((read.json() as SurvivorView).identity).toEqual(identity);
    const audit = await auditRows(t.ctx, { action: 'survivor.read', resourceId: view.id });
    expect(audit).toHaveLength(1);
    expect((audit[0]!.details as { fields: string[] }).fields.sort()).toEqual(Object.keys(identity).sort());

    // Canary (STO-1, AUD-1): no identifying value in any stored row or audit row.
    for (const table of ['survivors', 'consents', 'audit_log', 'survivor_code_counters']) {
      const dump = await dumpTable(table);
      for (const value of Object.values(identity)) expect(dump, `${table} holds ${value}`).not.toContain(value!);
    }
  });

  it('names the bad field and writes nothing (400)', async () => {
    const before = await counts();
    const cases: Array<[object, string]> = [
      [{ sex: 'unicorn' }, 'body.sex'],
      [{ displacementStatus: 'tourist' }, 'body.displacementStatus'],
      [{ disability: 'x' }, 'body.disability'],
      [{ maritalStatus: 'x' }, 'body.maritalStatus'],
      [{ ageAtRegistration: -1 }, 'body.ageAtRegistration'],
      [{ ageAtRegistration: 2.5 }, 'body.ageAtRegistration'],
      [{ identity: { name: '' } }, 'body.identity.name'],
      [{ identity: { favouriteColour: 'blue' } }, 'body.identity'],
      [{ nationality: 'a'.repeat(101) }, 'body.nationality'],
      [{ surname: 'x' }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const res = await register(workerA, payload);
      expectError(res, 400);
      expect((res.json() as { error: { field?: string } }).error.field ?? 'body').toBe(field);
    }
    expect(await counts()).toEqual(before);
  });

  it('replays a registration with the same idempotency key (REL-2)', async () => {
    const payload = { sex: 'male', ageAtRegistration: 30, idempotencyKey: `fictional-${Date.now()}` };
    const first = (await register(workerA, payload)).json() as SurvivorView;
    const before = await counts();
    const again = await register(workerA, payload);
    expect(again.statusCode).toBe(201);
    expect((again.json() as SurvivorView).id).toBe(first.id);
    const after = await counts();
    expect(after.survivors).toBe(before.survivors);
    // The same key in another organisation is another survivor.
    expect(((await register(workerB, payload)).json() as SurvivorView).id).not.toBe(first.id);
  });

  it('gives 20 parallel registrations 20 distinct codes', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => register(supervisorA, { sex: 'female' })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const codes = responses.map((r) => (r.json() as SurvivorView).code);
    expect(new Set(codes).size).toBe(20);
  });

  it("answers 404 for another organisation's survivor and to roles without case work (AUTHZ-4, MIN-2)", async () => {
    const { survivor } = await buildSurvivor(t.ctx, orgA, { identity: canaryIdentity('hidden') });
    for (const user of [workerB, analystA, adminA, hotlineA, platformAdmin]) {
      const res = await get(user, `/api/survivors/${survivor.id}`);
      expectError(res, 404, { code: 'survivor.not_found' });
      expect(res.body).not.toContain('CANARY');
      await expectDeniedAudit(t.ctx, res);
      if (user === workerB) continue;
      expectError(await get(user, '/api/survivors'), 404);
      expectError(await register(user, { sex: 'female' }), 404);
    }
    // Same answer as an id nobody has: no existence oracle.
    const missing = await get(workerB, '/api/survivors/00000000-0000-4000-8000-000000000000');
    expect(missing.json().error.message).toBe((await get(workerB, `/api/survivors/${survivor.id}`)).json().error.message);
  });
});

describe('GET /api/survivors', () => {
  it('lists only the organisation, decrypts nothing, filters and pages', async () => {
    const other = await buildSurvivor(t.ctx, orgB);
    const mine = await buildSurvivor(t.ctx, orgA, { sex: 'other', ageAtRegistration: 70, identity: canaryIdentity('listed') });
    const res = await get(workerA, '/api/survivors?sex=other&ageGroup=61%2B');
    expect(res.statusCode, res.body).toBe(200);
    const rows = (res.json() as { data: SurvivorSummary[] }).data;
    expect(rows.map((r) => r.id)).toContain(mine.survivor.id);
    expect(rows.every((r) => r.sex === 'other' && r.ageGroup === '61+')).toBe(true);
    expect(res.body).not.toContain('CANARY');
    expect(res.body).not.toContain(other.survivor.id);

    const prefix = mine.survivor.code.slice(0, mine.survivor.code.lastIndexOf('-'));
    const seen = new Set<string>();
    let url: string | null = `/api/survivors?limit=5&codePrefix=${encodeURIComponent(prefix.toLowerCase())}`;
    let pages = 0;
    while (url) {
      const page = (await get(workerA, url)).json() as { data: SurvivorSummary[]; nextCursor: string | null };
      for (const row of page.data) {
        expect(seen.has(row.id)).toBe(false);
        expect(row.code.startsWith(prefix)).toBe(true);
        seen.add(row.id);
      }
      pages += 1;
      url = page.nextCursor ? `/api/survivors?limit=5&codePrefix=${encodeURIComponent(prefix)}&cursor=${encodeURIComponent(page.nextCursor)}` : null;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen.has(mine.survivor.id)).toBe(true);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(((await get(workerA, `/api/survivors?createdFrom=${encodeURIComponent(future)}`)).json() as { data: unknown[] }).data).toEqual([]);
    expectError(await get(workerA, '/api/survivors?cursor=bm9wZQ'), 400, { field: 'query.cursor' });
    expectError(await get(workerA, '/api/survivors?ageGroup=ancient'), 400, { field: 'query.ageGroup' });
    expectError(await get(workerA, '/api/survivors?limit=0'), 400, { field: 'query.limit' });
  });
});

describe('PATCH /api/survivors/:id', () => {
  it('changes profile and merges identity, refuses a stale version (409) and bad input (400)', async () => {
    const built = await buildSurvivor(t.ctx, orgA, { identity: { name: 'Fictional Survivor Beta', phone: 'CANARY-phone-beta' } });
    const url = `/api/survivors/${built.survivor.id}`;
    const patch = (payload: object, user = workerA) => t.app.inject({ method: 'PATCH', url, headers: user.headers, payload });
    const res = await patch({ version: 1, ageAtRegistration: 12, identity: { currentLocation: 'CANARY-location-beta', phone: null } });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json() as SurvivorView;
    expect(view).toMatchObject({ version: 2, ageAtRegistration: 12, ageGroup: '12-17', isChild: true });
    expect(view.identity).toMatchObject({ name: 'Fictional Survivor Beta', phone: null, currentLocation: 'CANARY-location-beta' });
    expectError(await patch({ version: 1, sex: 'male' }), 409, { code: 'survivor.version_conflict', field: 'version' });
    expectError(await patch({ version: 2, sex: 'unicorn' }), 400, { field: 'body.sex' });
    expectError(await patch({ sex: 'male' }), 400, { field: 'body.version' });
    expectError(await patch({ version: 2, sex: 'male' }, workerB), 404);
    expectError(await patch({ version: 2, sex: 'male' }, analystA), 404);
    const audit = await auditRows(t.ctx, { action: 'survivor.update', resourceId: built.survivor.id });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('CANARY');
  });
});

describe('vocabularies', () => {
  it('are read by any signed-in user, replaced by a platform admin, and enforced on writes', async () => {
    const res = await get(analystA, '/api/survivors/vocabularies');
    expect(res.statusCode).toBe(200);
    const lists = res.json() as Record<string, Array<{ id: string }>>;
    expect(lists.sex!.map((e) => e.id)).toEqual(['female', 'male', 'other']);

    const put = (user: SignedInUser, payload: object) => t.app.inject({ method: 'PUT', url: '/api/survivors/vocabularies', headers: user.headers, payload });
    expectError(await put(adminA, {}), 403);
    expectError(await put(platformAdmin, { sex: [] }), 400, { field: 'body.sex' });
    expectError(await put(platformAdmin, { colour: [] }), 400);
    const marital = [{ id: 'single', labels: { en: 'Single', fr: 'Célibataire', ar: 'أعزب' } }, { id: 'customary_union', labels: { en: 'Customary union', fr: 'Union coutumière', ar: 'زواج عرفي' } }];
    const ok = await put(platformAdmin, { maritalStatus: marital });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as Record<string, unknown>).maritalStatus).toEqual(marital);
    try {
      expect((await register(workerA, { maritalStatus: 'customary_union' })).statusCode).toBe(201);
      expectError(await register(workerA, { maritalStatus: 'widowed' }), 400, { field: 'body.maritalStatus' });
    } finally {
      expect((await put(platformAdmin, {})).statusCode).toBe(200);
    }
    expect((await register(workerA, { maritalStatus: 'widowed' })).statusCode).toBe(201);
  });
});
