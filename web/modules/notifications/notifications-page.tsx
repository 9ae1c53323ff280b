import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../core/i18n';
import type { AccountNotification } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Loading } from '../../ui/loading';
import { Page } from '../../ui/page';
import { useNotifications } from './notifications-context';

const KNOWN: Record<string, MessageKey> = {
  password_changed: 'notifications.kind.password_changed',
  password_reset: 'notifications.kind.password_reset',
  totp_changed: 'notifications.kind.totp_changed',
  totp_reset: 'notifications.kind.totp_reset',
};

/** The sentence for a notification; unknown kinds still say something useful. */
export function describeNotification(item: AccountNotification, t: Translate): string {
  if (item.kind === 'sign_in') {
    const ip = typeof item.data.ip === 'string' ? item.data.ip : null;
    return ip ? t('notifications.kind.sign_in', { ip }) : t('notifications.kind.sign_inNoIp');
  }
  const key = KNOWN[item.kind];
  return key ? t(key) : t('notifications.kind.other');
}

export function NotificationsPage() {
  const { t, lang } = useI18n();
  const { status, items, error, reload, markRead, unreadCount } = useNotifications();
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void reload(); // the header's count may be minutes old
  }, [reload]);

  const run = async (ids: string[]) => {
    setBusy(true);
    setActionError(null);
    try {
      for (const id of ids) await markRead(id);
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(false);
    }
  };

  const unreadIds = items.filter((item) => item.readAt === null).map((item) => item.id);
  return (
    <Page
      title={t('notifications.title')}
      actions={
        unreadCount > 1 ? (
          <Button busy={busy} onClick={() => run(unreadIds)} testId="notifications-mark-all">
            {t('notifications.markAllRead')}
          </Button>
        ) : null
      }
    >
      {actionError ? <Alert tone="error">{describeError(actionError, t)}</Alert> : null}
      {status === 'error' ? (
        <Alert tone="error" actions={<Button onClick={() => void reload()}>{t('common.retry')}</Button>}>
          {describeError(error, t)}
        </Alert>
      ) : null}
      {status === 'loading' ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? <EmptyState>{t('notifications.empty')}</EmptyState> : null}
      {items.length > 0 ? (
        <ul className="notification-list" data-testid="notification-list">
          {items.map((item) => {
            const unread = item.readAt === null;
            return (
              <li key={item.id} className={unread ? 'notification notification--unread' : 'notification'}>
                <p className="notification__text">
                  {unread ? <span className="badge">{t('notifications.unread')}</span> : null}
                  {describeNotification(item, t)}
                </p>
                <p className="notification__meta">
                  <time dateTime={item.createdAt}>{formatDateTime(lang, item.createdAt)}</time>
                </p>
                {item.kind === 'sign_in' || item.kind.endsWith('_changed') ? (
                  <p className="notification__advice">{t('notifications.notYou')}</p>
                ) : null}
                {unread ? (
                  <Button variant="quiet" disabled={busy} onClick={() => run([item.id])}>
                    {t('notifications.markRead')}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </Page>
  );
}
