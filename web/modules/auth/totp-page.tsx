import { useState, type FormEvent } from 'react';
import type { SessionResponse } from '../../../core/schemas/auth';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Page } from '../../ui/page';
import { isTotpCode, TotpCodeField } from './totp-code-field';

/** The second step of sign-in: the code from the authenticator app. */
export function TotpPage() {
  const t = useT();
  const { accept, signOut } = useSession();
  const [code, setCode] = useState('');
  const [formatError, setFormatError] = useState(false);
  const verify = useAction(async () => accept(await api.post<SessionResponse>('/api/auth/totp/verify', { code })));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = isTotpCode(code);
    setFormatError(!valid);
    if (valid) void verify.run();
  };
  const alert = formError(verify.error, ['code'], t);

  return (
    <Page title={t('auth.totp.title')} intro={t('auth.totp.intro')} narrow>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <form className="form" onSubmit={submit} noValidate>
        <TotpCodeField
          value={code}
          onChange={setCode}
          error={formatError ? t('auth.totp.invalidFormat') : fieldError(verify.error, 'code', t)}
        />
        <Button type="submit" variant="primary" busy={verify.busy} testId="totp-submit">
          {t('auth.totp.submit')}
        </Button>
      </form>
      <p className="form-footer">
        <Button variant="quiet" onClick={() => void signOut()} testId="totp-other-account">
          {t('auth.otherAccount')}
        </Button>
      </p>
    </Page>
  );
}
