/**
 * The call log, usable while the phone is still ringing: everything but the caller kind is
 * optional; received-at defaults to now. Minimum data (MIN-1): topics are categories, the
 * caller's words only go in the short summary, which is encrypted (STO-1).
 *
 * testids: call-form, call-received-at, call-duration, call-caller-kind, call-language,
 * call-area, call-topic-<topic>, call-urgent, call-summary, call-submit
 */
import { useState, type FormEvent } from 'react';
import { CALL_TOPICS, CALLER_KINDS } from '../../../core/hotline';
import type { CallSummary } from '../../../core/schemas/hotline';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { useIdempotencyKey } from '../cases/form-bits';
import { AreaSelect } from '../services/area-select';
import { languageName } from '../services/languages';

const FIELDS = ['receivedAt', 'durationMinutes', 'callerKind', 'language', 'areaId', 'topics', 'isUrgent', 'summary'];
/** Languages callers in eastern DR Congo use most; the list is a convenience, not a limit. */
export const CALL_LANGUAGES = ['fr', 'sw', 'ln', 'rw', 'shr', 'en', 'ar'];

/** Now, as the value of a datetime-local input (device time zone). */
function nowLocal(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function CallForm({ onLogged }: { onLogged: (call: CallSummary) => void }) {
  const { t, lang } = useI18n();
  const idempotencyKey = useIdempotencyKey();
  const [values, setValues] = useState({ receivedAt: nowLocal(), durationMinutes: '', callerKind: 'survivor', language: '', areaId: '', summary: '' });
  const [topics, setTopics] = useState<string[]>([]);
  const [urgent, setUrgent] = useState(false);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const save = useAction(async () => {
    const received = new Date(values.receivedAt);
    const call = await api.post<CallSummary>('/api/hotline/calls', {
      receivedAt: Number.isNaN(received.getTime()) ? new Date().toISOString() : received.toISOString(),
      durationMinutes: values.durationMinutes === '' ? null : Number(values.durationMinutes),
      callerKind: values.callerKind,
      language: values.language || null,
      areaId: values.areaId || null,
      topics,
      isUrgent: urgent,
      summary: values.summary.trim() || null,
      idempotencyKey,
    });
    onLogged(call);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const alert = formError(save.error, FIELDS, t);
  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="call-form">
      <h2>{t('hotline.form.title')}</h2>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <SelectField
        label={t('hotline.callerKind')}
        value={values.callerKind}
        onChange={set('callerKind')}
        options={CALLER_KINDS.map((k) => ({ value: k, label: t(`hotline.callerKind.${k}`) }))}
        testId="call-caller-kind"
      />
      <Checkbox label={t('hotline.urgent')} checked={urgent} onChange={(e) => setUrgent(e.target.checked)} testId="call-urgent" />
      <fieldset className="choice-list">
        <legend>{t('hotline.topics')} <span className="field__optional">{t('common.optional')}</span></legend>
        {CALL_TOPICS.map((topic) => (
          <Checkbox
            key={topic}
            label={t(`hotline.topic.${topic}`)}
            checked={topics.includes(topic)}
            onChange={(e) => setTopics((list) => (e.target.checked ? [...list, topic] : list.filter((x) => x !== topic)))}
            testId={`call-topic-${topic}`}
          />
        ))}
      </fieldset>
      <SelectField
        label={t('hotline.language')}
        value={values.language}
        onChange={set('language')}
        options={[{ value: '', label: t('hotline.notRecorded') }, ...CALL_LANGUAGES.map((l) => ({ value: l, label: languageName(l, lang) }))]}
        error={fieldError(save.error, 'language', t)}
        testId="call-language"
      />
      <AreaSelect label={t('hotline.area')} emptyLabel={t('hotline.notRecorded')} value={values.areaId} onChange={(id) => setValues((v) => ({ ...v, areaId: id }))} testId="call-area" />
      <TextField label={t('hotline.receivedAt')} type="datetime-local" value={values.receivedAt} onChange={set('receivedAt')} error={fieldError(save.error, 'receivedAt', t)} testId="call-received-at" />
      <TextField
        label={t('hotline.duration')}
        type="number"
        inputMode="numeric"
        min={0}
        max={600}
        optional
        value={values.durationMinutes}
        onChange={set('durationMinutes')}
        error={fieldError(save.error, 'durationMinutes', t)}
        testId="call-duration"
      />
      <TextAreaField
        label={t('hotline.summary')}
        hint={t('hotline.summaryHint')}
        optional
        maxLength={2000}
        value={values.summary}
        onChange={set('summary')}
        error={fieldError(save.error, 'summary', t)}
        testId="call-summary"
      />
      <p className="notice-encrypted">{t('hotline.summaryEncrypted')}</p>
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="call-submit">{t('hotline.form.submit')}</Button>
      </div>
    </form>
  );
}
