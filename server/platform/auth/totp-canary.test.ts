/**
 * STO-1 canary for the TOTP secret, end to end: once enrolled, the base32 secret is shown in
 * the enrolment answer and nowhere else: not in the users row, not in any table, not in any
 * other API answer, not in the logs (pino at trace). Passwords never reach the logs either.
 */
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOG_REDACT } from '../../app';
import { buildOrganisation, buildUser, freshTotpCode, type TestUser } from '../../test/factories';
import { cookieOf, createTestAppWith, signInNew } from '../../test/authz/helpers';
import type { TestApp } from '../../test/runtime';
import { decodeBase32 } from './totp';

const logChunks: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logChunks.push(chunk.toString('utf8'));
    done();
  },
});

const CANARY_PASSWORD = 'canary-Passphrase-7Qx2 ochre heron';
const CANARY_NEW_PASSWORD = 'canary-Renewed-9Wv4 slate plover';
const CANARY_WRONG = 'canary-Wrong-3Kd8 guesswork';

let t: TestApp;
let worker: TestUser;
let secret = '';
let orgId = '';
/** Every answer the test got, except the enrolment answer itself. */
const answers: string[] = [];

beforeAll(async () => {
  t = await createTestAppWith(() => {}, {}, { logger: { level: 'trace', redact: LOG_REDACT, stream: logStream } });
  orgId = (await buildOrganisation(t.ctx)).id;
  worker = await buildUser(t.ctx, { role: 'case_worker', organisationId: orgId, password: CANARY_PASSWORD });
  const admin = await signInNew(t.app, t.ctx, 'admin', orgId);
  const send = async (options: InjectOptions, keep = true) => {
    const res = await t.app.inject({ remoteAddress: '10.55.0.1', ...options });
    if (keep) answers.push(JSON.stringify(res.headers), res.body);
    return res;
  };

  const wrong = await send({ method: 'POST', url: '/api/auth/login', payload: { email: worker.email, password: CANARY_WRONG } });
  expect(wrong.statusCode).toBe(401);
  const login = await send({ method: 'POST', url: '/api/auth/login', payload: { email: worker.email, password: CANARY_PASSWORD } });
  expect(login.json().stage).toBe('totp_enrolment_required');
  let headers = { cookie: cookieOf(login), 'x-csrf-token': login.json().csrfToken as string };
  const enrol = await send({ method: 'POST', url: '/api/auth/totp/enrol', headers }, false);
  expect(enrol.headers['cache-control']).toBe('no-store');
  secret = (enrol.json() as { secret: string }).secret;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const confirm = await send({ method: 'POST', url: '/api/auth/totp/confirm', headers, payload: { code: freshTotpCode(secret) } });
  expect(confirm.statusCode).toBe(200);
  headers = { cookie: cookieOf(confirm), 'x-csrf-token': confirm.json().csrfToken as string };

  await send({ method: 'GET', url: '/api/auth/session', headers });
  await send({ method: 'GET', url: '/api/notifications', headers });
  await send({ method: 'GET', url: '/api/organisations', headers });
  const change = await send({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: CANARY_PASSWORD, newPassword: CANARY_NEW_PASSWORD } });
  expect(change.statusCode).toBe(204);
  await send({ method: 'POST', url: '/api/auth/reauthenticate', headers, payload: { password: CANARY_WRONG } });
  await send({ method: 'GET', url: '/api/users', headers: admin.headers });
  await send({ method: 'GET', url: `/api/users?organisationId=${orgId}`, headers: admin.headers });
  await send({ method: 'PATCH', url: `/api/users/${worker.id}`, headers: admin.headers, payload: { language: 'fr' } });
  const again = await send({ method: 'POST', url: '/api/auth/login', payload: { email: worker.email, password: CANARY_NEW_PASSWORD } });
  expect(again.json().stage).toBe('totp_required');
  const verify = await send({
    method: 'POST',
    url: '/api/auth/totp/verify',
    headers: { cookie: cookieOf(again), 'x-csrf-token': again.json().csrfToken as string },
    payload: { code: freshTotpCode(secret, 1) },
  });
  expect(verify.statusCode).toBe(200);
  await send({ method: 'GET', url: '/api/openapi.json' });
});
afterAll(async () => t?.close());

/** The secret as text, as hex of that text (how bytea prints), and its raw key bytes in hex. */
const needles = () => {
  const raw = decodeBase32(secret);
  return [secret, Buffer.from(secret).toString('hex'), raw.toString('hex'), raw.toString('base64')];
};

it('keeps the secret out of the users row, sealed', async () => {
  const row = await t.ctx.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', worker.id).executeTakeFirstOrThrow();
  expect(row.totp_enabled_at).not.toBeNull();
  const stored = Buffer.from(row.totp_secret!);
  expect(stored.length).toBeGreaterThan(20 + 12 + 16 - 1);
  expect(stored.includes(Buffer.from(secret))).toBe(false);
  expect(stored.includes(decodeBase32(secret))).toBe(false);
});

it('keeps the secret out of every row of every table', async () => {
  const { rows } = await sql<{ json: string }>`select row_to_json(t)::text as json from users t`.execute(t.ctx.db);
  expect(rows.length).toBeGreaterThan(1);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(t.ctx.db);
  expect(tables.rows.length).toBeGreaterThan(5);
  for (const { name } of tables.rows) {
    const dump = await sql<{ json: string }>`select coalesce(string_agg(row_to_json(t)::text, ''), '') as json from ${sql.table(name)} t`.execute(t.ctx.db);
    const text = dump.rows[0]!.json;
    for (const needle of needles()) expect(text.includes(needle), `${needle} in ${name}`).toBe(false);
    for (const password of [CANARY_PASSWORD, CANARY_NEW_PASSWORD, CANARY_WRONG]) expect(text.includes(password), `a password in ${name}`).toBe(false);
  }
});

it('shows the secret in no API answer but the enrolment answer', () => {
  expect(answers.length).toBeGreaterThan(20);
  const text = answers.join('\n');
  for (const needle of needles()) expect(text.includes(needle)).toBe(false);
});

it('logs neither the secret nor any password, at trace level', () => {
  const text = logChunks.join('');
  expect(text).toContain('/api/auth/login');
  expect(text).toContain('/api/auth/totp/enrol');
  // Control: what a request line carries (its query string) does reach the captured logs.
  expect(text).toContain(`organisationId=${orgId}`);
  expect(text.split('\n').length).toBeGreaterThan(30);
  for (const needle of [...needles(), CANARY_PASSWORD, CANARY_NEW_PASSWORD, CANARY_WRONG, 'canary-']) {
    expect(text.includes(needle), `${needle} in the logs`).toBe(false);
  }
  expect(text).not.toMatch(/weft_session=[A-Za-z0-9_-]{20}/);
});
