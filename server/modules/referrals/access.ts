/**
 * CON-4: the recipient's access to what a referral carries is decided again on EVERY read,
 * from consents read fresh in this request. Nothing here is cached beyond the request.
 */
import { decideDisclosure, type ConsentRecord, type DisclosureDecision } from '../../../core/consent';
import type { Executor } from '../../db/database';
import { listSurvivorConsents } from '../survivors/consents';
import type { ReferralRow } from './store';

/**
 * The gate for a recipient's read. A referral sent under an override (CON-3) stays readable
 * while no consent decision was recorded; once the survivor withdraws a consent for this
 * recipient, her withdrawal wins over the override.
 */
export function decideRecipientRead(referral: ReferralRow, consents: readonly ConsentRecord[], at: Date): DisclosureDecision {
  const request = {
    purpose: 'referral' as const,
    recipient: { organisationId: referral.recipient_organisation_id, serviceId: referral.service_id },
    consents,
    at,
  };
  const decision = decideDisclosure(request);
  if (decision.allowed || decision.reason !== 'no_consent' || !referral.override_reason_code) return decision;
  return decideDisclosure({
    ...request,
    // The role was checked when the override was made; override_by is that supervisor.
    override: { reasonCode: referral.override_reason_code, justification: referral.override_justification ?? '', actorRole: 'supervisor' },
  });
}

/** Consents of several survivors, each read once per request (CON-4: never kept longer). */
export class RequestConsents {
  private readonly bySurvivor = new Map<string, Promise<ConsentRecord[]>>();
  constructor(private readonly trx: Executor) {}

  of(survivorId: string): Promise<ConsentRecord[]> {
    let consents = this.bySurvivor.get(survivorId);
    if (!consents) {
      consents = listSurvivorConsents(this.trx, survivorId);
      this.bySurvivor.set(survivorId, consents);
    }
    return consents;
  }
}
