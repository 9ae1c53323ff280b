/**
 * Referrals (/referrals, 'cases.work'): Incoming is the organisation's queue (the server
 * orders it urgent and clinical clock first); Outgoing follows what was sent.
 *
 * testids: referrals-tab-incoming, referrals-tab-outgoing, referrals-filter-status,
 * referrals-table, referral-link-<id>, clinical-clock
 */
import { useState } from 'react';
import { REFERRAL_STATUSES } from '../../../core/referrals';
import type { ReferralListItem } from '../../../core/schemas/referrals';
import { api } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ClinicalClockBadge } from '../../ui/clinical-clock';
import { Tabs } from '../cases/form-bits';
import { gbvTypeLabel } from '../cases/open-case-page';

type Direction = 'incoming' | 'outgoing';

export function ReferralsPage() {
  const { t, lang } = useI18n();
  const [direction, setDirection] = useState<Direction>('incoming');
  const [status, setStatus] = useState('');
  const list = useLoad(
    (signal) => api.get<{ data: ReferralListItem[] }>('/api/referrals', { query: { direction, status: status || undefined }, signal }),
    [direction, status],
  );
  const columns: Column<ReferralListItem>[] = [
    {
      key: 'service',
      header: direction === 'incoming' ? t('referrals.from') : t('referrals.to'),
      render: (r) => (
        <Link to={`/referrals/${r.id}`} className="row-link" data-testid={`referral-link-${r.id}`}>
          {direction === 'incoming' ? r.referringOrganisationName : `${r.service.name} — ${r.service.organisationName}`}
        </Link>
      ),
    },
    {
      // Two referrals from the same organisation told apart: the service and when it was sent.
      key: 'reference',
      header: t('referrals.reference'),
      render: (r) => (
        <span data-testid={`referral-reference-${r.id}`}>
          {direction === 'incoming' ? <>{r.service.name}<br /></> : null}
          <span className="muted">{formatDateTime(lang, r.createdAt)}</span>
        </span>
      ),
    },
    {
      key: 'status',
      header: t('common.status'),
      render: (r) => (
        <>
          {r.urgent ? <span className="tag tag--urgent">{t('referrals.urgent')}</span> : null}
          <span className="tag">{t(`referrals.status.${r.status}`)}</span>
          {r.consentWithdrawn ? <span className="tag tag--warning">{t('referrals.consentWithdrawnShort')}</span> : null}
        </>
      ),
    },
    { key: 'type', header: t('referrals.serviceType'), render: (r) => t(`services.type.${r.service.type}`) },
    { key: 'gbv', header: t('referrals.gbvType'), render: (r) => (r.gbvType ? gbvTypeLabel(lang, r.gbvType) : '—') },
    { key: 'clock', header: t('clock.title'), render: (r) => <ClinicalClockBadge clock={r.clinicalClock} /> },
    { key: 'dates', header: t('referrals.dates'), render: (r) => <>{t('referrals.sentOn', { date: formatDateTime(lang, r.createdAt) })}<br /><span className="muted">{t('referrals.updatedOn', { date: formatDateTime(lang, r.updatedAt) })}</span></> },
  ];
  return (
    <Page title={t('referrals.title')} intro={t('referrals.intro')}>
      <Tabs
        label={t('referrals.title')}
        testId="referrals-tab"
        current={direction}
        onChange={(d) => setDirection(d)}
        tabs={[
          { id: 'incoming', label: t('referrals.incoming') },
          { id: 'outgoing', label: t('referrals.outgoing') },
        ]}
      />
      <div className="filters filters--compact">
        <SelectField
          label={t('common.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={[{ value: '', label: t('cases.any') }, ...REFERRAL_STATUSES.map((s) => ({ value: s, label: t(`referrals.status.${s}`) }))]}
          testId="referrals-filter-status"
        />
      </div>
      <LoadView load={list}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{direction === 'incoming' ? t('referrals.emptyIncoming') : t('referrals.emptyOutgoing')}</EmptyState>
          ) : (
            <DataTable caption={t('referrals.title')} columns={columns} rows={data} rowKey={(r) => r.id} testId="referrals-table" />
          )
        }
      </LoadView>
    </Page>
  );
}
