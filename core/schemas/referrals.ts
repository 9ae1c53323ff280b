/** Referrals (REF-1, CON-2..4, ONCE-1): request and response shapes. */
import { z } from 'zod';
import { clinicalClockView } from './clinical';
import { incidentTime } from '../clinical/clock';
import { OVERRIDE_REASON_CODES } from '../consent/gate';
import { REFERRAL_SECTION_NAMES, REFERRAL_STATUSES } from '../referrals';
import { isoDateTime, text, uuid } from './common';
import { serviceType } from './services';
import { survivorIdentity } from './survivors';

export const referralSection = z.enum(REFERRAL_SECTION_NAMES, { error: `must be one of ${REFERRAL_SECTION_NAMES.join(', ')}` });
export const referralStatus = z.enum(REFERRAL_STATUSES);

/** Codes, not free text: a typed reason could name or describe the survivor. */
export const DECLINE_REASONS = [
  'outside_service_scope',
  'no_capacity',
  'outside_area',
  'survivor_unreachable',
  'survivor_declined',
  'duplicate',
  'other',
] as const;
export const declineReason = z.enum(DECLINE_REASONS, { error: `must be one of ${DECLINE_REASONS.join(', ')}` });

export const idempotencyKey = z
  .string()
  .trim()
  .min(8, { error: 'must be at least 8 characters' })
  .max(100, { error: 'must be at most 100 characters' })
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'must use letters, digits and . _ : - only' });

/** CON-3: a supervisor's override of a missing consent, with a reviewable justification. */
export const referralOverride = z
  .object({
    reasonCode: z.enum(OVERRIDE_REASON_CODES, { error: `must be one of ${OVERRIDE_REASON_CODES.join(', ')}` }),
    justification: text(2000),
  })
  .strict();

export const createReferralBody = z
  .object({
    caseId: uuid,
    /** The incident the referral carries; required when an incident section is chosen. */
    incidentId: uuid.nullable().optional(),
    serviceId: uuid,
    sections: z
      .array(referralSection)
      .max(REFERRAL_SECTION_NAMES.length)
      .refine((values) => new Set(values).size === values.length, { error: 'must not repeat a section' })
      .default([]),
    urgent: z.boolean().default(false),
    override: referralOverride.nullable().optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreateReferralBody = z.infer<typeof createReferralBody>;

const versionField = z.number().int().min(1).optional();
export const referralTransitionBody = z.object({ version: versionField }).strict().nullable().optional();
export const declineReferralBody = z.object({ reason: declineReason, version: versionField }).strict();
export const deliverReferralBody = z
  .object({
    deliveredOn: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }),
    /** What was done; sealed under the survivor's record key. */
    outcomeNote: text(4000).nullable().optional(),
    version: versionField,
  })
  .strict();

export const REFERRAL_DIRECTIONS = ['incoming', 'outgoing'] as const;
export const listReferralsQuery = z
  .object({
    direction: z.enum(REFERRAL_DIRECTIONS).default('incoming'),
    status: referralStatus.optional(),
    caseId: uuid.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  })
  .strict();
export type ListReferralsQuery = z.infer<typeof listReferralsQuery>;

export const referralClock = clinicalClockView;

/** What the chosen sections carry. Each key is present only when its section was chosen. */
export const sharedSnapshot = z
  .object({
    profile: z
      .object({
        sex: z.string().nullable(),
        ageGroup: z.string().nullable(),
        isChild: z.boolean().nullable(),
        disability: z.string().nullable(),
        displacementStatus: z.string().nullable(),
        maritalStatus: z.string().nullable(),
      })
      .optional(),
    contact: survivorIdentity
      .pick({ name: true, otherNames: true, phone: true, address: true, safeContactInstructions: true, currentLocation: true })
      .optional(),
    incidentSummary: z
      .object({
        gbvType: z.string(),
        incidentTime: incidentTime,
        reportDate: z.string().nullable(),
        areaId: z.string().nullable(),
        placeType: z.string().nullable(),
        acts: z.array(z.string()),
      })
      .optional(),
    narrative: z.string().nullable().optional(),
    exactLocation: z.string().nullable().optional(),
    caseNeeds: z.object({ needs: z.array(z.string()), riskLevel: z.string() }).optional(),
    caregiver: z.object({ name: z.string().nullable(), relationship: z.string().nullable(), contact: z.string().nullable() }).optional(),
  })
  .strict();
export type SharedSnapshot = z.infer<typeof sharedSnapshot>;

const serviceSummary = z.object({ id: uuid, name: z.string(), type: serviceType, organisationId: uuid, organisationName: z.string() });

export const referralListItem = z.object({
  id: uuid,
  direction: z.enum(REFERRAL_DIRECTIONS),
  status: referralStatus,
  urgent: z.boolean(),
  referringOrganisationId: uuid,
  referringOrganisationName: z.string(),
  service: serviceSummary,
  /** Only for the referring organisation, which holds the record. */
  caseId: uuid.nullable().optional(),
  survivorId: uuid.optional(),
  incidentId: uuid.nullable().optional(),
  gbvType: z.string().nullable(),
  clinicalClock: referralClock.nullable(),
  sharedSections: z.array(referralSection),
  /** CON-4: the recipient no longer has the survivor's consent (or she was erased). */
  consentWithdrawn: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ReferralListItem = z.infer<typeof referralListItem>;

export const referralEventView = z.object({ status: referralStatus, note: z.string().nullable(), actorUserId: uuid.nullable(), occurredAt: isoDateTime });

export const referralView = referralListItem.extend({
  version: z.number().int(),
  /** Null when nothing identifying may be shown (consent withdrawn, erased, or a role without identifying.read). */
  shared: sharedSnapshot.nullable(),
  /** STO-3: the survivor was erased; what the referral carried is unreadable. */
  erased: z.boolean(),
  /** ONCE-1: how many times her account was taken; null when not visible to the caller. */
  narrativeEntries: z.number().int().nullable(),
  declineReason: declineReason.nullable(),
  serviceDeliveredOn: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  /** CON-3: an override is visible on the record. */
  override: z.object({ reasonCode: z.string(), justification: z.string().nullable(), byUserId: uuid.nullable() }).nullable(),
  events: z.array(referralEventView),
  actions: z.array(z.enum(['accept', 'decline', 'deliver', 'close', 'revoke'])),
});
export type ReferralView = z.infer<typeof referralView>;
