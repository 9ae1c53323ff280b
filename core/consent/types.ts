/**
 * Consent as a record (CON-1): one per purpose and, for referral and justice, per named
 * recipient; who gave it (survivor, or caregiver with the child's assent, CHD-1), how, when,
 * recorded by whom, and its withdrawal. The legal basis of processing is a separate field:
 * it never stands in for consent at the disclosure gate.
 */
import { z } from 'zod';
import { isoDateTime, uuid } from '../schemas/common';

/**
 * services: care by the organisation that holds the record; referral: to a named organisation
 * (or one of its services); statistics: non-identifying data in aggregates (AGG-1); justice:
 * to a named justice actor (DESIGN capability 8).
 */
export const CONSENT_PURPOSES = ['services', 'referral', 'statistics', 'justice'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const consentPurpose = z.enum(CONSENT_PURPOSES);

/** Purposes whose consent names the organisation that may receive the data. */
export const RECIPIENT_SCOPED_PURPOSES: readonly ConsentPurpose[] = ['referral', 'justice'];
export const isRecipientScoped = (purpose: ConsentPurpose): boolean => RECIPIENT_SCOPED_PURPOSES.includes(purpose);

export const CONSENT_GIVERS = ['survivor', 'caregiver'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_METHODS = ['verbal', 'signed', 'thumbprint'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/**
 * The child's assent when a caregiver consents (CHD-1). 'unable': the child is too young to
 * express it (under CHILD_ASSENT_AGE, following the Caring for Child Survivors guidelines).
 */
export const CHILD_ASSENTS = ['given', 'refused', 'unable'] as const;
export type ChildAssent = (typeof CHILD_ASSENTS)[number];
export const CHILD_ASSENT_AGE = 6;

/**
 * Why the guardian was not asked (CHD-1). 'mature_adolescent' is for a child from
 * MATURE_ADOLESCENT_AGE who consents alone because asking the caregiver is not in her interest.
 */
export const GUARDIAN_NOT_ASKED_REASONS = [
  'suspected_perpetrator',
  'unaccompanied_or_separated',
  'not_in_best_interest',
  'mature_adolescent',
] as const;
export type GuardianNotAskedReason = (typeof GUARDIAN_NOT_ASKED_REASONS)[number];
export const MATURE_ADOLESCENT_AGE = 15;

/** The legal basis of processing (GDPR art. 6 vocabulary), recorded beside, not instead of, consent. */
export const LEGAL_BASES = ['consent', 'vital_interests', 'legal_obligation', 'public_task', 'legitimate_interests'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const consentRecord = z.object({
  id: uuid,
  survivorId: uuid,
  purpose: consentPurpose,
  recipientOrganisationId: uuid.nullable(),
  serviceId: uuid.nullable(),
  givenBy: z.enum(CONSENT_GIVERS),
  childAssent: z.enum(CHILD_ASSENTS).nullable(),
  guardianNotAskedReason: z.enum(GUARDIAN_NOT_ASKED_REASONS).nullable(),
  method: z.enum(CONSENT_METHODS),
  legalBasis: z.enum(LEGAL_BASES),
  givenAt: isoDateTime,
  recordedBy: uuid,
  withdrawnAt: isoDateTime.nullable(),
  withdrawalRecordedBy: uuid.nullable(),
});
export type ConsentRecord = z.infer<typeof consentRecord>;

/** What consent validation needs to know of the survivor. */
export interface ConsentSubject {
  readonly id: string;
  /** Age in whole years at the incident; null when unknown. */
  readonly ageAtIncident: number | null;
}

/** A time as an ISO string or a Date; NaN for anything unreadable (which then covers nothing). */
export function timeOf(value: string | Date | null | undefined): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return Number.NaN;
  return Date.parse(value);
}
