import type { FastifyInstance } from 'fastify';
import { idParams, listOf } from '../../../core/schemas/common';
import { createServiceBody, listServicesQuery, serviceView, updateServiceBody } from '../../../core/schemas/services';
import type { AppContext } from '../../platform/context';
import { requestContext, typed } from '../../platform/http/route-kit';
import { presentService } from './present';
import * as service from './service';

export async function serviceRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/services', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags: ['services'], summary: 'The service directory, filtered by type, area, organisation or language', querystring: listServicesQuery, response: { 200: listOf(serviceView) } },
  }, async (request) => {
    const rows = await service.listServices(ctx, requestContext(request), request.query);
    return { data: rows.map((row) => presentService(row, request.actor)) };
  });

  r.get('/api/services/:id', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags: ['services'], summary: 'One entry of the service directory', params: idParams, response: { 200: serviceView } },
  }, async (request) => presentService(await service.getService(ctx, requestContext(request), request.params.id), request.actor));

  r.post('/api/services', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags: ['services'], summary: "Add a service to the organisation's directory entries", body: createServiceBody, response: { 201: serviceView } },
  }, async (request, reply) => {
    const row = await service.createService(ctx, requestContext(request), request.body);
    return reply.status(201).send(presentService(row, request.actor));
  });

  r.patch('/api/services/:id', {
    config: { auth: 'session', disclosure: 'no_survivor_data' },
    schema: { tags: ['services'], summary: 'Change or disable a service', params: idParams, body: updateServiceBody, response: { 200: serviceView } },
  }, async (request) => presentService(await service.updateService(ctx, requestContext(request), request.params.id, request.body), request.actor));
}
