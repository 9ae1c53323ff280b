/**
 * OpenRosa rate limits: submissions per token (focal points behind one carrier NAT share an
 * address, so the address is not what is limited), and a looser ceiling per address on every
 * route, counted before the token is looked up (token guessing, floods). The limits are made
 * small on an app of the OpenRosa routes alone, over the same database as the full app.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXml } from '../../../core/alerts';
import { alertInstance } from '../../../core/alerts/openrosa/test-submissions';
import { installAuthentication } from '../../platform/http/authenticate';
import { installErrorHandler } from '../../platform/http/errors';
import { buildOrganisation, signedInUser } from '../../test/factories';
import { BOUNDARY, mintToken, multipartBody, OPENROSA_HEADERS, xmlPart } from '../../test/factories-openrosa';
import { createTestApp, type TestApp } from '../../test/runtime';
import { OPENROSA_LIMITS, openRosaRoutes, type OpenRosaLimits } from './routes';

const LIMITS: OpenRosaLimits = { submissionsPerToken: 3, requestsPerAddress: 8 };

let t: TestApp;
let limited: FastifyInstance;
let tokens: { token: string }[];

/** The OpenRosa routes with the platform pieces they need, at LIMITS. */
async function buildLimitedApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  installAuthentication(app, t.ctx);
  installErrorHandler(app, t.ctx);
  await app.register(openRosaRoutes, { ctx: t.ctx, limits: LIMITS });
  await app.ready();
  return app;
}

beforeAll(async () => {
  t = await createTestApp();
  const org = (await buildOrganisation(t.ctx)).id;
  const admin = await signedInUser(t.app, t.ctx, 'admin', org);
  tokens = [];
  for (let i = 0; i < 3; i++) tokens.push(await mintToken(t.app, admin));
  limited = await buildLimitedApp();
}, 120_000);
afterAll(async () => {
  await limited?.close();
  await t?.close();
});

const submission = () => xmlPart(alertInstance({ meta: `<orx:meta><orx:instanceID>uuid:${crypto.randomUUID()}</orx:instanceID></orx:meta>` }));
/** A submission from a client address (light-my-request's remoteAddress). */
const submitAt = (address: string, token: string) =>
  limited.inject({
    method: 'POST',
    url: `/api/openrosa/v1/key/${token}/submission`,
    headers: { ...OPENROSA_HEADERS, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: multipartBody([submission()]),
    remoteAddress: address,
  });

const nature = (body: string) => readXml(body).children[0]?.text ?? '';

describe('per token', () => {
  it('limits one token’s submissions whatever the address, and not another token behind the same NAT', async () => {
    const [one, two] = [tokens[0]!.token, tokens[1]!.token];
    for (let i = 0; i < LIMITS.submissionsPerToken; i++) {
      const res = await submitAt(`203.0.113.${10 + i}`, one);
      expect(res.statusCode, res.body).toBe(201);
    }
    const refused = await submitAt('203.0.113.20', one);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['x-openrosa-version']).toBe('1.0');
    expect(nature(refused.body)).toMatch(/Too many submissions with this token/);
    // Another focal point on the same carrier address still gets through.
    const other = await submitAt('203.0.113.20', two);
    expect(other.statusCode, other.body).toBe(201);
    // Nothing was written for the refused one: three alerts from the first token's submissions, one from the second.
    const alerts = await t.ownerDb.selectFrom('alerts').select('id').where('channel', '=', 'openrosa').execute();
    expect(alerts).toHaveLength(LIMITS.submissionsPerToken + 1);
  });
});

describe('per address', () => {
  it('refuses an address past its ceiling before looking its token up, on every route, and no other address', async () => {
    const guesser = '198.51.100.7';
    for (let i = 0; i < LIMITS.requestsPerAddress; i++) {
      const res = await limited.inject({ method: 'GET', url: `/api/openrosa/v1/key/guess-${i}/formList`, headers: OPENROSA_HEADERS, remoteAddress: guesser });
      expect(res.statusCode).toBe(403);
    }
    const deniedBefore = await t.ownerDb.selectFrom('audit_log').select('id').where('action', '=', 'http.denied').execute();
    const refused = await limited.inject({ method: 'GET', url: '/api/openrosa/v1/key/guess-last/formList', headers: OPENROSA_HEADERS, remoteAddress: guesser });
    expect(refused.statusCode).toBe(429);
    expect(nature(refused.body)).toMatch(/Too many requests from this network address/);
    // Even a valid token from that address waits; JSON for a client that is not OpenRosa.
    const valid = await limited.inject({ method: 'HEAD', url: `/api/openrosa/v1/key/${tokens[2]!.token}/submission`, remoteAddress: guesser });
    expect(valid.statusCode).toBe(429);
    const json = await limited.inject({ method: 'GET', url: `/api/openrosa/v1/key/${tokens[2]!.token}/formList`, remoteAddress: guesser });
    expect(json.json()).toMatchObject({ error: { code: 'openrosa.address_rate_limited' } });
    // The refused guesses never reached the token lookup, so they left no denial to audit.
    const deniedAfter = await t.ownerDb.selectFrom('audit_log').select('id').where('action', '=', 'http.denied').execute();
    expect(deniedAfter).toHaveLength(deniedBefore.length);
    const elsewhere = await limited.inject({ method: 'HEAD', url: `/api/openrosa/v1/key/${tokens[2]!.token}/submission`, headers: OPENROSA_HEADERS, remoteAddress: '198.51.100.8' });
    expect(elsewhere.statusCode).toBe(204);
  });

  it('counts an IPv6 client per /64: every address of one block shares the ceiling, the next block has its own', async () => {
    // One host's /64, written as clients do: interface ids drawn at will, upper case, zone ids.
    const block = (i: number) => [`2001:db8:5:7::${(i + 1).toString(16)}`, `2001:DB8:5:7:ABCD:${i}:0:1`, `2001:db8:5:7:ffff:ffff:ffff:${i}%eth0`][i % 3]!;
    for (let i = 0; i < LIMITS.requestsPerAddress; i++) {
      const res = await limited.inject({ method: 'GET', url: `/api/openrosa/v1/key/v6-guess-${i}/formList`, headers: OPENROSA_HEADERS, remoteAddress: block(i) });
      expect(res.statusCode).toBe(403);
    }
    const refused = await limited.inject({ method: 'GET', url: `/api/openrosa/v1/key/${tokens[2]!.token}/formList`, headers: OPENROSA_HEADERS, remoteAddress: '2001:db8:5:7:1234:5678:9abc:def0' });
    expect(refused.statusCode).toBe(429);
    expect(nature(refused.body)).toMatch(/Too many requests from this network address/);
    const nextBlock = await limited.inject({ method: 'HEAD', url: `/api/openrosa/v1/key/${tokens[2]!.token}/submission`, headers: OPENROSA_HEADERS, remoteAddress: '2001:db8:5:8::1' });
    expect(nextBlock.statusCode).toBe(204);
  });

  it('counts an IPv4-mapped IPv6 client as its IPv4 address', async () => {
    for (let i = 0; i < LIMITS.requestsPerAddress; i++) {
      const res = await limited.inject({ method: 'GET', url: `/api/openrosa/v1/key/v4-guess-${i}/formList`, headers: OPENROSA_HEADERS, remoteAddress: i % 2 ? '198.51.100.44' : '::ffff:198.51.100.44' });
      expect(res.statusCode).toBe(403);
    }
    const refused = await limited.inject({ method: 'HEAD', url: `/api/openrosa/v1/key/${tokens[2]!.token}/submission`, headers: OPENROSA_HEADERS, remoteAddress: '::FFFF:C633:642C' });
    expect(refused.statusCode).toBe(429);
  });

  it('leaves the application a ceiling per address well above the limit per token', () => {
    expect(OPENROSA_LIMITS.requestsPerAddress).toBeGreaterThanOrEqual(5 * OPENROSA_LIMITS.submissionsPerToken);
  });
});
