/**
 * Follow-ups of a case: the contacts so far (notes sealed, shown to the case team only) and
 * a short form to record one, with a change of risk when there is one.
 *
 * testids: follow-ups, follow-up-add, follow-up-form, follow-up-date, follow-up-kind,
 * follow-up-note, follow-up-risk, follow-up-next, follow-up-submit
 */
import { useState, type FormEvent } from 'react';
import { FOLLOW_UP_KINDS, RISK_LEVELS } from '../../../core/cases';
import type { FollowUpView } from '../../../core/schemas/cases';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { TextAreaField } from '../../ui/text-area';
import { todayIso, useIdempotencyKey } from './form-bits';

const FIELDS = ['happenedOn', 'kind', 'note', 'riskLevel', 'nextFollowUpOn'];

export function FollowUps({ caseId, readOnly, onRecorded }: { caseId: string; readOnly: boolean; onRecorded: () => void }) {
  const { t, lang } = useI18n();
  const [adding, setAdding] = useState(false);
  const list = useLoad((signal) => api.get<{ data: FollowUpView[] }>(`/api/cases/${caseId}/follow-ups`, { signal }), [caseId]);
  return (
    <section className="panel" aria-labelledby="follow-ups-title" data-testid="follow-ups">
      <h2 id="follow-ups-title">{t('cases.followUps')}</h2>
      {!readOnly && !adding ? (
        <Button variant="primary" onClick={() => setAdding(true)} testId="follow-up-add">{t('cases.followUp.add')}</Button>
      ) : null}
      {adding ? (
        <FollowUpForm
          caseId={caseId}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            list.reload();
            onRecorded();
          }}
        />
      ) : null}
      <LoadView load={list}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('cases.followUp.empty')}</EmptyState>
          ) : (
            <ul className="timeline">
              {data.map((f) => (
                <li key={f.id}>
                  <strong>{formatDate(lang, f.happenedOn)}</strong> · {t(`cases.followUpKind.${f.kind}`)}
                  {f.riskLevel ? <> <span className={`tag tag--${f.riskLevel}`}>{t('cases.followUp.riskNow', { risk: t(`cases.risk.${f.riskLevel}`) })}</span></> : null}
                  {f.erased ? <p className="muted">{t('cases.erasedNote')}</p> : f.note ? <p dir="auto">{f.note}</p> : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadView>
    </section>
  );
}

function FollowUpForm({ caseId, onDone, onCancel }: { caseId: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const idempotencyKey = useIdempotencyKey();
  const [values, setValues] = useState({ happenedOn: todayIso(), kind: 'visit', note: '', riskLevel: '', nextFollowUpOn: '' });
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const save = useAction(async () => {
    const body: Record<string, unknown> = {
      happenedOn: values.happenedOn,
      kind: values.kind,
      note: values.note.trim() || null,
      riskLevel: values.riskLevel || null,
      idempotencyKey,
    };
    // Left empty, the next follow-up date stays as it is.
    if (values.nextFollowUpOn) body.nextFollowUpOn = values.nextFollowUpOn;
    await api.post(`/api/cases/${caseId}/follow-ups`, body);
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const alert = formError(save.error, FIELDS, t);
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="follow-up-form">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <TextField label={t('cases.followUp.date')} type="date" value={values.happenedOn} onChange={set('happenedOn')} error={fieldError(save.error, 'happenedOn', t)} testId="follow-up-date" />
      <SelectField
        label={t('cases.followUp.kind')}
        value={values.kind}
        onChange={set('kind')}
        options={FOLLOW_UP_KINDS.map((k) => ({ value: k, label: t(`cases.followUpKind.${k}`) }))}
        testId="follow-up-kind"
      />
      <TextAreaField
        label={t('cases.followUp.note')}
        hint={t('cases.followUp.noteHint')}
        optional
        value={values.note}
        maxLength={4000}
        onChange={set('note')}
        error={fieldError(save.error, 'note', t)}
        testId="follow-up-note"
      />
      <SelectField
        label={t('cases.followUp.risk')}
        value={values.riskLevel}
        onChange={set('riskLevel')}
        options={[{ value: '', label: t('cases.followUp.riskUnchanged') }, ...RISK_LEVELS.map((r) => ({ value: r, label: t(`cases.risk.${r}`) }))]}
        testId="follow-up-risk"
      />
      <TextField label={t('cases.nextFollowUp')} type="date" optional value={values.nextFollowUpOn} onChange={set('nextFollowUpOn')} error={fieldError(save.error, 'nextFollowUpOn', t)} testId="follow-up-next" />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="follow-up-submit">{t('cases.followUp.save')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
