/**
 * The acts of conflict-related sexual violence a worker can record (any number per incident).
 * Acts are facts about what happened; the GBVIMS type is still decided by the questions. Each
 * act says which question it necessarily answers 'yes' (if any), so the guided UI can preselect
 * that answer and classifyIncident can refuse a 'no' that contradicts a recorded act.
 *
 * An act implies only what it always entails. Where an act may or may not involve contact
 * (forced nudity, forced pregnancy), it implies the least it surely is, or nothing: the worker
 * still answers the earlier questions, and a 'yes' there wins by the order of elimination.
 */
import { z } from 'zod';
import type { ClassifyMessageKey } from './messages-en';
import { CLASSIFICATION_QUESTIONS, type Answer, type ClassificationQuestionId } from './questions';

export interface CrsvAct {
  readonly id: string;
  readonly impliesYesTo: ClassificationQuestionId | null;
  readonly labelKey: ClassifyMessageKey;
}

export const CRSV_ACTS = [
  { id: 'rape', impliesYesTo: 'penetration', labelKey: 'classify.act.rape' },
  { id: 'attempted_rape', impliesYesTo: 'sexual_contact', labelKey: 'classify.act.attempted_rape' },
  // Ownership exercised to make a person engage in sexual acts: at least sexual contact.
  { id: 'sexual_slavery', impliesYesTo: 'sexual_contact', labelKey: 'classify.act.sexual_slavery' },
  { id: 'forced_prostitution', impliesYesTo: 'sexual_contact', labelKey: 'classify.act.forced_prostitution' },
  { id: 'forced_marriage', impliesYesTo: 'forced_marriage', labelKey: 'classify.act.forced_marriage' },
  // The crime is the confinement of a woman made pregnant by force, possibly earlier and by
  // someone else: it implies no answer on its own.
  { id: 'forced_pregnancy', impliesYesTo: null, labelKey: 'classify.act.forced_pregnancy' },
  // Non-consensual interventions on the body that are not sexual contact: physical violence.
  { id: 'forced_abortion', impliesYesTo: 'physical_violence', labelKey: 'classify.act.forced_abortion' },
  { id: 'enforced_sterilisation', impliesYesTo: 'physical_violence', labelKey: 'classify.act.enforced_sterilisation' },
  // Without contact it is humiliation (psychological abuse); with contact the earlier 'yes' wins.
  { id: 'forced_nudity', impliesYesTo: 'psychological_abuse', labelKey: 'classify.act.forced_nudity' },
  // GBVIMS classifies FGM/C as sexual assault (violence against the sexual organs); genital
  // mutilation in conflict is treated the same way.
  { id: 'genital_mutilation', impliesYesTo: 'sexual_contact', labelKey: 'classify.act.genital_mutilation' },
  { id: 'sexual_torture', impliesYesTo: 'sexual_contact', labelKey: 'classify.act.sexual_torture' },
  // GBVIMS lists sexual remarks, gestures and unwanted attention under psychological abuse.
  { id: 'sexual_harassment', impliesYesTo: 'psychological_abuse', labelKey: 'classify.act.sexual_harassment' },
  { id: 'other', impliesYesTo: null, labelKey: 'classify.act.other' },
] as const satisfies readonly CrsvAct[];

export type CrsvActId = (typeof CRSV_ACTS)[number]['id'];
export const CRSV_ACT_IDS = CRSV_ACTS.map((act) => act.id) as [CrsvActId, ...CrsvActId[]];
export const crsvAct = z.enum(CRSV_ACT_IDS, { error: 'must be one of the recorded acts of sexual violence' });
/** Acts of one incident: any number, each once. */
export const crsvActs = z
  .array(crsvAct)
  .max(CRSV_ACT_IDS.length)
  .refine((acts) => new Set(acts).size === acts.length, { error: 'must not list an act twice' });

const actById = (id: CrsvActId): CrsvAct => CRSV_ACTS.find((act) => act.id === id)!;

/** The recorded acts that imply 'yes' to a question, in the order of CRSV_ACTS. */
export function actsImplyingYes(question: ClassificationQuestionId, acts: readonly CrsvActId[]): CrsvActId[] {
  return CRSV_ACT_IDS.filter((id) => acts.includes(id) && actById(id).impliesYesTo === question);
}

/**
 * Answers to preselect in the guided UI, one per question some act implies. These are
 * suggestions, not answers: the worker still goes through the questions in order (an earlier
 * question may be 'yes' too), and only confirmed answers go to classifyIncident.
 */
export function suggestedAnswersFromActs(acts: readonly CrsvActId[]): Partial<Record<ClassificationQuestionId, Answer>> {
  const suggested: Partial<Record<ClassificationQuestionId, Answer>> = {};
  for (const question of CLASSIFICATION_QUESTIONS) {
    if (actsImplyingYes(question.id, acts).length > 0) suggested[question.id] = 'yes';
  }
  return suggested;
}
