/**
 * OpenRosa 1.0 as ODK Central serves it (OPENROSA-NOTES.md), for ODK Collect, KoboCollect and
 * Enketo sending Weft's alert form. Two ways to give the alerts.intake token, both under
 * /api/openrosa:
 * - in the server URL, as Central's app users: `/api/openrosa/v1/key/<token>` (Collect's
 *   "server URL" holds it; nothing to type on the phone);
 * - as the password of HTTP Basic (any user name) or a bearer token: `/api/openrosa`.
 * The routes are `auth: 'public'` for the platform hook and authenticate here, since neither
 * form is a bearer header the hook reads; the policy still admits only alerts.intake tokens.
 * Every answer, refusals included, is XML with the OpenRosa headers; 401s carry a Basic
 * challenge so Collect asks for the password. SECURITY AUTHZ-1, REL-2, REL-4, AUD-1.
 *
 * Rate limits: submissions are counted per token, since focal points behind one carrier NAT
 * share an address; every request is also counted per address, before its token is looked up,
 * against a ceiling loose enough for a NAT and tight enough to bound token guessing. An IPv6
 * client counts per /64, the block one host is given (core/net/address-key).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildOpenRosaResponse, checkOpenRosaVersionHeader, OPENROSA_RESPONSE_HEADERS, SUBMISSION_SUCCESS_MESSAGE } from '../../../core/alerts';
import { forbidden, invalid, isDomainError, rateLimited, unauthenticated } from '../../../core/errors';
import { deriveAddressKey } from '../../../core/net/address-key';
import { formListQuery, formParams, keyedFormParams, openRosaKeyParams, submissionQuery } from '../../../core/schemas/openrosa';
import { resolveApiToken } from '../../platform/auth/api-tokens';
import type { AppContext } from '../../platform/context';
import { auditDenial, sendableDetails, STATUS } from '../../platform/http/errors';
import { requestContext, typed } from '../../platform/http/route-kit';
import { multipartBoundary, parseMultipart } from './multipart';
import { OPENROSA_TOKEN_PURPOSE } from './policy';
import * as service from './service';

export const OPENROSA_PREFIX = '/api/openrosa';
export const OPENROSA_KEY_PREFIX = `${OPENROSA_PREFIX}/v1/key/:token`;
/** The whole multipart body: the instance XML (≤ 1 MB) with room for the envelope. */
export const MAX_SUBMISSION_BYTES = 10_000_000;
export const BASIC_CHALLENGE = 'Basic realm="Weft OpenRosa", charset="UTF-8"';

export interface OpenRosaLimits {
  /** Submissions (POST) per minute and token: a phone sending its whole backlog stays well within it. */
  submissionsPerToken: number;
  /** Requests per minute and client address, on every OpenRosa route, counted before authentication. */
  requestsPerAddress: number;
}
export const OPENROSA_LIMITS: OpenRosaLimits = { submissionsPerToken: 600, requestsPerAddress: 6000 };

/** The headers of every OpenRosa answer (Central's openRosaBefore), with Weft's real size limit. */
function openRosaHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .headers(OPENROSA_RESPONSE_HEADERS)
    .header('X-OpenRosa-Accept-Content-Length', String(MAX_SUBMISSION_BYTES))
    .header('Date', new Date().toUTCString())
    .header('cache-control', 'no-store');
}

function credentialOf(request: FastifyRequest): { token: string; via: 'key' | 'basic' | 'bearer' } | null {
  const params = request.params as { token?: unknown } | undefined;
  if (typeof params?.token === 'string') return { token: params.token, via: 'key' };
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  if (/^Bearer /i.test(header)) return { token: header.slice(7).trim(), via: 'bearer' };
  if (/^Basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : { token: decoded.slice(colon + 1), via: 'basic' };
  }
  return null;
}

/** Resolves the alerts.intake token (URL key, Basic password or bearer) and checks the OpenRosa version header. */
async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const credential = credentialOf(request);
  if (!credential) throw unauthenticated('openrosa.credentials_required', 'Give the alerts.intake token: in the server URL (/v1/key/<token>) or as the password.');
  const token = await resolveApiToken(ctx.db, credential.token);
  if (!token) {
    // Central answers a bad /key/ with 403; a bad password is a 401 so the client asks again.
    if (credential.via === 'key') throw forbidden('openrosa.key_invalid', 'This server URL holds a token that is unknown, revoked or expired. Ask your coordinator for a new one.');
    throw unauthenticated('openrosa.token_invalid', 'The token is unknown, revoked or expired. Ask your coordinator for a new one.');
  }
  request.actor = { kind: 'token', tokenId: token.tokenId, organisationId: token.organisationId, purpose: token.purpose };
  if (token.purpose !== OPENROSA_TOKEN_PURPOSE)
    throw forbidden('auth.token_purpose', `This token is for ${token.purpose}; OpenRosa needs an ${OPENROSA_TOKEN_PURPOSE} token.`);
  checkOpenRosaVersionHeader(request.headers['x-openrosa-version']);
}

/** The URL the client reached the OpenRosa root by, for the form list's download URLs. */
function baseUrl(request: FastifyRequest): string {
  const params = request.params as { token?: string };
  const path = params.token !== undefined ? `${OPENROSA_PREFIX}/v1/key/${encodeURIComponent(params.token)}` : OPENROSA_PREFIX;
  return `${request.protocol}://${request.host}${path}`;
}

// XML documents are sent as text with their own content type; Fastify does not serialise them.
const xmlDocument = z.string().describe('An XML document (text/xml; charset=utf-8): OpenRosa form list, XForm, manifest or OpenRosaResponse');

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Counts one request against `limiter`; past its maximum, 429 with Retry-After (Collect tries again later). */
async function checkLimit(limiter: Limiter, request: FastifyRequest, reply: FastifyReply, code: string, message: string): Promise<void> {
  const result = await limiter(request);
  if (result.isAllowed || !result.isExceeded) return;
  reply.header('Retry-After', String(Math.max(1, result.ttlInSeconds)));
  throw rateLimited(code, message);
}

/** `limits` is for tests; the application takes the defaults. */
export async function openRosaRoutes(app: FastifyInstance, { ctx, limits = OPENROSA_LIMITS }: { ctx: AppContext; limits?: OpenRosaLimits }) {
  const r = typed(app);
  const perAddress = app.createRateLimit({ max: limits.requestsPerAddress, timeWindow: 60_000, keyGenerator: (request) => `openrosa:address:${deriveAddressKey(request.ip)}` });
  // Keyed by the token's id once it resolved: unknown tokens make no counters, the address ceiling bounds them.
  const perToken = app.createRateLimit({
    max: limits.submissionsPerToken,
    timeWindow: 60_000,
    keyGenerator: (request) => `openrosa:token:${request.actor.kind === 'token' ? request.actor.tokenId : 'none'}`,
  });
  // Every OpenRosa route, before anything reads the database.
  app.addHook('onRequest', async (request, reply) =>
    checkLimit(perAddress, request, reply, 'openrosa.address_rate_limited', 'Too many requests from this network address; wait a minute and send again.'),
  );

  // Bodies are read here, not by Fastify's JSON parser: raw bytes, one size limit (REL-4).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_SUBMISSION_BYTES }, (_request, body, done) => done(null, body));

  // Refusals: an OpenRosaResponse for OpenRosa clients (they send X-OpenRosa-Version, any
  // value), the platform's JSON error shape for anyone else; the OpenRosa headers on both.
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let status: number;
    let code: string;
    let message: string;
    let field: string | undefined;
    let details: Record<string, unknown> | undefined;
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      status = 400;
      code = 'validation.invalid';
      field = [error.validationContext === 'querystring' ? 'query' : error.validationContext, ...(first?.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('.');
      message = `${field || 'request'} ${first?.message ?? 'is invalid'}`;
    } else if (isDomainError(error)) {
      status = STATUS[error.category];
      code = error.code;
      message = error.message;
      field = error.field;
      details = sendableDetails(error, request);
      if (error.isDenial || error.category === 'unauthenticated') await auditDenial(ctx, request, error.code);
    } else if ((error.statusCode ?? 500) >= 400 && (error.statusCode ?? 500) < 500) {
      status = error.statusCode!;
      code = `http.${status}`;
      message = status === 413 ? `The submission is larger than ${MAX_SUBMISSION_BYTES} bytes.` : 'The request could not be read.';
    } else {
      request.log.error({ err: error }, 'unhandled error');
      status = 500;
      code = 'internal';
      message = `Something went wrong on our side. Quote request ${request.id} to your administrator.`;
    }
    openRosaHeaders(reply).status(status);
    if (status === 401) reply.header('WWW-Authenticate', BASIC_CHALLENGE);
    if (request.headers['x-openrosa-version'] !== undefined) return reply.send(buildOpenRosaResponse(message));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ error: { code, message, ...(field ? { field } : {}), requestId: String(request.id), ...(details ? { details } : {}) } }));
  });

  for (const prefix of [OPENROSA_KEY_PREFIX, OPENROSA_PREFIX]) {
    const keyed = prefix === OPENROSA_KEY_PREFIX;
    const params = keyed ? { params: openRosaKeyParams } : {};
    const auth = { auth: 'public' as const, csrf: false };
    // Before validation, so a caller without a token learns nothing from schema errors (AUTHZ-1).
    const preValidation = async (request: FastifyRequest) => authenticate(ctx, request);

    r.get(`${prefix}/formList`, {
      config: auth,
      preValidation,
      schema: { tags: ['openrosa'], summary: 'OpenRosa form list: Weft’s alert form (alerts.intake token)', ...params, querystring: formListQuery, response: { 200: xmlDocument } },
    }, async (request, reply) => {
      return openRosaHeaders(reply).send(service.formList(requestContext(request), baseUrl(request), request.query.formID));
    });

    r.get(`${prefix}/forms/:form`, {
      config: auth,
      preValidation,
      schema: { tags: ['openrosa'], summary: 'The alert form as an XForm: forms/weft_alert.xml (alerts.intake token)', params: keyed ? keyedFormParams : formParams, response: { 200: xmlDocument } },
    }, async (request, reply) => {
      const formFile = request.params.form;
      const formId = formFile.endsWith('.xml') ? formFile.slice(0, -4) : `${formFile} (not an .xml file)`;
      return openRosaHeaders(reply).send(service.formDefinition(requestContext(request), formId));
    });

    r.get(`${prefix}/forms/:form/manifest`, {
      config: auth,
      preValidation,
      schema: { tags: ['openrosa'], summary: 'The alert form’s media manifest: empty (alerts.intake token)', params: keyed ? keyedFormParams : formParams, response: { 200: xmlDocument } },
    }, async (request, reply) => {
      return openRosaHeaders(reply).send(service.formManifest(requestContext(request), request.params.form));
    });

    // The pre-flight Collect sends before a POST is a HEAD: Fastify answers HEAD from this GET
    // (Central answers both with 204).
    r.get(`${prefix}/submission`, {
      config: auth,
      preValidation,
      schema: { tags: ['openrosa'], summary: 'Pre-flight of a submission (HEAD or GET): 204 with the OpenRosa headers (alerts.intake token)', ...params, querystring: submissionQuery, response: { 204: z.null() } },
    }, async (request, reply) => {
      service.checkSubmissionAccess(requestContext(request));
      return openRosaHeaders(reply).status(204).send();
    });

    r.post(`${prefix}/submission`, {
      config: auth,
      preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
        await authenticate(ctx, request);
        await checkLimit(perToken, request, reply, 'openrosa.token_rate_limited', 'Too many submissions with this token; wait a minute: Collect keeps the forms and sends them again.');
      },
      schema: { tags: ['openrosa'], summary: 'Submit an alert form instance (multipart/form-data, xml_submission_file); 201 once per instanceID', ...params, querystring: submissionQuery, response: { 201: xmlDocument } },
    }, async (request, reply) => {
      const boundary = multipartBoundary(request.headers['content-type']);
      const body = request.body;
      if (boundary === null || !Buffer.isBuffer(body))
        throw invalid('openrosa.multipart_required', 'Send the submission as multipart/form-data with an xml_submission_file part.', 'body');
      const parts = parseMultipart(body, boundary);
      await service.receiveSubmission(ctx, requestContext(request), parts);
      return openRosaHeaders(reply).status(201).send(buildOpenRosaResponse(SUBMISSION_SUCCESS_MESSAGE, ''));
    });
  }
}
