/**
 * The alert queue (/alerts, 'alerts.triage'): what arrived, how severe, where, who works on
 * it. Quick tabs and filters live in the address; "load more" follows the server's keyset
 * cursor. Every 15 seconds the first page is asked again with the same filters: rows on
 * screen take their new state in place, and newcomers are announced ("3 new alerts: show
 * them") instead of pushing the list from under the officer's finger. Rows can be selected
 * for bulk actions (queue-bulk.tsx).
 *
 * testids: alerts-queue, alerts-table, alert-row-<reference>, alert-link-<reference>,
 * alert-select-<reference>, alerts-select-all, alerts-new, alerts-load-more, alerts-to-map,
 * alerts-to-figures (and those of queue-filters.tsx and queue-bulk.tsx)
 */
import { useEffect, useRef, useState } from 'react';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useNow } from '../../ui/clinical-clock';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { Checkbox } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { channelLabel, RelativeTime, SeverityBadge, StateBadge, useAreaNames, useAssignees } from './alert-labels';
import { listAlerts } from './api';
import { BulkBar, BulkResultView, type BulkOutcome } from './queue-bulk';
import { filtersFromSearch, queryOf, QueueFilterBar, searchOf, type QueueFilters } from './queue-filters';
import '../cases/cases.css';
import './alerts.css';

const PAGE_SIZE = 50;
const POLL_MS = 15_000;

export function AlertsQueuePage() {
  const { t, tp } = useI18n();
  const { can, session } = useSession();
  const me = session?.user.id ?? null;
  const { search } = useLocation();
  const filters = filtersFromSearch(search);
  const filterKey = searchOf(filters);
  const now = useNow();
  const areaName = useAreaNames();
  const officers = useAssignees();

  const first = useLoad((signal) => listAlerts({ ...queryOf(filters, Date.now()), limit: PAGE_SIZE }, signal), [filterKey]);
  const [rows, setRows] = useState<AlertSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [arrived, setArrived] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkResult, setBulkResult] = useState<BulkOutcome | null>(null);
  useEffect(() => {
    if (first.status !== 'ready') return;
    setRows(first.data.data);
    setCursor(first.data.nextCursor);
    setArrived(0);
    setSelected((current) => new Set([...current].filter((id) => first.data.data.some((a) => a.id === id))));
  }, [first.status, first.data]);

  const more = useAction(async () => {
    if (!cursor) return;
    const page = await listAlerts({ ...queryOf(filters, Date.now()), limit: PAGE_SIZE, cursor });
    setRows((current) => [...current, ...page.data.filter((a) => !current.some((c) => c.id === a.id))]);
    setCursor(page.nextCursor);
  });

  // The poll reads the rows through a ref, so one timer serves the whole life of a filter.
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setInterval(() => {
      if (document.hidden) return;
      listAlerts({ ...queryOf(filters, Date.now()), limit: PAGE_SIZE }, controller.signal).then(
        (page) => {
          const shown = new Map(rowsRef.current.map((a) => [a.id, a]));
          const newest = rowsRef.current.reduce((max, a) => Math.max(max, Date.parse(a.receivedAt)), 0);
          setArrived(page.data.filter((a) => !shown.has(a.id) && Date.parse(a.receivedAt) > newest).length);
          const fresher = new Map(page.data.filter((a) => (shown.get(a.id)?.version ?? Infinity) < a.version).map((a) => [a.id, a]));
          if (fresher.size) setRows((current) => current.map((a) => fresher.get(a.id) ?? a));
        },
        () => undefined, // a missed poll is retried at the next tick; the list stays as it is
      );
    }, POLL_MS);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
    // filterKey stands for the filters.
  }, [filterKey]);

  const setFilters = (next: QueueFilters) => navigate(`/alerts${searchOf(next)}`, { replace: true });
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((a) => selected.has(a.id));

  const columns: Column<AlertSummary>[] = [
    {
      key: 'select',
      header: t('alerts.col.select'),
      render: (a) => (
        <input
          type="checkbox"
          className="alert-select"
          checked={selected.has(a.id)}
          onChange={(e) => toggle(a.id, e.target.checked)}
          aria-label={t('alerts.selectAlert', { reference: a.reference })}
          data-testid={`alert-select-${a.reference}`}
        />
      ),
    },
    {
      key: 'reference',
      header: t('alerts.col.reference'),
      render: (a) => (
        <>
          <Link to={`/alerts/${a.id}`} className="row-link" data-testid={`alert-link-${a.reference}`}>
            <span dir="ltr" translate="no">{a.reference}</span>
          </Link>
          <span className="alert-marks">
            {a.escalationLevel > 0 ? <span className="tag tag--overdue">{t('alerts.flag.escalated', { level: a.escalationLevel })}</span> : null}
            {a.unknownSender ? <span className="tag tag--warning">{t('alerts.flag.unknownSender')}</span> : null}
            {a.warnings.some((w) => w.startsWith('identifying_text.')) ? <span className="tag tag--warning">{t('alerts.flag.warnings')}</span> : null}
          </span>
        </>
      ),
    },
    { key: 'received', header: t('alerts.col.received'), render: (a) => <RelativeTime iso={a.receivedAt} now={now} /> },
    { key: 'channel', header: t('alerts.col.channel'), render: (a) => channelLabel(a.channel, t) },
    {
      key: 'area',
      header: t('alerts.col.area'),
      render: (a) => (a.areaId ? (areaName(a.areaId) ?? '—') : <span className="tag tag--warning">{t('alerts.noArea')}</span>),
    },
    { key: 'state', header: t('alerts.col.state'), render: (a) => <StateBadge state={a.state} /> },
    { key: 'severity', header: t('alerts.col.severity'), render: (a) => <SeverityBadge severity={a.severity} /> },
    {
      key: 'assignee',
      header: t('alerts.col.assignee'),
      render: (a) => (
        <>
          {a.assignedUserId ? (officers.nameOf(a.assignedUserId) ?? t('alerts.someone')) : a.assignedTeam ? null : <span className="muted">{t('alerts.unassigned')}</span>}
          {a.assignedTeam ? <span className="alert-team">{t('alerts.team', { team: a.assignedTeam })}</span> : null}
          {a.lock ? (
            <span className="alert-lock" data-testid={`alert-lock-${a.reference}`}>
              <span aria-hidden="true">🔒 </span>
              {a.lock.userId === me ? t('alerts.flag.lockedByMe') : t('alerts.flag.lockedBy', { name: officers.nameOf(a.lock.userId) ?? t('alerts.someone') })}
            </span>
          ) : null}
        </>
      ),
    },
  ];

  const open = filters.quick === 'open' && filterKey === '';
  return (
    <Page
      title={t('alerts.title')}
      intro={t('alerts.intro')}
      actions={
        can('alerts.aggregates') ? (
          <div className="button-row">
            <Link to="/alerts/map" className="button button--secondary" data-testid="alerts-to-map">{t('alerts.toMap')}</Link>
            <Link to="/alerts/figures" className="button button--secondary" data-testid="alerts-to-figures">{t('alerts.toFigures')}</Link>
          </div>
        ) : null
      }
    >
      <div className="alert-queue" data-testid="alerts-queue">
        <QueueFilterBar filters={filters} onChange={setFilters} />
        {arrived > 0 ? (
          <div className="alert-new" role="status">
            <Button variant="primary" onClick={first.reload} testId="alerts-new">
              {tp('alerts.newArrived', arrived)}
            </Button>
          </div>
        ) : null}
        {selected.size > 0 ? (
          <BulkBar
            selected={rows.filter((a) => selected.has(a.id))}
            shown={rows}
            assignees={officers.people}
            onDone={(result) => {
              setBulkResult(result);
              first.reload();
            }}
            onClear={() => setSelected(new Set())}
          />
        ) : null}
        {bulkResult ? <BulkResultView result={bulkResult} onDismiss={() => setBulkResult(null)} /> : null}
        <LoadView load={first}>
          {() =>
            rows.length === 0 ? (
              <EmptyState>{open ? t('alerts.emptyOpen') : t('alerts.empty')}</EmptyState>
            ) : (
              <>
                <div className="alert-list-head">
                  <Checkbox
                    label={t('alerts.selectAllShown')}
                    checked={allSelected}
                    onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((a) => a.id)) : new Set())}
                    testId="alerts-select-all"
                  />
                  <span className="muted" role="status">{tp('alerts.shown', rows.length)}</span>
                </div>
                <DataTable caption={t('alerts.title')} columns={columns} rows={rows} rowKey={(a) => a.id} testId="alerts-table" />
                {cursor ? (
                  <div className="load-more">
                    <Button busy={more.busy} onClick={() => void more.run()} testId="alerts-load-more">{t('common.loadMore')}</Button>
                  </div>
                ) : null}
                {more.error ? <Alert tone="error">{describeError(more.error, t)}</Alert> : null}
              </>
            )
          }
        </LoadView>
      </div>
    </Page>
  );
}
