/**
 * Incidents (issue 3 parts 3, 4, 5 and 10): request and response schemas. Field names follow
 * core/survivors/sensitivity.ts INCIDENT_FIELDS where they carry a sensitivity class (MIN-1);
 * presenters strip by class per role (MIN-2), so every response field here is optional or
 * nullable where a role may not receive it.
 */
import { z } from 'zod';
import { clinicalClockView } from './clinical';
import { CLASSIFICATION_QUESTION_IDS, GBV_TYPES, INCIDENT_CONTEXTS, abductionType, crsvActs, gbvType, perpetratorCategory, perpetratorRelationship, ANSWERS } from '../classify';
import { incidentTime } from '../clinical/clock';
import { ageGroup, ageInYears } from '../survivors/age';
import { conflictContext, displacementStage, perpetratorCount, perpetratorSex, placeType, timeOfDay } from '../gbvims/vocabularies';
import { text, uuid } from './common';

const questionId = z.enum(CLASSIFICATION_QUESTION_IDS as unknown as [string, ...string[]], { error: 'is not a classification question' });
const answer = z.enum(ANSWERS, { error: 'must be yes or no' });
/** The yes/no answers of the guided classification, by question id (core/classify). */
export const classificationAnswers = z.partialRecord(questionId, answer);

const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const conflictContexts = z
  .array(conflictContext)
  .max(20)
  .refine((list) => new Set(list).size === list.length, { error: 'must not list a context twice' });
/** Administrative area: its id or its P-code (areas.code); it must exist. */
const areaRef = z.string().trim().min(1, { error: 'must be an area id or P-code' }).max(100);

/** Fields a PATCH may change (all optional; absent leaves the value). */
const incidentFields = {
  incidentTime,
  reportDate: isoDate,
  timeOfDay: timeOfDay.nullable(),
  area: areaRef.nullable(),
  placeType: placeType.nullable(),
  displacementStage: displacementStage.nullable(),
  ageAtIncident: ageInYears.nullable(),
  perpetratorCount: perpetratorCount.nullable(),
  perpetratorSex: perpetratorSex.nullable(),
  perpetratorAgeGroup: ageGroup.nullable(),
  perpetratorRelationship: perpetratorRelationship.nullable(),
  perpetratorCategory: perpetratorCategory.nullable(),
  conflictContexts,
  acts: crsvActs,
  classificationAnswers,
  previouslyReported: z.boolean().nullable(),
  previousGbvIncidents: z.boolean().nullable(),
  goodsMoneyExchanged: z.boolean().nullable(),
  abductionType: abductionType.nullable(),
  /** Identifying: sealed under the survivor's record key (STO-3). */
  narrative: text(20_000).nullable(),
  /** Identifying: the exact place, sealed; the area stays in clear for statistics. */
  exactLocation: text(500).nullable(),
};

export const createIncidentBody = z.object({
  survivorId: uuid,
  ...incidentFields,
  incidentTime,
  classificationAnswers,
  reportDate: isoDate.optional(),
  timeOfDay: incidentFields.timeOfDay.optional(),
  area: incidentFields.area.optional(),
  placeType: incidentFields.placeType.optional(),
  displacementStage: incidentFields.displacementStage.optional(),
  ageAtIncident: incidentFields.ageAtIncident.optional(),
  perpetratorCount: incidentFields.perpetratorCount.optional(),
  perpetratorSex: incidentFields.perpetratorSex.optional(),
  perpetratorAgeGroup: incidentFields.perpetratorAgeGroup.optional(),
  perpetratorRelationship: incidentFields.perpetratorRelationship.optional(),
  perpetratorCategory: incidentFields.perpetratorCategory.optional(),
  conflictContexts: conflictContexts.optional(),
  acts: crsvActs.optional(),
  previouslyReported: incidentFields.previouslyReported.optional(),
  previousGbvIncidents: incidentFields.previousGbvIncidents.optional(),
  goodsMoneyExchanged: incidentFields.goodsMoneyExchanged.optional(),
  abductionType: incidentFields.abductionType.optional(),
  narrative: incidentFields.narrative.optional(),
  exactLocation: incidentFields.exactLocation.optional(),
  /** REL-2: a replay with the same key returns the same incident. */
  idempotencyKey: z.string().trim().min(8, { error: 'must be at least 8 characters' }).max(100).optional(),
});
export type CreateIncidentInput = z.infer<typeof createIncidentBody>;

export const updateIncidentBody = z.object({
  ...Object.fromEntries(Object.entries(incidentFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof incidentFields]: z.ZodOptional<(typeof incidentFields)[K]>;
  },
  /** REL-2: the version read; a mismatch answers 409. */
  version: z.number().int().min(1),
});
export type UpdateIncidentInput = z.infer<typeof updateIncidentBody>;

const yesNo = z.enum(['true', 'false']).transform((v) => v === 'true');

export const INCIDENT_SORTS = ['recent', 'clinical'] as const;
export const listIncidentsQuery = z.object({
  area: areaRef.optional(),
  gbvType: gbvType.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  perpetratorCategory: perpetratorCategory.optional(),
  crsv: yesNo.optional(),
  sea: yesNo.optional(),
  survivorId: uuid.optional(),
  /** 'clinical': rape and sexual assault whose PEP or EC window may still be open, least time left first. */
  sort: z.enum(INCIDENT_SORTS).default('recent'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuery>;

export const exportIncidentsQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  lang: z.enum(['en', 'fr']).default('en'),
});
export type ExportIncidentsQuery = z.infer<typeof exportIncidentsQuery>;

export { clinicalClockView, clinicalWindowView, type ClinicalClockView } from './clinical';

export const incidentAreaView = z.object({ id: z.string(), code: z.string(), names: z.record(z.string(), z.string()) });

/** One incident as a role may see it (MIN-2): optional fields are absent for roles without access. */
export const incidentView = z.object({
  id: z.string(),
  incidentCode: z.string(),
  /** sensitive */
  survivorId: z.string().optional(),
  /** sensitive: the exact time as recorded */
  incidentTime: incidentTime.optional(),
  /** sensitive */
  incidentDate: z.string().nullable().optional(),
  incidentDatePrecision: z.enum(['exact', 'date', 'range', 'unknown']),
  /** YYYY-MM, or null when unknown: what roles without identifying.read get instead of the date. */
  incidentMonth: z.string().nullable(),
  /** sensitive */
  reportDate: z.string().optional(),
  timeOfDay: z.string().nullable(),
  area: incidentAreaView.nullable(),
  placeType: z.string().nullable(),
  displacementStage: z.string().nullable(),
  /** sensitive */
  ageAtIncident: z.number().nullable().optional(),
  ageGroup: z.string().nullable(),
  isChild: z.boolean().nullable(),
  perpetratorCount: z.string().nullable(),
  perpetratorSex: z.string().nullable(),
  perpetratorAgeGroup: z.string().nullable(),
  perpetratorRelationship: z.string().nullable(),
  perpetratorCategory: z.string().nullable(),
  conflictContexts: z.array(z.string()),
  acts: z.array(z.string()),
  classificationAnswers: z.record(z.string(), z.string()).nullable(),
  gbvType: z.enum(GBV_TYPES),
  contexts: z.array(z.enum(INCIDENT_CONTEXTS)),
  isCrsv: z.boolean(),
  isSea: z.boolean(),
  previouslyReported: z.boolean().nullable(),
  previousGbvIncidents: z.boolean().nullable(),
  goodsMoneyExchanged: z.boolean().nullable(),
  abductionType: z.string().nullable(),
  source: z.string(),
  /** Rape and sexual assault only; absent for roles without identifying.read (it dates the incident). */
  clinicalClock: clinicalClockView.nullable().optional(),
  hasNarrative: z.boolean(),
  hasExactLocation: z.boolean(),
  /** identifying: only in the case-work view of one incident (audited). */
  narrative: z.string().nullable().optional(),
  exactLocation: z.string().nullable().optional(),
  /** The survivor's record key was destroyed (erasure): sealed fields are gone. */
  erased: z.boolean().optional(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IncidentView = z.infer<typeof incidentView>;

export const incidentList = z.object({ data: z.array(incidentView), nextCursor: z.string().nullable() });

const texts = z.object({ en: z.string(), fr: z.string(), ar: z.string() });
export const classificationGuide = z.object({
  questions: z.array(z.object({ id: z.string(), order: z.number(), yesLeadsTo: z.string(), text: texts })),
  acts: z.array(z.object({ id: z.string(), impliesYesTo: z.string().nullable(), label: texts })),
  types: z.array(z.object({ id: z.string(), label: texts })),
  contexts: z.array(z.object({ id: z.string(), label: texts })),
});
export type ClassificationGuide = z.infer<typeof classificationGuide>;
