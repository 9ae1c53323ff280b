/**
 * The guided GBVIMS classification (issue 3 part 4): one yes/no question at a time, in the
 * order of elimination, with core/classify deciding what comes next, so the browser and the
 * server cannot disagree. Acts ticked earlier suggest 'yes' where they imply it; a 'no' there
 * would contradict them, so it is not offered.
 * testids: classify-question, classify-question-<id>, classify-yes, classify-no,
 *   classify-answered-<id>, classify-change-<id>, classify-restart, classify-result,
 *   classify-type, classify-contexts, classify-problem
 */
import {
  CLASSIFICATION_QUESTIONS,
  classifyIncident,
  classifyText,
  nextClassificationQuestion,
  suggestedAnswersFromActs,
  type Answer,
  type ClassificationAnswers,
  type CrsvActId,
  type DerivedContext,
  type GbvType,
} from '../../../core/classify';
import { isDomainError } from '../../../core/errors';
import { useI18n } from '../../app/i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { contextLabel, typeLabel } from './incident-labels';

export interface GuideState {
  type: GbvType | null;
  problem: string | null;
}

/** Where the answers stand: the type once decided, or the reason they cannot be used. */
export function readAnswers(answers: ClassificationAnswers, acts: readonly CrsvActId[]): GuideState & { nextId: string | null } {
  try {
    const next = nextClassificationQuestion(answers, acts);
    if (next) return { type: null, problem: null, nextId: next.id };
    return { type: classifyIncident(answers, acts).type, problem: null, nextId: null };
  } catch (error) {
    return { type: null, problem: isDomainError(error) ? error.message : String(error), nextId: null };
  }
}

export interface ClassificationGuideProps {
  acts: readonly CrsvActId[];
  answers: ClassificationAnswers;
  onChange: (answers: ClassificationAnswers) => void;
  contexts: readonly DerivedContext[];
}

export function ClassificationGuide({ acts, answers, onChange, contexts }: ClassificationGuideProps) {
  const { t, lang } = useI18n();
  const state = readAnswers(answers, acts);
  const suggested = suggestedAnswersFromActs(acts);
  const answered = CLASSIFICATION_QUESTIONS.filter((q) => answers[q.id] !== undefined);
  const next = CLASSIFICATION_QUESTIONS.find((q) => q.id === state.nextId) ?? null;

  const answer = (id: (typeof CLASSIFICATION_QUESTIONS)[number]['id'], value: Answer) => onChange({ ...answers, [id]: value });
  /** Going back to a question drops it and every later answer: the path after it may change. */
  const changeFrom = (order: number) =>
    onChange(Object.fromEntries(CLASSIFICATION_QUESTIONS.filter((q) => q.order < order && answers[q.id]).map((q) => [q.id, answers[q.id]])));

  return (
    <div className="classify">
      <p className="field__hint">{t('incidents.classifyIntro')}</p>
      {answered.length > 0 ? (
        <ol className="classify__answered">
          {answered.map((q) => (
            <li key={q.id} data-testid={`classify-answered-${q.id}`}>
              <span className="classify__answered-text">{classifyText(lang, q.textKey)}</span>
              <span className="classify__answered-row">
                <strong>{classifyText(lang, answers[q.id] === 'yes' ? 'classify.answer.yes' : 'classify.answer.no')}</strong>
                <Button variant="quiet" onClick={() => changeFrom(q.order)} testId={`classify-change-${q.id}`}>
                  {t('incidents.changeAnswer')}
                </Button>
              </span>
            </li>
          ))}
        </ol>
      ) : null}

      {state.problem ? (
        <Alert
          tone="error"
          testId="classify-problem"
          actions={
            <Button onClick={() => onChange({})} testId="classify-restart">
              {t('incidents.restart')}
            </Button>
          }
        >
          {t('incidents.classifyProblem')}
        </Alert>
      ) : null}

      {next ? (
        <fieldset className="classify__question" data-testid="classify-question">
          <legend className="classify__counter">{t('incidents.questionOf', { number: next.order, total: CLASSIFICATION_QUESTIONS.length })}</legend>
          <p className="classify__text" data-testid={`classify-question-${next.id}`}>
            {classifyText(lang, next.textKey)}
          </p>
          {suggested[next.id] === 'yes' ? <p className="classify__suggested">{t('incidents.suggested')}</p> : null}
          <div className="classify__buttons">
            <Button variant="primary" onClick={() => answer(next.id, 'yes')} testId="classify-yes">
              {classifyText(lang, 'classify.answer.yes')}
            </Button>
            <Button onClick={() => answer(next.id, 'no')} disabled={suggested[next.id] === 'yes'} testId="classify-no">
              {classifyText(lang, 'classify.answer.no')}
            </Button>
          </div>
        </fieldset>
      ) : null}

      <div className="classify__result" role="status" data-testid="classify-result">
        {state.type ? (
          <>
            <p className="classify__type" data-testid="classify-type" data-type={state.type}>
              {t('incidents.result', { type: typeLabel(state.type, lang) })}
            </p>
            <p className="classify__contexts-title">{t('incidents.contexts')}</p>
            {contexts.length === 0 ? (
              <p className="muted" data-testid="classify-contexts">{t('incidents.contextsNone')}</p>
            ) : (
              <ul className="tag-list" data-testid="classify-contexts">
                {contexts.map((c) => (
                  <li key={c.context} className="tag" data-context={c.context}>
                    {contextLabel(c.context, lang)}
                  </li>
                ))}
              </ul>
            )}
            {answered.length > 0 ? (
              <Button variant="quiet" onClick={() => onChange({})} testId="classify-restart">
                {t('incidents.restart')}
              </Button>
            ) : null}
          </>
        ) : state.problem ? null : (
          <p className="muted">{t('incidents.resultPending')}</p>
        )}
      </div>
    </div>
  );
}
