/**
 * Survivors at the HTTP boundary (issue 3 part 1). Identifying fields travel in `identity`,
 * which a role without 'identifying.read' never receives (MIN-2) and which is null once the
 * survivor was erased (STO-3). Vocabulary fields carry ids; the configured lists
 * (GET /api/survivors/vocabularies) give the labels and decide which ids are accepted.
 */
import { z } from 'zod';
import { ageGroup, ageInYears, VOCABULARY_NAMES, type VocabularyName } from '../survivors';
import { isoDateTime, text, uuid } from './common';

const optionalText = (max: number) => text(max).nullable().optional();
const vocabularyId = z.string().trim().min(1, { error: 'must not be empty' }).max(60, { error: 'must be at most 60 characters' });

/** Everything that names, reaches or locates the survivor; sealed under her record key (STO-1). */
export const survivorIdentityInput = z.strictObject({
  name: optionalText(200),
  otherNames: optionalText(200),
  phone: optionalText(60),
  address: optionalText(500),
  safeContactInstructions: optionalText(1000),
  currentLocation: optionalText(500),
  caregiverName: optionalText(200),
  caregiverRelationship: optionalText(100),
  caregiverContact: optionalText(500),
});
export type SurvivorIdentityInput = z.infer<typeof survivorIdentityInput>;

export const SURVIVOR_IDENTITY_FIELDS = Object.keys(survivorIdentityInput.shape) as (keyof SurvivorIdentityInput)[];

export const survivorIdentity = z.object({
  name: z.string().nullable(),
  otherNames: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  safeContactInstructions: z.string().nullable(),
  currentLocation: z.string().nullable(),
  caregiverName: z.string().nullable(),
  caregiverRelationship: z.string().nullable(),
  caregiverContact: z.string().nullable(),
});
export type SurvivorIdentity = z.infer<typeof survivorIdentity>;

const profileFields = {
  sex: vocabularyId.nullable().optional(),
  /** Whole years at registration (an estimate will do); the age group and child flag follow. */
  ageAtRegistration: ageInYears.nullable().optional(),
  disability: vocabularyId.nullable().optional(),
  displacementStatus: vocabularyId.nullable().optional(),
  maritalStatus: vocabularyId.nullable().optional(),
  /** Nationality or group, as the deployment records it. */
  nationality: optionalText(100),
  childrenBornOfRape: z.boolean().nullable().optional(),
};

export const registerSurvivorBody = z.strictObject({
  ...profileFields,
  identity: survivorIdentityInput.optional(),
  /** REL-2: a replay with the same key returns the survivor already registered. */
  idempotencyKey: z.string().trim().min(8, { error: 'must be at least 8 characters' }).max(100, { error: 'must be at most 100 characters' }).optional(),
});
export type RegisterSurvivorInput = z.infer<typeof registerSurvivorBody>;

/** Fields left out change nothing; null clears. `identity` fields merge into the sealed ones. */
export const updateSurvivorBody = z.strictObject({
  ...profileFields,
  identity: survivorIdentityInput.optional(),
  /** REL-2: the version read; a stale one answers 409 with the current version. */
  version: z.number().int().min(1),
});
export type UpdateSurvivorInput = z.infer<typeof updateSurvivorBody>;

export const SURVIVOR_PAGE_DEFAULT = 50;
export const SURVIVOR_PAGE_MAX = 200;

export const listSurvivorsQuery = z.object({
  /** Start of the survivor code, e.g. "IRC-2026". */
  codePrefix: z.string().trim().min(1).max(40, { error: 'must be at most 40 characters' }).optional(),
  sex: vocabularyId.optional(),
  ageGroup: ageGroup.optional(),
  /** Inclusive lower bound on createdAt. */
  createdFrom: isoDateTime.optional(),
  /** Exclusive upper bound on createdAt. */
  createdTo: isoDateTime.optional(),
  /** Opaque: the nextCursor of the previous page. */
  cursor: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(SURVIVOR_PAGE_MAX, { error: `must be at most ${SURVIVOR_PAGE_MAX}` })
    .default(SURVIVOR_PAGE_DEFAULT),
});
export type ListSurvivorsQuery = z.infer<typeof listSurvivorsQuery>;

/** What a list shows: nothing decrypted, nothing identifying. */
export const survivorSummary = z.object({
  id: uuid,
  organisationId: uuid,
  code: z.string(),
  sex: z.string().nullable(),
  ageGroup: ageGroup.nullable(),
  isChild: z.boolean().nullable(),
  displacementStatus: z.string().nullable(),
  /** ONCE-1: how many times the survivor's story was written down. */
  narrativeEntries: z.number().int(),
  erased: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type SurvivorSummary = z.infer<typeof survivorSummary>;

export const survivorView = survivorSummary.extend({
  ageAtRegistration: z.number().int().nullable(),
  disability: z.string().nullable(),
  maritalStatus: z.string().nullable(),
  nationality: z.string().nullable(),
  childrenBornOfRape: z.boolean().nullable(),
  version: z.number().int(),
  erasedAt: isoDateTime.nullable(),
  /**
   * Absent for roles without 'identifying.read' (MIN-2); null once erased (STO-3) or when
   * its key can no longer open it.
   */
  identity: survivorIdentity.nullable().optional(),
});
export type SurvivorView = z.infer<typeof survivorView>;

export const survivorParams = z.object({ id: uuid });

// ---- Vocabularies --------------------------------------------------------------------------

const vocabularyEntry = z.strictObject({
  id: z.string().trim().regex(/^[a-z0-9_]{1,60}$/, { error: 'must be lower-case letters, digits or _ (at most 60)' }),
  labels: z.strictObject({ en: text(120), fr: text(120), ar: text(120) }),
});
export type VocabularyEntryInput = z.infer<typeof vocabularyEntry>;

const vocabularyList = z
  .array(vocabularyEntry)
  .min(1, { error: 'must list at least one entry' })
  .max(100, { error: 'must list at most 100 entries' })
  .refine((list) => new Set(list.map((e) => e.id)).size === list.length, { error: 'must not repeat an id' });

export const survivorVocabularies = z.object(
  Object.fromEntries(VOCABULARY_NAMES.map((name) => [name, vocabularyList])) as Record<VocabularyName, typeof vocabularyList>,
);
export type SurvivorVocabularies = z.infer<typeof survivorVocabularies>;

/** A PUT replaces the lists it names; a list left out goes back to the default. */
export const updateSurvivorVocabulariesBody = z.strictObject(
  Object.fromEntries(VOCABULARY_NAMES.map((name) => [name, vocabularyList.optional()])) as Record<VocabularyName, z.ZodOptional<typeof vocabularyList>>,
);
export type UpdateSurvivorVocabulariesInput = z.infer<typeof updateSurvivorVocabulariesBody>;

// ---- Erasure (STO-3) -------------------------------------------------------------------------

/** Why a survivor's identifying data is erased; a code, so no free text reaches the audit trail. */
export const ERASURE_REASONS = ['survivor_request', 'retention_expired', 'legal_order', 'safety_risk', 'recorded_in_error'] as const;
export const erasureBody = z.strictObject({ reason: z.enum(ERASURE_REASONS) });
export type ErasureInput = z.infer<typeof erasureBody>;

export const erasureResult = z.object({
  survivorId: uuid,
  erasedAt: isoDateTime,
  /** How many rows lost their sealed fields, per table: counts only. */
  cleared: z.object({
    incidents: z.number().int(),
    cases: z.number().int(),
    followUps: z.number().int(),
    referrals: z.number().int(),
    hotlineCalls: z.number().int(),
  }),
  /** Organisations that received a referral and whose audit trail records the erasure. */
  notifiedOrganisationIds: z.array(uuid),
});
export type ErasureResult = z.infer<typeof erasureResult>;
