/**
 * On a survivor's page reached from an alert's incident (?alert=…): once a consent is
 * recorded, the way on to the incident form with the alert's values and this survivor chosen.
 * Until then it only says that consent comes first (nothing else happens before it).
 * testids: survivor-alert-return, survivor-alert-continue
 */
import { useEffect, useRef } from 'react';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { Alert } from '../../ui/alert';
import { incidentFromAlertPath } from './alert-return';

export interface AlertReturnPanelProps {
  alertId: string;
  survivorId: string;
  hasConsent: boolean;
  /** Changes each time a consent is recorded here: the way on then takes the focus. */
  focusRequest: number;
}

export function AlertReturnPanel({ alertId, survivorId, hasConsent, focusRequest }: AlertReturnPanelProps) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusRequest > 0 && hasConsent) box.current?.querySelector<HTMLElement>('[data-testid="survivor-alert-continue"]')?.focus();
  }, [focusRequest, hasConsent]);
  return (
    <div ref={box}>
      <Alert
        tone={hasConsent ? 'success' : 'info'}
        testId="survivor-alert-return"
        actions={
          hasConsent ? (
            <Link to={incidentFromAlertPath(alertId, survivorId)} className="button button--primary" data-testid="survivor-alert-continue">
              {t('survivors.fromAlert.continue')}
            </Link>
          ) : null
        }
      >
        {hasConsent ? t('survivors.fromAlert.ready') : t('survivors.fromAlert.consentFirst')}
      </Alert>
    </div>
  );
}
