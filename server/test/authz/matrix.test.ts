/**
 * AUTHZ-1: every route x every actor (each role in each organisation, anonymous, a token of
 * each purpose) x every relation to the record: 0 unexpected successes, refusals with the
 * declared status, and (AUD-1) an audit row for each refusal. The inventory fails for any
 * route the app registers without a case in cases/.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, MODULES } from '../../app';
import { createTestApp, type TestApp } from '../runtime';
import { buildMatrixFixture, type MatrixFixture } from './fixture';
import { freshSession } from './helpers';
import { collectRoutes, routeKey, routesToCover, type RouteInfo } from './inventory';
import { acceptsSession, buildTarget, countResults, describeOutcome, findExistenceOracles, formatCounts, loadAllCases, needsAuditRow, runMatrix, type MatrixResult } from './run';
import type { ModuleCases } from './types';

let t: TestApp;
let inventory: RouteInfo[];
let modules: ModuleCases[];
let fixture: MatrixFixture;
let results: MatrixResult[] = [];

beforeAll(async () => {
  t = await createTestApp();
  inventory = await collectRoutes(t.ctx);
  modules = await loadAllCases();
  fixture = await buildMatrixFixture(t);
  for (const m of modules) await m.setup?.(t.ctx);
}, 120_000);
afterAll(async () => t?.close());

describe('route inventory', () => {
  it('reads every route the app registers, with its options', () => {
    const keys = inventory.map((r) => routeKey(r.method, r.url));
    expect(keys).toEqual(expect.arrayContaining(['GET /api/health', 'PATCH /api/users/:id', 'POST /api/tokens/:id/revoke', 'GET /api/docs/static/*']));
    expect(inventory.find((r) => r.url === '/api/users/:id')?.auth).toBe('session');
  });

  it('has a matrix case for every route', () => {
    const declared = new Set(modules.flatMap((m) => m.cases.map((c) => routeKey(c.method, c.route))));
    const uncovered = routesToCover(inventory).map((r) => routeKey(r.method, r.url)).filter((key) => !declared.has(key));
    expect(uncovered, 'add these routes to server/test/authz/cases/<module>.ts').toEqual([]);
  });

  it('has no case for a route the app does not register', () => {
    const registered = new Set(inventory.map((r) => routeKey(r.method, r.url)));
    const stale = modules.flatMap((m) => m.cases.map((c) => routeKey(c.method, c.route))).filter((key) => !registered.has(key));
    expect(stale).toEqual([]);
  });

  it('finds config.auth on every /api route but the documentation plugin’s', () => {
    const bare = inventory.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.auth === undefined);
    expect(bare.map((r) => routeKey(r.method, r.url))).toEqual([]);
  });

  it('refuses to build an app with a route that declares no auth requirement', async () => {
    const careless = async (app: FastifyInstance) => {
      app.get('/api/careless', async () => ({ leaked: true }));
    };
    MODULES.push(careless);
    try {
      await expect(buildApp(t.ctx)).rejects.toThrow(/GET \/api\/careless declares no auth requirement/);
    } finally {
      MODULES.pop();
    }
    const app = await buildApp(t.ctx);
    expect(() => app.post('/api/careless', async () => ({}))).toThrow(/declares no auth requirement/);
    await app.close();
  });
});

describe('authorization matrix', () => {
  it('answers every actor and relation as declared', async () => {
    const started = Date.now();
    results = await runMatrix(fixture, modules, inventory);
    const counts = countResults(results);
    console.log(`authorization matrix (${t.ctx.databaseKind}, ${fixture.actors.length} actors, ${Date.now() - started} ms)\n${formatCounts(counts)}`);
    const failures = results
      .filter((r) => r.problems.length > 0)
      .map((r) => `${r.route} as ${r.actor} (${r.relation}, expected ${describeOutcome(r.expected)}): ${r.problems.join('; ')}`);
    expect(failures).toEqual([]);
    expect(counts.at(-1)?.unexpectedSuccesses).toBe(0);
    expect(results.length).toBeGreaterThan(500);
  }, 900_000);

  it('wrote an audit row for every refusal (AUD-1)', async () => {
    expect(results.length).toBeGreaterThan(0);
    const rows = await t.ctx.db.selectFrom('audit_log').select('request_id').where('outcome', '=', 'denied').execute();
    const denied = new Set(rows.map((r) => r.request_id));
    const unaudited = results
      .filter(needsAuditRow)
      .filter((r) => !r.requestId || !denied.has(r.requestId))
      .map((r) => `${r.route} as ${r.actor} (${r.relation}) → ${r.status}`);
    expect(unaudited).toEqual([]);
  });

  it('answers a hidden record exactly as a missing one', () => {
    expect(results.filter((r) => r.status === 404 && r.relation !== 'missing').length).toBeGreaterThan(100);
    expect(findExistenceOracles(results)).toEqual([]);
  });

  it('left every actor signed in (no case ended the session it ran in)', async () => {
    for (const actor of fixture.actors) {
      if (actor.kind !== 'user') continue;
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: actor.user.headers });
      expect(res.statusCode, actor.label).toBe(200);
    }
  });

  it('requires the CSRF header on every cookie-authenticated write', async () => {
    const platformAdmin = fixture.actors.find((a) => a.kind === 'user' && a.isPlatformAdmin)!;
    if (platformAdmin.kind !== 'user') throw new Error('no platform admin');
    const byKey = new Map(inventory.map((r) => [routeKey(r.method, r.url), r]));
    let checked = 0;
    for (const { cases } of modules) {
      for (const c of cases) {
        const route = byKey.get(routeKey(c.method, c.route));
        if (!route || c.method === 'GET' || c.method === 'HEAD' || !route.csrf) continue;
        if (!acceptsSession(route)) continue;
        const target = buildTarget(fixture, platformAdmin, c.relations?.[0] ?? 'none');
        const url = c.url?.(target) ?? c.route.replace(':id', c.id?.(target) ?? '00000000-0000-4000-8000-000000000000');
        const { cookie } = await freshSession(t.ctx, platformAdmin.user.id);
        const body = c.body?.(target);
        const res = await t.app.inject({ method: c.method, url, headers: { cookie }, ...(body === undefined ? {} : { payload: body as object }) });
        expect(res.statusCode, `${c.method} ${c.route}`).toBe(403);
        expect(res.json().error.code).toBe('auth.csrf');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
