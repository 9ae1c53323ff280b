/**
 * Consent records at the HTTP boundary (CON-1, CHD-1, CON-4). The record itself is
 * core/consent's `consentRecord`; the service fills in survivor, recorder and times and runs
 * `validateConsent` on the whole.
 */
import { z } from 'zod';
import { CHILD_ASSENTS, CONSENT_GIVERS, CONSENT_METHODS, consentPurpose, consentRecord, GUARDIAN_NOT_ASKED_REASONS, LEGAL_BASES } from '../consent/types';
import { isoDateTime, uuid } from './common';

export const recordConsentBody = z.strictObject({
  purpose: consentPurpose,
  /** Required for referral and justice (CON-1), refused for services and statistics. */
  recipientOrganisationId: uuid.nullable().optional(),
  /** Narrows a referral consent to one service of the recipient. */
  serviceId: uuid.nullable().optional(),
  givenBy: z.enum(CONSENT_GIVERS),
  /** CHD-1: the child's assent when a caregiver consents. */
  childAssent: z.enum(CHILD_ASSENTS).nullable().optional(),
  /** CHD-1: why a child consents without her guardian. */
  guardianNotAskedReason: z.enum(GUARDIAN_NOT_ASKED_REASONS).nullable().optional(),
  method: z.enum(CONSENT_METHODS),
  legalBasis: z.enum(LEGAL_BASES).default('consent'),
  /** When consent was given; now when left out. */
  givenAt: isoDateTime.optional(),
});
export type RecordConsentInput = z.infer<typeof recordConsentBody>;

export const consentView = consentRecord.extend({
  recordedAt: isoDateTime,
  /** False once withdrawn: from that instant nothing may rely on it (CON-4). */
  active: z.boolean(),
});
export type ConsentView = z.infer<typeof consentView>;

export const survivorConsentParams = z.object({ id: uuid, consentId: uuid });

export const consentList = z.object({ data: z.array(consentView) });

