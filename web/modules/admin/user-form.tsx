import { useState, type FormEvent } from 'react';
import { ROLES } from '../../../core/auth/roles';
import { LANGUAGE_NAMES, UI_LANGUAGES } from '../../../core/i18n';
import type { OrganisationView } from '../../../core/schemas/organisations';
import type { UserView } from '../../../core/schemas/users';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';

const FIELDS = ['organisationId', 'email', 'displayName', 'role', 'language'] as const;
type FieldName = (typeof FIELDS)[number];

export interface CreatedUser {
  user: UserView;
  temporaryPassword: string;
}

export interface UserFormProps {
  organisations: readonly Pick<OrganisationView, 'id' | 'name'>[];
  defaultOrganisationId: string;
  /** The user to edit, or undefined to create one. */
  user?: UserView;
  onCreated: (created: CreatedUser) => void;
  onUpdated: (user: UserView) => void;
  onCancel: () => void;
}

/** Create a user (Weft generates the first password: admins never choose one, AUTHN-1) or edit one. */
export function UserForm({ organisations, defaultOrganisationId, user, onCreated, onUpdated, onCancel }: UserFormProps) {
  const { t, lang } = useI18n();
  const [values, setValues] = useState<Record<FieldName, string>>({
    organisationId: user?.organisationId ?? defaultOrganisationId,
    email: user?.email ?? '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'viewer',
    language: user?.language ?? lang,
  });
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const save = useAction(async () => {
    if (user) {
      const body = { displayName: values.displayName.trim(), role: values.role, language: values.language };
      onUpdated((await api.patch<UserView>(`/api/users/${user.id}`, body)) ?? { ...user, ...body });
    } else {
      onCreated(await api.post<CreatedUser>('/api/users', { ...values, email: values.email.trim(), displayName: values.displayName.trim() }));
    }
  });
  const set = (field: FieldName) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    if (!user && !values.email.trim()) found.email = t('common.required');
    if (!values.displayName.trim()) found.displayName = t('common.required');
    setProblems(found);
    if (Object.keys(found).length === 0) void save.run();
  };
  const errorOf = (field: FieldName) => problems[field] ?? fieldError(save.error, field, t);
  const alert = formError(save.error, FIELDS, t);

  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="user-form">
      <h2>{user ? t('users.editTitle', { name: user.displayName }) : t('users.new')}</h2>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {user ? null : (
        <>
          <SelectField
            label={t('users.organisation')}
            value={values.organisationId}
            onChange={set('organisationId')}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            error={errorOf('organisationId')}
            testId="user-organisation"
          />
          <TextField
            label={t('users.email')}
            type="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            dir="ltr"
            value={values.email}
            onChange={set('email')}
            error={errorOf('email')}
            testId="user-email"
          />
        </>
      )}
      <TextField label={t('users.displayName')} autoComplete="off" value={values.displayName} onChange={set('displayName')} error={errorOf('displayName')} maxLength={120} testId="user-name" />
      <SelectField
        label={t('users.role')}
        value={values.role}
        onChange={set('role')}
        options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        error={errorOf('role')}
        testId="user-role"
      />
      <SelectField
        label={t('users.language')}
        value={values.language}
        onChange={set('language')}
        options={UI_LANGUAGES.map((code) => ({ value: code, label: LANGUAGE_NAMES[code] }))}
        error={errorOf('language')}
        testId="user-language"
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="user-submit">
          {user ? t('common.save') : t('users.create')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
