/**
 * Erasure (STO-3), for supervisors: a reason, the supervisor's password (SES-1, through
 * POST /api/auth/reauthenticate) and an explicit acknowledgement, then the erasure call.
 * Closed by default: the page only shows a button until a supervisor opens it.
 */
import { useState, type FormEvent } from 'react';
import { ERASURE_REASONS, type ErasureInput, type ErasureResult } from '../../../core/schemas/survivors';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';

export function ErasurePanel({ survivorId, onErased }: { survivorId: string; onErased: (result: ErasureResult) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [missing, setMissing] = useState<'reason' | 'password' | null>(null);

  const erase = useAction(async () => {
    await api.post('/api/auth/reauthenticate', { password });
    // The password is not needed any more: forget it before the long step.
    setPassword('');
    onErased(await api.post<ErasureResult>(`/api/survivors/${survivorId}/erasure`, { reason: reason as ErasureInput['reason'] }));
  });

  if (!open) {
    return (
      <section className="panel erasure" aria-labelledby="erasure-title">
        <h2 id="erasure-title">{t('survivors.erase.title')}</h2>
        <Button variant="danger" onClick={() => setOpen(true)} testId="erasure-open">
          {t('survivors.erase.start')}
        </Button>
      </section>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return setMissing('reason');
    if (!password) return setMissing('password');
    setMissing(null);
    void erase.run();
  };
  const alert = formError(erase.error, ['reason', 'password'], t);
  return (
    <form className="panel erasure form" onSubmit={submit} noValidate data-testid="erasure-form" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t('survivors.erase.title')}</h2>
      <Alert tone="warning">{t('survivors.erase.warning')}</Alert>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <SelectField
        label={t('survivors.erase.reason')}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        options={[{ value: '', label: t('survivors.consent.choose') }, ...ERASURE_REASONS.map((r) => ({ value: r, label: t(`survivors.erase.reason.${r}`) }))]}
        error={missing === 'reason' ? t('common.required') : fieldError(erase.error, 'reason', t)}
        testId="erasure-reason"
      />
      <TextField
        label={t('survivors.erase.password')}
        hint={t('survivors.erase.passwordHint')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={missing === 'password' ? t('common.required') : fieldError(erase.error, 'password', t)}
        testId="erasure-password"
      />
      <Checkbox label={t('survivors.erase.confirmLabel')} checked={understood} onChange={(event) => setUnderstood(event.target.checked)} testId="erasure-understood" />
      <div className="button-row">
        <Button type="submit" variant="danger" busy={erase.busy} disabled={!understood} testId="erasure-submit">
          {t('survivors.erase.submit')}
        </Button>
        <Button
          onClick={() => {
            setOpen(false);
            setPassword('');
          }}
          testId="erasure-cancel"
        >
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
