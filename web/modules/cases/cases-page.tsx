/**
 * Cases list (/cases, 'cases.work'): my cases or all the organisation's, with filters;
 * "By time left" sorts open cases by their clinical clock (issue 3 part 5).
 *
 * testids: cases-tab-mine, cases-tab-all, cases-filter-status, cases-filter-risk,
 * cases-filter-plan-awaiting, cases-filter-overdue, cases-sort, cases-table, case-link-<id>,
 * cases-load-more, clinical-clock
 */
import { useState } from 'react';
import { CASE_STATUSES, RISK_LEVELS } from '../../../core/cases';
import type { CaseSummary } from '../../../core/schemas/cases';
import { api } from '../../app/api';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { Button } from '../../ui/button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { Checkbox, SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ClinicalClockBadge } from '../../ui/clinical-clock';
import { Tabs } from './form-bits';

type Scope = 'mine' | 'all';
type Sort = 'updated' | 'clinical';

interface CaseList {
  data: CaseSummary[];
  nextCursor: string | null;
}

export function CasesPage() {
  const { t, lang } = useI18n();
  const [scope, setScope] = useState<Scope>('mine');
  const [status, setStatus] = useState('');
  const [risk, setRisk] = useState('');
  const [awaiting, setAwaiting] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [sort, setSort] = useState<Sort>('updated');
  const [more, setMore] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const query = {
    assignedToMe: scope === 'mine' ? 'true' : undefined,
    status: status || undefined,
    riskLevel: risk || undefined,
    planAwaitingApproval: awaiting ? 'true' : undefined,
    followUpOverdue: overdue ? 'true' : undefined,
    sort,
  };
  const cases = useLoad(
    async (signal) => {
      const page = await api.get<CaseList>('/api/cases', { query, signal });
      setMore([]);
      setCursor(page.nextCursor);
      return page;
    },
    [scope, status, risk, awaiting, overdue, sort],
  );
  const loadMore = async () => {
    if (!cursor) return;
    const page = await api.get<CaseList>('/api/cases', { query: { ...query, cursor } });
    setMore((rows) => [...rows, ...page.data]);
    setCursor(page.nextCursor);
  };

  const columns: Column<CaseSummary>[] = [
    {
      key: 'code',
      header: t('cases.survivorCode'),
      render: (c) => (
        <Link to={`/cases/${c.id}`} className="row-link" data-testid={`case-link-${c.id}`}>
          <span dir="ltr" translate="no">{c.survivorCode}</span>
        </Link>
      ),
    },
    { key: 'status', header: t('common.status'), render: (c) => t(`cases.status.${c.status}`) },
    { key: 'risk', header: t('cases.risk'), render: (c) => <span className={`tag tag--${c.riskLevel}`}>{t(`cases.risk.${c.riskLevel}`)}</span> },
    { key: 'plan', header: t('cases.plan'), render: (c) => t(`cases.planStatus.${c.planStatus}`) },
    {
      key: 'followUp',
      header: t('cases.nextFollowUp'),
      render: (c) =>
        c.nextFollowUpOn ? (
          <>
            {formatDate(lang, c.nextFollowUpOn)}
            {c.followUpOverdue ? <> <span className="tag tag--overdue">{t('cases.overdue')}</span></> : null}
          </>
        ) : (
          <span className="muted">{t('cases.noFollowUp')}</span>
        ),
    },
    { key: 'clock', header: t('clock.title'), render: (c) => <ClinicalClockBadge clock={c.clinicalClock} /> },
  ];

  return (
    <Page title={t('cases.title')} intro={t('cases.intro')}>
      <Tabs
        label={t('cases.title')}
        testId="cases-tab"
        current={scope}
        onChange={setScope}
        tabs={[
          { id: 'mine', label: t('cases.mine') },
          { id: 'all', label: t('cases.all') },
        ]}
      />
      <div className="filters">
        <div className="filters__grid">
          <SelectField
            label={t('common.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            options={[{ value: '', label: t('cases.any') }, ...CASE_STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))]}
            testId="cases-filter-status"
          />
          <SelectField
            label={t('cases.risk')}
            value={risk}
            onChange={(e) => setRisk(e.target.value)}
            options={[{ value: '', label: t('cases.any') }, ...RISK_LEVELS.map((r) => ({ value: r, label: t(`cases.risk.${r}`) }))]}
            testId="cases-filter-risk"
          />
          <SelectField
            label={t('cases.sort')}
            value={sort}
            onChange={(e) => setSort(e.target.value as Sort)}
            options={[
              { value: 'updated', label: t('cases.sort.updated') },
              { value: 'clinical', label: t('cases.sort.clinical') },
            ]}
            testId="cases-sort"
          />
        </div>
        <Checkbox label={t('cases.filter.planAwaiting')} checked={awaiting} onChange={(e) => setAwaiting(e.target.checked)} testId="cases-filter-plan-awaiting" />
        <Checkbox label={t('cases.filter.overdue')} checked={overdue} onChange={(e) => setOverdue(e.target.checked)} testId="cases-filter-overdue" />
      </div>
      <LoadView load={cases}>
        {(page) => {
          const rows = [...page.data, ...more];
          if (rows.length === 0) {
            return (
              <EmptyState actions={<Link to="/survivors" className="row-link">{t('cases.goToSurvivors')}</Link>}>
                {scope === 'mine' ? t('cases.emptyMine') : t('cases.empty')}
              </EmptyState>
            );
          }
          return (
            <>
              <DataTable caption={t('cases.title')} columns={columns} rows={rows} rowKey={(c) => c.id} testId="cases-table" />
              {cursor ? (
                <div className="load-more">
                  <Button onClick={() => void loadMore()} testId="cases-load-more">{t('common.loadMore')}</Button>
                </div>
              ) : null}
            </>
          );
        }}
      </LoadView>
    </Page>
  );
}
