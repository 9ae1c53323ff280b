/**
 * Settings, focal points (alerts.focal_points): the register of the community alert network,
 * with how each member's alerts fared (sent, share verified). Opening one reads its masked
 * numbers, which the server audits; the list itself carries no number.
 *
 * testids: focal-points-section, focal-point-new, focal-points-table, focal-point-open-<id>,
 * focal-points-more (and those of focal-points-form.tsx)
 */
import { useState } from 'react';
import type { FocalPointSummary, FocalPointView } from '../../../core/schemas/alerts';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { LoadView } from '../../ui/load-view';
import { listFormat } from '../../app/format';
import { languageName } from '../services/languages';
import { getFocalPoint, listFocalPoints, type FocalPointPage } from './admin-api';
import { FocalPointForm } from './focal-points-form';
import { useAreaNames } from './map-areas';
import { formatShare, trustLevelLabel } from './settings-labels';

type Message = { tone: 'success' | 'error'; text: string } | null;
const PAGE = 50;

export function FocalPointsSection() {
  const { t, lang } = useI18n();
  const areas = useAreaNames();
  const [version, setVersion] = useState(0);
  const first = useLoad((signal) => listFocalPoints({ limit: PAGE }, signal), [version]);
  const [more, setMore] = useState<FocalPointPage | null>(null);
  const [editing, setEditing] = useState<FocalPointView | 'new' | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const nextCursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);
  const loadMore = useAction(async () => {
    if (!nextCursor) return;
    const page = await listFocalPoints({ limit: PAGE, cursor: nextCursor });
    setMore((previous) => ({ data: [...(previous?.data ?? []), ...page.data], nextCursor: page.nextCursor }));
  });
  const open = useAction(async (id: string) => {
    setMessage(null);
    setEditing(await getFocalPoint(id));
    window.scrollTo(0, 0);
  });
  const reload = () => {
    setMore(null);
    setVersion((v) => v + 1);
  };

  const columns: Column<FocalPointSummary>[] = [
    { key: 'name', header: t('alertAdmin.focal.name'), render: (f) => <strong>{f.displayName}</strong> },
    { key: 'area', header: t('alertAdmin.focal.area'), render: (f) => areas.byId(f.areaId) || '—' },
    { key: 'network', header: t('alertAdmin.focal.network'), render: (f) => f.network ?? '—' },
    { key: 'languages', header: t('alertAdmin.focal.languages'), render: (f) => listFormat(lang, f.languages.map((l) => languageName(l, lang))) || '—' },
    { key: 'trust', header: t('alertAdmin.focal.trust'), render: (f) => trustLevelLabel(f.trustLevel, t) },
    { key: 'numbers', header: t('alertAdmin.focal.identityCount'), render: (f) => String(f.identityCount) },
    { key: 'sent', header: t('alertAdmin.focal.alertsSent'), render: (f) => String(f.alertsSent) },
    {
      key: 'verified',
      header: t('alertAdmin.focal.verifiedShare'),
      render: (f) => (f.verifiedShare === null ? t('alertAdmin.focal.noAlertsYet') : `${formatShare(lang, f.verifiedShare)} (${f.alertsVerified})`),
    },
    { key: 'status', header: t('common.status'), render: (f) => (f.enabled ? t('common.active') : t('common.disabled')) },
    {
      key: 'actions',
      header: t('common.actions'),
      kind: 'actions',
      render: (f) => (
        <Button onClick={() => void open.run(f.id)} busy={open.busy} testId={`focal-point-open-${f.id}`}>
          {t('alertAdmin.focal.open')}
        </Button>
      ),
    },
  ];
  const rows = [...(first.data?.data ?? []), ...(more?.data ?? [])];

  return (
    <section className="aa-section" aria-labelledby="focal-points-title" data-testid="focal-points-section">
      <div className="aa-section__head">
        <h2 id="focal-points-title">{t('alertAdmin.focal.title')}</h2>
        {editing ? null : (
          <Button variant="primary" onClick={() => { setMessage(null); setEditing('new'); }} testId="focal-point-new">
            {t('alertAdmin.focal.new')}
          </Button>
        )}
      </div>
      <p className="muted">{t('alertAdmin.focal.intro')}</p>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {open.error ? <Alert tone="error">{describeError(open.error, t)}</Alert> : null}
      {editing ? (
        <FocalPointForm
          key={editing === 'new' ? 'new' : `${editing.id}:${editing.updatedAt}`}
          focalPoint={editing === 'new' ? undefined : editing}
          onSaved={(saved, created) => {
            setEditing(null);
            setMessage({ tone: 'success', text: t(created ? 'alertAdmin.focal.created' : 'alertAdmin.focal.saved', { name: saved.displayName }) });
            reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <LoadView load={first}>
        {() =>
          rows.length === 0 ? (
            <EmptyState>{t('alertAdmin.focal.empty')}</EmptyState>
          ) : (
            <DataTable caption={t('alertAdmin.focal.title')} columns={columns} rows={rows} rowKey={(f) => f.id} testId="focal-points-table" />
          )
        }
      </LoadView>
      {loadMore.error ? <Alert tone="error">{describeError(loadMore.error, t)}</Alert> : null}
      {nextCursor ? (
        <div className="load-more">
          <Button onClick={() => void loadMore.run()} busy={loadMore.busy} testId="focal-points-more">
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
