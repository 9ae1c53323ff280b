/**
 * Send an alert (/alerts/report, alerts.report): focal points with an account, alert officers
 * and hotline operators. A hotline operator writing down a call opens /alerts/report?via=hotline
 * (or ticks the box). After sending: the reference to read back to the caller, and the list of
 * my recent alerts.
 *
 * testids: alert-report-page, report-sent, report-reference, report-another,
 * report-sent-warnings (and those of report-form.tsx, report-mine.tsx)
 */
import { useState } from 'react';
import type { ReportAlertResponse } from '../../../core/schemas/alert-reports';
import { useI18n } from '../../app/i18n';
import { useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Page } from '../../ui/page';
import { listMyReports } from './admin-api';
import { ReportForm } from './report-form';
import { MyReports } from './report-mine';
import './alert-admin.css';

export function AlertReportPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { search } = useLocation();
  const canHotline = can('hotline.intake');
  const [sent, setSent] = useState<{ answer: ReportAlertResponse; via: 'web' | 'hotline' } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [listVersion, setListVersion] = useState(0);
  const reports = useLoad((signal) => listMyReports({ limit: 10 }, signal), [listVersion]);
  const initialVia = search.get('via') === 'hotline' ? 'hotline' : 'web';

  return (
    <Page title={t('alertAdmin.report.title')} intro={t('alertAdmin.report.intro')}>
      <div data-testid="alert-report-page">
        {sent ? (
          <section className="panel aa-sent" aria-labelledby="report-sent-title" data-testid="report-sent">
            <Alert tone="success" title={t(sent.via === 'hotline' ? 'alertAdmin.report.sentHotline' : 'alertAdmin.report.sent')}>
              <p id="report-sent-title">
                {t('alertAdmin.report.reference')}{' '}
                <strong className="aa-reference" dir="ltr" translate="no" data-testid="report-reference">
                  {sent.answer.alert.reference}
                </strong>
              </p>
              <p>{t(sent.via === 'hotline' ? 'alertAdmin.report.referenceHintHotline' : 'alertAdmin.report.referenceHint')}</p>
            </Alert>
            {sent.answer.warnings.length > 0 ? (
              <Alert tone="warning" testId="report-sent-warnings">
                {t('alertAdmin.report.sentWithWarnings')}
              </Alert>
            ) : null}
            <Button
              variant="primary"
              onClick={() => {
                setSent(null);
                setFormKey((k) => k + 1);
              }}
              testId="report-another"
            >
              {t('alertAdmin.report.another')}
            </Button>
          </section>
        ) : (
          <ReportForm
            key={formKey}
            canHotline={canHotline}
            initialVia={initialVia}
            onSent={(answer, via) => {
              setSent({ answer, via });
              setListVersion((v) => v + 1);
              window.scrollTo(0, 0);
            }}
          />
        )}
        <MyReports reports={reports} />
      </div>
    </Page>
  );
}
