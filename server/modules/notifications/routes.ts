import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParams, listOf } from '../../../core/schemas/common';
import type { AppContext } from '../../platform/context';
import { requestContext, typed } from '../../platform/http/route-kit';
import * as service from './service';

const notification = z.object({
  id: z.string(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export async function notificationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/notifications', {
    config: { auth: 'session', allowWhilePasswordChangeRequired: true },
    schema: { tags: ['notifications'], summary: 'Notices about your own account', response: { 200: listOf(notification) } },
  }, async (request) => ({
    data: (await service.listMyNotifications(ctx, requestContext(request))).map((n) => ({
      id: n.id,
      kind: n.kind,
      data: n.data,
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at?.toISOString() ?? null,
    })),
  }));

  r.post('/api/notifications/:id/read', {
    config: { auth: 'session', allowWhilePasswordChangeRequired: true },
    schema: { tags: ['notifications'], summary: 'Mark a notice read', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.readMyNotification(ctx, requestContext(request), request.params.id);
    return reply.status(204).send(null);
  });
}
