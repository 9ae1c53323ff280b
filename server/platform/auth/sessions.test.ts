/** SES-1: session tokens, cookie flags, idle timeout and absolute lifetime, through HTTP. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type SignedInUser } from '../../test/factories';
import { auditRows, expectError, fromNewAddress, signInNew } from '../../test/authz/helpers';
import { createTestApp, type TestApp } from '../../test/runtime';

let t: TestApp;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ WEFT_SESSION_IDLE_MINUTES: '1' });
  orgId = (await buildOrganisation(t.ctx)).id;
});
afterAll(async () => t?.close());

const sessionOf = (user: SignedInUser) => t.app.inject({ method: 'GET', url: '/api/auth/session', headers: user.headers });
const tokenOf = (user: SignedInUser) => user.cookie.split('=')[1]!;
const sessionIdOf = (user: SignedInUser) => createHash('sha256').update(tokenOf(user)).digest('hex');
const setSession = (user: SignedInUser, values: { last_seen_at?: Date; expires_at?: Date }) =>
  t.ctx.db.updateTable('sessions').set(values).where('id', '=', sessionIdOf(user)).execute();
const ago = (ms: number) => new Date(Date.now() - ms);

async function login(email: string, password: string, app = t.app) {
  return fromNewAddress(app).inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
}

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, for the whole site, and not Secure over plain HTTP', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgId });
    const res = await login(user.email, user.password);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^weft_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('is Secure, with HSTS, when WEFT_SECURE_COOKIES=true', async () => {
    const secure = await createTestApp({ WEFT_SECURE_COOKIES: 'true' });
    try {
      const user = await buildUser(secure.ctx);
      const res = await login(user.email, user.password, secure.app);
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
      expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await secure.close();
    }
  });
});

describe('session token', () => {
  it('is 256 random bits, new on every sign-in, stored only as its hash', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgId });
    const first = await login(user.email, user.password);
    const second = await login(user.email, user.password);
    const tokens = [first, second].map((r) => String(r.headers['set-cookie']).split(';')[0]!.split('=')[1]!);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(Buffer.from(tokens[0]!, 'base64url')).toHaveLength(32);
    const { rows } = await sql<{ json: string }>`select row_to_json(s)::text as json from sessions s where user_id = ${user.id}`.execute(t.ctx.db);
    expect(rows).toHaveLength(2);
    for (const token of tokens) {
      expect(rows.some((r) => r.json.includes(createHash('sha256').update(token).digest('hex')))).toBe(true);
      expect(rows.some((r) => r.json.includes(token))).toBe(false);
    }
  });

  it('sign-in is audited as session.create, a failed one as denied', async () => {
    const user = await buildUser(t.ctx, { organisationId: orgId });
    await login(user.email, 'a wrong guess of words');
    await login(user.email, user.password);
    const rows = await auditRows(t.ctx, { action: 'session.create' });
    const mine = rows.filter((r) => r.actor_user_id === user.id);
    expect(mine.map((r) => r.outcome).sort()).toEqual(['denied', 'success']);
    expect(mine.find((r) => r.outcome === 'success')?.details).toEqual({ stage: 'complete' });
    expect(mine.find((r) => r.outcome === 'denied')?.details).toEqual({ reason: 'wrong_password' });
    expect(JSON.stringify(mine)).not.toContain(user.email);
  });
});

describe('idle timeout (WEFT_SESSION_IDLE_MINUTES=1)', () => {
  it('is told to the browser', async () => {
    const user = await signInNew(t.app, t.ctx, 'viewer', orgId);
    expect(user.session.idleTimeoutSeconds).toBe(60);
  });

  it('keeps a session used within the timeout, and renews it', async () => {
    const user = await signInNew(t.app, t.ctx, 'viewer', orgId);
    await setSession(user, { last_seen_at: ago(40_000) });
    expect((await sessionOf(user)).statusCode).toBe(200);
    const row = await t.ctx.db.selectFrom('sessions').select('last_seen_at').where('id', '=', sessionIdOf(user)).executeTakeFirstOrThrow();
    expect(Date.now() - row.last_seen_at.getTime()).toBeLessThan(5_000);
    await setSession(user, { last_seen_at: ago(40_000) });
    expect((await sessionOf(user)).statusCode).toBe(200);
  });

  it('ends a session idle for longer, and deletes it', async () => {
    const user = await signInNew(t.app, t.ctx, 'viewer', orgId);
    await setSession(user, { last_seen_at: ago(61_000) });
    expectError(await sessionOf(user), 401, { code: 'auth.required' });
    expect(await t.ctx.db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(user)).execute()).toEqual([]);
  });
});

describe('absolute lifetime', () => {
  it('is 12 hours from sign-in by default', async () => {
    const user = await signInNew(t.app, t.ctx, 'viewer', orgId);
    const row = await t.ctx.db.selectFrom('sessions').select(['created_at', 'expires_at']).where('id', '=', sessionIdOf(user)).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(12 * 3_600_000);
  });

  it('ends a session past it, however active', async () => {
    const user = await signInNew(t.app, t.ctx, 'viewer', orgId);
    await setSession(user, { expires_at: ago(1_000), last_seen_at: new Date() });
    expectError(await sessionOf(user), 401);
    expect(await t.ctx.db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(user)).execute()).toEqual([]);
  });
});
