/**
 * Cases at the HTTP boundary (issue 3 part 6). Only case workers and supervisors of the
 * holding organisation ever receive a case, so there is one view; the plan's text and
 * follow-up notes are sealed under the survivor's record key and come back null with
 * `erased: true` once she was erased (STO-3).
 */
import { z } from 'zod';
import { clinicalClockView } from './clinical';
import {
  ACTION_STATUSES,
  CASE_STATUSES,
  CLOSURE_ANSWERS,
  CLOSURE_CHECKLIST_ITEMS,
  CLOSURE_REASONS,
  FOLLOW_UP_KINDS,
  NEED_CATEGORIES,
  PLAN_STATUSES,
  RISK_LEVELS,
  STRENGTH_KINDS,
} from '../cases';
import { isoDateTime, text, uuid } from './common';

export const riskLevel = z.enum(RISK_LEVELS);
export const caseStatus = z.enum(CASE_STATUSES);
export const planStatus = z.enum(PLAN_STATUSES);
const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const idempotencyKey = z.string().trim().min(8, { error: 'must be at least 8 characters' }).max(100, { error: 'must be at most 100 characters' });
/** REL-2: the version read; a stale one answers 409 with the current version. */
const version = z.number({ error: 'must be the version you read' }).int().min(1);

export const planAction = z.strictObject({
  action: text(500),
  /** Who does it: the worker, the survivor, a service (words, not an account). */
  responsible: text(200).nullable().optional(),
  dueOn: isoDate.nullable().optional(),
  status: z.enum(ACTION_STATUSES).default('pending'),
});

export const planNeed = z.strictObject({
  category: z.enum(NEED_CATEGORIES),
  description: text(1000),
  actions: z.array(planAction).max(20, { error: 'must list at most 20 actions' }),
});

/** The survivor's own strengths and connections, in her words. */
export const planStrength = z.strictObject({
  kind: z.enum(STRENGTH_KINDS),
  description: text(1000),
});

export const casePlan = z.strictObject({
  needs: z.array(planNeed).max(30, { error: 'must list at most 30 needs' }),
  strengths: z.array(planStrength).max(30, { error: 'must list at most 30 strengths' }),
  /** The survivor's goals for the case, as she puts them. */
  goals: text(2000).nullable().optional(),
});
export type CasePlan = z.infer<typeof casePlan>;

export const openCaseBody = z.strictObject({
  survivorId: uuid,
  /** A case worker or supervisor of the organisation; the opener by default. */
  assignedTo: uuid.optional(),
  riskLevel: riskLevel.default('medium'),
  incidentIds: z.array(uuid).max(20, { error: 'must list at most 20 incidents' }).default([]),
  nextFollowUpOn: isoDate.nullable().optional(),
  plan: casePlan.optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type OpenCaseInput = z.infer<typeof openCaseBody>;

/** Fields left out change nothing. Editing the plan sends it back to draft. */
export const updateCaseBody = z.strictObject({
  version,
  assignedTo: uuid.optional(),
  riskLevel: riskLevel.optional(),
  nextFollowUpOn: isoDate.nullable().optional(),
  plan: casePlan.optional(),
});
export type UpdateCaseInput = z.infer<typeof updateCaseBody>;

/** A supervisor's decision names the version they read, so they approve what they saw. */
export const versionBody = z.strictObject({ version });
export const returnBody = z.strictObject({ version, reason: text(1000) });

export const linkIncidentBody = z.strictObject({ incidentId: uuid, version });

export const closureChecklist = z.strictObject(
  Object.fromEntries(CLOSURE_CHECKLIST_ITEMS.map((item) => [item, z.enum(CLOSURE_ANSWERS).optional()])) as Record<
    (typeof CLOSURE_CHECKLIST_ITEMS)[number],
    z.ZodOptional<z.ZodEnum<{ [K in (typeof CLOSURE_ANSWERS)[number]]: K }>>
  >,
);
export const requestClosureBody = z.strictObject({
  version,
  reason: z.enum(CLOSURE_REASONS),
  checklist: closureChecklist,
});
export type RequestClosureInput = z.infer<typeof requestClosureBody>;

export const recordFollowUpBody = z.strictObject({
  happenedOn: isoDate,
  kind: z.enum(FOLLOW_UP_KINDS),
  note: text(4000).nullable().optional(),
  /** The risk level after this contact; the case's risk follows it. */
  riskLevel: riskLevel.nullable().optional(),
  /** When to see the survivor next; null clears. */
  nextFollowUpOn: isoDate.nullable().optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type RecordFollowUpInput = z.infer<typeof recordFollowUpBody>;

export const CASE_PAGE_DEFAULT = 50;
export const CASE_PAGE_MAX = 200;
const flag = z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).transform((v) => v === 'true');

export const listCasesQuery = z.object({
  status: caseStatus.optional(),
  riskLevel: riskLevel.optional(),
  assignedToMe: flag.optional(),
  planAwaitingApproval: flag.optional(),
  followUpOverdue: flag.optional(),
  /** 'updated' (default, newest first, paged) or 'clinical': open cases by clinical time left. */
  sort: z.enum(['updated', 'clinical']).default('updated'),
  cursor: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(CASE_PAGE_MAX, { error: `must be at most ${CASE_PAGE_MAX}` })
    .default(CASE_PAGE_DEFAULT),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

/** The clinical clock (issue 3 part 5) of the most urgent rape or sexual assault linked to a case. */
export const caseClinicalClock = clinicalClockView.extend({ incidentId: uuid });

export const caseSummary = z.object({
  id: uuid,
  organisationId: uuid,
  code: z.string(),
  survivorId: uuid,
  survivorCode: z.string(),
  status: caseStatus,
  riskLevel: riskLevel,
  assignedTo: uuid.nullable(),
  planStatus: planStatus,
  // Plain ids; a list never fails on a category a later vocabulary dropped.
  needs: z.array(z.string()),
  strengthKinds: z.array(z.string()),
  nextFollowUpOn: z.string().nullable(),
  followUpOverdue: z.boolean(),
  clinicalClock: caseClinicalClock.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseView = caseSummary.extend({
  version: z.number().int(),
  incidentIds: z.array(uuid),
  plan: casePlan.nullable(),
  /** The plan could not be opened: the survivor's record key was destroyed (STO-3). */
  planErased: z.boolean(),
  planSubmittedAt: isoDateTime.nullable(),
  planSubmittedBy: uuid.nullable(),
  planApprovedAt: isoDateTime.nullable(),
  planApprovedBy: uuid.nullable(),
  planReturnReason: z.string().nullable(),
  closureReason: z.enum(CLOSURE_REASONS).nullable(),
  closureChecklist: z.record(z.string(), z.enum(CLOSURE_ANSWERS)).nullable(),
  closureRequestedAt: isoDateTime.nullable(),
  closureRequestedBy: uuid.nullable(),
  closureReturnReason: z.string().nullable(),
  closedAt: isoDateTime.nullable(),
  closureApprovedBy: uuid.nullable(),
  createdBy: uuid.nullable(),
});
export type CaseView = z.infer<typeof caseView>;

export const caseList = z.object({ data: z.array(caseSummary), nextCursor: z.string().nullable() });

export const followUpView = z.object({
  id: uuid,
  caseId: uuid,
  happenedOn: z.string(),
  kind: z.enum(FOLLOW_UP_KINDS),
  note: z.string().nullable(),
  erased: z.boolean(),
  riskLevel: riskLevel.nullable(),
  recordedBy: uuid,
  createdAt: isoDateTime,
});
export type FollowUpView = z.infer<typeof followUpView>;

export const caseIdParams = z.object({ id: uuid });

/** The vocabularies a case form needs (ids; labels live in i18n). */
export const caseVocabularies = z.object({
  needCategories: z.array(z.string()),
  strengthKinds: z.array(z.string()),
  followUpKinds: z.array(z.string()),
  riskLevels: z.array(z.string()),
  closureReasons: z.array(z.string()),
  closureChecklistItems: z.array(z.string()),
  closureAnswers: z.array(z.string()),
  actionStatuses: z.array(z.string()),
});
