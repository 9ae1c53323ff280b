/**
 * AUTHZ-1 function level: every route declares who may call it, and a route that does not
 * is refused at start-up. Resolves the actor from the session cookie or a bearer token and
 * checks the CSRF header on cookie-authenticated writes.
 */
import type { ConsentPurpose } from '../../../core/consent/types';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthenticated } from '../../../core/errors';
import { ANONYMOUS, type Actor } from '../actor';
import { resolveApiToken } from '../auth/api-tokens';
import { resolveSession, type ResolvedSession } from '../auth/sessions';
import type { AppContext } from '../context';

/**
 * - `public`: anyone; the actor is still resolved when a session is present.
 * - `signing-in`: a session that may still owe its second factor.
 * - `session`: a fully signed-in user.
 * - `{ token }`: an API token of that purpose.
 * - `{ session: true, token }`: either of the two.
 */
export type AuthRequirement =
  | 'public'
  | 'signing-in'
  | 'session'
  | { token: string }
  /** A signed-in user, or an API token of that purpose when a bearer token is sent. */
  | { session: true; token: string };

/**
 * CON-2: what a route may disclose of a survivor's record beyond the organisation holding it.
 * - 'holder': reads and writes the actor's own organisation's records only;
 * - 'no_survivor_data': vocabularies, the service directory, questions;
 * - `{ gate: purpose }`: the route passes core/consent `decideDisclosure` for that purpose on
 *   every request (referral, export for statistics, opening a case for services).
 * Routes under DOCUMENTATION_PREFIXES must declare one, or the server refuses to start.
 */
export type DisclosureDeclaration = 'holder' | 'no_survivor_data' | { gate: ConsentPurpose };
export const DOCUMENTATION_PREFIXES = ['/api/survivors', '/api/consents', '/api/incidents', '/api/cases', '/api/referrals', '/api/hotline', '/api/services'];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
    disclosure?: DisclosureDeclaration;
    /** Cookie-authenticated writes need the CSRF header unless this is false. */
    csrf?: boolean;
    /** Reachable before a user replaces the temporary password an admin gave them. */
    allowWhilePasswordChangeRequired?: boolean;
  }
  interface FastifyRequest {
    actor: Actor;
    session: ResolvedSession | null;
  }
}

export const SESSION_COOKIE = 'weft_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuthentication(app: FastifyInstance, ctx: AppContext): void {
  // Fastify wants decorators declared before use; the values are set per request below.
  const decorate = app.decorateRequest.bind(app) as (name: string, value: unknown) => void;
  decorate('actor', null);
  decorate('session', null);

  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    const isPluginRoute = route.url.startsWith('/api/docs') || !route.url.startsWith('/api/');
    if (!auth && !isPluginRoute) throw new Error(`Route ${route.method} ${route.url} declares no auth requirement.`);
    const holdsSurvivorData = DOCUMENTATION_PREFIXES.some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`));
    if (holdsSurvivorData && !route.config?.disclosure) throw new Error(`Route ${route.method} ${route.url} declares no disclosure (CON-2).`);
  });

  // DEV-1: any API answer may carry sensitive data; none is cached unless its route says so.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // Before validation, so an anonymous caller learns nothing from schema errors (AUTHZ-1).
  app.addHook('preValidation', async (request) => {
    request.actor = ANONYMOUS;
    const requirement = request.routeOptions.config.auth ?? 'public';
    const bearer = bearerOf(request);

    const tokenPurpose = typeof requirement === 'object' && (!('session' in requirement) || bearer) ? requirement.token : null;
    if (tokenPurpose !== null) {
      const token = bearer ? await resolveApiToken(ctx.db, bearer) : null;
      if (!token) throw unauthenticated('auth.token_required', 'Send a valid API token in the Authorization header.');
      request.actor = { kind: 'token', tokenId: token.tokenId, organisationId: token.organisationId, purpose: token.purpose };
      if (token.purpose !== tokenPurpose)
        throw forbidden('auth.token_purpose', `This token is for ${token.purpose}; this route needs a ${tokenPurpose} token.`);
      return;
    }
    const needs = typeof requirement === 'object' ? 'session' : requirement;

    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await resolveSession(ctx.db, ctx.sessions, cookie) : null;
    request.session = session;
    if (session) {
      request.actor = {
        kind: 'user',
        userId: session.userId,
        organisationId: session.organisationId,
        role: session.role,
        isPlatformOperator: session.isPlatformOperator,
        sessionId: session.sessionId,
        stage: session.stage,
        reauthenticatedAt: session.reauthenticatedAt,
      };
    }
    if (needs === 'public') return;
    if (!session) throw unauthenticated();
    if (needs === 'session' && session.stage !== 'complete')
      throw unauthenticated('auth.second_factor_required', 'Finish signing in with your authenticator code first.');
    if (needs === 'session' && session.passwordChangeRequired && !request.routeOptions.config.allowWhilePasswordChangeRequired)
      throw forbidden('auth.password_change_required', 'Choose a new password of your own before you continue.');
    if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
      checkCsrf(request, session.csrfToken);
    }
  });
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice(7).trim();
}

function checkCsrf(request: FastifyRequest, expected: string): void {
  const given = request.headers['x-csrf-token'];
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw forbidden('auth.csrf', 'This request lacks the X-CSRF-Token header of your session. Reload the page and try again.');
}
