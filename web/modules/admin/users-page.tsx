import { useState } from 'react';
import { LANGUAGE_NAMES, isUiLanguage } from '../../../core/i18n';
import type { OrganisationView } from '../../../core/schemas/organisations';
import type { UserView } from '../../../core/schemas/users';
import { api } from '../../app/api';
import type { ListResponse } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useSession, useSignedIn } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { OneTimeSecret } from '../../ui/one-time-secret';
import { Page } from '../../ui/page';
import { UserForm, type CreatedUser } from './user-form';

type Editing = { mode: 'create' } | { mode: 'edit'; user: UserView } | null;
type Message = { tone: 'success' | 'error'; text: string } | null;

export function UsersPage() {
  const { t } = useI18n();
  const { user: me } = useSignedIn();
  const { can } = useSession();
  const canSeeOrganisations = can('organisations.manage');
  const organisations = useLoad<Pick<OrganisationView, 'id' | 'name'>[]>(
    async (signal) =>
      canSeeOrganisations
        ? (await api.get<ListResponse<OrganisationView>>('/api/organisations', { signal })).data
        : [{ id: me.organisation.id, name: me.organisation.name }],
    [canSeeOrganisations, me.organisation.id],
  );
  const [organisationId, setOrganisationId] = useState(me.organisation.id);
  const users = useLoad(
    (signal) => api.get<ListResponse<UserView>>('/api/users', { query: { organisationId }, signal }),
    [organisationId],
  );
  const [editing, setEditing] = useState<Editing>(null);
  const [secret, setSecret] = useState<CreatedUser | null>(null);
  const [message, setMessage] = useState<Message>(null);

  /** Runs an action on one user, then says how it went and reloads the list. */
  const act = async (action: () => Promise<string | null>) => {
    setMessage(null);
    try {
      const text = await action();
      if (text) setMessage({ tone: 'success', text });
      users.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(error, t) });
    }
  };
  const resetPassword = (user: UserView) =>
    act(async () => {
      setSecret(await api.post<CreatedUser>(`/api/users/${user.id}/reset-password`));
      return null;
    });
  const resetTotp = (user: UserView) =>
    act(async () => {
      await api.post(`/api/users/${user.id}/reset-totp`);
      return t('users.resetTotpDone', { name: user.displayName });
    });
  const setDisabled = (user: UserView, disabled: boolean) =>
    act(async () => {
      await api.patch(`/api/users/${user.id}`, { disabled });
      return t('users.updated', { name: user.displayName });
    });

  const columns: Column<UserView>[] = [
    {
      key: 'name',
      header: t('users.displayName'),
      render: (u) => (
        <>
          <strong>{u.displayName}</strong>
          <br />
          <span className="muted" dir="ltr">{u.email}</span>
        </>
      ),
    },
    { key: 'role', header: t('users.role'), render: (u) => t(`role.${u.role}`) },
    { key: 'language', header: t('users.language'), render: (u) => (isUiLanguage(u.language) ? LANGUAGE_NAMES[u.language] : u.language) },
    { key: 'totp', header: t('users.totp'), render: (u) => (u.totpEnabled ? t('users.totpOn') : t('users.totpOff')) },
    {
      key: 'status',
      header: t('common.status'),
      render: (u) => [u.disabled ? t('common.disabled') : t('common.active'), u.locked ? t('users.locked') : null].filter(Boolean).join(' · '),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      kind: 'actions',
      render: (u) => (
        <div className="button-row">
          <Button onClick={() => { setMessage(null); setEditing({ mode: 'edit', user: u }); }}>{t('common.edit')}</Button>
          <ConfirmButton label={t('users.resetPassword')} question={t('users.resetPasswordConfirm', { name: u.displayName })} onConfirm={() => resetPassword(u)} />
          {u.totpEnabled ? (
            <ConfirmButton label={t('users.resetTotp')} question={t('users.resetTotpConfirm', { name: u.displayName })} onConfirm={() => resetTotp(u)} />
          ) : null}
          {u.disabled ? (
            <Button onClick={() => void setDisabled(u, false)}>{t('users.enable')}</Button>
          ) : u.id === me.id ? null : (
            <ConfirmButton label={t('users.disable')} question={t('users.disableConfirm', { name: u.displayName })} onConfirm={() => setDisabled(u, true)} />
          )}
        </div>
      ),
    },
  ];

  const organisationOptions = (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  return (
    <Page
      title={t('users.title')}
      actions={
        editing ? null : (
          <Button variant="primary" onClick={() => { setMessage(null); setSecret(null); setEditing({ mode: 'create' }); }} testId="user-new">
            {t('users.new')}
          </Button>
        )
      }
    >
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {secret ? (
        <OneTimeSecret
          title={t('users.tempPasswordTitle', { name: secret.user.displayName })}
          value={secret.temporaryPassword}
          note={t('users.tempPasswordNote')}
          onClose={() => setSecret(null)}
          testId="temporary-password"
        />
      ) : null}
      {editing ? (
        <UserForm
          key={editing.mode === 'edit' ? editing.user.id : 'new'}
          organisations={organisations.data ?? [{ id: me.organisation.id, name: me.organisation.name }]}
          defaultOrganisationId={organisationId}
          user={editing.mode === 'edit' ? editing.user : undefined}
          onCreated={(created) => {
            setEditing(null);
            setSecret(created);
            setMessage({ tone: 'success', text: t('users.created', { name: created.user.displayName }) });
            if (created.user.organisationId !== organisationId) setOrganisationId(created.user.organisationId);
            else users.reload();
          }}
          onUpdated={(updated) => {
            setEditing(null);
            setMessage({ tone: 'success', text: t('users.updated', { name: updated.displayName }) });
            users.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {organisationOptions.length > 1 ? (
        <div className="filters">
          <SelectField
            label={t('users.organisation')}
            value={organisationId}
            onChange={(event) => setOrganisationId(event.target.value)}
            options={organisationOptions}
            testId="users-organisation-filter"
          />
        </div>
      ) : null}
      <LoadView load={users}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('users.empty')}</EmptyState>
          ) : (
            <DataTable caption={t('users.title')} columns={columns} rows={data} rowKey={(u) => u.id} testId="users-table" />
          )
        }
      </LoadView>
    </Page>
  );
}
