import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useSession, useSignedIn } from '../../app/session';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Page } from '../../ui/page';
import { ChangePasswordForm } from './change-password-form';
import { TotpEnrolment } from './totp-enrolment';

/** One's own account: who one is, the password and the authenticator. */
export function AccountPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { accept } = useSession();
  const { user } = session;
  const [changingPassword, setChangingPassword] = useState(false);
  const [enrolling, setEnrolling] = useState(false);
  const [done, setDone] = useState<'password' | 'totp' | null>(null);

  return (
    <Page title={t('account.title')}>
      {done === 'password' ? <Alert tone="success">{t('auth.password.changed')}</Alert> : null}
      {done === 'totp' ? <Alert tone="success">{t('auth.enrol.done')}</Alert> : null}
      <section className="panel" aria-labelledby="account-profile">
        <h2 id="account-profile">{t('account.profile')}</h2>
        <dl className="facts">
          <dt>{t('users.displayName')}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t('users.email')}</dt>
          <dd><bdi>{user.email}</bdi></dd>
          <dt>{t('users.role')}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
          <dt>{t('users.organisation')}</dt>
          <dd>{user.organisation.name}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="account-security">
        <h2 id="account-security">{t('account.security')}</h2>
        <p>{user.totpEnabled ? t('account.totpOn') : t('account.totpOff')}</p>
        {enrolling ? (
          <>
            {user.totpEnabled ? <Alert tone="warning">{t('auth.enrol.replaceWarning')}</Alert> : null}
            <p>{t('auth.enrol.intro')}</p>
            <TotpEnrolment
              onDone={(next) => {
                accept(next);
                setEnrolling(false);
                setDone('totp');
              }}
            />
            <Button onClick={() => setEnrolling(false)}>{t('common.cancel')}</Button>
          </>
        ) : (
          <Button onClick={() => { setDone(null); setEnrolling(true); }} testId="account-totp">
            {t('account.replaceAuthenticator')}
          </Button>
        )}
        <h3>{t('account.changePassword')}</h3>
        {changingPassword ? (
          <>
            <ChangePasswordForm
              onChanged={() => {
                setChangingPassword(false);
                setDone('password');
              }}
            />
            <Button onClick={() => setChangingPassword(false)}>{t('common.cancel')}</Button>
          </>
        ) : (
          <Button onClick={() => { setDone(null); setChangingPassword(true); }} testId="account-password">
            {t('account.changePassword')}
          </Button>
        )}
      </section>
    </Page>
  );
}
