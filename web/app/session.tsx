/**
 * Who is signed in, at which stage of sign-in, and the server's public configuration.
 * Everything here lives in memory only (DEV-1): a reload asks the server again.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Permission } from '../../core/auth/roles';
import type { MessageKey, MessageParams } from '../../core/i18n';
import type { SessionResponse } from '../../core/schemas/auth';
import { api, isApiError, onUnauthenticated, setCsrfToken } from './api';
import type { AppConfig } from './api-types';
import { useI18n } from './i18n';
import { useIdleTimeout } from './idle';
import { onQuickExit, setQuickExitUrl } from './quick-exit';

export interface Notice {
  key: MessageKey;
  params?: MessageParams;
  tone: 'info' | 'error';
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; notice: Notice | null }
  | { status: 'active'; session: SessionResponse };

interface SessionValue {
  state: SessionState;
  session: SessionResponse | null;
  config: AppConfig | null;
  /** Takes a session answer from sign-in, a second factor or enrolment. */
  accept: (session: SessionResponse) => void;
  /** Asks the server again (after a password change, for example). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

const DEFAULT_CONFIG: AppConfig = { quickExitUrl: '/weather', languages: [], version: '', mapAttribution: '' };

export function SessionProvider({ children }: { children: ReactNode }) {
  const { adoptDefaultLanguage, setEnabledLanguages } = useI18n();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [config, setConfig] = useState<AppConfig | null>(null);

  const accept = useCallback(
    (session: SessionResponse) => {
      setCsrfToken(session.csrfToken);
      adoptDefaultLanguage(session.user.language);
      setState({ status: 'active', session });
    },
    [adoptDefaultLanguage],
  );

  const end = useCallback((notice: Notice | null) => {
    setCsrfToken(null);
    setState({ status: 'anonymous', notice });
  }, []);

  const loadSession = useCallback(async () => {
    try {
      accept(await api.get<SessionResponse>('/api/auth/session', { allowUnauthenticated: true }));
    } catch (error) {
      const offline = isApiError(error) && (error.status === 0 || error.status >= 500);
      end(offline ? { key: 'error.network', tone: 'error' } : null);
    }
  }, [accept, end]);

  useEffect(() => {
    api
      .get<AppConfig>('/api/config', { allowUnauthenticated: true })
      .then((loaded) => {
        setConfig({ ...DEFAULT_CONFIG, ...loaded });
        setQuickExitUrl(loaded.quickExitUrl);
        setEnabledLanguages(loaded.languages ?? []);
      })
      .catch(() => setConfig(DEFAULT_CONFIG));
    void loadSession();
  }, [loadSession, setEnabledLanguages]);

  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(null);
      setState((previous) =>
        previous.status === 'active'
          ? { status: 'anonymous', notice: { key: 'auth.sessionExpired', tone: 'info' } }
          : previous,
      );
    });
    const unregister = onQuickExit(() => setState({ status: 'anonymous', notice: null }));
    return () => {
      onUnauthenticated(null);
      unregister();
    };
  }, []);

  const session = state.status === 'active' ? state.session : null;
  const idleSeconds = session?.idleTimeoutSeconds ?? null;

  useIdleTimeout(idleSeconds, () => {
    // Best effort: the CSRF header is attached before end() forgets the token.
    void api.post('/api/auth/logout', undefined, { allowUnauthenticated: true }).catch(() => undefined);
    const minutes = Math.max(1, Math.round((idleSeconds ?? 60) / 60));
    end({ key: 'auth.idleSignedOut', params: { minutes }, tone: 'info' });
  });

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', undefined, { allowUnauthenticated: true });
    } catch {
      // signed out locally anyway; the server's idle timeout ends the rest
    }
    end({ key: 'auth.signedOut', tone: 'info' });
  }, [end]);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      session,
      config,
      accept,
      refresh: loadSession,
      signOut,
      can: (permission) => session?.user.permissions.includes(permission) ?? false,
    }),
    [state, session, config, accept, loadSession, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The complete session of a signed-in page; only use below the signed-in shell. */
export function useSignedIn(): SessionResponse {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn outside a signed-in page');
  return session;
}
