import { useT } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Page } from '../../ui/page';
import { ChangePasswordForm } from './change-password-form';

/** Shown before anything else while the account still has a temporary password. */
export function ForcedPasswordPage() {
  const t = useT();
  const { refresh, signOut } = useSession();
  return (
    <Page title={t('auth.password.title')} narrow>
      <Alert tone="warning">{t('auth.password.forcedIntro')}</Alert>
      <ChangePasswordForm onChanged={refresh} />
      <p className="form-footer">
        <Button variant="quiet" onClick={() => void signOut()}>
          {t('auth.otherAccount')}
        </Button>
      </p>
    </Page>
  );
}
