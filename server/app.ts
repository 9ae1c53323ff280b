/** Builds the Fastify app: platform plugins first, then one plugin per module. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './platform/context';
import { installAuthentication } from './platform/http/authenticate';
import { installErrorHandler } from './platform/http/errors';
import { installSecurityHeaders } from './platform/http/security-headers';
import { alertReportRoutes } from './modules/alerts/reports-routes';
import { alertResponseRoutes } from './modules/alerts/response-routes';
import { alertRoutes } from './modules/alerts/routes';
import { alertTriageRoutes } from './modules/alerts/triage-routes';
import { alertViewRoutes } from './modules/alerts/views-routes';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { caseRoutes } from './modules/cases/routes';
import { hotlineRoutes } from './modules/hotline/routes';
import { incidentRoutes } from './modules/incidents/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { alertAttachmentRoutes } from './modules/openrosa/attachment-routes';
import { openRosaRoutes } from './modules/openrosa/routes';
import { organisationRoutes } from './modules/organisations/routes';
import { placeRoutes } from './modules/places/routes';
import { referralRoutes } from './modules/referrals/routes';
import { serviceRoutes } from './modules/services/routes';
import { survivorRoutes } from './modules/survivors/routes';
import { systemRoutes, WEFT_VERSION } from './modules/system/routes';
import { tokenRoutes } from './modules/tokens/routes';
import { userRoutes } from './modules/users/routes';

export interface BuildAppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app; served with a fallback to index.html when present. */
  webDir?: string;
}

/** Modules in the order they register. Each is a Fastify plugin taking `{ ctx }`. */
export const MODULES = [systemRoutes, authRoutes, notificationRoutes, organisationRoutes, userRoutes, tokenRoutes, placeRoutes, auditRoutes, survivorRoutes, serviceRoutes, referralRoutes, incidentRoutes, caseRoutes, hotlineRoutes, openRosaRoutes, alertRoutes, alertTriageRoutes, alertResponseRoutes, alertViewRoutes, alertReportRoutes, alertAttachmentRoutes];

// Never log secrets or identifying values: headers that carry credentials are redacted.
export const LOG_REDACT = ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

/**
 * Credentials some clients must put in the URL never reach the logs: OpenRosa tokens
 * (`/key/<token>/`, as ODK Central does) and the shared secret SMSSync and Africa's Talking
 * may send as `?secret=`.
 */
export const redactUrl = (url: string): string => url.replace(/\/key\/[^/?#]+/g, '/key/[redacted]').replace(/([?&]secret=)[^&#]*/gi, '$1[redacted]');

const LOG_SERIALIZERS = {
  req: (request: FastifyRequest) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip, requestId: request.id }),
};

function withRedaction(logger: BuildAppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger || typeof logger !== 'object') return logger ?? false;
  return { ...logger, serializers: { ...LOG_SERIALIZERS, ...(logger as { serializers?: object }).serializers } } as FastifyServerOptions['logger'];
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedaction(options.logger),
    genReqId: () => randomUUID(),
    trustProxy: ctx.config.WEFT_TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // REL-4: JSON bodies are parsed with prototype-poisoning protection and a size cap.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Field offices often serve Weft over plain HTTP on a local network: forcing HTTPS
        // there would leave a blank page.
        upgradeInsecureRequests: ctx.config.WEFT_SECURE_COOKIES ? [] : null,
      },
    },
    strictTransportSecurity: ctx.config.WEFT_SECURE_COOKIES,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Weft API', version: WEFT_VERSION, description: 'Coordination of prevention of and response to conflict-related sexual violence.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'weft_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  installAuthentication(app, ctx);
  installErrorHandler(app, ctx);
  for (const module of MODULES) await app.register(module, { ctx });

  if (options.webDir && fs.existsSync(path.join(options.webDir, 'index.html'))) {
    await serveWebApp(app, options.webDir);
  }
  return app;
}

async function serveWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: false });
  const indexHtml = fs.readFileSync(path.join(webDir, 'index.html'));
  // The single-page app owns every other non-API path.
  app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(indexHtml);
  });
}
