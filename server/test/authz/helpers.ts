/**
 * Helpers shared by the authorization matrix and the route tests of the platform modules.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse as InjectResult } from 'fastify';
import { inSystemScope } from '../../db/scope';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Role } from '../../../core/auth/roles';
import { buildApp } from '../../app';
import type { DB } from '../../db/schema';
import { createSession } from '../../platform/auth/sessions';
import type { AppContext } from '../../platform/context';
import { SESSION_COOKIE } from '../../platform/http/authenticate';
import { buildUser, signIn, type SignedInUser } from '../factories';
import { createTestRuntime, type TestApp } from '../runtime';

let addresses = 0;

/** A fresh client address, e.g. `10.0.3.7`. */
export function nextAddress(): string {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/**
 * The app seen from a client address of its own. The sign-in steps allow 10 attempts a
 * minute per address, so a test that signs more users in than that gives each its own.
 */
export function fromNewAddress(app: FastifyInstance, remoteAddress = nextAddress()): FastifyInstance {
  return new Proxy(app, {
    get(target, prop, receiver) {
      if (prop === 'inject') return (options: InjectOptions) => target.inject({ remoteAddress, ...options });
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** Builds a user of the role (in the organisation) and signs them in from their own address. */
export async function signInNew(app: FastifyInstance, ctx: AppContext, role: Role, organisationId?: string): Promise<SignedInUser> {
  const user = await buildUser(ctx, { role, ...(organisationId ? { organisationId } : {}) });
  return signIn(fromNewAddress(app), user);
}

/**
 * A second, fully signed-in session of a user, made directly in the database (no second
 * factor dance, which refuses a reused code within 30 s). For routes that end the session.
 */
export async function freshSession(ctx: AppContext, userId: string): Promise<{ cookie: string; headers: Record<string, string> }> {
  const session = await createSession(ctx.db, ctx.sessions, { userId, stage: 'complete', ip: null, userAgent: 'weft-tests' });
  const cookie = `${SESSION_COOKIE}=${session.token}`;
  return { cookie, headers: { cookie, 'x-csrf-token': session.csrfToken } };
}

/** The session cookie (name=value) a response sets, or ''. */
export function cookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  return String(first ?? '').split(';')[0] ?? '';
}

export type TableName = keyof DB;

/** Row counts of the tables, to prove that a refused request wrote nothing. */
export async function countRows(ctx: AppContext, tables: readonly TableName[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // Every organisation's rows: the case tables answer only inside a scope (AUTHZ-2).
  await inSystemScope(ctx.db, async (trx) => {
    for (const table of tables) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
      counts[table] = Number(rows[0]?.n ?? 0);
    }
  });
  return counts;
}

/** The tables a request of the platform modules may write. */
export const WRITABLE_TABLES: readonly TableName[] = ['organisations', 'users', 'sessions', 'api_tokens', 'notifications', 'audit_log'];

/** Audit rows of an action, newest first. */
export function auditRows(ctx: AppContext, filter: { action?: string; resourceId?: string; requestId?: string; outcome?: string }) {
  let query = ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.resourceId) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.requestId) query = query.where('request_id', '=', filter.requestId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  return query.execute();
}

/** The request id an error answer quotes. */
export function requestIdOf(response: { json: () => unknown }): string {
  return (response.json() as { error: { requestId: string } }).error.requestId;
}

/** A test app whose extra routes (a throwing route, a token route) are added before ready(). */
export async function createTestAppWith(
  register: (app: FastifyInstance) => void,
  overrides: Record<string, string> = {},
  options: Parameters<typeof buildApp>[1] = {},
): Promise<TestApp> {
  const runtime = await createTestRuntime(overrides);
  const app = await buildApp(runtime.ctx, options);
  register(app);
  await app.ready();
  return {
    ...runtime,
    app,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}

/** An error answer: status, stable code, and the field it names. */
export function expectError(response: InjectResult, status: number, expected: { code?: string; field?: string } = {}): void {
  expect(response.statusCode, response.body).toBe(status);
  const { error } = response.json() as { error: { code: string; field?: string; requestId: string } };
  if (expected.code) expect(error.code).toBe(expected.code);
  if (expected.field) expect(error.field).toBe(expected.field);
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
}

/** AUD-1: the refusal of this answer left a denied audit row. */
export async function expectDeniedAudit(ctx: AppContext, response: InjectResult): Promise<void> {
  const rows = await auditRows(ctx, { requestId: requestIdOf(response), outcome: 'denied' });
  expect(rows.length, `no denied audit row for ${response.body}`).toBeGreaterThan(0);
}
