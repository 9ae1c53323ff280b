/**
 * Hotline (/hotline, 'hotline.intake'): log a call while it happens, see the organisation's
 * recent calls, and decide what each becomes: an incident, a referral, or nothing further.
 *
 * testids: hotline-page, hotline-calls, hotline-call-<id>, hotline-filter-pending
 * (and those of call-form.tsx and call-outcome.tsx)
 */
import { useState } from 'react';
import type { CallSummary } from '../../../core/schemas/hotline';
import { api } from '../../app/api';
import { formatDateTime, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { Checkbox } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { CallForm } from './call-form';
import { CallPanel } from './call-outcome';
import '../cases/cases.css';

export function HotlinePage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [selected, setSelected] = useState<string | null>(null);
  const [logged, setLogged] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [pendingOnly, setPendingOnly] = useState(false);
  const calls = useLoad(
    (signal) => api.get<{ data: CallSummary[] }>('/api/hotline/calls', { query: { outcome: pendingOnly ? 'pending' : undefined, limit: 50 }, signal }),
    [pendingOnly],
  );
  const columns: Column<CallSummary>[] = [
    { key: 'when', header: t('hotline.receivedAt'), render: (c) => <><span dir="ltr" translate="no">{c.code}</span><br />{formatDateTime(lang, c.receivedAt)}</> },
    { key: 'caller', header: t('hotline.callerKind'), render: (c) => <>{c.isUrgent ? <span className="tag tag--urgent">{t('hotline.urgent')}</span> : null}{t(`hotline.callerKind.${c.callerKind}`)}</> },
    { key: 'topics', header: t('hotline.topics'), render: (c) => listFormat(lang, c.topics.map((x) => t(`hotline.topic.${x as 'other'}`))) || '—' },
    { key: 'outcome', header: t('hotline.outcome'), render: (c) => <span className={c.outcome === 'pending' ? 'tag tag--warning' : 'tag'}>{t(`hotline.outcome.${c.outcome}`)}</span> },
    {
      key: 'actions',
      header: t('common.actions'),
      kind: 'actions',
      render: (c) => (
        <Button onClick={() => { setSelected(c.id); window.scrollTo(0, 0); }} testId={`hotline-call-${c.id}`}>
          {c.outcome === 'pending' ? t('hotline.decide') : t('hotline.open')}
        </Button>
      ),
    },
  ];
  return (
    <Page title={t('hotline.title')} intro={t('hotline.intro')}>
      <div data-testid="hotline-page">
        {/* A caller reporting a risk or an attack, not a survivor's story: it goes to the alert officers. */}
        {can('alerts.report') ? (
          <p>
            <Link to="/alerts/report?via=hotline" data-testid="hotline-report-alert">{t('hotline.reportAlert')}</Link>
          </p>
        ) : null}
        {logged ? <Alert tone="success">{t('hotline.logged', { code: logged })}</Alert> : null}
        {selected ? (
          <>
            <CallPanel key={selected} callId={selected} onChanged={calls.reload} />
            <Button variant="quiet" onClick={() => { setSelected(null); setLogged(null); setFormKey((k) => k + 1); }}>{t('hotline.newCall')}</Button>
          </>
        ) : (
          <CallForm
            key={formKey}
            onLogged={(call) => {
              setLogged(call.code);
              setSelected(call.id);
              calls.reload();
            }}
          />
        )}
        <h2>{t('hotline.recent')}</h2>
        <Checkbox label={t('hotline.pendingOnly')} checked={pendingOnly} onChange={(e) => setPendingOnly(e.target.checked)} testId="hotline-filter-pending" />
        <LoadView load={calls}>
          {({ data }) =>
            data.length === 0 ? (
              <EmptyState>{t('hotline.empty')}</EmptyState>
            ) : (
              <DataTable caption={t('hotline.recent')} columns={columns} rows={data} rowKey={(c) => c.id} testId="hotline-calls" />
            )
          }
        </LoadView>
      </div>
    </Page>
  );
}
