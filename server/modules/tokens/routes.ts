import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TOKEN_PURPOSES, type TokenPurpose } from '../../../core/auth/token-purposes';
import { idParams, listOf } from '../../../core/schemas/common';
import { apiTokenView, createdToken, createTokenBody, type ApiTokenView } from '../../../core/schemas/tokens';
import type { AppContext } from '../../platform/context';
import { noStore, requestContext, typed } from '../../platform/http/route-kit';
import * as service from './service';
import type { TokenRow } from './store';

const present = (row: TokenRow): ApiTokenView => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  purpose: row.purpose as TokenPurpose,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at?.toISOString() ?? null,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revoked: row.revoked_at !== null,
});

export async function tokenRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = typed(app);

  r.get('/api/tokens/purposes', {
    config: { auth: 'session' },
    schema: { tags: ['tokens'], summary: 'What a token can be for', response: { 200: listOf(z.string()) } },
  }, async () => ({ data: [...TOKEN_PURPOSES] }));

  r.get('/api/tokens', {
    config: { auth: 'session' },
    schema: { tags: ['tokens'], summary: 'API tokens of your organisation', response: { 200: listOf(apiTokenView) } },
  }, async (request) => ({ data: (await service.listTokens(ctx, requestContext(request))).map(present) }));

  r.post('/api/tokens', {
    config: { auth: 'session' },
    schema: { tags: ['tokens'], summary: 'Mint a token; its secret is shown this once', body: createTokenBody, response: { 201: createdToken } },
  }, async (request, reply) => {
    const { row, token } = await service.createToken(ctx, requestContext(request), request.body);
    return noStore(reply).status(201).send({ ...present(row), token });
  });

  r.post('/api/tokens/:id/revoke', {
    config: { auth: 'session' },
    schema: { tags: ['tokens'], summary: 'Revoke a token at once', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.revokeToken(ctx, requestContext(request), request.params.id);
    return reply.status(204).send(null);
  });
}
