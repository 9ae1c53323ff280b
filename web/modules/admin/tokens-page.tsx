import { useState } from 'react';
import type { ApiTokenView } from '../../../core/schemas/tokens';
import { api } from '../../app/api';
import type { CreatedApiToken, ListResponse } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { LoadView } from '../../ui/load-view';
import { OneTimeSecret } from '../../ui/one-time-secret';
import { Page } from '../../ui/page';
import { purposeLabel, TokenForm } from './token-form';

type Message = { tone: 'success' | 'error'; text: string } | null;

const isExpired = (token: ApiTokenView) => token.expiresAt !== null && new Date(token.expiresAt).getTime() < Date.now();

export function TokensPage() {
  const { t, lang } = useI18n();
  const tokens = useLoad((signal) => api.get<ListResponse<ApiTokenView>>('/api/tokens', { signal }), []);
  const purposes = useLoad((signal) => api.get<ListResponse<string>>('/api/tokens/purposes', { signal }), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [message, setMessage] = useState<Message>(null);

  const revoke = async (token: ApiTokenView) => {
    setMessage(null);
    try {
      await api.post(`/api/tokens/${token.id}/revoke`);
      setMessage({ tone: 'success', text: t('tokens.revokedDone', { name: token.name }) });
      tokens.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(error, t) });
    }
  };

  const status = (token: ApiTokenView) =>
    token.revoked ? t('tokens.revoked') : isExpired(token) ? t('tokens.expired') : t('common.active');

  const columns: Column<ApiTokenView>[] = [
    { key: 'name', header: t('tokens.name'), render: (k) => <strong>{k.name}</strong> },
    { key: 'purpose', header: t('tokens.purpose'), render: (k) => purposeLabel(k.purpose, t) },
    { key: 'created', header: t('tokens.createdAt'), render: (k) => formatDate(lang, k.createdAt) },
    { key: 'expires', header: t('tokens.expiresAt'), render: (k) => (k.expiresAt ? formatDate(lang, k.expiresAt) : t('common.never')) },
    { key: 'used', header: t('tokens.lastUsed'), render: (k) => (k.lastUsedAt ? formatDateTime(lang, k.lastUsedAt) : t('common.never')) },
    { key: 'status', header: t('common.status'), render: status },
    {
      key: 'actions',
      header: t('common.actions'),
      kind: 'actions',
      render: (k) =>
        k.revoked ? null : (
          <ConfirmButton label={t('tokens.revoke')} question={t('tokens.revokeConfirm', { name: k.name })} onConfirm={() => revoke(k)} variant="danger" />
        ),
    },
  ];

  return (
    <Page
      title={t('tokens.title')}
      intro={t('tokens.intro')}
      actions={
        creating ? null : (
          <Button variant="primary" onClick={() => { setMessage(null); setCreated(null); setCreating(true); }} testId="token-new">
            {t('tokens.new')}
          </Button>
        )
      }
    >
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {created ? (
        <OneTimeSecret
          title={t('tokens.secretTitle', { name: created.name })}
          value={created.token}
          note={t('tokens.secretNote')}
          onClose={() => setCreated(null)}
          testId="new-token-value"
        />
      ) : null}
      {creating ? (
        <LoadView load={purposes}>
          {({ data }) => (
            <TokenForm
              purposes={data}
              onCreated={(token) => {
                setCreating(false);
                setCreated(token);
                tokens.reload();
              }}
              onCancel={() => setCreating(false)}
            />
          )}
        </LoadView>
      ) : null}
      <LoadView load={tokens}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('tokens.empty')}</EmptyState>
          ) : (
            <DataTable caption={t('tokens.title')} columns={columns} rows={data} rowKey={(k) => k.id} testId="tokens-table" />
          )
        }
      </LoadView>
    </Page>
  );
}
