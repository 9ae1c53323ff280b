/*
 * The survivor form: registration (Weft assigns the code) and later edits (REL-2: at the
 * version read). Every field is optional (MIN-1). Identifying fields are grouped, marked
 * encrypted, and sealed by the server (STO-1); they are shown only to roles that receive them.
 * testids: survivor-form, survivor-sex, survivor-age, survivor-child-flag, survivor-disability,
 *   survivor-displacement, survivor-marital, survivor-nationality, survivor-cbor,
 *   survivor-name, survivor-other-names, survivor-phone, survivor-address, survivor-safe-contact,
 *   survivor-location, survivor-caregiver-name, survivor-caregiver-relationship,
 *   survivor-caregiver-contact, survivor-submit, survivor-cancel
 */
import { useState, type FormEvent } from 'react';
import type { SurvivorIdentityInput, SurvivorView } from '../../../core/schemas/survivors';
import { CHILD_AGE_LIMIT, MAX_AGE, type VocabularyName } from '../../../core/survivors';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';
import { loadVocabularies, profileLabel } from './survivor-labels';
import './survivors.css';

type IdentityField = keyof SurvivorIdentityInput;
const PERSON_FIELDS: readonly { field: IdentityField; testId: string; long?: boolean }[] = [
  { field: 'name', testId: 'survivor-name' },
  { field: 'otherNames', testId: 'survivor-other-names' },
  { field: 'phone', testId: 'survivor-phone' },
  { field: 'address', testId: 'survivor-address', long: true },
  { field: 'safeContactInstructions', testId: 'survivor-safe-contact', long: true },
  { field: 'currentLocation', testId: 'survivor-location', long: true },
];
const CAREGIVER_FIELDS: readonly { field: IdentityField; testId: string }[] = [
  { field: 'caregiverName', testId: 'survivor-caregiver-name' },
  { field: 'caregiverRelationship', testId: 'survivor-caregiver-relationship' },
  { field: 'caregiverContact', testId: 'survivor-caregiver-contact' },
];
const PROFILE_FIELDS = ['sex', 'ageAtRegistration', 'disability', 'displacementStatus', 'maritalStatus', 'nationality', 'childrenBornOfRape'];

/** Parses the age box: a whole number of years, '' for none, NaN when it is not one. */
function parseAge(value: string): number | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (!/^\d{1,3}$/.test(trimmed)) return Number.NaN;
  const age = Number(trimmed);
  return age > MAX_AGE ? Number.NaN : age;
}

export interface SurvivorFormProps {
  /** The survivor to edit; undefined to register one. */
  survivor?: SurvivorView;
  onSaved: (survivor: SurvivorView) => void;
  onCancel: () => void;
}

const choiceOf = (value: string | null | undefined) => value ?? '';

export function SurvivorForm({ survivor, onSaved, onCancel }: SurvivorFormProps) {
  const { t, lang } = useI18n();
  const vocabularies = useLoad(loadVocabularies, []);
  // REL-2: one key per form, in memory only: a double tap or a retry registers one survivor.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [profile, setProfile] = useState<Record<string, string>>({
    sex: choiceOf(survivor?.sex),
    age: survivor?.ageAtRegistration === null || survivor?.ageAtRegistration === undefined ? '' : String(survivor.ageAtRegistration),
    disability: choiceOf(survivor?.disability),
    displacementStatus: choiceOf(survivor?.displacementStatus),
    maritalStatus: choiceOf(survivor?.maritalStatus),
    nationality: choiceOf(survivor?.nationality),
    childrenBornOfRape: survivor?.childrenBornOfRape === null || survivor?.childrenBornOfRape === undefined ? '' : survivor.childrenBornOfRape ? 'yes' : 'no',
  });
  // Identity is editable only when the server sent it (MIN-2): absent means this role may not read it.
  const original: Partial<Record<IdentityField, string>> = Object.fromEntries(
    Object.entries(survivor?.identity ?? {}).filter(([, value]) => typeof value === 'string'),
  );
  const showIdentity = !survivor || (survivor.identity !== undefined && survivor.identity !== null);
  const [identity, setIdentity] = useState<Partial<Record<IdentityField, string>>>(original);
  const [ageProblem, setAgeProblem] = useState<string | undefined>();

  const age = parseAge(profile.age ?? '');
  const isChild = age !== null && !Number.isNaN(age) && age < CHILD_AGE_LIMIT;

  const save = useAction(async () => {
    const sealed: SurvivorIdentityInput = {};
    const identityFields = isChild ? [...PERSON_FIELDS, ...CAREGIVER_FIELDS] : PERSON_FIELDS;
    for (const { field } of showIdentity ? identityFields : []) {
      const value = identity[field]?.trim() ?? '';
      if (value && value !== original[field]) sealed[field] = value;
      // An edit that empties a field clears it (null); registration just leaves it out.
      else if (!value && original[field]) sealed[field] = null;
    }
    const choice = (name: string) => profile[name] || null;
    const fields = {
      sex: choice('sex'),
      ageAtRegistration: age,
      disability: choice('disability'),
      displacementStatus: choice('displacementStatus'),
      maritalStatus: choice('maritalStatus'),
      nationality: profile.nationality?.trim() || null,
      childrenBornOfRape: profile.childrenBornOfRape === '' ? null : profile.childrenBornOfRape === 'yes',
      ...(Object.keys(sealed).length > 0 ? { identity: sealed } : {}),
    };
    onSaved(
      survivor
        ? await api.patch<SurvivorView>(`/api/survivors/${survivor.id}`, { ...fields, version: survivor.version })
        : await api.post<SurvivorView>('/api/survivors', { ...fields, idempotencyKey }),
    );
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (age !== null && Number.isNaN(age)) {
      setAgeProblem(t('survivors.ageInvalid'));
      return;
    }
    setAgeProblem(undefined);
    void save.run();
  };

  const setField = (name: string) => (event: { target: { value: string } }) => setProfile((current) => ({ ...current, [name]: event.target.value }));
  const setIdentityField = (field: IdentityField) => (event: { target: { value: string } }) =>
    setIdentity((current) => ({ ...current, [field]: event.target.value }));
  const options = (name: VocabularyName) => [
    { value: '', label: t('survivors.notRecorded') },
    ...(vocabularies.data?.[name] ?? []).map((entry) => ({ value: entry.id, label: profileLabel(vocabularies.data, name, entry.id, lang) })),
  ];
  const errorOf = (field: string) => fieldError(save.error, field, t);
  const identityFieldNames = [...PERSON_FIELDS, ...CAREGIVER_FIELDS].map((f) => f.field as string);
  const alert = formError(save.error, [...PROFILE_FIELDS, ...identityFieldNames], t);

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="survivor-form">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {vocabularies.status === 'error' ? <Alert tone="warning">{t('error.network')}</Alert> : null}
      <fieldset className="panel form-section">
        <legend>{t('survivors.profile')}</legend>
        <SelectField label={t('survivors.sex')} optional value={profile.sex} onChange={setField('sex')} options={options('sex')} error={errorOf('sex')} testId="survivor-sex" />
        <TextField
          label={t('survivors.age')}
          hint={t('survivors.ageHint')}
          optional
          inputMode="numeric"
          autoComplete="off"
          dir="ltr"
          value={profile.age}
          onChange={setField('age')}
          error={ageProblem ?? errorOf('ageAtRegistration')}
          maxLength={3}
          testId="survivor-age"
        />
        {isChild ? (
          <Alert tone="info" testId="survivor-child-flag">
            {t('survivors.childFlag')}
          </Alert>
        ) : null}
        <SelectField label={t('survivors.disability')} optional value={profile.disability} onChange={setField('disability')} options={options('disability')} error={errorOf('disability')} testId="survivor-disability" />
        <SelectField
          label={t('survivors.displacementStatus')}
          optional
          value={profile.displacementStatus}
          onChange={setField('displacementStatus')}
          options={options('displacementStatus')}
          error={errorOf('displacementStatus')}
          testId="survivor-displacement"
        />
        <SelectField label={t('survivors.maritalStatus')} optional value={profile.maritalStatus} onChange={setField('maritalStatus')} options={options('maritalStatus')} error={errorOf('maritalStatus')} testId="survivor-marital" />
        <TextField label={t('survivors.nationality')} optional autoComplete="off" maxLength={100} value={profile.nationality} onChange={setField('nationality')} error={errorOf('nationality')} testId="survivor-nationality" />
        <SelectField
          label={t('survivors.childrenBornOfRape')}
          optional
          value={profile.childrenBornOfRape}
          onChange={setField('childrenBornOfRape')}
          options={[
            { value: '', label: t('survivors.notRecorded') },
            { value: 'yes', label: t('survivors.yes') },
            { value: 'no', label: t('survivors.no') },
          ]}
          testId="survivor-cbor"
        />
      </fieldset>

      {showIdentity ? (
        <fieldset className="panel form-section form-section--sealed">
          <legend>
            {t('survivors.identity')} <span className="sealed-mark">{t('survivors.encrypted')}</span>
          </legend>
          <p className="field__hint">{t('survivors.identityNote')}</p>
          {PERSON_FIELDS.map(({ field, testId }) => (
            <TextField
              key={field}
              label={t(`survivors.${field}`)}
              hint={field === 'safeContactInstructions' ? t('survivors.safeContactHint') : undefined}
              optional
              autoComplete="off"
              maxLength={field === 'safeContactInstructions' ? 1000 : 500}
              value={identity[field] ?? ''}
              onChange={setIdentityField(field)}
              error={errorOf(field)}
              testId={testId}
            />
          ))}
        </fieldset>
      ) : null}

      {isChild && showIdentity ? (
        <fieldset className="panel form-section form-section--sealed" data-testid="survivor-caregiver-section">
          <legend>
            {t('survivors.caregiver')} <span className="sealed-mark">{t('survivors.encrypted')}</span>
          </legend>
          <p className="field__hint">{t('survivors.caregiverNote')}</p>
          {CAREGIVER_FIELDS.map(({ field, testId }) => (
            <TextField
              key={field}
              label={t(`survivors.${field}`)}
              optional
              autoComplete="off"
              maxLength={field === 'caregiverContact' ? 500 : 200}
              value={identity[field] ?? ''}
              onChange={setIdentityField(field)}
              error={errorOf(field)}
              testId={testId}
            />
          ))}
        </fieldset>
      ) : null}

      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="survivor-submit">
          {survivor ? t('common.save') : t('survivors.create')}
        </Button>
        <Button onClick={onCancel} testId="survivor-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
