import { useState } from 'react';
import type { OrganisationView } from '../../../core/schemas/organisations';
import { api } from '../../app/api';
import type { ListResponse } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { OrganisationForm } from './organisation-form';

type Editing = { mode: 'create' } | { mode: 'edit'; organisation: OrganisationView } | null;
type Message = { tone: 'success' | 'error'; text: string } | null;

export function OrganisationsPage() {
  const { t, lang } = useI18n();
  const load = useLoad((signal) => api.get<ListResponse<OrganisationView>>('/api/organisations', { signal }), []);
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<Message>(null);

  const setDisabled = async (organisation: OrganisationView, disabled: boolean) => {
    setMessage(null);
    try {
      await api.patch(`/api/organisations/${organisation.id}`, { disabled });
      setMessage({ tone: 'success', text: t('orgs.updated', { name: organisation.name }) });
      load.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(error, t) });
    }
  };

  const columns: Column<OrganisationView>[] = [
    { key: 'name', header: t('orgs.name'), render: (o) => <><strong>{o.name}</strong> <span className="muted">({o.shortName})</span></> },
    { key: 'kind', header: t('orgs.kind'), render: (o) => t(`orgKind.${o.kind}`) },
    { key: 'country', header: t('orgs.country'), render: (o) => o.countryCode ?? '—', kind: 'code' },
    { key: 'status', header: t('common.status'), render: (o) => (o.disabled ? t('common.disabled') : t('common.active')) },
    { key: 'created', header: t('orgs.createdAt'), render: (o) => formatDate(lang, o.createdAt) },
    {
      key: 'actions',
      header: t('common.actions'),
      kind: 'actions',
      render: (o) => (
        <div className="button-row">
          <Button onClick={() => { setMessage(null); setEditing({ mode: 'edit', organisation: o }); }}>{t('common.edit')}</Button>
          {o.disabled ? (
            <Button onClick={() => void setDisabled(o, false)}>{t('orgs.enable')}</Button>
          ) : (
            <ConfirmButton label={t('orgs.disable')} question={t('orgs.disableConfirm', { name: o.name })} onConfirm={() => setDisabled(o, true)} />
          )}
        </div>
      ),
    },
  ];

  return (
    <Page
      title={t('orgs.title')}
      actions={
        editing ? null : (
          <Button variant="primary" onClick={() => { setMessage(null); setEditing({ mode: 'create' }); }} testId="organisation-new">
            {t('orgs.new')}
          </Button>
        )
      }
    >
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {editing ? (
        <OrganisationFormSlot
          editing={editing}
          onDone={(text) => {
            setEditing(null);
            if (text) {
              setMessage({ tone: 'success', text });
              load.reload();
            }
          }}
        />
      ) : null}
      <LoadView load={load}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('orgs.empty')}</EmptyState>
          ) : (
            <DataTable caption={t('orgs.title')} columns={columns} rows={data} rowKey={(o) => o.id} testId="organisations-table" />
          )
        }
      </LoadView>
    </Page>
  );
}

function OrganisationFormSlot({ editing, onDone }: { editing: NonNullable<Editing>; onDone: (message: string | null) => void }) {
  const { t } = useI18n();
  return (
    <OrganisationForm
      key={editing.mode === 'edit' ? editing.organisation.id : 'new'}
      organisation={editing.mode === 'edit' ? editing.organisation : undefined}
      onSaved={(saved) => onDone(editing.mode === 'edit' ? t('orgs.updated', { name: saved.name }) : t('orgs.created', { name: saved.name }))}
      onCancel={() => onDone(null)}
    />
  );
}
