import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParams, listOf } from '../../../core/schemas/common';
import { createUserBody, listUsersQuery, temporaryPasswordResponse, updateUserBody, userView } from '../../../core/schemas/users';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { presentUser } from './present';
import * as service from './service';

export async function userRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/users', {
    config: { auth: 'session' },
    schema: { tags: ['users'], summary: 'Users you administer', querystring: listUsersQuery, response: { 200: listOf(userView) } },
  }, async (request) => ({ data: (await service.listUsers(ctx, requestContext(request), request.query)).map(presentUser) }));

  r.post('/api/users', {
    config: { auth: 'session' },
    schema: { tags: ['users'], summary: 'Add a user; answers a one-time password to hand over', body: createUserBody, response: { 201: temporaryPasswordResponse } },
  }, async (request, reply) => {
    const { user, temporaryPassword } = await service.createUser(ctx, requestContext(request), request.body);
    return noStore(reply).status(201).send({ user: presentUser(user), temporaryPassword });
  });

  r.patch('/api/users/:id', {
    config: { auth: 'session' },
    schema: { tags: ['users'], summary: 'Change, disable or enable a user', params: idParams, body: updateUserBody, response: { 200: userView } },
  }, async (request) => presentUser(await service.updateUser(ctx, requestContext(request), request.params.id, request.body)));

  r.post('/api/users/:id/reset-password', {
    config: { auth: 'session' },
    schema: { tags: ['users'], summary: 'Give a user a new one-time password', params: idParams, response: { 200: temporaryPasswordResponse } },
  }, async (request, reply) => {
    const { user, temporaryPassword } = await service.resetPassword(ctx, requestContext(request), request.params.id);
    return noStore(reply).send({ user: presentUser(user), temporaryPassword });
  });

  r.post('/api/users/:id/reset-totp', {
    config: { auth: 'session' },
    schema: { tags: ['users'], summary: 'Remove a user’s second factor so they enrol a new device', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.resetSecondFactor(ctx, requestContext(request), request.params.id);
    return reply.status(204).send(null);
  });
}
