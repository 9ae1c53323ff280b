import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deriveAddressKey } from '../../../core/net/address-key';
import {
  changePasswordBody,
  loginBody,
  reauthenticateBody,
  sessionResponse,
  totpCodeBody,
  totpEnrolment,
} from '../../../core/schemas/auth';
import type { AppContext } from '../../platform/context';
import { clearSessionCookie, requestContext, setSessionCookie, typed } from '../../platform/http/route-kit';
import * as service from './service';

export async function authRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);
  // Tight limits per address on the steps that test a secret; lockout per account is in the
  // service. Configurable: a field office signs in many people from one NAT address.
  // An IPv6 client counts per /64, the block one host is given.
  const SECRET_STEP_LIMIT = {
    rateLimit: { max: ctx.config.WEFT_SIGN_IN_LIMIT_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => deriveAddressKey(request.ip) },
  };
  const secure = ctx.config.WEFT_SECURE_COOKIES;

  r.get('/api/auth/session', {
    config: { auth: 'signing-in' },
    schema: { tags: ['auth'], summary: 'The current session', response: { 200: sessionResponse } },
  }, async (request) => service.currentSession(ctx, requestContext(request)));

  r.post('/api/auth/login', {
    config: { auth: 'public', ...SECRET_STEP_LIMIT },
    schema: { tags: ['auth'], summary: 'Sign in with email and password', body: loginBody, response: { 200: sessionResponse } },
  }, async (request, reply) => {
    const { token, view } = await service.signIn(ctx, requestContext(request), request.body.email, request.body.password);
    setSessionCookie(reply, token, secure);
    return view;
  });

  r.post('/api/auth/totp/verify', {
    config: { auth: 'signing-in', ...SECRET_STEP_LIMIT },
    schema: { tags: ['auth'], summary: 'Second step of sign-in', body: totpCodeBody, response: { 200: sessionResponse } },
  }, async (request, reply) => {
    const { token, view } = await service.verifySecondFactor(ctx, requestContext(request), request.body.code);
    setSessionCookie(reply, token, secure);
    return view;
  });

  r.post('/api/auth/totp/enrol', {
    config: { auth: 'signing-in' },
    schema: { tags: ['auth'], summary: 'Start setting up an authenticator app', response: { 200: totpEnrolment } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return service.beginTotpEnrolment(ctx, requestContext(request));
  });

  r.post('/api/auth/totp/confirm', {
    config: { auth: 'signing-in', ...SECRET_STEP_LIMIT },
    schema: { tags: ['auth'], summary: 'Finish setting up the authenticator app', body: totpCodeBody, response: { 200: sessionResponse } },
  }, async (request, reply) => {
    const { token, view } = await service.confirmTotpEnrolment(ctx, requestContext(request), request.body.code);
    setSessionCookie(reply, token, secure);
    return view;
  });

  // The quick-exit control signs out with navigator.sendBeacon, which cannot send headers;
  // SameSite=Strict already keeps other sites from triggering it.
  r.post('/api/auth/logout', {
    config: { auth: 'public', csrf: false },
    schema: { tags: ['auth'], summary: 'Sign out and clear this browser', response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.signOut(ctx, requestContext(request));
    clearSessionCookie(reply, secure);
    // DEV-1: the browser drops everything it kept for this site.
    reply.header('clear-site-data', '"cache", "cookies", "storage"');
    return reply.status(204).send(null);
  });

  r.post('/api/auth/password', {
    config: { auth: 'session', allowWhilePasswordChangeRequired: true, ...SECRET_STEP_LIMIT },
    schema: { tags: ['auth'], summary: 'Change your own password', body: changePasswordBody, response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.changeOwnPassword(ctx, requestContext(request), request.body.currentPassword, request.body.newPassword);
    return reply.status(204).send(null);
  });

  r.post('/api/auth/reauthenticate', {
    config: { auth: 'session', ...SECRET_STEP_LIMIT },
    schema: { tags: ['auth'], summary: 'Confirm your password before a sensitive step', body: reauthenticateBody, response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.reauthenticate(ctx, requestContext(request), request.body.password);
    return reply.status(204).send(null);
  });
}
