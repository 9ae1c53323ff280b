import { useState, type FormEvent } from 'react';
import { ORGANISATION_KINDS, type OrganisationView } from '../../../core/schemas/organisations';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';

const FIELDS = ['name', 'shortName', 'kind', 'countryCode'] as const;

export interface OrganisationFormProps {
  /** The organisation to edit, or undefined to create one. */
  organisation?: OrganisationView;
  onSaved: (saved: OrganisationView) => void;
  onCancel: () => void;
}

/** Create or edit an organisation. Input stays in the form when the server refuses it. */
export function OrganisationForm({ organisation, onSaved, onCancel }: OrganisationFormProps) {
  const t = useT();
  const [name, setName] = useState(organisation?.name ?? '');
  const [shortName, setShortName] = useState(organisation?.shortName ?? '');
  const [kind, setKind] = useState<string>(organisation?.kind ?? 'national_ngo');
  const [countryCode, setCountryCode] = useState(organisation?.countryCode ?? '');
  const [problems, setProblems] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const save = useAction(async () => {
    const body = { name: name.trim(), shortName: shortName.trim(), kind, countryCode: countryCode.trim() || null };
    const saved = organisation
      ? await api.patch<OrganisationView>(`/api/organisations/${organisation.id}`, body)
      : await api.post<OrganisationView>('/api/organisations', body);
    onSaved(saved ?? { ...(organisation as OrganisationView), ...body });
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof problems = {};
    if (!name.trim()) found.name = t('common.required');
    if (!shortName.trim()) found.shortName = t('common.required');
    if (countryCode.trim() && !/^[A-Z]{3}$/.test(countryCode.trim())) found.countryCode = t('orgs.countryInvalid');
    setProblems(found);
    if (Object.keys(found).length === 0) void save.run();
  };
  const errorOf = (field: (typeof FIELDS)[number]) => problems[field] ?? fieldError(save.error, field, t);
  const alert = formError(save.error, FIELDS, t);

  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="organisation-form">
      <h2>{organisation ? t('orgs.editTitle', { name: organisation.name }) : t('orgs.new')}</h2>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <TextField label={t('orgs.name')} value={name} onChange={(e) => setName(e.target.value)} error={errorOf('name')} maxLength={200} testId="organisation-name" />
      <TextField label={t('orgs.shortName')} value={shortName} onChange={(e) => setShortName(e.target.value)} error={errorOf('shortName')} maxLength={40} testId="organisation-short-name" />
      <SelectField
        label={t('orgs.kind')}
        value={kind}
        onChange={(e) => setKind(e.target.value)}
        options={ORGANISATION_KINDS.map((value) => ({ value, label: t(`orgKind.${value}`) }))}
        error={errorOf('kind')}
        testId="organisation-kind"
      />
      <TextField
        label={t('orgs.country')}
        hint={t('orgs.countryHint')}
        optional
        value={countryCode}
        onChange={(e) => setCountryCode(e.target.value.toUpperCase())}
        error={errorOf('countryCode')}
        maxLength={3}
        autoCapitalize="characters"
        dir="ltr"
        testId="organisation-country"
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="organisation-submit">
          {organisation ? t('common.save') : t('orgs.create')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
