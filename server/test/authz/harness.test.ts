/** The matrix harness's own logic, without a database: route parsing and the auth layer. */
import { describe, expect, it } from 'vitest';
import { concreteUrl, parsePrintedRoutes, routesToCover } from './inventory';
import { expectedOutcome, findExistenceOracles, type MatrixResult } from './run';
import type { MatrixActor, MatrixCase } from './types';

const PRINTED = `└── /
    ├── api/
    │   ├── docs (GET, HEAD)
    │   │   └── /
    │   │       ├── static/
    │   │       │   ├── index.html (GET, HEAD)
    │   │       │   └── * (HEAD, GET)
    │   │       └── json (GET, HEAD)
    │   ├── users (GET, HEAD, POST)
    │   │   └── /
    │   │       └── :id (PATCH)
    │   │           └── /reset-password (POST)
    │   └── areas (GET)
    │       (POST) {"version":"2.0.0"}
    └── weather (GET, HEAD)
`;

describe('parsePrintedRoutes', () => {
  it('rebuilds every full path from the router’s tree, wildcards and constraints included', () => {
    const keys = parsePrintedRoutes(PRINTED).map((r) => `${r.method} ${r.url}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/docs',
        'GET /api/docs/static/index.html',
        'GET /api/docs/static/*',
        'HEAD /api/docs/static/*',
        'GET /api/docs/json',
        'POST /api/users',
        'PATCH /api/users/:id',
        'POST /api/users/:id/reset-password',
        'GET /api/areas',
        'POST /api/areas',
        'GET /weather',
      ]),
    );
    expect(keys).toHaveLength(17);
  });

  it('keeps HEAD only where no GET shares the path', () => {
    const routes = parsePrintedRoutes(PRINTED).map((r) => ({ ...r, auth: undefined, csrf: true, schema: { hidden: false, body: false, params: false, querystring: false, responses: [] } }));
    expect(routesToCover(routes).some((r) => r.method === 'HEAD')).toBe(false);
  });

  it('fills parameters and wildcards with values the pattern matches', () => {
    expect(concreteUrl('/api/users/:id/reset-password')).toMatch(/^\/api\/users\/[0-9a-f-]{36}\/reset-password$/);
    expect(concreteUrl('/api/docs/static/*')).toBe('/api/docs/static/probe');
  });
});

describe('expectedOutcome', () => {
  const anonymous: MatrixActor = { kind: 'anonymous', label: 'anonymous' };
  const token = (purpose: 'areas.read' | 'statistics.read'): MatrixActor => ({ kind: 'token', label: purpose, org: 'A', purpose, token: 'x' });
  const user = { kind: 'user', label: 'viewer@A', org: 'A', role: 'viewer', isPlatformAdmin: false } as MatrixActor;
  const allowAll: MatrixCase = { method: 'GET', route: '/x', expect: () => 'allow' };

  it('refuses anonymous callers and tokens on session routes (401)', () => {
    for (const auth of ['session', 'signing-in'] as const) {
      expect(expectedOutcome(auth, allowAll, anonymous, 'none')).toBe('unauthenticated');
      expect(expectedOutcome(auth, allowAll, token('areas.read'), 'none')).toBe('unauthenticated');
      expect(expectedOutcome(auth, allowAll, user, 'none')).toBe('allow');
    }
  });

  it('refuses sessions (401) and tokens of another purpose (403) on token routes', () => {
    const auth = { token: 'areas.read' };
    expect(expectedOutcome(auth, allowAll, user, 'none')).toBe('unauthenticated');
    expect(expectedOutcome(auth, allowAll, anonymous, 'none')).toBe('unauthenticated');
    expect(expectedOutcome(auth, allowAll, token('statistics.read'), 'none')).toBe('forbidden');
    expect(expectedOutcome(auth, allowAll, token('areas.read'), 'none')).toBe('allow');
  });

  it('lets users and tokens of the purpose through session-or-token routes', () => {
    const auth = { session: true as const, token: 'areas.read' };
    expect(expectedOutcome(auth, allowAll, user, 'none')).toBe('allow');
    expect(expectedOutcome(auth, allowAll, token('areas.read'), 'none')).toBe('allow');
    expect(expectedOutcome(auth, allowAll, token('statistics.read'), 'none')).toBe('forbidden');
    expect(expectedOutcome(auth, allowAll, anonymous, 'none')).toBe('unauthenticated');
  });

  it('leaves public routes to the case', () => {
    expect(expectedOutcome('public', allowAll, anonymous, 'none')).toBe('allow');
    expect(expectedOutcome(undefined, { ...allowAll, expect: () => 'forbidden' }, token('areas.read'), 'none')).toBe('forbidden');
  });
});

describe('findExistenceOracles', () => {
  const result = (relation: MatrixResult['relation'], status: number, error: string): MatrixResult => ({
    module: 'm', route: 'PATCH /api/users/:id', actor: 'admin@B', relation, expected: 'not_found', status, requestId: null, error, problems: [],
  });

  it('flags a hidden record that answers differently from a missing one', () => {
    expect(findExistenceOracles([result('other_org', 404, 'user.not_found: No user'), result('missing', 404, 'user.not_found: No user')])).toEqual([]);
    expect(findExistenceOracles([result('other_org', 404, 'user.hidden: Not yours'), result('missing', 404, 'user.not_found: No user')])).toHaveLength(1);
  });
});
