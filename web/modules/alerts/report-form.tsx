/**
 * The web alert form, and the hotline operator's (via=hotline): what happened, where, when,
 * how many people are at risk, who the perpetrators seemed to be, and a short text. Nothing
 * asks who a survivor is (MIN-1); a live warning shows when the text looks like a name or a
 * phone number. One idempotency key per filled form (REL-2): pressing send twice, or again
 * after a lost answer, makes one alert.
 *
 * testids: report-form, report-via-hotline, report-category-<id>, report-observed-at,
 * report-people, report-perpetrator, report-text, report-submit (and report-location.tsx's)
 */
import { useState, type FormEvent } from 'react';
import type { ReportAlertResponse } from '../../../core/schemas/alert-reports';
import { ALERT_CATEGORIES, ALERT_PERPETRATOR_TYPES } from '../../../core/alerts/vocabularies';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { useIdempotencyKey } from '../cases/form-bits';
import { reportAlert, type ReportAlertBody } from './admin-api';
import { NO_PLACE, ReportLocation, type ReportPlace } from './report-location';
import { IdentifyingTextWarning, useIdentifyingWarnings } from './report-warnings';
import { errorAt, formErrorAt } from './settings-labels';

const FIELDS = ['via', 'text', 'areaId', 'areaCode', 'location', 'lat', 'lon', 'accuracy', 'observedAt', 'categories', 'peopleAtRisk', 'perpetratorType'];
const MAX_TEXT = 2000;

export interface ReportFormProps {
  /** The reporter is a hotline operator (hotline.intake): offer to send for a call. */
  canHotline: boolean;
  initialVia: 'web' | 'hotline';
  onSent: (answer: ReportAlertResponse, via: 'web' | 'hotline') => void;
}

export function ReportForm({ canHotline, initialVia, onSent }: ReportFormProps) {
  const { t } = useI18n();
  const idempotencyKey = useIdempotencyKey();
  const [via, setVia] = useState<'web' | 'hotline'>(canHotline ? initialVia : 'web');
  const [categories, setCategories] = useState<string[]>([]);
  const [place, setPlace] = useState<ReportPlace>(NO_PLACE);
  const [values, setValues] = useState({ observedAt: '', peopleAtRisk: '', perpetratorType: '', text: '' });
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const warnings = useIdentifyingWarnings(values.text);

  const send = useAction(async () => {
    const observed = values.observedAt ? new Date(values.observedAt) : null;
    const body: ReportAlertBody = {
      via,
      idempotencyKey,
      text: values.text.trim(),
      ...(place.mode === 'list' && place.areaId ? { areaId: place.areaId } : {}),
      ...(place.mode === 'code' && place.areaCode.trim() ? { areaCode: place.areaCode.trim() } : {}),
      ...(place.location ? { location: place.location } : {}),
      // An unreadable date goes as typed, so the server names the field instead of it being dropped.
      ...(observed ? { observedAt: Number.isNaN(observed.getTime()) ? values.observedAt : observed.toISOString() } : {}),
      ...(categories.length ? { categories: categories as ReportAlertBody['categories'] } : {}),
      ...(values.peopleAtRisk !== '' ? { peopleAtRisk: Number(values.peopleAtRisk) } : {}),
      ...(values.perpetratorType ? { perpetratorType: values.perpetratorType as ReportAlertBody['perpetratorType'] } : {}),
    };
    onSent(await reportAlert(body), via);
  });
  const [textMissing, setTextMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTextMissing(values.text.trim() === '');
    if (values.text.trim() !== '') void send.run();
  };
  const error = (field: string) => (field === 'text' && textMissing ? t('alertAdmin.report.textNeeded') : errorAt(send.error, field, t));
  const alert = formErrorAt(send.error, FIELDS, t);

  return (
    <form className="form panel aa-report" onSubmit={submit} noValidate data-testid="report-form">
      <h2>{t('alertAdmin.report.formTitle')}</h2>
      <p className="muted">{t('alertAdmin.report.formIntro')}</p>
      {canHotline ? (
        <Checkbox label={t('alertAdmin.report.viaHotline')} checked={via === 'hotline'} onChange={(e) => setVia(e.target.checked ? 'hotline' : 'web')} testId="report-via-hotline" />
      ) : null}
      <fieldset className="aa-fieldset aa-choices aa-choices--columns">
        <legend>
          {t('alertAdmin.report.what')} <span className="field__optional">{t('common.optional')}</span>
        </legend>
        {ALERT_CATEGORIES.map((category) => (
          <Checkbox
            key={category}
            label={t(`alertAdmin.category.${category}`)}
            checked={categories.includes(category)}
            onChange={(e) => setCategories((list) => (e.target.checked ? [...list, category] : list.filter((c) => c !== category)))}
            testId={`report-category-${category}`}
          />
        ))}
        {error('categories') ? <p className="field__error">{error('categories')}</p> : null}
      </fieldset>
      <ReportLocation place={place} onChange={setPlace} errors={{ areaId: error('areaId'), areaCode: error('areaCode'), location: error('location') }} />
      <TextField
        label={t('alertAdmin.report.observedAt')}
        hint={t('alertAdmin.report.observedAtHint')}
        optional
        type="datetime-local"
        value={values.observedAt}
        onChange={set('observedAt')}
        error={error('observedAt')}
        testId="report-observed-at"
      />
      <TextField
        label={t('alertAdmin.report.peopleAtRisk')}
        hint={t('alertAdmin.report.peopleAtRiskHint')}
        optional
        type="number"
        inputMode="numeric"
        min={0}
        max={100000}
        value={values.peopleAtRisk}
        onChange={set('peopleAtRisk')}
        error={error('peopleAtRisk')}
        testId="report-people"
      />
      <SelectField
        label={t('alertAdmin.report.perpetrator')}
        optional
        value={values.perpetratorType}
        onChange={set('perpetratorType')}
        options={[{ value: '', label: t('alertAdmin.report.perpetratorNotSaid') }, ...ALERT_PERPETRATOR_TYPES.map((p) => ({ value: p, label: t(`alertAdmin.perpetrator.${p}`) }))]}
        error={error('perpetratorType')}
        testId="report-perpetrator"
      />
      <TextAreaField
        label={t('alertAdmin.report.text')}
        hint={t('alertAdmin.report.textHint', { max: MAX_TEXT })}
        maxLength={MAX_TEXT}
        rows={5}
        value={values.text}
        onChange={(e) => {
          setTextMissing(false);
          set('text')(e);
        }}
        required
        error={error('text')}
        testId="report-text"
      />
      <p className="aa-counter muted" aria-live="off">
        {t('alertAdmin.report.textCount', { count: values.text.length, max: MAX_TEXT })}
      </p>
      <div aria-live="polite">
        <IdentifyingTextWarning warnings={warnings} />
      </div>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={send.busy} testId="report-submit">
          {via === 'hotline' ? t('alertAdmin.report.submitHotline') : t('alertAdmin.report.submit')}
        </Button>
      </div>
    </form>
  );
}
