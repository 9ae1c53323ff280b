import { useT } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Page } from '../../ui/page';
import { TotpEnrolment } from './totp-enrolment';

/** Sign-in step for roles that need a second factor and have none yet (AUTHN-1). */
export function TotpEnrolPage() {
  const t = useT();
  const { accept, signOut } = useSession();
  return (
    <Page title={t('auth.enrol.title')} intro={t('auth.enrol.intro')} narrow>
      <TotpEnrolment onDone={accept} />
      <p className="form-footer">
        <Button variant="quiet" onClick={() => void signOut()}>
          {t('auth.otherAccount')}
        </Button>
      </p>
    </Page>
  );
}
