import type { FastifyInstance } from 'fastify';
import { auditCheckpoint, auditPage, auditVerification, listAuditQuery } from '../../../core/schemas/audit';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import { presentAuditEntry } from './present';
import * as service from './service';

export async function auditRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/audit', {
    config: { auth: 'session' },
    schema: { tags: ['audit'], summary: 'The audit trail, newest first (your organisation’s; every row for platform admins)', querystring: listAuditQuery, response: { 200: auditPage } },
  }, async (request, reply) => {
    const { rows, nextCursor } = await service.listAuditEntries(ctx, requestContext(request), request.query);
    return noStore(reply).send({ data: rows.map(presentAuditEntry), nextCursor });
  });

  r.get('/api/audit/verify', {
    config: { auth: 'session' },
    schema: { tags: ['audit'], summary: 'Verify the whole hash chain (platform administrators)', response: { 200: auditVerification } },
  }, async (request, reply) => {
    const result = await service.verifyChain(ctx, requestContext(request));
    return noStore(reply).send(result);
  });

  r.get('/api/audit/checkpoint', {
    config: { auth: 'session' },
    schema: { tags: ['audit'], summary: 'The head of the chain, to keep outside Weft (platform administrators)', response: { 200: auditCheckpoint } },
  }, async (request, reply) => noStore(reply).send(await service.takeCheckpoint(ctx, requestContext(request))));
}
