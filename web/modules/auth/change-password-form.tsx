import { useState, type FormEvent } from 'react';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../core/schemas/auth';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, TextField } from '../../ui/field';

const FIELDS = ['currentPassword', 'newPassword', 'repeat'] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * Changes one's own password. The browser checks only what the server also checks
 * (length, the two copies match); the server adds the list of common passwords.
 */
export function ChangePasswordForm({ onChanged }: { onChanged: () => Promise<void> | void }) {
  const t = useT();
  const [values, setValues] = useState<Record<FieldName, string>>({ currentPassword: '', newPassword: '', repeat: '' });
  const [show, setShow] = useState(false);
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const change = useAction(async () => {
    await api.post('/api/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
    await onChanged();
  });

  const set = (field: FieldName) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    if (!values.currentPassword) found.currentPassword = t('common.required');
    const length = [...values.newPassword].length;
    if (length < PASSWORD_MIN) found.newPassword = t('auth.password.tooShort', { min: PASSWORD_MIN });
    else if (length > PASSWORD_MAX) found.newPassword = t('auth.password.tooLong', { max: PASSWORD_MAX });
    else if (values.repeat !== values.newPassword) found.repeat = t('auth.password.mismatch');
    setProblems(found);
    if (Object.keys(found).length === 0) void change.run();
  };
  const errorOf = (field: FieldName) => problems[field] ?? fieldError(change.error, field, t);
  const alert = formError(change.error, FIELDS, t);
  const type = show ? 'text' : 'password';

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="password-form">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <TextField
        label={t('auth.password.current')}
        type={type}
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={errorOf('currentPassword')}
        testId="password-current"
      />
      <TextField
        label={t('auth.password.new')}
        hint={t('auth.password.intro', { min: PASSWORD_MIN })}
        type={type}
        autoComplete="new-password"
        value={values.newPassword}
        onChange={set('newPassword')}
        error={errorOf('newPassword')}
        testId="password-new"
      />
      <TextField
        label={t('auth.password.repeat')}
        type={type}
        autoComplete="new-password"
        value={values.repeat}
        onChange={set('repeat')}
        error={errorOf('repeat')}
        testId="password-repeat"
      />
      <Checkbox label={t('auth.showPassword')} checked={show} onChange={(event) => setShow(event.target.checked)} />
      <Button type="submit" variant="primary" busy={change.busy} testId="password-submit">
        {t('auth.password.submit')}
      </Button>
    </form>
  );
}
