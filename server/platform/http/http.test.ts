/** The HTTP layer every route shares: security headers, caching, error answers, body parsing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, type SignedInUser } from '../../test/factories';
import { createTestAppWith, expectError, signInNew } from '../../test/authz/helpers';
import type { TestApp } from '../../test/runtime';

const SECRET_DETAIL = 'connection to 10.0.0.9 failed for role weft_owner password hunter2';

let t: TestApp;
let admin: SignedInUser;

beforeAll(async () => {
  t = await createTestAppWith((app) => {
    app.get('/api/test/boom', { config: { auth: 'public' } }, async () => {
      throw new Error(SECRET_DETAIL);
    });
    app.get('/api/test/boom-signed-in', { config: { auth: 'session' } }, async () => {
      throw new TypeError(`Cannot read properties of undefined (reading '${SECRET_DETAIL}')`);
    });
  });
  admin = await signInNew(t.app, t.ctx, 'admin', (await buildOrganisation(t.ctx)).id);
});
afterAll(async () => t?.close());

describe('security headers', () => {
  it.each(['/api/health', '/api/no-such-route', '/weather'])('are on %s', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('caching (DEV-1)', () => {
  it('no API answer with personal data is cached', async () => {
    const urls = ['/api/auth/session', '/api/users', '/api/notifications', '/api/tokens', '/api/organisations'];
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url, headers: admin.headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, password: admin.password }, remoteAddress: '10.66.0.1' });
    expect(login.headers['cache-control']).toBe('no-store');
    const refused = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});

describe('error answers', () => {
  it('a 500 says only that something went wrong, with the request id', async () => {
    for (const [url, headers] of [['/api/test/boom', {}], ['/api/test/boom-signed-in', admin.headers]] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(500);
      const { error } = res.json() as { error: Record<string, string> };
      expect(Object.keys(error).sort()).toEqual(['code', 'message', 'requestId']);
      expect(error.code).toBe('internal');
      expect(error.message).toBe(`Something went wrong on our side. Quote request ${error.requestId} to your administrator.`);
      expect(res.body).not.toMatch(/hunter2|weft_owner|10\.0\.0\.9|TypeError|stack|at .*\.ts/);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('an unknown route answers a JSON 404', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/nothing/here?x=1' }), 404, { code: 'route.not_found' });
    const res = await t.app.inject({ method: 'DELETE', url: '/api/users' });
    expect(res.json().error.message).toBe('No route DELETE /api/users.');
  });

  it('names the failing field of the path, the query and the body', async () => {
    expectError(await t.app.inject({ method: 'PATCH', url: '/api/users/xyz', headers: admin.headers, payload: {} }), 400, { field: 'params.id' });
    expectError(await t.app.inject({ method: 'GET', url: '/api/users?organisationId=1', headers: admin.headers }), 400, { field: 'query.organisationId' });
    expectError(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@example.org', password: 5 } }), 400, { field: 'body.password' });
  });
});

describe('body parsing (REL-4)', () => {
  const post = (payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url: '/api/tokens', headers: { ...admin.headers, 'content-type': contentType }, payload });

  it('answers 400 to malformed JSON and to an empty JSON body', async () => {
    expectError(await post('{"name": "x",'), 400);
    expectError(await post(''), 400);
  });

  it('answers 400 to prototype poisoning', async () => {
    expectError(await post('{"name":"x","purpose":"areas.read","__proto__":{"isAdmin":true}}'), 400);
    expectError(await post('{"name":"x","purpose":"areas.read","constructor":{"prototype":{"isAdmin":true}}}'), 400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers 400 to a NUL character in text, signed in or not (found by fuzzing: was a 500)', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nul\u0000@example.org', password: 'whatever words' }, remoteAddress: '10.66.0.2' });
    expectError(login, 400, { code: 'validation.unstorable_text' });
    const before = await t.ctx.db.selectFrom('api_tokens').select('id').execute();
    // Text fields refuse NUL in their schema, naming the field; the handler is the backstop.
    expectError(await post(JSON.stringify({ name: 'Feed\u0000', purpose: 'areas.read' })), 400, { code: 'validation.invalid', field: 'body.name' });
    expect(await t.ctx.db.selectFrom('api_tokens').select('id').execute()).toEqual(before);
  });

  it('answers 415 to another content type and 413 to more than a megabyte', async () => {
    expectError(await post('name=x', 'application/x-www-form-urlencoded'), 415);
    expectError(await post(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), purpose: 'areas.read' })), 413);
  });
});
