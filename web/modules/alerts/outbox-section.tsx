/**
 * Settings, outgoing messages (alerts.targets or alerts.configure): the recent SMS Weft sent
 * or tried to send (acknowledgements, task messages, escalations), recipient masked, body
 * shown (bodies hold a reference, an area and a time, nothing identifying). With the
 * recording transport (development) nothing leaves the server: "recorded" rows show what
 * would have been sent.
 *
 * testids: outbox-section, outbox-status, outbox-table, outbox-refresh, outbox-recorded-note
 */
import { useState } from 'react';
import { OUTBOX_STATUSES, type OutboxMessageView } from '../../../core/schemas/alert-response';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { listOutbox } from './admin-api';

export function OutboxSection() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState('');
  const [version, setVersion] = useState(0);
  const outbox = useLoad((signal) => listOutbox({ status: status || undefined, limit: 50 }, signal), [status, version]);
  const columns: Column<OutboxMessageView>[] = [
    { key: 'created', header: t('alertAdmin.outbox.createdAt'), render: (m) => formatDateTime(lang, m.createdAt) },
    { key: 'purpose', header: t('alertAdmin.outbox.purpose'), render: (m) => t(`alertAdmin.outbox.purpose.${m.purpose}`) },
    { key: 'recipient', header: t('alertAdmin.outbox.recipient'), render: (m) => <bdi dir="ltr">{m.recipient}</bdi> },
    { key: 'body', header: t('alertAdmin.outbox.body'), render: (m) => <span className="aa-sms" dir="auto">{m.body}</span> },
    {
      key: 'status',
      header: t('common.status'),
      render: (m) => (
        <>
          <span className={`tag aa-outbox aa-outbox--${m.status}`}>{t(`alertAdmin.outbox.status.${m.status}`)}</span>
          {m.sentAt ? <span className="muted"> {formatDateTime(lang, m.sentAt)}</span> : null}
          {m.lastError ? <p className="aa-outbox__error">{m.lastError}</p> : null}
        </>
      ),
    },
    { key: 'transport', header: t('alertAdmin.outbox.transport'), render: (m) => `${m.transport ?? '—'} · ${t('alertAdmin.outbox.attempts', { count: m.attempts })}` },
  ];
  return (
    <section className="aa-section" aria-labelledby="outbox-title" data-testid="outbox-section">
      <h2 id="outbox-title">{t('alertAdmin.outbox.title')}</h2>
      <p className="muted">{t('alertAdmin.outbox.intro')}</p>
      <div className="filters filters--compact">
        <SelectField
          label={t('common.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={[{ value: '', label: t('alertAdmin.outbox.anyStatus') }, ...OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`alertAdmin.outbox.status.${s}`) }))]}
          testId="outbox-status"
        />
        <Button onClick={() => setVersion((v) => v + 1)} testId="outbox-refresh">
          {t('alertAdmin.outbox.refresh')}
        </Button>
      </div>
      <LoadView load={outbox}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('alertAdmin.outbox.empty')}</EmptyState>
          ) : (
            <>
              {data.some((m) => m.status === 'recorded') ? (
                <Alert tone="info" testId="outbox-recorded-note">
                  {t('alertAdmin.outbox.recordedNote')}
                </Alert>
              ) : null}
              <DataTable caption={t('alertAdmin.outbox.title')} columns={columns} rows={data} rowKey={(m) => m.id} testId="outbox-table" />
            </>
          )
        }
      </LoadView>
    </section>
  );
}
