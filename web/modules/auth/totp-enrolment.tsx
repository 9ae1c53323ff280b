import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SessionResponse, TotpEnrolment as Enrolment } from '../../../core/schemas/auth';
import { api, isApiError } from '../../app/api';
import { describeError, fieldError, formError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Loading } from '../../ui/loading';
import { QrCode } from './qr-code';
import { isTotpCode, TotpCodeField } from './totp-code-field';

/** Groups a setup key by four characters so it can be typed without losing one's place. */
export const groupSecret = (secret: string): string => secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Starts an enrolment on the server (a new secret each time), shows it as a QR code and as
 * a typed key, then confirms it with a code. The secret stays in this component only.
 */
export function TotpEnrolment({ onDone }: { onDone: (session: SessionResponse) => void }) {
  const t = useT();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [formatError, setFormatError] = useState(false);
  const started = useRef(false);
  const begin = useAction(async () => setEnrolment(await api.post<Enrolment>('/api/auth/totp/enrol')));
  const confirm = useAction(async () => onDone(await api.post<SessionResponse>('/api/auth/totp/confirm', { code })));

  useEffect(() => {
    // Once per mount: a second call would replace the secret the person is scanning.
    if (started.current) return;
    started.current = true;
    void begin.run();
  }, [begin]);

  if (begin.error) {
    // A refusal (such as an authenticator already set up) will not change by trying again.
    const retryable = !isApiError(begin.error) || begin.error.status === 0 || begin.error.status >= 500;
    return (
      <Alert tone="error" actions={retryable ? <Button onClick={() => void begin.run()}>{t('common.retry')}</Button> : null}>
        {describeError(begin.error, t)}
      </Alert>
    );
  }
  if (!enrolment) return <Loading label={t('auth.enrol.preparing')} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = isTotpCode(code);
    setFormatError(!valid);
    if (valid) void confirm.run();
  };
  const alert = formError(confirm.error, ['code'], t);
  return (
    <div className="enrolment">
      <QrCode svg={enrolment.qrSvg} label={t('auth.enrol.qrLabel')} />
      <p>{t('auth.enrol.manual')}</p>
      <p className="enrolment__secret" dir="ltr" translate="no" aria-label={t('auth.enrol.secretLabel')} data-testid="totp-secret">
        {groupSecret(enrolment.secret)}
      </p>
      <p>{t('auth.enrol.confirmIntro')}</p>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <form className="form" onSubmit={submit} noValidate>
        <TotpCodeField
          value={code}
          onChange={setCode}
          error={formatError ? t('auth.totp.invalidFormat') : fieldError(confirm.error, 'code', t)}
        />
        <Button type="submit" variant="primary" busy={confirm.busy} testId="totp-submit">
          {t('auth.enrol.submit')}
        </Button>
      </form>
    </div>
  );
}
