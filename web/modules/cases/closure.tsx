/**
 * Closing a case: a reason and every checklist item answered (core/cases/closure), then a
 * supervisor approves or returns it with a reason. The browser checks what it can first
 * (same rules as the server), so the worker sees every problem at once.
 *
 * testids: closure-request, closure-form, closure-reason, closure-item-<item> (radios:
 * closure-item-<item>-yes/-no/-not_applicable), closure-submit, closure-summary
 */
import { useState, type FormEvent } from 'react';
import {
  CLOSURE_ANSWERS,
  CLOSURE_CHECKLIST_ITEMS,
  CLOSURE_REASONS,
  evaluateClosureChecklist,
  type ClosureAnswer,
  type ClosureChecklistItem,
  type ClosureReason,
} from '../../../core/cases';
import type { CaseView } from '../../../core/schemas/cases';
import { formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';
import { RadioGroup } from './form-bits';

export function ClosureSummary({ view }: { view: CaseView }) {
  const { t } = useI18n();
  if (!view.closureReason) return null;
  return (
    <div data-testid="closure-summary">
      <p>
        <strong>{t('cases.closure.reason')}:</strong> {t(`cases.closureReason.${view.closureReason}`)}
      </p>
      <dl className="facts">
        {CLOSURE_CHECKLIST_ITEMS.map((item) => (
          <div key={item} style={{ display: 'contents' }}>
            <dt>{t(`cases.closureItem.${item}`)}</dt>
            <dd>{view.closureChecklist?.[item] ? t(`cases.closureAnswer.${view.closureChecklist[item]}`) : '—'}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export interface ClosureFormProps {
  onSubmit: (reason: ClosureReason, checklist: Record<ClosureChecklistItem, ClosureAnswer>) => Promise<unknown>;
  onCancel: () => void;
  busy: boolean;
  error: unknown;
}

export function ClosureForm({ onSubmit, onCancel, busy, error }: ClosureFormProps) {
  const { t, tp } = useI18n();
  const [reason, setReason] = useState<ClosureReason>('needs_met');
  const [answers, setAnswers] = useState<Partial<Record<ClosureChecklistItem, ClosureAnswer>>>({});
  const [checked, setChecked] = useState(false);
  const evaluation = evaluateClosureChecklist(reason, answers);
  const problemOf = (item: ClosureChecklistItem): string | undefined => {
    if (!checked) return undefined;
    if (evaluation.unanswered.includes(item)) return t('cases.closure.unanswered');
    if (evaluation.blocking.includes(item)) return t('cases.closure.blocking');
    return undefined;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (evaluation.unanswered.length || evaluation.blocking.length) return;
    void onSubmit(reason, answers as Record<ClosureChecklistItem, ClosureAnswer>);
  };
  const alert = formError(error, [], t);
  return (
    <form className="form checklist" onSubmit={submit} noValidate data-testid="closure-form">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {checked && (evaluation.unanswered.length || evaluation.blocking.length) ? (
        <Alert tone="error">{tp('cases.closure.fixItems', evaluation.unanswered.length + evaluation.blocking.length)}</Alert>
      ) : null}
      <SelectField
        label={t('cases.closure.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value as ClosureReason)}
        options={CLOSURE_REASONS.map((r) => ({ value: r, label: t(`cases.closureReason.${r}`) }))}
        testId="closure-reason"
      />
      <p className="field__hint">{t('cases.closure.checklistHint')}</p>
      {CLOSURE_CHECKLIST_ITEMS.map((item) => (
        <RadioGroup
          key={item}
          legend={t(`cases.closureItem.${item}`)}
          name={`closure-${item}`}
          value={answers[item]}
          onChange={(v) => setAnswers((a) => ({ ...a, [item]: v as ClosureAnswer }))}
          options={CLOSURE_ANSWERS.map((a) => ({ value: a, label: t(`cases.closureAnswer.${a}`) }))}
          error={problemOf(item)}
          testId={`closure-item-${item}`}
        />
      ))}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={busy} testId="closure-submit">{t('cases.closure.submit')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
