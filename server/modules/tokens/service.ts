import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { forbidden, hiddenDenial, invalid, notFound } from '../../../core/errors';
import type { createTokenBody } from '../../../core/schemas/tokens';
import { auditActor } from '../../platform/actor';
import { mintToken } from '../../platform/auth/api-tokens';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { canManageTokensOf } from './policy';
import * as store from './store';

export async function listTokens(ctx: AppContext, req: RequestContext) {
  if (req.actor.kind !== 'user' || !canManageTokensOf(req.actor, req.actor.organisationId)) throw forbidden();
  return store.listTokens(ctx.db, req.actor.organisationId);
}

export async function createToken(ctx: AppContext, req: RequestContext, input: z.infer<typeof createTokenBody>) {
  const actor = req.actor;
  if (actor.kind !== 'user' || !canManageTokensOf(actor, actor.organisationId)) throw forbidden();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw invalid('token.expiry_past', 'expiresAt must be in the future', 'expiresAt');
  const id = randomUUID();
  const { token, secretHash } = mintToken(id);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await store.insertToken(trx, {
      id,
      organisation_id: actor.organisationId,
      name: input.name,
      purpose: input.purpose,
      secret_hash: secretHash,
      created_by: actor.userId,
      expires_at: expiresAt,
    });
    await recordAudit(trx, { ...auditActor(actor), action: 'token.create', resourceType: 'api_token', resourceId: id, requestId: req.requestId, details: { purpose: input.purpose } });
    return inserted;
  });
  return { row, token };
}

export async function revokeToken(ctx: AppContext, req: RequestContext, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await store.findToken(trx, id);
    if (!row) throw notFound('token');
    if (!canManageTokensOf(req.actor, row.organisation_id)) throw hiddenDenial('token');
    await store.revokeToken(trx, id);
    await recordAudit(trx, { ...auditActor(req.actor), action: 'token.revoke', resourceType: 'api_token', resourceId: id, requestId: req.requestId });
  });
}
