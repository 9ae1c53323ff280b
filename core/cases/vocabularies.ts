/**
 * Vocabularies of case management (GBV case management guidelines, GBVIMS+ / Primero): what a
 * case plan addresses, the survivor's own strengths and connections, follow-up kinds and risk.
 * The ids are stored plain (non-identifying); what the survivor said about them is sealed.
 */
export const CASE_STATUSES = ['open', 'closure_requested', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The areas a case plan addresses. */
export const NEED_CATEGORIES = ['medical', 'psychosocial', 'legal', 'safety', 'livelihood', 'education', 'other'] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

/**
 * The survivor's own strengths and connections: a plan built only on needs treats her as a
 * list of problems; naming who and what already supports her is part of survivor-centred care.
 */
export const STRENGTH_KINDS = ['family', 'peers', 'community', 'faith', 'livelihood', 'survivor_group', 'other'] as const;
export type StrengthKind = (typeof STRENGTH_KINDS)[number];

export const FOLLOW_UP_KINDS = ['visit', 'call', 'accompaniment', 'other'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export const ACTION_STATUSES = ['pending', 'done', 'not_done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Distinct values in the vocabulary's order: what the plain columns store. */
export function distinctInOrder<T extends string>(vocabulary: readonly T[], values: readonly T[]): T[] {
  const present = new Set(values);
  return vocabulary.filter((v) => present.has(v));
}
