/**
 * Any complete, consistent answer set yields exactly one type, the one the first 'yes' leads
 * to (non-GBV when there is none); any other input is refused with a validation DomainError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { CRSV_ACT_IDS, CRSV_ACTS, type CrsvActId } from './acts';
import { classifyIncident, nextClassificationQuestion } from './classify';
import { GBV_TYPES } from './gbv-types';
import { ANSWERS, CLASSIFICATION_QUESTIONS, type Answer, type ClassificationAnswers } from './questions';

const acts = fc.subarray([...CRSV_ACT_IDS]);

/** Per question a raw yes/no; forced to 'yes' where an act implies it; cut after the first 'yes'. */
function consistentAnswers(raw: readonly Answer[], recorded: readonly CrsvActId[]): ClassificationAnswers {
  const answers: ClassificationAnswers = {};
  for (const [i, question] of CLASSIFICATION_QUESTIONS.entries()) {
    const implied = CRSV_ACTS.some((act) => recorded.includes(act.id) && act.impliesYesTo === question.id);
    const answer = implied ? 'yes' : raw[i]!;
    answers[question.id] = answer;
    if (answer === 'yes') break;
  }
  return answers;
}

describe('classifyIncident (property)', () => {
  it('yields exactly one type: the first yes in order, or non-gbv', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ANSWERS), { minLength: 6, maxLength: 6 }), acts, (raw, recorded) => {
        const answers = consistentAnswers(raw, recorded);
        const result = classifyIncident(answers, recorded);
        const firstYes = CLASSIFICATION_QUESTIONS.find((q) => answers[q.id] === 'yes');
        expect(result.type).toBe(firstYes ? firstYes.yesLeadsTo : 'non-gbv');
        expect(GBV_TYPES.filter((t) => t === result.type)).toHaveLength(1);
        expect(result.path.map((s) => s.questionId)).toEqual(Object.keys(answers));
        expect(result.path.slice(0, -1).every((s) => s.answer === 'no')).toBe(true);
        expect(nextClassificationQuestion(answers, recorded)).toBeNull();
        // The first question an act implies is never later than the deciding one.
        const firstImplied = CLASSIFICATION_QUESTIONS.find((q) => CRSV_ACTS.some((a) => recorded.includes(a.id) && a.impliesYesTo === q.id));
        if (firstImplied) expect(result.path.length).toBeLessThanOrEqual(firstImplied.order);
      }),
      { numRuns: 2_000, seed: 20_240_601 },
    );
  });

  it('answers any other input with a type or a validation DomainError, never anything else', () => {
    const anyAnswers = fc.dictionary(
      fc.oneof(fc.constantFrom(...CLASSIFICATION_QUESTIONS.map((q) => q.id as string)), fc.string({ maxLength: 5 })),
      fc.oneof(fc.constantFrom<unknown>('yes', 'no', undefined), fc.anything()),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(fc.oneof(anyAnswers, fc.anything()), acts, (answers, recorded) => {
        try {
          const result = classifyIncident(answers as ClassificationAnswers, recorded);
          const firstYes = CLASSIFICATION_QUESTIONS.find((q) => (answers as ClassificationAnswers)[q.id] === 'yes');
          expect(result.type).toBe(firstYes ? firstYes.yesLeadsTo : 'non-gbv');
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          expect(error.category).toBe('validation');
          expect(error.field).toMatch(/^answers/);
        }
      }),
      { numRuns: 2_000, seed: 7 },
    );
  });
});
