/**
 * The GBVIMS classification questions as data, in the order of elimination. A 'yes' decides
 * the type and ends the questions; a 'no' leads to the next; six 'no' mean non-GBV. The
 * wording is ours (paraphrased from the GBVIMS classification tool, not copied); the text
 * lives in the classify catalog under each textKey.
 */
import type { GbvCoreType } from './gbv-types';
import type { ClassifyMessageKey } from './messages-en';

export interface ClassificationQuestion {
  readonly id: string;
  /** 1-based position in the order of elimination. */
  readonly order: number;
  /** The type a 'yes' to this question decides. */
  readonly yesLeadsTo: GbvCoreType;
  readonly textKey: ClassifyMessageKey;
}

export const CLASSIFICATION_QUESTIONS = [
  { id: 'penetration', order: 1, yesLeadsTo: 'rape', textKey: 'classify.question.penetration' },
  { id: 'sexual_contact', order: 2, yesLeadsTo: 'sexual_assault', textKey: 'classify.question.sexual_contact' },
  { id: 'physical_violence', order: 3, yesLeadsTo: 'physical_assault', textKey: 'classify.question.physical_violence' },
  { id: 'forced_marriage', order: 4, yesLeadsTo: 'forced_marriage', textKey: 'classify.question.forced_marriage' },
  {
    id: 'denial_of_resources',
    order: 5,
    yesLeadsTo: 'denial_of_resources_opportunities_or_services',
    textKey: 'classify.question.denial_of_resources',
  },
  {
    id: 'psychological_abuse',
    order: 6,
    yesLeadsTo: 'psychological_emotional_abuse',
    textKey: 'classify.question.psychological_abuse',
  },
] as const satisfies readonly ClassificationQuestion[];

export type ClassificationQuestionId = (typeof CLASSIFICATION_QUESTIONS)[number]['id'];
export const CLASSIFICATION_QUESTION_IDS = CLASSIFICATION_QUESTIONS.map((q) => q.id) as readonly ClassificationQuestionId[];

export const ANSWERS = ['yes', 'no'] as const;
export type Answer = (typeof ANSWERS)[number];

/** The answers given so far; a question not yet asked is absent (or undefined). */
export type ClassificationAnswers = Partial<Record<ClassificationQuestionId, Answer>>;

export const isClassificationQuestionId = (value: string): value is ClassificationQuestionId =>
  (CLASSIFICATION_QUESTION_IDS as readonly string[]).includes(value);

export function questionById(id: ClassificationQuestionId): (typeof CLASSIFICATION_QUESTIONS)[number] {
  // The id type guarantees a match.
  return CLASSIFICATION_QUESTIONS.find((q) => q.id === id)!;
}
