/**
 * "My recent alerts": what happened to what I sent (reference, state, when it was
 * acknowledged, verified, responded to). No text: the reporter wrote it and need not see it
 * on a shared phone again.
 *
 * testids: report-mine, report-mine-table, report-mine-<reference>
 */
import type { MyAlertReport } from '../../../core/schemas/alert-reports';
import { formatDateTime, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { Load } from '../../app/use-load';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { LoadView } from '../../ui/load-view';
import type { MyAlertReportPage } from './admin-api';
import { useAreaNames } from './map-areas';
import { categoryLabel, StateTag } from './tasks-labels';

export function MyReports({ reports }: { reports: Load<MyAlertReportPage> }) {
  const { t, lang } = useI18n();
  const areas = useAreaNames();
  const progress = (r: MyAlertReport) => {
    const steps = [
      r.acknowledgedAt ? t('alertAdmin.mine.acknowledged', { when: formatDateTime(lang, r.acknowledgedAt) }) : null,
      r.verifiedAt ? t('alertAdmin.mine.verified', { when: formatDateTime(lang, r.verifiedAt) }) : null,
      r.respondedAt ? t('alertAdmin.mine.responded', { when: formatDateTime(lang, r.respondedAt) }) : null,
    ].filter((step): step is string => step !== null);
    return steps.length ? (
      <ul className="aa-steps">
        {steps.map((step) => <li key={step}>{step}</li>)}
      </ul>
    ) : (
      t('alertAdmin.mine.waiting')
    );
  };
  const columns: Column<MyAlertReport>[] = [
    { key: 'reference', header: t('alertAdmin.alert.reference'), kind: 'code', render: (r) => <strong dir="ltr" translate="no" data-testid={`report-mine-${r.reference}`}>{r.reference}</strong> },
    { key: 'received', header: t('alertAdmin.alert.receivedAt'), render: (r) => formatDateTime(lang, r.receivedAt) },
    { key: 'via', header: t('alertAdmin.mine.via'), render: (r) => t(r.via === 'hotline' ? 'alertAdmin.mine.viaHotline' : 'alertAdmin.mine.viaWeb') },
    { key: 'area', header: t('alertAdmin.alert.area'), render: (r) => areas.byId(r.areaId) || t('alertAdmin.alert.noArea') },
    { key: 'what', header: t('alertAdmin.alert.categories'), render: (r) => listFormat(lang, r.categories.map((c) => categoryLabel(c, t))) || '—' },
    { key: 'state', header: t('alertAdmin.alert.state'), render: (r) => <StateTag state={r.state} /> },
    { key: 'progress', header: t('alertAdmin.mine.progress'), render: progress },
  ];
  return (
    <section className="aa-section" aria-labelledby="report-mine-title" data-testid="report-mine">
      <h2 id="report-mine-title">{t('alertAdmin.mine.title')}</h2>
      <LoadView load={reports}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('alertAdmin.mine.empty')}</EmptyState>
          ) : (
            <DataTable caption={t('alertAdmin.mine.title')} columns={columns} rows={data} rowKey={(r) => r.id} testId="report-mine-table" />
          )
        }
      </LoadView>
    </section>
  );
}
