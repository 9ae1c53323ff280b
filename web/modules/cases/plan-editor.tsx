/**
 * The case plan: the survivor's needs with their actions AND her own strengths and
 * connections, in her words (issue 3 part 6). Saving sends the plan back to draft; a
 * supervisor approves exactly what was submitted.
 *
 * testids: plan-view, plan-edit, plan-editor, plan-add-need, plan-need-<i>-category,
 * plan-need-<i>-description, plan-need-<i>-add-action, plan-need-<i>-action-<j>,
 * plan-need-<i>-action-<j>-responsible, plan-need-<i>-action-<j>-due, plan-need-<i>-action-<j>-status,
 * plan-need-<i>-remove, plan-add-strength, plan-strength-<i>-kind, plan-strength-<i>-description,
 * plan-strength-<i>-remove, plan-goals, plan-save, plan-cancel
 */
import { useState, type FormEvent } from 'react';
import { ACTION_STATUSES, NEED_CATEGORIES, STRENGTH_KINDS, type ActionStatus, type NeedCategory, type StrengthKind } from '../../../core/cases';
import type { CasePlan } from '../../../core/schemas/cases';
import { formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { formatDate } from '../../app/format';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';

interface DraftAction { action: string; responsible: string; dueOn: string; status: ActionStatus }
interface DraftNeed { category: NeedCategory; description: string; actions: DraftAction[] }
interface DraftStrength { kind: StrengthKind; description: string }
interface Draft { needs: DraftNeed[]; strengths: DraftStrength[]; goals: string }

const emptyAction = (): DraftAction => ({ action: '', responsible: '', dueOn: '', status: 'pending' });

function toDraft(plan: CasePlan | null): Draft {
  return {
    needs: (plan?.needs ?? []).map((n) => ({
      category: n.category,
      description: n.description,
      actions: n.actions.map((a) => ({ action: a.action, responsible: a.responsible ?? '', dueOn: a.dueOn ?? '', status: a.status })),
    })),
    strengths: (plan?.strengths ?? []).map((s) => ({ kind: s.kind, description: s.description })),
    goals: plan?.goals ?? '',
  };
}

/** Drops blank rows; the server names any remaining problem. */
function toPlan(draft: Draft): CasePlan {
  return {
    needs: draft.needs
      .filter((n) => n.description.trim() || n.actions.some((a) => a.action.trim()))
      .map((n) => ({
        category: n.category,
        description: n.description.trim(),
        actions: n.actions
          .filter((a) => a.action.trim())
          .map((a) => ({ action: a.action.trim(), responsible: a.responsible.trim() || null, dueOn: a.dueOn || null, status: a.status })),
      })),
    strengths: draft.strengths.filter((s) => s.description.trim()).map((s) => ({ kind: s.kind, description: s.description.trim() })),
    goals: draft.goals.trim() || null,
  };
}

export function PlanView({ plan, erased }: { plan: CasePlan | null; erased: boolean }) {
  const { t, lang } = useI18n();
  if (erased) return <Alert tone="warning">{t('cases.plan.erased')}</Alert>;
  if (!plan || (plan.needs.length === 0 && plan.strengths.length === 0)) return <p className="muted">{t('cases.plan.empty')}</p>;
  return (
    <div data-testid="plan-view">
      {plan.goals ? (
        <>
          <h3>{t('cases.plan.goals')}</h3>
          <p className="quote" dir="auto">{plan.goals}</p>
        </>
      ) : null}
      <h3>{t('cases.plan.needs')}</h3>
      {plan.needs.length === 0 ? <p className="muted">{t('cases.plan.noNeeds')}</p> : null}
      {plan.needs.map((need, i) => (
        <div key={i} className="plan-item">
          <strong>{t(`cases.need.${need.category}`)}</strong>
          <p dir="auto">{need.description}</p>
          <ul>
            {need.actions.map((a, j) => (
              <li key={j}>
                <span dir="auto">{a.action}</span>
                {a.responsible ? ` — ${a.responsible}` : ''}
                {a.dueOn ? ` · ${formatDate(lang, a.dueOn)}` : ''} <span className="tag">{t(`cases.actionStatus.${a.status}`)}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <h3>{t('cases.plan.strengths')}</h3>
      {plan.strengths.length === 0 ? <p className="muted">{t('cases.plan.noStrengths')}</p> : null}
      {plan.strengths.map((s, i) => (
        <div key={i} className="plan-item plan-item--strength">
          <strong>{t(`cases.strength.${s.kind}`)}</strong>
          <p className="quote" dir="auto">{s.description}</p>
        </div>
      ))}
    </div>
  );
}

export interface PlanEditorProps {
  plan: CasePlan | null;
  onSave: (plan: CasePlan) => Promise<unknown>;
  onCancel: () => void;
  busy: boolean;
  error: unknown;
}

export function PlanEditor({ plan, onSave, onCancel, busy, error }: PlanEditorProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => {
    const initial = toDraft(plan);
    if (initial.needs.length === 0) initial.needs.push({ category: 'medical', description: '', actions: [emptyAction()] });
    if (initial.strengths.length === 0) initial.strengths.push({ kind: 'family', description: '' });
    return initial;
  });
  const update = (change: (d: Draft) => void) =>
    setDraft((current) => {
      const next: Draft = structuredClone(current);
      change(next);
      return next;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSave(toPlan(draft));
  };
  const alert = formError(error, [], t);
  const needOptions = NEED_CATEGORIES.map((c) => ({ value: c, label: t(`cases.need.${c}`) }));
  const strengthOptions = STRENGTH_KINDS.map((k) => ({ value: k, label: t(`cases.strength.${k}`) }));
  const statusOptions = ACTION_STATUSES.map((s) => ({ value: s, label: t(`cases.actionStatus.${s}`) }));

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="plan-editor">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <p className="notice-encrypted">{t('cases.plan.encrypted')}</p>
      <h3>{t('cases.plan.needs')}</h3>
      {draft.needs.map((need, i) => (
        <div key={i} className="plan-item">
          <SelectField
            label={t('cases.plan.category')}
            value={need.category}
            onChange={(e) => update((d) => { d.needs[i]!.category = e.target.value as NeedCategory; })}
            options={needOptions}
            testId={`plan-need-${i}-category`}
          />
          <TextAreaField
            label={t('cases.plan.needDescription')}
            value={need.description}
            maxLength={1000}
            onChange={(e) => update((d) => { d.needs[i]!.description = e.target.value; })}
            testId={`plan-need-${i}-description`}
          />
          <div className="plan-item__actions">
            {need.actions.map((action, j) => (
              <div key={j} className="form">
                <TextField
                  label={t('cases.plan.action', { n: j + 1 })}
                  value={action.action}
                  maxLength={500}
                  onChange={(e) => update((d) => { d.needs[i]!.actions[j]!.action = e.target.value; })}
                  testId={`plan-need-${i}-action-${j}`}
                />
                <TextField
                  label={t('cases.plan.responsible')}
                  hint={t('cases.plan.responsibleHint')}
                  optional
                  value={action.responsible}
                  maxLength={200}
                  onChange={(e) => update((d) => { d.needs[i]!.actions[j]!.responsible = e.target.value; })}
                  testId={`plan-need-${i}-action-${j}-responsible`}
                />
                <TextField
                  label={t('cases.plan.dueOn')}
                  type="date"
                  optional
                  value={action.dueOn}
                  onChange={(e) => update((d) => { d.needs[i]!.actions[j]!.dueOn = e.target.value; })}
                  testId={`plan-need-${i}-action-${j}-due`}
                />
                <SelectField
                  label={t('common.status')}
                  value={action.status}
                  onChange={(e) => update((d) => { d.needs[i]!.actions[j]!.status = e.target.value as ActionStatus; })}
                  options={statusOptions}
                  testId={`plan-need-${i}-action-${j}-status`}
                />
              </div>
            ))}
            <div className="button-row">
              <Button variant="quiet" onClick={() => update((d) => { d.needs[i]!.actions.push(emptyAction()); })} testId={`plan-need-${i}-add-action`}>
                {t('cases.plan.addAction')}
              </Button>
              <Button variant="quiet" onClick={() => update((d) => { d.needs.splice(i, 1); })} testId={`plan-need-${i}-remove`}>
                {t('cases.plan.removeNeed')}
              </Button>
            </div>
          </div>
        </div>
      ))}
      <div>
        <Button onClick={() => update((d) => { d.needs.push({ category: 'medical', description: '', actions: [emptyAction()] }); })} testId="plan-add-need">
          {t('cases.plan.addNeed')}
        </Button>
      </div>

      <h3>{t('cases.plan.strengths')}</h3>
      <p className="field__hint">{t('cases.plan.strengthsHint')}</p>
      {draft.strengths.map((strength, i) => (
        <div key={i} className="plan-item plan-item--strength">
          <SelectField
            label={t('cases.plan.strengthKind')}
            value={strength.kind}
            onChange={(e) => update((d) => { d.strengths[i]!.kind = e.target.value as StrengthKind; })}
            options={strengthOptions}
            testId={`plan-strength-${i}-kind`}
          />
          <TextAreaField
            label={t('cases.plan.herWords')}
            hint={t('cases.plan.herWordsHint')}
            value={strength.description}
            maxLength={1000}
            onChange={(e) => update((d) => { d.strengths[i]!.description = e.target.value; })}
            testId={`plan-strength-${i}-description`}
          />
          <div>
            <Button variant="quiet" onClick={() => update((d) => { d.strengths.splice(i, 1); })} testId={`plan-strength-${i}-remove`}>
              {t('cases.plan.removeStrength')}
            </Button>
          </div>
        </div>
      ))}
      <div>
        <Button onClick={() => update((d) => { d.strengths.push({ kind: 'family', description: '' }); })} testId="plan-add-strength">
          {t('cases.plan.addStrength')}
        </Button>
      </div>

      <TextAreaField
        label={t('cases.plan.goals')}
        hint={t('cases.plan.goalsHint')}
        optional
        value={draft.goals}
        maxLength={2000}
        onChange={(e) => update((d) => { d.goals = e.target.value; })}
        testId="plan-goals"
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={busy} testId="plan-save">{t('cases.plan.save')}</Button>
        <Button onClick={onCancel} testId="plan-cancel">{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
