/**
 * The signed-in person's notifications, shared by the header (unread count) and the
 * list page. Lives under the signed-in shell, so signing out drops it from memory.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../app/api';
import type { AccountNotification, ListResponse } from '../../app/api-types';

const REFRESH_EVERY_MS = 5 * 60_000;

interface NotificationsValue {
  status: 'loading' | 'ready' | 'error';
  items: AccountNotification[];
  error: unknown;
  unreadCount: number;
  reload: () => Promise<void>;
  markRead: (id: string) => Promise<void>;
}

const NotificationsContext = createContext<NotificationsValue | null>(null);

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<AccountNotification[]>([]);
  const [status, setStatus] = useState<NotificationsValue['status']>('loading');
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const answer = await api.get<ListResponse<AccountNotification>>('/api/notifications');
      setItems(answer.data);
      setStatus('ready');
      setError(null);
    } catch (caught) {
      setError(caught);
      setStatus('error');
    }
  }, []);

  const markRead = useCallback(async (id: string) => {
    await api.post(`/api/notifications/${encodeURIComponent(id)}/read`);
    const now = new Date().toISOString();
    setItems((current) => current.map((item) => (item.id === id ? { ...item, readAt: item.readAt ?? now } : item)));
  }, []);

  useEffect(() => {
    void reload();
    // Low bandwidth: a check every few minutes, and only while the page is visible.
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, REFRESH_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const value = useMemo<NotificationsValue>(
    () => ({
      status,
      items,
      error,
      unreadCount: items.filter((item) => item.readAt === null).length,
      reload,
      markRead,
    }),
    [status, items, error, reload, markRead],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsValue {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error('useNotifications must be used inside <NotificationsProvider>');
  return value;
}
