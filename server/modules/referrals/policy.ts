/**
 * Pure decisions about referrals (AUTHZ-1, REF-1). Deny by default. Only the case workers and
 * supervisors of the referring and of the receiving organisation see a referral; everyone
 * else (analysts, administrators, third organisations) is answered 404.
 */
import type { ReferralParty } from '../../../core/referrals';
import type { Actor } from '../../platform/actor';
import { hasPermission, hasRecentlyReauthenticated, isSameOrganisation } from '../../platform/policy';

interface ReferralLike {
  organisation_id: string;
  recipient_organisation_id: string;
}

export const canWorkOnReferrals = (actor: Actor): boolean => hasPermission(actor, 'cases.work');

/** The sides the actor stands on: both for a referral to one's own organisation's service. */
export function partiesOf(actor: Actor, referral: ReferralLike): ReferralParty[] {
  if (!canWorkOnReferrals(actor)) return [];
  const parties: ReferralParty[] = [];
  if (isSameOrganisation(actor, referral.organisation_id)) parties.push('referrer');
  if (isSameOrganisation(actor, referral.recipient_organisation_id)) parties.push('recipient');
  return parties;
}

export const canSeeReferral = (actor: Actor, referral: ReferralLike): boolean => partiesOf(actor, referral).length > 0;

/** MIN-2: the shared sections go only to roles that read identifying data. */
export const canReadShared = (actor: Actor): boolean => hasPermission(actor, 'identifying.read');

/** CON-3 and SES-1: an override needs a fresh password confirmation (the gate checks role and reason). */
export const canConfirmOverride = (actor: Actor, now: Date): boolean => hasRecentlyReauthenticated(actor, now);
