/**
 * One error handler: domain errors to 4xx with a message naming the field (and their details,
 * such as who holds a lock, when they pass their schema), request validation to 400, anything
 * unexpected to a bare 500 with the request id.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorDetails, isDomainError, type DomainError, type ErrorCategory } from '../../../core/errors';
import { auditActor } from '../actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';

/** The HTTP status of each domain error category; shared with handlers that answer in another format (OpenRosa). */
export const STATUS: Record<ErrorCategory, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  rate_limited: 429,
};

function send(reply: FastifyReply, status: number, code: string, message: string, field?: string, details?: Record<string, unknown>) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .send({ error: { code, message, ...(field ? { field } : {}), requestId: String(reply.request.id), ...(details ? { details } : {}) } });
}

/**
 * A domain error's details as they may be sent: only what passes core/errors errorDetails.
 * Anything else is a programming error, logged and left out, never sent (it could be a row).
 */
export function sendableDetails(error: DomainError, request: FastifyRequest): Record<string, unknown> | undefined {
  if (error.details === undefined) return undefined;
  const parsed = errorDetails.safeParse(error.details);
  if (parsed.success) return parsed.data;
  request.log.error({ code: error.code }, 'error details refused by their schema; sent without them');
  return undefined;
}

/** PostgreSQL SQLSTATEs for text it cannot store: character_not_in_repertoire, untranslatable_character. */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** `body.organisationId` style path of the first failing value. */
function fieldPath(context: string | undefined, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  const prefix = context === 'querystring' ? 'query' : context;
  return [prefix, ...parts].filter(Boolean).join('.');
}

export function installErrorHandler(app: FastifyInstance, ctx: AppContext): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = fieldPath(error.validationContext, first?.instancePath ?? '');
      const detail = first?.message ?? 'is invalid';
      return send(reply, 400, 'validation.invalid', `${field || 'request'} ${detail}`.trim(), field || undefined);
    }
    if (isDomainError(error)) {
      if (error.isDenial || error.category === 'unauthenticated') await auditDenial(ctx, request, error.code);
      return send(reply, STATUS[error.category], error.code, error.message, error.field, sendableDetails(error, request));
    }
    // REL-4: text the database refuses to store (a NUL character) is the client's error; the
    // schemas should refuse it first (core/schemas text()), this keeps it a 400 if one does not.
    if (UNSTORABLE_TEXT.has(String((error as { code?: unknown }).code)))
      return send(reply, 400, 'validation.unstorable_text', 'The request holds a character that cannot be stored, such as NUL. Remove it and try again.');
    // Fastify's own client errors: malformed JSON, wrong content type, body too large.
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        status === 413
          ? 'The request body is too large.'
          : status === 415
            ? 'Send the body as application/json.'
            : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
              ? 'The body must not be empty when Content-Type is application/json.'
              : error.message;
      return send(reply, status, `http.${status}`, message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal', `Something went wrong on our side. Quote request ${request.id} to your administrator.`);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}

/** AUD-1: authorization refusals are audited too, in their own transaction. */
export async function auditDenial(ctx: AppContext, request: FastifyRequest, code: string): Promise<void> {
  try {
    await recordAudit(ctx.db, {
      ...auditActor(request.actor),
      action: 'http.denied',
      resourceType: 'route',
      resourceId: `${request.method} ${request.routeOptions.url ?? 'unknown'}`,
      outcome: 'denied',
      requestId: String(request.id),
      details: { code },
    });
  } catch (err) {
    request.log.error({ err }, 'could not audit a denial');
  }
}
