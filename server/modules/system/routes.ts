import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LANGUAGES } from '../../../core/schemas/common';
import { isDatabaseReachable } from '../../db/database';
import type { AppContext } from '../../platform/context';
import { typed } from '../../platform/http/route-kit';
import { NEUTRAL_PAGE } from './neutral-page';

export const WEFT_VERSION = '0.1.0';

export async function systemRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/config', {
    config: { auth: 'public' },
    schema: {
      tags: ['system'],
      summary: 'What the browser needs before sign-in',
      response: { 200: z.object({ quickExitUrl: z.string(), languages: z.array(z.string()), version: z.string(), mapAttribution: z.string() }) },
    },
  }, async () => ({
    quickExitUrl: ctx.config.WEFT_QUICK_EXIT_URL,
    languages: [...LANGUAGES],
    version: WEFT_VERSION,
    mapAttribution: 'Boundaries: UNDP/OCHA (provinces), WHO/OMS (health zones). Facilities: © OpenStreetMap contributors (ODbL).',
  }));

  r.get('/api/health', {
    config: { auth: 'public' },
    schema: { tags: ['system'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  r.get('/api/ready', {
    config: { auth: 'public' },
    schema: {
      tags: ['system'],
      summary: 'Readiness: the database answers',
      response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), database: z.string() }) },
    },
  }, async (_request, reply) => {
    if (await isDatabaseReachable(ctx.db)) return { status: 'ready' as const, database: ctx.databaseKind };
    return reply.status(503).send({ status: 'unavailable' as const, database: ctx.databaseKind });
  });

  // DEV-2: where the quick-exit control lands by default. Nothing in it hints at Weft.
  app.get('/weather', { config: { auth: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NEUTRAL_PAGE),
  );
}
