import { useState, type FormEvent } from 'react';
import { isMessageKey } from '../../../core/i18n';
import { api } from '../../app/api';
import type { CreatedApiToken } from '../../app/api-types';
import { fieldError, formError } from '../../app/errors';
import { useT, type Translate } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField, TextField } from '../../ui/field';

const FIELDS = ['name', 'purpose', 'expiresAt'] as const;

/** A purpose in words when Weft knows it, else its code. */
export function purposeLabel(purpose: string, t: Translate): string {
  const key = `tokenPurpose.${purpose}`;
  return isMessageKey(key) ? t(key) : purpose;
}

/** The end of the chosen day in the device's time zone, as the server wants it (ISO 8601). */
export function endOfDay(date: string): string | undefined {
  if (!date) return undefined;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}

export function TokenForm({ purposes, onCreated, onCancel }: {
  purposes: readonly string[];
  onCreated: (token: CreatedApiToken) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState(purposes[0] ?? '');
  const [expiresOn, setExpiresOn] = useState('');
  const [missing, setMissing] = useState(false);
  const create = useAction(async () =>
    onCreated(await api.post<CreatedApiToken>('/api/tokens', { name: name.trim(), purpose, expiresAt: endOfDay(expiresOn) })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!name.trim());
    if (name.trim()) void create.run();
  };
  const alert = formError(create.error, FIELDS, t);
  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="token-form">
      <h2>{t('tokens.new')}</h2>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <TextField
        label={t('tokens.name')}
        hint={t('tokens.nameHint')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={missing ? t('common.required') : fieldError(create.error, 'name', t)}
        maxLength={120}
        autoComplete="off"
        testId="token-name"
      />
      <SelectField
        label={t('tokens.purpose')}
        value={purpose}
        onChange={(e) => setPurpose(e.target.value)}
        options={purposes.map((value) => ({ value, label: purposeLabel(value, t) }))}
        error={fieldError(create.error, 'purpose', t)}
        testId="token-purpose"
      />
      <TextField
        label={t('tokens.expiresAt')}
        hint={t('tokens.expiresHint')}
        optional
        type="date"
        value={expiresOn}
        onChange={(e) => setExpiresOn(e.target.value)}
        error={fieldError(create.error, 'expiresAt', t)}
        testId="token-expires"
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={create.busy} testId="token-submit">
          {t('tokens.create')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
