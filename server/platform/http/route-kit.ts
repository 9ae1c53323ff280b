/** Small helpers every module's routes share. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RequestContext } from '../context';
import { SESSION_COOKIE } from './authenticate';


export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

export function requestContext(request: FastifyRequest): RequestContext {
  return {
    actor: request.actor,
    requestId: String(request.id),
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/** DEV-1: responses that may carry sensitive data are never cached. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
