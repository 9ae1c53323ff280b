/**
 * Runs every case for every actor and relation, and judges each answer (AUTHZ-1, AUD-1).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AuthRequirement } from '../../platform/http/authenticate';
import type { MatrixFixture } from './fixture';
import { freshSession } from './helpers';
import { routeKey, type RouteInfo } from './inventory';
import { isRecipientRelation, type MatrixActor, type MatrixCase, type ModuleCases, type Outcome, type Relation, type Target } from './types';

const CASES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');

/** Every `cases/*.ts` file's default export, in file-name order. */
export async function loadAllCases(): Promise<ModuleCases[]> {
  const files = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const modules: ModuleCases[] = [];
  for (const file of files) {
    const loaded = (await import(pathToFileURL(path.join(CASES_DIR, file)).href)) as { default?: ModuleCases };
    if (!loaded.default?.cases) throw new Error(`cases/${file} has no default export made with defineCases()`);
    modules.push(loaded.default);
  }
  return modules;
}

/**
 * The route's `config.auth` decides first: session routes refuse anonymous callers and
 * tokens (401), token routes refuse sessions (401) and tokens of another purpose (403);
 * session-or-token routes refuse anonymous callers (401) and tokens of another purpose (403).
 * Only then does the case's own rule apply.
 */
export function expectedOutcome(auth: AuthRequirement | undefined, c: MatrixCase, actor: MatrixActor, relation: Relation): Outcome {
  const requirement = auth ?? 'public';
  if (requirement === 'public') return c.expect(actor, relation);
  if (typeof requirement === 'object') {
    // `{ token }`, or `{ session: true, token }`: a signed-in user, or a token of that purpose.
    if (actor.kind === 'token') return actor.purpose === requirement.token ? c.expect(actor, relation) : 'forbidden';
    if (actor.kind === 'user' && 'session' in requirement) return c.expect(actor, relation);
    return 'unauthenticated';
  }
  if (actor.kind !== 'user') return 'unauthenticated';
  return c.expect(actor, relation);
}

const REFUSAL_STATUS = { unauthenticated: 401, forbidden: 403, not_found: 404 } as const;

export const describeOutcome = (o: Outcome) => (typeof o === 'object' ? `${o.status} (${o.why})` : o);

export interface MatrixResult {
  module: string;
  route: string;
  actor: string;
  relation: Relation;
  expected: Outcome;
  status: number;
  requestId: string | null;
  /** `code: message` of an error answer: a hidden record must read exactly like a missing one. */
  error: string | null;
  /** Empty when the answer is what the case expects. */
  problems: string[];
}

export function buildTarget(fixture: MatrixFixture, actor: MatrixActor, relation: Relation): Target {
  const homeKey = actor.kind === 'anonymous' ? 'A' : actor.org;
  const home = fixture.orgs[homeKey];
  const other = fixture.orgs[homeKey === 'A' ? 'B' : 'A'];
  return { actor, relation, home, other, org: relation === 'other_org' || isRecipientRelation(relation) ? other : home, unique: randomUUID().slice(0, 8), ctx: fixture.t.ctx };
}

function urlOf(c: MatrixCase, t: Target): string {
  if (c.url) return c.url(t);
  if (!c.route.includes(':id')) return c.route;
  const id = t.relation === 'missing' ? randomUUID() : c.id?.(t);
  if (!id) throw new Error(`case ${c.method} ${c.route} names a record but has no id() for ${t.relation}`);
  return c.route.replace(':id', id);
}

async function send(fixture: MatrixFixture, c: MatrixCase, t: Target) {
  const { actor } = t;
  let headers: Record<string, string> = {};
  if (actor.kind === 'user') headers = c.session === 'fresh' ? (await freshSession(t.ctx, actor.user.id)).headers : { ...actor.user.headers };
  if (actor.kind === 'token') headers = { authorization: `Bearer ${actor.token}` };
  const body = c.body?.(t);
  return fixture.t.app.inject({
    method: c.method,
    url: urlOf(c, t),
    headers,
    remoteAddress: fixture.addressOf.get(actor)!,
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

/** Runs the cases; cases whose route the inventory lacks are reported, not run. */
export async function runMatrix(fixture: MatrixFixture, modules: readonly ModuleCases[], inventory: readonly RouteInfo[]): Promise<MatrixResult[]> {
  const byKey = new Map(inventory.map((r) => [routeKey(r.method, r.url), r]));
  const results: MatrixResult[] = [];
  for (const { module, cases } of modules) {
    for (const c of cases) {
      const route = byKey.get(routeKey(c.method, c.route));
      if (!route) {
        results.push({ module, route: routeKey(c.method, c.route), actor: '-', relation: 'none', expected: 'allow', status: 0, requestId: null, error: null, problems: ['the app has no such route'] });
        continue;
      }
      for (const relation of c.relations ?? ['none']) {
        for (const actor of fixture.actors) {
          const t = buildTarget(fixture, actor, relation);
          const expected = expectedOutcome(route.auth, c, actor, relation);
          const response = await send(fixture, c, t);
          const problems: string[] = [];
          const status = response.statusCode;
          const is2xx = status >= 200 && status < 300;
          if (expected === 'allow') {
            if (!is2xx) problems.push(`expected 2xx, got ${status} ${response.body.slice(0, 160)}`);
            else {
              const problem = await c.verify?.(t, response);
              if (problem) problems.push(problem);
            }
          } else {
            const want = typeof expected === 'object' ? expected.status : REFUSAL_STATUS[expected];
            if (is2xx) problems.push(`UNEXPECTED SUCCESS: expected ${describeOutcome(expected)}, got ${status}`);
            else if (status !== want) problems.push(`expected ${want} (${describeOutcome(expected)}), got ${status} ${response.body.slice(0, 160)}`);
          }
          c.after?.(t, response);
          let requestId: string | null = null;
          let error: string | null = null;
          if (status >= 400) {
            try {
              const answer = (response.json() as { error?: { requestId?: string; code?: string; message?: string } }).error;
              requestId = answer?.requestId ?? null;
              error = `${answer?.code}: ${answer?.message}`;
            } catch {
              problems.push(`a refusal whose body is not the JSON error shape: ${response.body.slice(0, 80)}`);
            }
          }
          results.push({ module, route: routeKey(c.method, c.route), actor: actor.label, relation, expected, status, requestId, error, problems });
        }
      }
    }
  }
  return results;
}

/** AUD-1: a refusal of an existing record, or of the caller, must have left an audit row. */
export const needsAuditRow = (r: MatrixResult) =>
  r.status === 401 || r.status === 403 || (r.status === 404 && r.relation !== 'missing');

/**
 * AUTHZ-1: a record hidden from the actor answers exactly as a missing one (status, code,
 * message), so 404s are no oracle of existence. Returns the pairs that differ.
 */
export function findExistenceOracles(results: readonly MatrixResult[]): string[] {
  const missing = new Map(results.filter((r) => r.relation === 'missing').map((r) => [`${r.route} ${r.actor}`, r]));
  return results
    .filter((r) => r.status === 404 && r.relation !== 'missing')
    .flatMap((r) => {
      const twin = missing.get(`${r.route} ${r.actor}`);
      return twin && (twin.status !== 404 || twin.error !== r.error) ? [`${r.route} as ${r.actor}: ${r.relation} → ${r.error}; missing → ${twin.status} ${twin.error}`] : [];
    });
}

export interface ModuleCounts {
  module: string;
  requests: number;
  allowed: number;
  reached: number;
  refused401: number;
  refused403: number;
  refused404: number;
  unexpectedSuccesses: number;
  wrongStatus: number;
}

export function countResults(results: readonly MatrixResult[]): ModuleCounts[] {
  const rows = new Map<string, ModuleCounts>();
  const rowOf = (module: string) => {
    let row = rows.get(module);
    if (!row) rows.set(module, (row = { module, requests: 0, allowed: 0, reached: 0, refused401: 0, refused403: 0, refused404: 0, unexpectedSuccesses: 0, wrongStatus: 0 }));
    return row;
  };
  for (const r of results) {
    for (const row of [rowOf(r.module), rowOf('TOTAL')]) {
      row.requests += 1;
      if (r.status >= 200 && r.status < 300) row.allowed += 1;
      else if (r.status === 401) row.refused401 += 1;
      else if (r.status === 403) row.refused403 += 1;
      else if (r.status === 404) row.refused404 += 1;
      else row.reached += 1;
      if (r.problems.some((p) => p.startsWith('UNEXPECTED SUCCESS'))) row.unexpectedSuccesses += 1;
      else if (r.problems.length > 0) row.wrongStatus += 1;
    }
  }
  const total = rows.get('TOTAL');
  rows.delete('TOTAL');
  return [...rows.values(), ...(total ? [total] : [])];
}

export function formatCounts(rows: readonly ModuleCounts[]): string {
  const header = ['module', 'requests', '2xx', 'other', '401', '403', '404', 'unexpected 2xx', 'wrong status'];
  const lines = rows.map((r) => [r.module, r.requests, r.allowed, r.reached, r.refused401, r.refused403, r.refused404, r.unexpectedSuccesses, r.wrongStatus].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

/** Routes a cookie session can call: their writes need the CSRF header. */
export const acceptsSession = (route: RouteInfo) =>
  route.auth === 'session' || route.auth === 'signing-in' || (typeof route.auth === 'object' && 'session' in route.auth);
