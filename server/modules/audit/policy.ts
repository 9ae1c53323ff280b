import type { Actor, UserActor } from '../../platform/actor';
import { hasPermission, isPlatformAdmin } from '../../platform/policy';

/** Admins read the audit trail of their own organisation (AUD-1). */
export const canReadAuditLog = (actor: Actor): actor is UserActor => hasPermission(actor, 'audit.read');
/** Platform admins read every row, including those of no organisation (system, anonymous). */
export const canReadEveryAuditRow = (actor: Actor): boolean => canReadAuditLog(actor) && isPlatformAdmin(actor);
/** Verification and checkpoints concern the whole deployment's chain: platform admins only. */
export const canVerifyAuditChain = (actor: Actor): boolean => canReadAuditLog(actor) && isPlatformAdmin(actor);
