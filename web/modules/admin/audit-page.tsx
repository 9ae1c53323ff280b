import { useMemo, useState } from 'react';
import type { AuditEntryView, AuditPage as AuditPageAnswer } from '../../../core/schemas/audit';
import type { OrganisationView } from '../../../core/schemas/organisations';
import { api } from '../../app/api';
import type { ListResponse } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { formatDateTime, shortId } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { AuditFilterForm, auditQuery, NO_FILTERS, type AuditFilters } from './audit-filters';

interface Pages {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

/** The audit trail (AUD-1), newest first as the server sends it, one page at a time. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const canSeeOrganisations = can('organisations.manage');
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [more, setMore] = useState<Pages | null>(null);
  const organisations = useLoad(
    async (signal) => (canSeeOrganisations ? (await api.get<ListResponse<OrganisationView>>('/api/organisations', { signal })).data : []),
    [canSeeOrganisations],
  );
  const first = useLoad((signal) => api.get<AuditPageAnswer>('/api/audit', { query: auditQuery(filters), signal }), [filters]);
  const nextCursor = more ? more.nextCursor : first.data?.nextCursor ?? null;
  const loadMore = useAction(async () => {
    if (!nextCursor) return;
    const page = await api.get<AuditPageAnswer>('/api/audit', { query: { ...auditQuery(filters), cursor: nextCursor } });
    setMore((previous) => ({ entries: [...(previous?.entries ?? []), ...page.data], nextCursor: page.nextCursor }));
  });
  const organisationNames = useMemo(
    () => new Map((organisations.data ?? []).map((o) => [o.id, o.shortName || o.name])),
    [organisations.data],
  );

  const actor = (entry: AuditEntryView) => {
    if (entry.actorUserId) return <span title={entry.actorUserId}>{t('audit.actorUser', { id: shortId(entry.actorUserId) })}</span>;
    if (entry.actorTokenId) return <span title={entry.actorTokenId}>{t('audit.actorToken', { id: shortId(entry.actorTokenId) })}</span>;
    return t('audit.actorSystem');
  };
  const columns: Column<AuditEntryView>[] = [
    { key: 'seq', header: t('audit.seq'), render: (e) => (e.seq === null ? '…' : String(e.seq)), kind: 'code' },
    { key: 'time', header: t('audit.time'), render: (e) => <time dateTime={e.occurredAt}>{formatDateTime(lang, e.occurredAt)}</time> },
    { key: 'action', header: t('audit.action'), render: (e) => <code dir="ltr">{e.action}</code> },
    {
      key: 'outcome',
      header: t('audit.outcome'),
      render: (e) => <span className={`badge badge--${e.outcome}`}>{t(`audit.outcome.${e.outcome}`)}</span>,
    },
    { key: 'actor', header: t('audit.actor'), render: actor },
    {
      key: 'resource',
      header: t('audit.resource'),
      render: (e) => (
        <span dir="ltr" title={e.resourceId ?? undefined}>
          {e.resourceType}
          {e.resourceId ? ` ${shortId(e.resourceId)}` : ''}
          {e.organisationId && organisationNames.has(e.organisationId) ? ` · ${organisationNames.get(e.organisationId)}` : ''}
        </span>
      ),
    },
    { key: 'request', header: t('audit.requestId'), render: (e) => (e.requestId ? <code dir="ltr">{e.requestId}</code> : '—') },
    {
      key: 'details',
      header: t('audit.details'),
      render: (e) =>
        Object.keys(e.details ?? {}).length === 0 ? (
          '—'
        ) : (
          <details className="audit-details">
            <summary>{t('common.showDetails')}</summary>
            <pre dir="ltr">{JSON.stringify(e.details, null, 2)}</pre>
          </details>
        ),
    },
  ];

  return (
    <Page title={t('audit.title')} intro={t('audit.intro')}>
      <AuditFilterForm
        organisations={canSeeOrganisations ? (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })) : null}
        onApply={(next) => {
          setMore(null);
          setFilters(next);
        }}
      />
      <LoadView load={first}>
        {({ data }) => {
          const entries = [...data, ...(more?.entries ?? [])];
          if (entries.length === 0) return <EmptyState>{t('audit.empty')}</EmptyState>;
          return (
            <>
              <DataTable caption={t('audit.title')} columns={columns} rows={entries} rowKey={(e) => e.seq === null ? `pending-${e.occurredAt}-${e.action}-${e.resourceId ?? ''}-${e.requestId ?? ''}` : String(e.seq)} testId="audit-table" />
              {loadMore.error ? <Alert tone="error">{describeError(loadMore.error, t)}</Alert> : null}
              <div className="load-more">
                {nextCursor ? (
                  <Button onClick={() => void loadMore.run()} busy={loadMore.busy} testId="audit-load-more">
                    {t('common.loadMore')}
                  </Button>
                ) : (
                  <p className="muted">{t('audit.end')}</p>
                )}
              </div>
            </>
          );
        }}
      </LoadView>
    </Page>
  );
}
