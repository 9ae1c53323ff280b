/**
 * CON-2: the inventory of disclosure routes. Every route that touches survivor data declares
 * what it may disclose beyond the holding organisation (the server refuses to start
 * otherwise), and the routes that disclose are exactly the ones listed here, each behind
 * core/consent's decideDisclosure for its purpose. A new disclosure path changes this list,
 * in review. That the gate really guards them is proved by the referral, export and case
 * tests, and by referrals-gate-mutation.test.ts (opening the gate fails the suite).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAuthentication, DOCUMENTATION_PREFIXES } from '../platform/http/authenticate';
import { collectRoutes, type RouteInfo } from './authz/inventory';
import { createTestRuntime, type TestRuntime } from './runtime';

let t: TestRuntime;
let routes: RouteInfo[];
beforeAll(async () => {
  t = await createTestRuntime();
  routes = await collectRoutes(t.ctx);
});
afterAll(async () => t?.close());

const touchesSurvivorData = (url: string) => DOCUMENTATION_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));

describe('disclosure routes (CON-2)', () => {
  it('every route under the documentation prefixes declares what it may disclose', () => {
    const documentation = routes.filter((route) => route.method !== 'HEAD' && touchesSurvivorData(route.url));
    expect(documentation.length).toBeGreaterThan(30);
    expect(documentation.filter((route) => !route.disclosure).map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  it('the routes that disclose are exactly these, each with its consent purpose', () => {
    const gated = routes
      .filter((route) => route.method !== 'HEAD' && typeof route.disclosure === 'object')
      .map((route) => `${route.method} ${route.url} → ${(route.disclosure as { gate: string }).gate}`)
      .sort();
    expect(gated).toEqual(
      [
        'GET /api/incidents/export → statistics',
        'GET /api/referrals → referral',
        'GET /api/referrals/:id → referral',
        'POST /api/cases → services',
        'POST /api/hotline/calls/:id/referral → referral',
        'POST /api/referrals → referral',
        'POST /api/referrals/:id/accept → referral',
        'POST /api/referrals/:id/close → referral',
        'POST /api/referrals/:id/decline → referral',
        'POST /api/referrals/:id/deliver → referral',
        'POST /api/referrals/:id/revoke → referral',
      ].sort(),
    );
  });

  it('refuses to register a survivor-data route that declares nothing', async () => {
    const app = Fastify();
    installAuthentication(app, t.ctx);
    expect(() => app.get('/api/survivors/undeclared', { config: { auth: 'session' } }, async () => ({}))).toThrow(/declares no disclosure/);
    app.get('/api/survivors/declared', { config: { auth: 'session', disclosure: 'holder' } }, async () => ({}));
    await app.ready();
    await app.close();
  });
});
