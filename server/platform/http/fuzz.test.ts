/**
 * REL-4: random, huge, deeply nested and prototype-polluting JSON bodies, garbage text and
 * odd path ids, sent to every POST and PATCH route of the platform modules as a platform
 * admin: never a 5xx, always the JSON error shape, no polluted prototype, the app still up.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type SignedInUser } from '../../test/factories';
import { nextAddress, signInNew } from '../../test/authz/helpers';
import { createTestApp, type TestApp } from '../../test/runtime';

interface Fixture {
  orgA: string;
  orgB: string;
  targetUser: string;
  targetToken: string;
  notification: string;
}

interface FuzzRoute {
  method: 'POST' | 'PATCH';
  url: (f: Fixture) => string;
  /** A valid body, which the generators mutate field by field. */
  base: (f: Fixture) => Record<string, unknown>;
  /** Where a `:id` goes, for fuzzing the path too. */
  idUrl?: (id: string) => string;
}

const ROUTES: FuzzRoute[] = [
  { method: 'POST', url: () => '/api/organisations', base: () => ({ name: 'Fuzz Org', shortName: 'FZ', kind: 'other', countryCode: 'COD' }) },
  { method: 'PATCH', url: (f) => `/api/organisations/${f.orgB}`, base: () => ({ name: 'Fuzz Org B', shortName: 'FZB', kind: 'other', disabled: false }), idUrl: (id) => `/api/organisations/${id}` },
  { method: 'POST', url: () => '/api/users', base: (f) => ({ organisationId: f.orgA, email: 'fuzz@example.org', displayName: 'Fuzz Person', role: 'viewer', language: 'en' }) },
  { method: 'PATCH', url: (f) => `/api/users/${f.targetUser}`, base: () => ({ displayName: 'Fuzz Renamed', role: 'viewer', language: 'fr', disabled: false }), idUrl: (id) => `/api/users/${id}` },
  { method: 'POST', url: (f) => `/api/users/${f.targetUser}/reset-password`, base: () => ({}), idUrl: (id) => `/api/users/${id}/reset-password` },
  { method: 'POST', url: (f) => `/api/users/${f.targetUser}/reset-totp`, base: () => ({}), idUrl: (id) => `/api/users/${id}/reset-totp` },
  { method: 'POST', url: () => '/api/tokens', base: () => ({ name: 'Fuzz feed', purpose: 'areas.read', expiresAt: '2099-01-01T00:00:00Z' }) },
  { method: 'POST', url: (f) => `/api/tokens/${f.targetToken}/revoke`, base: () => ({}), idUrl: (id) => `/api/tokens/${id}/revoke` },
  { method: 'POST', url: (f) => `/api/notifications/${f.notification}/read`, base: () => ({}), idUrl: (id) => `/api/notifications/${id}/read` },
  // Sign-in steps: parsers of untrusted input too. (Not logout: it would end the admin's session.)
  { method: 'POST', url: () => '/api/auth/login', base: () => ({ email: 'fuzz@example.org', password: 'fuzz words here' }) },
  { method: 'POST', url: () => '/api/auth/totp/verify', base: () => ({ code: '123456' }) },
  { method: 'POST', url: () => '/api/auth/totp/confirm', base: () => ({ code: '123456' }) },
  { method: 'POST', url: () => '/api/auth/password', base: () => ({ currentPassword: 'not it at all', newPassword: 'fuzz river stones' }) },
  { method: 'POST', url: () => '/api/auth/reauthenticate', base: () => ({ password: 'not it at all' }) },
];

const RUNS_PER_ROUTE = 100;
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'isAdmin'];

/** A JSON text for the body: never a JS object, so `__proto__` keys survive as written. */
function bodies(base: Record<string, unknown>): fc.Arbitrary<{ text: string; contentType: string }> {
  const keys = Object.keys(base);
  const odd = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(null, true, 0, -1, 1e308, '', ' ', '\u0000', '☃'.repeat(50)));
  const mutated = fc
    .tuple(fc.tuple(...keys.map((k) => fc.oneof(fc.constant(base[k]), odd, fc.constant(undefined)))), fc.dictionary(fc.string({ maxLength: 12 }), odd, { maxKeys: 3 }))
    .map(([values, extra]) => JSON.stringify({ ...extra, ...Object.fromEntries(keys.map((k, i) => [k, values[i]])) }));
  const polluted = fc
    .tuple(fc.constantFrom(...POLLUTING_KEYS), fc.jsonValue({ maxDepth: 2 }), fc.boolean())
    .map(([key, value, nested]) => {
      const inner = `${JSON.stringify(key)}: {"polluted": true, "value": ${JSON.stringify(value) ?? 'null'}}`;
      const fields = JSON.stringify(base).slice(1, -1);
      return nested ? `{${fields}${fields ? ',' : ''}"x": {${inner}}}` : `{${fields}${fields ? ',' : ''}${inner}}`;
    });
  const deep = fc
    .tuple(fc.integer({ min: 64, max: 100_000 }), fc.constantFrom('[', '{"a":'))
    .map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`);
  const huge = fc
    .tuple(fc.constantFrom(...(keys.length ? keys : ['name'])), fc.integer({ min: 1_000, max: 1_100_000 }), fc.constantFrom('x', 'é', '\u202e', '"'))
    .map(([key, n, ch]) => JSON.stringify({ ...base, [key]: ch.repeat(n) }));
  const json = fc.oneof(
    { arbitrary: mutated, weight: 5 },
    { arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null'), weight: 2 },
    { arbitrary: polluted, weight: 3 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 500 }), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: json.map((text) => ({ text, contentType: 'application/json' })), weight: 9 },
    { arbitrary: fc.tuple(json, fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=latin1', 'multipart/form-data')).map(([text, contentType]) => ({ text, contentType })), weight: 1 },
  );
}

let t: TestApp;
let admin: SignedInUser;
let f: Fixture;
let requests = 0;

beforeAll(async () => {
  t = await createTestApp();
  const orgA = (await buildOrganisation(t.ctx, { isPlatformOperator: true })).id;
  const orgB = (await buildOrganisation(t.ctx)).id;
  admin = await signInNew(t.app, t.ctx, 'admin', orgA);
  const targetUser = (await buildUser(t.ctx, { organisationId: orgA })).id;
  const token = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name: 'Fuzz target', purpose: 'areas.read' } });
  const notification = await t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', admin.id).executeTakeFirstOrThrow();
  f = { orgA, orgB, targetUser, targetToken: (token.json() as { id: string }).id, notification: notification.id };
});
afterAll(async () => t?.close());

function checkAnswer(res: { statusCode: number; body: string; json: () => unknown }, what: string): void {
  requests += 1;
  if (res.statusCode >= 500) throw new Error(`${what} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400) {
    const body = res.json() as { error?: { code?: unknown; requestId?: unknown } };
    if (typeof body.error?.code !== 'string' || typeof body.error.requestId !== 'string') throw new Error(`${what}: not the error shape: ${res.body.slice(0, 200)}`);
  }
  if (({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined) throw new Error(`${what}: Object.prototype polluted`);
}

describe('fuzzed bodies', () => {
  for (const route of ROUTES) {
    it(`${route.method} ${route.url({ orgA: ':orgA', orgB: ':orgB', targetUser: ':id', targetToken: ':id', notification: ':id' })}`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies(route.base(f)), async ({ text, contentType }) => {
          const res = await t.app.inject({
            method: route.method,
            url: route.url(f),
            headers: { ...admin.headers, 'content-type': contentType },
            payload: text,
            remoteAddress: nextAddress(),
          });
          checkAnswer(res, `${route.method} ${route.url(f)} with ${text.slice(0, 120)}`);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    });
  }
});

describe('fuzzed path ids', () => {
  it('answers 4xx for any id', async () => {
    const withId = ROUTES.filter((r) => r.idUrl);
    const id = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), fc.uuid().map((u) => u.toUpperCase()), fc.constant(randomUUID()), fc.constantFrom('..', '%00', 'null', '0', '-1', "'; drop table users; --"));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withId), id, async (route, raw) => {
        const url = route.idUrl!(encodeURIComponent(raw));
        const res = await t.app.inject({ method: route.method, url, headers: admin.headers, payload: route.base(f) });
        checkAnswer(res, `${route.method} ${url}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('afterwards', () => {
  it('the app still answers and the admin is still signed in', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: admin.headers })).statusCode).toBe(200);
    expect(requests).toBeGreaterThan(ROUTES.length * RUNS_PER_ROUTE);
  });
});
