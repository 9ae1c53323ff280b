import type { FastifyInstance } from 'fastify';
import { idParams, listOf } from '../../../core/schemas/common';
import { createOrganisationBody, organisation, updateOrganisationBody } from '../../../core/schemas/organisations';
import type { AppContext } from '../../platform/context';
import { requestContext, typed } from '../../platform/http/route-kit';
import { presentOrganisation } from './present';
import * as service from './service';

export async function organisationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/organisations', {
    config: { auth: 'session' },
    schema: { tags: ['organisations'], summary: 'The directory of organisations', response: { 200: listOf(organisation) } },
  }, async (request) => ({ data: (await service.listOrganisations(ctx, requestContext(request))).map(presentOrganisation) }));

  r.post('/api/organisations', {
    config: { auth: 'session' },
    schema: { tags: ['organisations'], summary: 'Add an organisation (platform administrators)', body: createOrganisationBody, response: { 201: organisation } },
  }, async (request, reply) => {
    const row = await service.createOrganisation(ctx, requestContext(request), request.body);
    return reply.status(201).send(presentOrganisation(row));
  });

  r.patch('/api/organisations/:id', {
    config: { auth: 'session' },
    schema: { tags: ['organisations'], summary: 'Change or disable an organisation', params: idParams, body: updateOrganisationBody, response: { 200: organisation } },
  }, async (request) => presentOrganisation(await service.updateOrganisation(ctx, requestContext(request), request.params.id, request.body)));
}
