import { describe, expect, it } from 'vitest';
import { CRSV_ACTS, suggestedAnswersFromActs, type CrsvActId } from './acts';
import { classifyIncident, nextClassificationQuestion } from './classify';
import { GBV_CORE_TYPES, GBV_TYPES } from './gbv-types';
import { CLASSIFICATION_QUESTIONS, type ClassificationAnswers } from './questions';
import { thrownDomainError } from '../domain-error.testing';

const thrown = thrownDomainError;

/** The answers of path k: 'no' to the first k questions, then 'yes' (none when k = 6). */
const pathAnswers = (k: number): ClassificationAnswers =>
  Object.fromEntries(CLASSIFICATION_QUESTIONS.slice(0, k + 1).map((q, i) => [q.id, i < k ? 'no' : 'yes']));

describe('the questions as data', () => {
  it('are six, in GBVIMS order, each leading to its core type, with unique ids and orders 1..6', () => {
    expect(CLASSIFICATION_QUESTIONS.map((q) => q.order)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(CLASSIFICATION_QUESTIONS.map((q) => q.yesLeadsTo)).toEqual([...GBV_CORE_TYPES]);
    expect(new Set(CLASSIFICATION_QUESTIONS.map((q) => q.id)).size).toBe(6);
  });
});

describe('classifyIncident: every path through the questions', () => {
  const paths = [
    { k: 0, type: 'rape' },
    { k: 1, type: 'sexual_assault' },
    { k: 2, type: 'physical_assault' },
    { k: 3, type: 'forced_marriage' },
    { k: 4, type: 'denial_of_resources_opportunities_or_services' },
    { k: 5, type: 'psychological_emotional_abuse' },
    { k: 6, type: 'non-gbv' },
  ] as const;

  it.each(paths)('$k no then yes → $type', ({ k, type }) => {
    const answers = pathAnswers(k);
    const result = classifyIncident(answers);
    expect(result.type).toBe(type);
    expect(result.path).toEqual(Object.entries(answers).map(([questionId, answer]) => ({ questionId, answer })));
    expect(result.path).toHaveLength(Math.min(k + 1, 6));
    expect(nextClassificationQuestion(answers)).toBeNull();
  });

  it('covers every type exactly once', () => {
    expect(paths.map((p) => p.type).sort()).toEqual([...GBV_TYPES].sort());
  });
});

describe('nextClassificationQuestion: the guided UI', () => {
  it('asks the first question when nothing is answered', () => {
    expect(nextClassificationQuestion({})?.id).toBe('penetration');
  });

  it.each(CLASSIFICATION_QUESTIONS.slice(1).map((q, i) => ({ no: i + 1, next: q.id })))('after $no no → $next', ({ no, next }) => {
    const answers = Object.fromEntries(CLASSIFICATION_QUESTIONS.slice(0, no).map((q) => [q.id, 'no']));
    expect(nextClassificationQuestion(answers)?.id).toBe(next);
  });

  it('ignores keys whose value is undefined', () => {
    expect(nextClassificationQuestion({ penetration: 'no', sexual_contact: undefined })?.id).toBe('sexual_contact');
  });
});

describe('validation names the question', () => {
  it('refuses an incomplete set, naming the question to answer next', () => {
    const error = thrown(() => classifyIncident({ penetration: 'no' }));
    expect(error).toMatchObject({ category: 'validation', code: 'classification.incomplete', field: 'answers.sexual_contact' });
    expect(thrown(() => classifyIncident({})).field).toBe('answers.penetration');
  });

  it('refuses an answer given before an earlier question (out of order)', () => {
    const error = thrown(() => classifyIncident({ penetration: 'no', physical_violence: 'yes' }));
    expect(error).toMatchObject({ code: 'classification.out_of_order', field: 'answers.physical_violence' });
    expect(error.message).toContain('sexual_contact');
    expect(thrown(() => nextClassificationQuestion({ psychological_abuse: 'no' })).code).toBe('classification.out_of_order');
  });

  it('refuses an answer after the deciding yes', () => {
    const error = thrown(() => classifyIncident({ penetration: 'yes', sexual_contact: 'no' }));
    expect(error).toMatchObject({ code: 'classification.answered_after_decision', field: 'answers.sexual_contact' });
    expect(thrown(() => nextClassificationQuestion({ penetration: 'no', sexual_contact: 'yes', psychological_abuse: 'yes' })).field).toBe(
      'answers.psychological_abuse',
    );
  });

  it('refuses a no that contradicts a recorded act', () => {
    const error = thrown(() => classifyIncident({ penetration: 'no', sexual_contact: 'yes' }, ['rape']));
    expect(error).toMatchObject({ code: 'classification.contradicts_acts', field: 'answers.penetration' });
    expect(error.message).toContain('rape');
    const five = { penetration: 'no', sexual_contact: 'no', physical_violence: 'no', forced_marriage: 'no', denial_of_resources: 'no' } as const;
    expect(thrown(() => classifyIncident({ ...five, psychological_abuse: 'no' }, ['sexual_harassment'])).field).toBe('answers.psychological_abuse');
    expect(classifyIncident({ ...five, psychological_abuse: 'yes' }, ['forced_nudity']).type).toBe('psychological_emotional_abuse');
  });

  it('accepts an earlier yes than the acts imply (the order of elimination wins)', () => {
    expect(classifyIncident({ penetration: 'yes' }, ['attempted_rape', 'forced_marriage']).type).toBe('rape');
  });

  it('refuses unknown questions, answers other than yes or no, and non-objects', () => {
    expect(thrown(() => classifyIncident({ consent: 'yes' } as never))).toMatchObject({ code: 'classification.unknown_question', field: 'answers.consent' });
    expect(thrown(() => classifyIncident({ penetration: true } as never))).toMatchObject({ code: 'classification.answer_invalid', field: 'answers.penetration' });
    for (const junk of [null, 'yes', ['yes'], 3]) {
      expect(thrown(() => classifyIncident(junk as never)).code).toBe('classification.answers_invalid');
    }
  });
});

describe('acts: what each implies for the questions', () => {
  it('lists the thirteen acts, each implying at most one question that exists', () => {
    expect(CRSV_ACTS).toHaveLength(13);
    const ids = new Set(CLASSIFICATION_QUESTIONS.map((q) => q.id as string));
    for (const act of CRSV_ACTS) if (act.impliesYesTo) expect(ids.has(act.impliesYesTo)).toBe(true);
  });

  it.each([
    { acts: ['rape'], suggested: { penetration: 'yes' } },
    { acts: ['attempted_rape'], suggested: { sexual_contact: 'yes' } },
    { acts: ['genital_mutilation', 'sexual_torture'], suggested: { sexual_contact: 'yes' } },
    { acts: ['forced_marriage', 'forced_abortion'], suggested: { physical_violence: 'yes', forced_marriage: 'yes' } },
    { acts: ['sexual_harassment'], suggested: { psychological_abuse: 'yes' } },
    { acts: ['forced_pregnancy', 'other'], suggested: {} },
  ] as { acts: CrsvActId[]; suggested: ClassificationAnswers }[])('$acts → $suggested', ({ acts, suggested }) => {
    expect(suggestedAnswersFromActs(acts)).toEqual(suggested);
  });

  it('a rape act alone prefills a complete classification', () => {
    expect(classifyIncident(suggestedAnswersFromActs(['rape']), ['rape'])).toEqual({ type: 'rape', path: [{ questionId: 'penetration', answer: 'yes' }] });
  });
});
