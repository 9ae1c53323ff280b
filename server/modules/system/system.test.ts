import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutes, type RouteInfo } from '../../test/authz/inventory';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let routes: RouteInfo[];

beforeAll(async () => {
  t = await createTestApp();
  routes = await collectRoutes(t.ctx);
});
afterAll(async () => t?.close());

describe('health and readiness', () => {
  it('GET /api/health answers anyone', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/ready says which database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: t.ctx.databaseKind });
  });

  it('GET /api/ready answers 503 when the database does not', async () => {
    const broken = await createTestApp();
    await broken.database.close();
    try {
      const res = await broken.app.inject({ method: 'GET', url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: broken.ctx.databaseKind });
      expect((await broken.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('GET /api/config and the quick-exit page', () => {
  it('gives the browser what it needs before sign-in, and nothing more', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/config' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['languages', 'mapAttribution', 'quickExitUrl', 'version']);
    expect(res.json().quickExitUrl).toBe('/weather');
  });

  it('serves a neutral page that names nothing of Weft, never cached (DEV-2)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/weather' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toMatch(/weft|survivor|violence|case|incident/i);
  });
});

describe('GET /api/openapi.json', () => {
  type Operation = { requestBody?: unknown; parameters?: Array<{ in: string; name: string }>; responses?: Record<string, { content?: unknown }> };
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: typeof paths };
    expect(doc.openapi).toBe('3.0.3');
    paths = doc.paths;
  });

  const documented = () =>
    routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && !r.schema.hidden && r.method !== 'HEAD');
  const openapiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

  it('lists every /api route', () => {
    expect(documented().length).toBeGreaterThan(20);
    const missing = documented().filter((r) => !paths[openapiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const hidden = routes.filter((r) => r.schema.hidden).map((r) => r.url);
    expect(hidden).toContain('/api/openapi.json');
  });

  it('gives every documented route a response schema, and the body, path and query schemas it validates', () => {
    const problems: string[] = [];
    for (const r of documented()) {
      const op = paths[openapiPath(r.url)]![r.method.toLowerCase()]!;
      const name = `${r.method} ${r.url}`;
      if (r.schema.responses.length === 0) problems.push(`${name}: no response schema in the route`);
      for (const code of r.schema.responses) {
        const response = op.responses?.[code];
        if (!response) problems.push(`${name}: response ${code} missing`);
        else if (code !== '204' && !response.content) problems.push(`${name}: response ${code} has no schema`);
      }
      if (r.schema.body !== (op.requestBody !== undefined)) problems.push(`${name}: request body ${r.schema.body ? 'missing' : 'unexpected'}`);
      const inPath = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const wanted = [...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
      if (wanted.some((p) => !inPath.includes(p!))) problems.push(`${name}: path parameters ${wanted.join(',')} not all documented`);
      if (r.schema.querystring && !(op.parameters ?? []).some((p) => p.in === 'query')) problems.push(`${name}: query parameters missing`);
    }
    expect(problems).toEqual([]);
  });

  it('documents how to authenticate', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['session', 'token']);
  });
});
