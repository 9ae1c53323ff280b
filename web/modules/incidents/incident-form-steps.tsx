/**
 * The steps of the incident form (incident-form.tsx holds their state): acts and the guided
 * classification, when, where, perpetrators, context, and the narrative (sealed, STO-1).
 * testids: see incident-new-page.tsx
 */
import {
  ABDUCTION_TYPES,
  CRSV_ACTS,
  PERPETRATOR_CATEGORIES,
  PERPETRATOR_RELATIONSHIPS,
  classifyText,
  type ClassificationAnswers,
  type CrsvActId,
  type DerivedContext,
} from '../../../core/classify';
import { CONFLICT_CONTEXTS, vocabularyLanguage } from '../../../core/gbvims/vocabularies';
import { AGE_GROUP_IDS } from '../../../core/survivors';
import { useI18n } from '../../app/i18n';
import { Alert } from '../../ui/alert';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { ageGroupLabel } from '../survivors/survivor-labels';
import { AreaPicker, type AreaChoice } from './area-picker';
import { ClassificationGuide } from './classification-guide';
import { classifyLabel, vocabOptions } from './incident-labels';
import { PRECISIONS, today, type TimeInput } from './incident-time';

const SEA_CATEGORIES: readonly string[] = ['peacekeeper', 'humanitarian_worker'];

/** What every step reads and writes: the plain values, their setter, and the message of a field. */
export interface StepModel {
  values: Record<string, string>;
  set: (name: string) => (event: { target: { value: string } }) => void;
  errorOf: (field: string) => string | undefined;
}

function useChoices() {
  const { t, lang } = useI18n();
  const none = { value: '', label: t('incidents.select') };
  return {
    none,
    vocab: (list: Parameters<typeof vocabOptions>[0]) => [none, ...vocabOptions(list, lang)],
    classify: (prefix: string, ids: readonly string[]) => [none, ...ids.map((id) => ({ value: id, label: classifyLabel(prefix, id, lang) }))],
    yesNoUnknown: [
      { value: '', label: t('incidents.unknown') },
      { value: 'yes', label: t('survivors.yes') },
      { value: 'no', label: t('survivors.no') },
    ],
  };
}

export function ActsStep(props: {
  acts: readonly CrsvActId[];
  onToggle: (act: CrsvActId, on: boolean) => void;
  answers: ClassificationAnswers;
  onAnswers: (answers: ClassificationAnswers) => void;
  contexts: readonly DerivedContext[];
  error: string | undefined;
}) {
  const { t, lang } = useI18n();
  return (
    <>
      <fieldset className="panel form-section">
        <legend>{t('incidents.step.acts')}</legend>
        <p className="field__hint">{t('incidents.actsHint')}</p>
        <div className="check-grid">
          {CRSV_ACTS.map((act) => (
            <Checkbox
              key={act.id}
              label={classifyText(lang, act.labelKey)}
              checked={props.acts.includes(act.id)}
              onChange={(event) => props.onToggle(act.id, event.target.checked)}
              testId={`incident-act-${act.id}`}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="panel form-section" data-testid="incident-classification">
        <legend>{t('incidents.step.classify')}</legend>
        {props.error ? <p className="field__error">{props.error}</p> : null}
        <ClassificationGuide acts={props.acts} answers={props.answers} onChange={props.onAnswers} contexts={props.contexts} />
      </fieldset>
    </>
  );
}

export function WhenStep({ time, onTime, model }: { time: TimeInput; onTime: (next: TimeInput) => void; model: StepModel }) {
  const { t } = useI18n();
  const choices = useChoices();
  const { values, set, errorOf } = model;
  return (
    <fieldset className="panel form-section">
      <legend>{t('incidents.step.when')}</legend>
      <div className="radio-group" role="radiogroup" aria-label={t('incidents.precision')}>
        <p className="field__label">{t('incidents.precision')}</p>
        {PRECISIONS.map((p) => (
          <label key={p} className="radio">
            <input type="radio" name="precision" value={p} checked={time.precision === p} onChange={() => onTime({ ...time, precision: p })} data-testid={`incident-precision-${p}`} />
            {t(`incidents.precision.${p}`)}
          </label>
        ))}
      </div>
      {errorOf('incidentTime') ? <p className="field__error" role="alert">{errorOf('incidentTime')}</p> : null}
      {time.precision === 'exact' ? <TextField label={t('incidents.at')} type="datetime-local" value={time.at} onChange={(e) => onTime({ ...time, at: e.target.value })} testId="incident-at" /> : null}
      {time.precision === 'date' ? (
        <TextField label={t('incidents.date')} type="date" max={today()} value={time.date} onChange={(e) => onTime({ ...time, date: e.target.value })} testId="incident-date" />
      ) : null}
      {time.precision === 'range' ? (
        <>
          <TextField label={t('incidents.earliest')} type="datetime-local" value={time.earliest} onChange={(e) => onTime({ ...time, earliest: e.target.value })} testId="incident-earliest" />
          <TextField label={t('incidents.latest')} type="datetime-local" value={time.latest} onChange={(e) => onTime({ ...time, latest: e.target.value })} testId="incident-latest" />
        </>
      ) : null}
      <SelectField label={t('incidents.timeOfDay')} optional value={values.timeOfDay} onChange={set('timeOfDay')} options={choices.vocab('timeOfDay')} error={errorOf('timeOfDay')} testId="incident-time-of-day" />
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
  );
}

export function WhereStep({ area, onArea, model }: { area: AreaChoice; onArea: (next: AreaChoice) => void; model: StepModel }) {
  const { t } = useI18n();
  const choices = useChoices();
  const { values, set, errorOf } = model;
  return (
    <fieldset className="panel form-section">
      <legend>{t('incidents.step.where')}</legend>
      <AreaPicker value={area} onChange={onArea} error={errorOf('area')} />
      <SelectField label={t('incidents.placeType')} optional value={values.placeType} onChange={set('placeType')} options={choices.vocab('placeType')} error={errorOf('placeType')} testId="incident-place-type" />
      <SelectField
        label={t('incidents.displacementStage')}
        optional
        value={values.displacementStage}
        onChange={set('displacementStage')}
        options={choices.vocab('displacementStage')}
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
  );
}

export function PerpetratorsStep({ model }: { model: StepModel }) {
  const { t, lang } = useI18n();
  const choices = useChoices();
  const { values, set, errorOf } = model;
  return (
    <fieldset className="panel form-section">
      <legend>{t('incidents.step.perpetrators')}</legend>
      <SelectField label={t('incidents.perpetratorCount')} optional value={values.perpetratorCount} onChange={set('perpetratorCount')} options={choices.vocab('perpetratorCount')} error={errorOf('perpetratorCount')} testId="incident-perpetrator-count" />
      <SelectField label={t('incidents.perpetratorSex')} optional value={values.perpetratorSex} onChange={set('perpetratorSex')} options={choices.vocab('perpetratorSex')} error={errorOf('perpetratorSex')} testId="incident-perpetrator-sex" />
      <SelectField
        label={t('incidents.perpetratorAgeGroup')}
        optional
        value={values.perpetratorAgeGroup}
        onChange={set('perpetratorAgeGroup')}
        options={[choices.none, ...AGE_GROUP_IDS.map((id) => ({ value: id, label: ageGroupLabel(id, lang) }))]}
        error={errorOf('perpetratorAgeGroup')}
        testId="incident-perpetrator-age"
      />
      <SelectField
        label={t('incidents.perpetratorRelationship')}
        optional
        value={values.perpetratorRelationship}
        onChange={set('perpetratorRelationship')}
        options={choices.classify('classify.relationship', PERPETRATOR_RELATIONSHIPS)}
        error={errorOf('perpetratorRelationship')}
        testId="incident-perpetrator-relationship"
      />
      <SelectField
        label={t('incidents.perpetratorCategory')}
        optional
        value={values.perpetratorCategory}
        onChange={set('perpetratorCategory')}
        options={choices.classify('classify.perpetratorCategory', PERPETRATOR_CATEGORIES)}
        error={errorOf('perpetratorCategory')}
        testId="incident-perpetrator-category"
      />
      {SEA_CATEGORIES.includes(values.perpetratorCategory ?? '') ? (
        <Alert tone="warning" testId="incident-sea-note">
          {t('incidents.seaNote')}
        </Alert>
      ) : null}
    </fieldset>
  );
}

export function ContextStep({ model, contexts, onContexts }: { model: StepModel; contexts: readonly string[]; onContexts: (next: string[]) => void }) {
  const { t, lang } = useI18n();
  const choices = useChoices();
  const { values, set, errorOf } = model;
  return (
    <fieldset className="panel form-section">
      <legend>{t('incidents.step.context')}</legend>
      <p className="field__label">
        {t('incidents.conflictContexts')} <span className="field__optional">{t('common.optional')}</span>
      </p>
      <div className="check-grid">
        {CONFLICT_CONTEXTS.map((c) => (
          <Checkbox
            key={c.id}
            label={c.labels[vocabularyLanguage(lang)]}
            checked={contexts.includes(c.id)}
            onChange={(event) => onContexts(event.target.checked ? [...contexts, c.id] : contexts.filter((x) => x !== c.id))}
            testId={`incident-conflict-${c.id}`}
          />
        ))}
      </div>
      <SelectField label={t('incidents.abduction')} optional value={values.abductionType} onChange={set('abductionType')} options={choices.classify('classify.abduction', ABDUCTION_TYPES)} error={errorOf('abductionType')} testId="incident-abduction" />
      <SelectField label={t('incidents.previouslyReported')} optional value={values.previouslyReported} onChange={set('previouslyReported')} options={choices.yesNoUnknown} testId="incident-previously-reported" />
      <SelectField label={t('incidents.previousGbv')} optional value={values.previousGbvIncidents} onChange={set('previousGbvIncidents')} options={choices.yesNoUnknown} testId="incident-previous-gbv" />
      <SelectField label={t('incidents.goodsExchanged')} optional value={values.goodsMoneyExchanged} onChange={set('goodsMoneyExchanged')} options={choices.yesNoUnknown} testId="incident-goods-exchanged" />
    </fieldset>
  );
}

export function NarrativeStep({ model }: { model: StepModel }) {
  const { t } = useI18n();
  return (
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
        value={model.values.narrative ?? ''}
        onChange={model.set('narrative')}
        error={model.errorOf('narrative')}
        testId="incident-narrative"
      />
    </fieldset>
  );
}
