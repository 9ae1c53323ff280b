/** Pure decisions about hotline calls (AUTHZ-1). Another organisation's call is 404. */
import type { Actor } from '../../platform/actor';
import { hasPermission, isSameOrganisation } from '../../platform/policy';

/** Hotline operators, case workers and supervisors log and read their organisation's calls. */
export const canTakeCalls = (actor: Actor): boolean => hasPermission(actor, 'hotline.intake');

export const canReachCall = (actor: Actor, call: { organisation_id: string }): boolean => canTakeCalls(actor) && isSameOrganisation(actor, call.organisation_id);

/**
 * A referral is a disclosure to another organisation (CON-2, REF-1): sent by case work, as
 * referrals/policy.ts requires. An operator turns the call into an incident; a case worker refers.
 */
export const canReferCalls = (actor: Actor): boolean => canTakeCalls(actor) && hasPermission(actor, 'cases.work');

/** The operator who hears the caller records the verbal consent she gives (CON-1). */
export const canRecordCallConsent = (actor: Actor): boolean => hasPermission(actor, 'hotline.intake');
