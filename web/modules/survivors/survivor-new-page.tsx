/*
 * Register a survivor (/survivors/new), then go straight to consent: nothing else should
 * happen before the survivor has said what she or he agrees to.
 * From an alert's incident (/survivors/new?alert=…): the alert id rides along to the consent
 * step, which leads back to the incident form (alert-return.ts); nothing of the alert is copied.
 * testids: survivor-new-from-alert, then see survivor-form.tsx
 */
import { useI18n } from '../../app/i18n';
import { navigate, useLocation } from '../../app/router';
import { Alert } from '../../ui/alert';
import { Page } from '../../ui/page';
import { afterRegistrationPath, alertOfSearch, cancelRegistrationPath } from './alert-return';
import { SurvivorForm } from './survivor-form';

export function SurvivorNewPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const alertId = alertOfSearch(search);
  return (
    <Page title={t('survivors.newTitle')} intro={t('survivors.newIntro')} narrow>
      {alertId ? (
        <Alert tone="info" testId="survivor-new-from-alert">
          {t('survivors.fromAlert.registering')}
        </Alert>
      ) : null}
      <SurvivorForm
        onSaved={(created) => navigate(afterRegistrationPath(created.id, alertId), { replace: true })}
        onCancel={() => navigate(cancelRegistrationPath(alertId))}
      />
    </Page>
  );
}
