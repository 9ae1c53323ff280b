/*
 * Record an incident (/incidents/new?survivorId=…): acts, guided GBVIMS classification with
 * the type and derived contexts shown before saving, time, place, perpetrators, context and
 * the narrative (sealed by the server, STO-1). One idempotency key per form (REL-2): a double
 * tap or a retry after a lost answer makes one record.
 * testids: incident-form, incident-act-<act>, (classification-guide.tsx testids),
 *   incident-precision-<exact|date|range|unknown>, incident-at, incident-date, incident-earliest,
 *   incident-latest, incident-time-of-day, incident-report-date, incident-age,
 *   incident-province, incident-zone, incident-place-type, incident-displacement-stage,
 *   incident-exact-location, incident-perpetrator-count, incident-perpetrator-sex,
 *   incident-perpetrator-age, incident-perpetrator-relationship, incident-perpetrator-category,
 *   incident-sea-note, incident-conflict-<context>, incident-abduction,
 *   incident-previously-reported, incident-previous-gbv, incident-goods-exchanged,
 *   incident-narrative, incident-submit, incident-cancel, incident-no-survivor
 */
import { useState, type FormEvent } from 'react';
import {
  ABDUCTION_TYPES,
  CRSV_ACTS,
  PERPETRATOR_CATEGORIES,
  PERPETRATOR_RELATIONSHIPS,
  classifyText,
  deriveIncidentContexts,
  type AbductionType,
  type ClassificationAnswers,
  type CrsvActId,
  type PerpetratorCategory,
  type PerpetratorRelationship,
} from '../../../core/classify';
import { CAPTIVITY_CONTEXTS, CONFLICT_CONTEXTS, vocabularyLanguage } from '../../../core/gbvims/vocabularies';
import type { CreateIncidentInput, IncidentView } from '../../../core/schemas/incidents';
import type { SurvivorView } from '../../../core/schemas/survivors';
import { AGE_GROUP_IDS, MAX_AGE } from '../../../core/survivors';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { navigate, useLocation } from '../../app/router';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ageGroupLabel } from '../survivors/survivor-labels';
import { AreaPicker, type AreaChoice } from './area-picker';
import { ClassificationGuide, readAnswers } from './classification-guide';
import { TextAreaField } from '../../ui/text-area';
import { classifyLabel, vocabOptions } from './incident-labels';
import './incidents.css';

type Precision = 'exact' | 'date' | 'range' | 'unknown';
const PRECISIONS: readonly Precision[] = ['exact', 'date', 'range', 'unknown'];
const SEA_CATEGORIES: readonly string[] = ['peacekeeper', 'humanitarian_worker'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = [
  'incidentTime', 'reportDate', 'timeOfDay', 'area', 'placeType', 'displacementStage', 'ageAtIncident', 'perpetratorCount', 'perpetratorSex',
  'perpetratorAgeGroup', 'perpetratorRelationship', 'perpetratorCategory', 'conflictContexts', 'acts', 'classificationAnswers', 'previouslyReported',
  'previousGbvIncidents', 'goodsMoneyExchanged', 'abductionType', 'narrative', 'exactLocation', 'survivorId',
];

/** Today as YYYY-MM-DD in the device's time zone. */
const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};
/** A datetime-local value (device time) as an ISO instant; null when empty or unreadable. */
const instant = (local: string): string | null => {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};
const triState = (value: string): boolean | null => (value === '' ? null : value === 'yes');

interface TimeInput {
  precision: Precision;
  at: string;
  date: string;
  earliest: string;
  latest: string;
}

/** The incident time the schema expects, or the message key of what is missing. */
function buildTime(input: TimeInput): { time: CreateIncidentInput['incidentTime'] } | { problem: 'incidents.timeRequired' | 'incidents.timeFuture' | 'incidents.rangeReversed' } {
  const soon = Date.now() + 5 * 60_000;
  switch (input.precision) {
    case 'exact': {
      const at = instant(input.at);
      if (!at) return { problem: 'incidents.timeRequired' };
      if (Date.parse(at) > soon) return { problem: 'incidents.timeFuture' };
      return { time: { precision: 'exact', at } };
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) return { problem: 'incidents.timeRequired' };
      if (input.date > today()) return { problem: 'incidents.timeFuture' };
      // The device's offset on that day: the day is then exactly one day long for the clock.
      const utcOffsetMinutes = -new Date(`${input.date}T12:00:00`).getTimezoneOffset();
      return { time: { precision: 'date', date: input.date, utcOffsetMinutes } };
    }
    case 'range': {
      const earliest = instant(input.earliest);
      const latest = instant(input.latest);
      if (!earliest || !latest) return { problem: 'incidents.timeRequired' };
      if (Date.parse(latest) < Date.parse(earliest)) return { problem: 'incidents.rangeReversed' };
      if (Date.parse(earliest) > soon) return { problem: 'incidents.timeFuture' };
      return { time: { precision: 'range', earliest, latest } };
    }
    default:
      return { time: { precision: 'unknown' } };
  }
}

export function IncidentNewPage() {
  const { search } = useLocation();
  const { t } = useI18n();
  const survivorId = search.get('survivorId') ?? '';
  const survivor = useLoad(
    (signal) => (UUID.test(survivorId) ? api.get<SurvivorView>(`/api/survivors/${survivorId}`, { signal }) : Promise.resolve(null)),
    [survivorId],
  );
  if (!UUID.test(survivorId)) {
    return (
      <Page title={t('incidents.newTitle')}>
        <Alert tone="info" testId="incident-no-survivor" actions={<Button onClick={() => navigate('/survivors')}>{t('nav.survivors')}</Button>}>
          {t('incidents.noSurvivor')}
        </Alert>
      </Page>
    );
  }
  return <LoadView load={survivor}>{(s) => (s ? <IncidentForm survivor={s} /> : null)}</LoadView>;
}

function IncidentForm({ survivor }: { survivor: SurvivorView }) {
  const { t, lang } = useI18n();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [acts, setActs] = useState<CrsvActId[]>([]);
  const [answers, setAnswers] = useState<ClassificationAnswers>({});
  const [time, setTime] = useState<TimeInput>({ precision: 'exact', at: '', date: '', earliest: '', latest: '' });
  const [area, setArea] = useState<AreaChoice>({ province: null, zone: null });
  const [values, setValues] = useState<Record<string, string>>({
    reportDate: today(),
    timeOfDay: '',
    age: survivor.ageAtRegistration === null ? '' : String(survivor.ageAtRegistration),
    placeType: '',
    displacementStage: '',
    exactLocation: '',
    perpetratorCount: '',
    perpetratorSex: '',
    perpetratorAgeGroup: '',
    perpetratorRelationship: '',
    perpetratorCategory: '',
    abductionType: '',
    previouslyReported: '',
    previousGbvIncidents: '',
    goodsMoneyExchanged: '',
    narrative: '',
  });
  const [conflictContexts, setConflictContexts] = useState<string[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});

  const set = (name: string) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));
  const ageNumber = /^\d{1,3}$/.test(values.age?.trim() ?? '') ? Number(values.age) : null;
  const age = ageNumber !== null && ageNumber <= MAX_AGE ? ageNumber : null;
  const guide = readAnswers(answers, acts);
  const contexts = guide.type
    ? deriveIncidentContexts({
        type: guide.type,
        survivorAgeAtIncident: age,
        perpetrators: [
          {
            relationship: (values.perpetratorRelationship || null) as PerpetratorRelationship | null,
            category: (values.perpetratorCategory || null) as PerpetratorCategory | null,
          },
        ],
        goodsOrMoneyExchanged: triState(values.goodsMoneyExchanged ?? ''),
        abduction: (values.abductionType || null) as AbductionType | null,
        heldInCaptivity: conflictContexts.some((c) => CAPTIVITY_CONTEXTS.includes(c)),
        acts,
      })
    : [];

  const toggleAct = (act: CrsvActId, on: boolean) => {
    const next = on ? [...acts, act] : acts.filter((a) => a !== act);
    setActs(next);
    // A newly ticked act may contradict a 'no' already given: ask the questions again.
    if (readAnswers(answers, next).problem) setAnswers({});
  };

  const save = useAction(async (body: CreateIncidentInput) => {
    const created = await api.post<IncidentView>('/api/incidents', body);
    navigate(`/incidents/${created.id}?saved=1`, { replace: true });
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!guide.type) found.classificationAnswers = t('incidents.needType');
    const builtTime = buildTime(time);
    if ('problem' in builtTime) found.incidentTime = t(builtTime.problem);
    if (values.age?.trim() && age === null) found.ageAtIncident = t('survivors.ageInvalid');
    setProblems(found);
    if (Object.keys(found).length > 0 || 'problem' in builtTime) return;
    const choice = (name: string) => values[name] || null;
    const body = {
      survivorId: survivor.id,
      incidentTime: builtTime.time,
      classificationAnswers: answers,
      acts,
      reportDate: values.reportDate || undefined,
      timeOfDay: choice('timeOfDay'),
      area: area.zone?.id ?? area.province?.id ?? null,
      placeType: choice('placeType'),
      displacementStage: choice('displacementStage'),
      ageAtIncident: age,
      perpetratorCount: choice('perpetratorCount'),
      perpetratorSex: choice('perpetratorSex'),
      perpetratorAgeGroup: choice('perpetratorAgeGroup'),
      perpetratorRelationship: choice('perpetratorRelationship'),
      perpetratorCategory: choice('perpetratorCategory'),
      conflictContexts,
      abductionType: choice('abductionType'),
      previouslyReported: triState(values.previouslyReported ?? ''),
      previousGbvIncidents: triState(values.previousGbvIncidents ?? ''),
      goodsMoneyExchanged: triState(values.goodsMoneyExchanged ?? ''),
      narrative: values.narrative?.trim() || null,
      exactLocation: values.exactLocation?.trim() || null,
      idempotencyKey,
    } as CreateIncidentInput;
    void save.run(body);
  };

  const errorOf = (field: string) => problems[field] ?? fieldError(save.error, field, t);
  const alert = formError(save.error, FIELDS, t);
  const none = { value: '', label: t('incidents.select') };
  const yesNoUnknown = [
    { value: '', label: t('incidents.unknown') },
    { value: 'yes', label: t('survivors.yes') },
    { value: 'no', label: t('survivors.no') },
  ];
  const classifyOptions = (prefix: string, ids: readonly string[]) => [none, ...ids.map((id) => ({ value: id, label: classifyLabel(prefix, id, lang) }))];

  return (
    <Page title={t('incidents.newTitle')} intro={t('incidents.newIntro')} narrow>
      <p className="incident-for" data-testid="incident-for">
        {t('incidents.forSurvivor', { code: survivor.code })}
      </p>
      <form className="form" onSubmit={submit} noValidate data-testid="incident-form">
        {alert ? <Alert tone="error">{alert}</Alert> : null}

        <fieldset className="panel form-section">
          <legend>{t('incidents.step.acts')}</legend>
          <p className="field__hint">{t('incidents.actsHint')}</p>
          <div className="check-grid">
            {CRSV_ACTS.map((act) => (
              <Checkbox
                key={act.id}
                label={classifyText(lang, act.labelKey)}
                checked={acts.includes(act.id)}
                onChange={(event) => toggleAct(act.id, event.target.checked)}
                testId={`incident-act-${act.id}`}
              />
            ))}
          </div>
        </fieldset>

        <fieldset className="panel form-section" data-testid="incident-classification">
          <legend>{t('incidents.step.classify')}</legend>
          {errorOf('classificationAnswers') ? <p className="field__error">{errorOf('classificationAnswers')}</p> : null}
          <ClassificationGuide acts={acts} answers={answers} onChange={setAnswers} contexts={contexts} />
        </fieldset>

        <fieldset className="panel form-section">
          <legend>{t('incidents.step.when')}</legend>
          <div className="radio-group" role="radiogroup" aria-label={t('incidents.precision')}>
            <p className="field__label">{t('incidents.precision')}</p>
            {PRECISIONS.map((p) => (
              <label key={p} className="radio">
                <input
                  type="radio"
                  name="precision"
                  value={p}
                  checked={time.precision === p}
                  onChange={() => setTime((current) => ({ ...current, precision: p }))}
                  data-testid={`incident-precision-${p}`}
                />
                {t(`incidents.precision.${p}`)}
              </label>
            ))}
          </div>
          {errorOf('incidentTime') ? <p className="field__error" role="alert">{errorOf('incidentTime')}</p> : null}
          {time.precision === 'exact' ? (
            <TextField label={t('incidents.at')} type="datetime-local" value={time.at} onChange={(e) => setTime({ ...time, at: e.target.value })} testId="incident-at" />
          ) : null}
          {time.precision === 'date' ? (
            <TextField label={t('incidents.date')} type="date" max={today()} value={time.date} onChange={(e) => setTime({ ...time, date: e.target.value })} testId="incident-date" />
          ) : null}
          {time.precision === 'range' ? (
            <>
              <TextField label={t('incidents.earliest')} type="datetime-local" value={time.earliest} onChange={(e) => setTime({ ...time, earliest: e.target.value })} testId="incident-earliest" />
              <TextField label={t('incidents.latest')} type="datetime-local" value={time.latest} onChange={(e) => setTime({ ...time, latest: e.target.value })} testId="incident-latest" />
            </>
          ) : null}
          <SelectField label={t('incidents.timeOfDay')} optional value={values.timeOfDay} onChange={set('timeOfDay')} options={[none, ...vocabOptions('timeOfDay', lang)]} error={errorOf('timeOfDay')} testId="incident-time-of-day" />
          <TextField label={t('incidents.reportDate')} type="date" max={today()} value={values.reportDate} onChange={set('reportDate')} error={errorOf('reportDate')} testId="incident-report-date" />
          <TextField
            label={t('incidents.ageAtIncident')}
            hint={t('incidents.ageHint')}
            optional
            inputMode="numeric"
            dir="ltr"
            maxLength={3}
            value={values.age}
            onChange={set('age')}
            error={errorOf('ageAtIncident')}
            testId="incident-age"
          />
        </fieldset>

        <fieldset className="panel form-section">
          <legend>{t('incidents.step.where')}</legend>
          <AreaPicker value={area} onChange={setArea} error={errorOf('area')} />
          <SelectField label={t('incidents.placeType')} optional value={values.placeType} onChange={set('placeType')} options={[none, ...vocabOptions('placeType', lang)]} error={errorOf('placeType')} testId="incident-place-type" />
          <SelectField
            label={t('incidents.displacementStage')}
            optional
            value={values.displacementStage}
            onChange={set('displacementStage')}
            options={[none, ...vocabOptions('displacementStage', lang)]}
            error={errorOf('displacementStage')}
            testId="incident-displacement-stage"
          />
          <TextField
            label={
              <>
                {t('incidents.exactLocation')} <span className="sealed-mark">{t('survivors.encrypted')}</span>
              </>
            }
            hint={t('incidents.exactLocationHint')}
            optional
            autoComplete="off"
            maxLength={500}
            value={values.exactLocation}
            onChange={set('exactLocation')}
            error={errorOf('exactLocation')}
            testId="incident-exact-location"
          />
        </fieldset>

        <fieldset className="panel form-section">
          <legend>{t('incidents.step.perpetrators')}</legend>
          <SelectField label={t('incidents.perpetratorCount')} optional value={values.perpetratorCount} onChange={set('perpetratorCount')} options={[none, ...vocabOptions('perpetratorCount', lang)]} error={errorOf('perpetratorCount')} testId="incident-perpetrator-count" />
          <SelectField label={t('incidents.perpetratorSex')} optional value={values.perpetratorSex} onChange={set('perpetratorSex')} options={[none, ...vocabOptions('perpetratorSex', lang)]} error={errorOf('perpetratorSex')} testId="incident-perpetrator-sex" />
          <SelectField
            label={t('incidents.perpetratorAgeGroup')}
            optional
            value={values.perpetratorAgeGroup}
            onChange={set('perpetratorAgeGroup')}
            options={[none, ...AGE_GROUP_IDS.map((id) => ({ value: id, label: ageGroupLabel(id, lang) }))]}
            error={errorOf('perpetratorAgeGroup')}
            testId="incident-perpetrator-age"
          />
          <SelectField
            label={t('incidents.perpetratorRelationship')}
            optional
            value={values.perpetratorRelationship}
            onChange={set('perpetratorRelationship')}
            options={classifyOptions('classify.relationship', PERPETRATOR_RELATIONSHIPS)}
            error={errorOf('perpetratorRelationship')}
            testId="incident-perpetrator-relationship"
          />
          <SelectField
            label={t('incidents.perpetratorCategory')}
            optional
            value={values.perpetratorCategory}
            onChange={set('perpetratorCategory')}
            options={classifyOptions('classify.perpetratorCategory', PERPETRATOR_CATEGORIES)}
            error={errorOf('perpetratorCategory')}
            testId="incident-perpetrator-category"
          />
          {SEA_CATEGORIES.includes(values.perpetratorCategory ?? '') ? (
            <Alert tone="warning" testId="incident-sea-note">
              {t('incidents.seaNote')}
            </Alert>
          ) : null}
        </fieldset>

        <fieldset className="panel form-section">
          <legend>{t('incidents.step.context')}</legend>
          <p className="field__label">{t('incidents.conflictContexts')} <span className="field__optional">{t('common.optional')}</span></p>
          <div className="check-grid">
            {CONFLICT_CONTEXTS.map((c) => (
              <Checkbox
                key={c.id}
                label={c.labels[vocabularyLanguage(lang)]}
                checked={conflictContexts.includes(c.id)}
                onChange={(event) => setConflictContexts((current) => (event.target.checked ? [...current, c.id] : current.filter((x) => x !== c.id)))}
                testId={`incident-conflict-${c.id}`}
              />
            ))}
          </div>
          <SelectField label={t('incidents.abduction')} optional value={values.abductionType} onChange={set('abductionType')} options={classifyOptions('classify.abduction', ABDUCTION_TYPES)} error={errorOf('abductionType')} testId="incident-abduction" />
          <SelectField label={t('incidents.previouslyReported')} optional value={values.previouslyReported} onChange={set('previouslyReported')} options={yesNoUnknown} testId="incident-previously-reported" />
          <SelectField label={t('incidents.previousGbv')} optional value={values.previousGbvIncidents} onChange={set('previousGbvIncidents')} options={yesNoUnknown} testId="incident-previous-gbv" />
          <SelectField label={t('incidents.goodsExchanged')} optional value={values.goodsMoneyExchanged} onChange={set('goodsMoneyExchanged')} options={yesNoUnknown} testId="incident-goods-exchanged" />
        </fieldset>

        <fieldset className="panel form-section form-section--sealed">
          <legend>
            {t('incidents.step.narrative')} <span className="sealed-mark">{t('survivors.encrypted')}</span>
          </legend>
          <TextAreaField
            label={t('incidents.narrative')}
            hint={t('incidents.narrativeHint')}
            optional
            rows={8}
            maxLength={20_000}
            value={values.narrative ?? ''}
            onChange={set('narrative')}
            error={errorOf('narrative')}
            testId="incident-narrative"
          />
        </fieldset>

        <div className="button-row">
          <Button type="submit" variant="primary" busy={save.busy} testId="incident-submit">
            {t('incidents.save')}
          </Button>
          <Button onClick={() => navigate(`/survivors/${survivor.id}`)} testId="incident-cancel">
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </Page>
  );
}
