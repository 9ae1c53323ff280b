/**
 * The GBVIMS classification as a pure function: questions answered in the order of
 * elimination, the first 'yes' decides the type, six 'no' mean non-GBV. The same validation
 * runs for the guided UI (nextClassificationQuestion) and for the record (classifyIncident), so
 * the browser and the server cannot disagree about a classification.
 */
import { invalid } from '../errors';
import { actsImplyingYes, type CrsvActId } from './acts';
import { NON_GBV, type GbvType } from './gbv-types';
import {
  CLASSIFICATION_QUESTIONS,
  isClassificationQuestionId,
  type Answer,
  type ClassificationAnswers,
  type ClassificationQuestion,
  type ClassificationQuestionId,
} from './questions';

export interface ClassificationStep {
  readonly questionId: ClassificationQuestionId;
  readonly answer: Answer;
}

/** The type, and the answers that decided it (every 'no' before the deciding 'yes'). */
export interface Classification {
  readonly type: GbvType;
  readonly path: readonly ClassificationStep[];
}

interface Walk {
  readonly path: ClassificationStep[];
  readonly type: GbvType | null;
  readonly next: ClassificationQuestion | null;
}

const field = (id: string) => `answers.${id}`;

/** Refuses keys that are not questions and values other than 'yes' or 'no'. */
function checkShape(answers: unknown): Record<string, unknown> {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw invalid('classification.answers_invalid', 'Give the classification answers as an object of question id to yes or no.', 'answers');
  }
  const record = answers as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (!isClassificationQuestionId(key)) {
      throw invalid('classification.unknown_question', `"${key}" is not a classification question.`, field(key));
    }
    if (value !== undefined && value !== 'yes' && value !== 'no') {
      throw invalid('classification.answer_invalid', `Answer question ${key} with yes or no.`, field(key));
    }
  }
  return record;
}

/**
 * Walks the questions in order. Refuses (validation error naming the question):
 * - an answer to a question while an earlier one is unanswered (out of order);
 * - an answer after a 'yes' (the type is decided; a later answer would mean another path);
 * - a 'no' where a recorded act means 'yes' (contradiction).
 */
function walk(answers: unknown, acts: readonly CrsvActId[]): Walk {
  const record = checkShape(answers);
  const path: ClassificationStep[] = [];
  let type: GbvType | null = null;
  let decidedBy: ClassificationQuestion | null = null;
  let next: ClassificationQuestion | null = null;

  for (const question of CLASSIFICATION_QUESTIONS) {
    const answer = record[question.id] as Answer | undefined;
    if (answer === undefined) {
      if (type === null && next === null) next = question;
      continue;
    }
    if (decidedBy) {
      throw invalid(
        'classification.answered_after_decision',
        `Question ${question.id} comes after ${decidedBy.id}, whose yes already decides the type (${decidedBy.yesLeadsTo}); remove the answer to ${question.id}.`,
        field(question.id),
      );
    }
    if (next) {
      throw invalid(
        'classification.out_of_order',
        `Question ${question.id} was answered before question ${next.id}; answer the questions in order.`,
        field(question.id),
      );
    }
    const implying = actsImplyingYes(question.id, acts);
    if (answer === 'no' && implying.length > 0) {
      throw invalid(
        'classification.contradicts_acts',
        `Question ${question.id} was answered no, but the recorded act(s) ${implying.join(', ')} mean yes.`,
        field(question.id),
      );
    }
    path.push({ questionId: question.id, answer });
    if (answer === 'yes') {
      type = question.yesLeadsTo;
      decidedBy = question;
    }
  }
  if (type === null && next === null) type = NON_GBV;
  return { path, type, next };
}

/**
 * The question the guided UI asks next, or null when the answers already decide the type.
 * Throws a validation DomainError for answers out of order or contradictory.
 */
export function nextClassificationQuestion(
  answers: ClassificationAnswers,
  acts: readonly CrsvActId[] = [],
): ClassificationQuestion | null {
  return walk(answers, acts).next;
}

/**
 * The GBVIMS type of an incident and the path of answers that decided it. Throws a validation
 * DomainError naming the question when the answers are incomplete, out of order, or
 * contradict the recorded acts.
 */
export function classifyIncident(answers: ClassificationAnswers, acts: readonly CrsvActId[] = []): Classification {
  const { path, type, next } = walk(answers, acts);
  if (type === null) {
    const waiting = next!;
    throw invalid(
      'classification.incomplete',
      `Answer question ${waiting.id} (question ${waiting.order} of ${CLASSIFICATION_QUESTIONS.length}) to classify the incident.`,
      field(waiting.id),
    );
  }
  return { type, path };
}
