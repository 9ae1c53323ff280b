/**
 * Hotline calls at the HTTP boundary (issue 3 part 8). Minimum data by default (MIN-1): when,
 * how long, who called, language, area, topics, urgency; the caller's words only in a short
 * summary sealed under the call's own key. Lists never carry the summary.
 */
import { z } from 'zod';
import { CHILD_ASSENTS, CONSENT_GIVERS, GUARDIAN_NOT_ASKED_REASONS } from '../consent';
import { CALL_OUTCOMES, CALL_TOPICS, CALLER_KINDS } from '../hotline';
import { createIncidentBody } from './incidents';
import { isoDateTime, text, uuid } from './common';
import { referralSection } from './referrals';

const idempotencyKey = z.string().trim().min(8, { error: 'must be at least 8 characters' }).max(100, { error: 'must be at most 100 characters' });

export const logCallBody = z.strictObject({
  receivedAt: isoDateTime,
  durationMinutes: z.number({ error: 'must be a number of minutes' }).int({ error: 'must be a whole number' }).min(0).max(600, { error: 'must be at most 600' }).nullable().optional(),
  callerKind: z.enum(CALLER_KINDS),
  /** The caller's language as a BCP 47 tag (fr, ln, sw-CD…). */
  language: z.string().trim().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag such as fr or sw-CD' }).max(35).nullable().optional(),
  areaId: uuid.nullable().optional(),
  topics: z
    .array(z.enum(CALL_TOPICS))
    .max(CALL_TOPICS.length)
    .refine((list) => new Set(list).size === list.length, { error: 'must not list a topic twice' })
    .default([]),
  isUrgent: z.boolean().default(false),
  /** A few lines, no more: what the operator must remember. Sealed (STO-1). */
  summary: text(2000).nullable().optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type LogCallInput = z.input<typeof logCallBody>;
export type LogCallData = z.infer<typeof logCallBody>;

/** The survivor of a conversion: one already registered by the organisation, or a new one with minimum data. */
const survivorChoice = {
  survivorId: uuid.optional(),
  newSurvivor: z
    .strictObject({
      sex: z.string().trim().min(1).max(60).nullable().optional(),
      ageAtRegistration: z.number().int().min(0).max(120).nullable().optional(),
    })
    .optional(),
};

/** The verbal consent the caller gave on the phone (CON-1), recorded with the conversion. */
const verbalConsent = z.strictObject({
  givenBy: z.enum(CONSENT_GIVERS).default('survivor'),
  /** CHD-1: a child's assent when a caregiver consents, or why the guardian was not asked. */
  childAssent: z.enum(CHILD_ASSENTS).nullable().optional(),
  guardianNotAskedReason: z.enum(GUARDIAN_NOT_ASKED_REASONS).nullable().optional(),
});

export const callToIncidentBody = z.strictObject({
  ...survivorChoice,
  incident: createIncidentBody.omit({ survivorId: true, idempotencyKey: true }),
  /** Purposes the caller agreed to: services (a case can then be opened) and statistics. */
  consent: verbalConsent.extend({ purposes: z.array(z.enum(['services', 'statistics'])).min(1).max(2) }).optional(),
});
export type CallToIncidentInput = z.infer<typeof callToIncidentBody>;

export const callToReferralBody = z.strictObject({
  ...survivorChoice,
  serviceId: uuid,
  sections: z
    .array(referralSection)
    .refine((values) => new Set(values).size === values.length, { error: 'must not repeat a section' })
    .default([]),
  /** The caller agreed on the phone to be referred to this service's organisation. */
  consent: verbalConsent.optional(),
});
export type CallToReferralInput = z.infer<typeof callToReferralBody>;

export const callOutcomeBody = z.strictObject({ outcome: z.literal('none') });

export const HOTLINE_PAGE_DEFAULT = 50;
export const HOTLINE_PAGE_MAX = 200;

export const listCallsQuery = z.object({
  outcome: z.enum(CALL_OUTCOMES).optional(),
  urgent: z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).transform((v) => v === 'true').optional(),
  cursor: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(HOTLINE_PAGE_MAX, { error: `must be at most ${HOTLINE_PAGE_MAX}` })
    .default(HOTLINE_PAGE_DEFAULT),
});
export type ListCallsQuery = z.infer<typeof listCallsQuery>;

export const callSummary = z.object({
  id: uuid,
  organisationId: uuid,
  code: z.string(),
  operatorId: uuid,
  receivedAt: isoDateTime,
  durationMinutes: z.number().int().nullable(),
  callerKind: z.enum(CALLER_KINDS),
  language: z.string().nullable(),
  areaId: uuid.nullable(),
  topics: z.array(z.string()),
  isUrgent: z.boolean(),
  outcome: z.enum(CALL_OUTCOMES),
  survivorId: uuid.nullable(),
  incidentId: uuid.nullable(),
  referralId: uuid.nullable(),
  createdAt: isoDateTime,
});
export type CallSummary = z.infer<typeof callSummary>;

export const callView = callSummary.extend({
  summary: z.string().nullable(),
  /** The summary's key was destroyed (the call purged or its survivor erased). */
  summaryErased: z.boolean(),
});
export type CallView = z.infer<typeof callView>;

export const callList = z.object({ data: z.array(callSummary), nextCursor: z.string().nullable() });

export const hotlineVocabularies = z.object({ callerKinds: z.array(z.string()), topics: z.array(z.string()), outcomes: z.array(z.string()) });
