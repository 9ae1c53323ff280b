/** STO-3 (issue 3 part 9): erasure of a survivor's identifying data, everywhere it was sealed. */
import { conflict, forbidden, reauthenticationRequired } from '../../../core/errors';
import type { ErasureInput, ErasureResult } from '../../../core/schemas/survivors';
import { inSystemScope } from '../../db/scope';
import { auditActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit/record';
import type { AppContext, RequestContext } from '../../platform/context';
import { hasRecentlyReauthenticated } from '../../platform/policy';
import { canEraseSurvivor } from './policy';
import { findSurvivorForCaseWork, scope } from './service';
import * as store from './store';

/**
 * STO-3: destroys the survivor's record key and clears every sealed copy this deployment
 * holds (incidents, cases, follow-ups, referrals in other organisations, hotline calls).
 * Non-identifying fields stay for statistics. The holder's trail and every recipient's
 * trail record it.
 */
export function eraseSurvivor(ctx: AppContext, req: RequestContext, survivorId: string, input: ErasureInput): Promise<ErasureResult> {
  return scope(ctx, req, async (trx) => {
    const survivor = await findSurvivorForCaseWork(trx, req, survivorId);
    const actor = req.actor;
    if (!canEraseSurvivor(actor, survivor) || actor.kind !== 'user') throw forbidden('survivor.erase_forbidden', 'Only a supervisor of the organisation holding the record erases a survivor.');
    if (!hasRecentlyReauthenticated(actor)) throw reauthenticationRequired();
    if (survivor.erased_at) throw conflict('survivor.already_erased', 'This survivor was already erased.', 'id');
    const at = new Date();
    // Cross-organisation work on the system's behalf: referrals sit in other organisations.
    return inSystemScope(trx, async (sys) => {
      if (!(await store.eraseSurvivorRow(sys, survivor.id, actor.userId, at))) throw conflict('survivor.already_erased', 'This survivor was already erased.', 'id');
      if (survivor.record_key_id) await ctx.cipher.destroyKey(sys, survivor.record_key_id);
      const incidents = await store.clearIncidents(sys, survivor.id);
      const followUps = await store.clearFollowUps(sys, survivor.id);
      const cases = await store.clearCases(sys, survivor.id);
      const referrals = await store.clearReferrals(sys, survivor.id);
      const calls = await store.clearHotlineCalls(sys, survivor.id);
      for (const keyId of calls.keyIds) await ctx.cipher.destroyKey(sys, keyId);
      const recipients = referrals.recipients.filter((id) => id !== survivor.organisation_id);
      const cleared = { incidents, cases, followUps, referrals: referrals.cleared, hotlineCalls: calls.cleared };
      await recordAudit(
        sys,
        { ...auditActor(actor), action: 'survivor.erase', resourceType: 'survivor', resourceId: survivor.id, requestId: req.requestId, details: { code: survivor.code, reason: input.reason, cleared, notifiedOrganisationIds: recipients } },
        // So a recipient's own trail shows why the referred record went blank.
        ...recipients.map((organisationId) => ({
          actorUserId: actor.userId,
          organisationId,
          action: 'survivor.erase_referred',
          resourceType: 'survivor',
          resourceId: survivor.id,
          requestId: req.requestId,
          details: { holderOrganisationId: survivor.organisation_id, reason: input.reason },
        })),
      );
      return { survivorId: survivor.id, erasedAt: at.toISOString(), cleared, notifiedOrganisationIds: recipients };
    });
  });
}
