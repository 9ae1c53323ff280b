/**
 * The guided incident record for one survivor: the steps of incident-form-steps.tsx, the type
 * and derived contexts shown before saving, and one idempotency key per form (REL-2): a double
 * tap or a retry after a lost answer makes one record. It may start from values prefilled
 * from a verified alert (incident-from-alert.ts); the person recording checks each of them.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  deriveIncidentContexts,
  type AbductionType,
  type ClassificationAnswers,
  type CrsvActId,
  type PerpetratorCategory,
  type PerpetratorRelationship,
} from '../../../core/classify';
import { CAPTIVITY_CONTEXTS } from '../../../core/gbvims/vocabularies';
import type { CreateIncidentInput, IncidentView } from '../../../core/schemas/incidents';
import type { SurvivorView } from '../../../core/schemas/survivors';
import { MAX_AGE } from '../../../core/survivors';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import type { AreaChoice } from './area-picker';
import { readAnswers } from './classification-guide';
import { ActsStep, ContextStep, NarrativeStep, PerpetratorsStep, WhenStep, WhereStep, type StepModel } from './incident-form-steps';
import { BLANK_TIME, buildTime, today, triState, type TimeInput } from './incident-time';

const FIELDS = [
  'incidentTime', 'reportDate', 'timeOfDay', 'area', 'placeType', 'displacementStage', 'ageAtIncident', 'perpetratorCount', 'perpetratorSex',
  'perpetratorAgeGroup', 'perpetratorRelationship', 'perpetratorCategory', 'conflictContexts', 'acts', 'classificationAnswers', 'previouslyReported',
  'previousGbvIncidents', 'goodsMoneyExchanged', 'abductionType', 'narrative', 'exactLocation', 'survivorId',
];

/** What the form may start from instead of blanks (values prefilled from an alert). */
export interface IncidentStart {
  time?: TimeInput;
  area?: AreaChoice;
  values?: Partial<Record<'timeOfDay' | 'perpetratorCategory', string>>;
  conflictContexts?: string[];
}

export interface IncidentFormProps {
  survivor: SurvivorView;
  start?: IncidentStart;
  /** Shown above the first step (where the prefilled values came from). */
  note?: ReactNode;
  /** After the record is saved; a failure here is the caller's to show (the record stays saved). */
  onCreated: (incident: IncidentView) => Promise<void> | void;
  onCancel: () => void;
}

export function IncidentForm({ survivor, start = {}, note, onCreated, onCancel }: IncidentFormProps) {
  const { t } = useI18n();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [acts, setActs] = useState<CrsvActId[]>([]);
  const [answers, setAnswers] = useState<ClassificationAnswers>({});
  const [time, setTime] = useState<TimeInput>(start.time ?? BLANK_TIME);
  const [area, setArea] = useState<AreaChoice>(start.area ?? { province: null, zone: null });
  const [values, setValues] = useState<Record<string, string>>(() => ({
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
    ...start.values,
  }));
  const [conflictContexts, setConflictContexts] = useState<string[]>(start.conflictContexts ?? []);
  const [problems, setProblems] = useState<Record<string, string>>({});

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
    await onCreated(created);
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

  const model: StepModel = {
    values,
    set: (name) => (event) => setValues((current) => ({ ...current, [name]: event.target.value })),
    errorOf: (field) => problems[field] ?? fieldError(save.error, field, t),
  };
  const alert = formError(save.error, FIELDS, t);

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="incident-form">
      {note}
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <ActsStep acts={acts} onToggle={toggleAct} answers={answers} onAnswers={setAnswers} contexts={contexts} error={model.errorOf('classificationAnswers')} />
      <WhenStep time={time} onTime={setTime} model={model} />
      <WhereStep area={area} onArea={setArea} model={model} />
      <PerpetratorsStep model={model} />
      <ContextStep model={model} contexts={conflictContexts} onContexts={setConflictContexts} />
      <NarrativeStep model={model} />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="incident-submit">
          {t('incidents.save')}
        </Button>
        <Button onClick={onCancel} testId="incident-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
