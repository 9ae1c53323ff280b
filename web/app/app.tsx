/**
 * The app: language, session, quick exit, then either the sign-in steps or the
 * signed-in shell. The sign-in steps follow the session's stage, not the address.
 */
import { lazy, Suspense, useEffect } from 'react';
import { AuthLayout } from '../modules/auth/auth-layout';
import { SignInPage } from '../modules/auth/sign-in-page';
import { TotpEnrolPage } from '../modules/auth/totp-enrol-page';
import { TotpPage } from '../modules/auth/totp-page';
import { NotificationsProvider } from '../modules/notifications/notifications-context';
import { Loading } from '../ui/loading';
import { ErrorBoundary } from './error-boundary';
import { I18nProvider, useT } from './i18n';
import { QuickExitButton } from './quick-exit-button';
import { RouteView } from './routes';
import { navigate, useLocation } from './router';
import { SessionProvider, useSession, type SessionState } from './session';
import { Shell } from './shell';

// Loaded on demand: only new accounts see it, and it brings the shared password rules.
const ForcedPasswordPage = lazy(() => import('../modules/auth/password-page').then((m) => ({ default: m.ForcedPasswordPage })));

const SIGN_IN_PATH = '/sign-in';
// Where the person was going before sign-in; memory only.
let intendedPath: string | null = null;

function isComplete(state: SessionState): boolean {
  return state.status === 'active' && state.session.stage === 'complete' && !state.session.user.mustChangePassword;
}

function useSignInAddress(state: SessionState, path: string, search: string): void {
  const complete = isComplete(state);
  const loading = state.status === 'loading';
  useEffect(() => {
    if (loading) return;
    if (!complete && path !== SIGN_IN_PATH) {
      if (state.status === 'anonymous' && state.notice === null) intendedPath = path + search;
      navigate(SIGN_IN_PATH, { replace: true });
    } else if (complete && path === SIGN_IN_PATH) {
      const next = intendedPath ?? '/';
      intendedPath = null;
      navigate(next, { replace: true });
    }
  }, [complete, loading, path, search, state]);
}

function Screens() {
  const t = useT();
  const { state } = useSession();
  const { path, search } = useLocation();
  const query = search.toString();
  useSignInAddress(state, path, query ? `?${query}` : '');

  if (state.status === 'loading') {
    return (
      <main id="main" className="app-main app-main--centred">
        <Loading label={t('app.loading')} />
      </main>
    );
  }
  if (state.status === 'anonymous') {
    return (
      <AuthLayout>
        <SignInPage notice={state.notice} />
      </AuthLayout>
    );
  }
  const { session } = state;
  if (session.stage === 'totp_required') return <AuthLayout><TotpPage /></AuthLayout>;
  if (session.stage === 'totp_enrolment_required') return <AuthLayout><TotpEnrolPage /></AuthLayout>;
  if (session.user.mustChangePassword) {
    return (
      <AuthLayout>
        <Suspense fallback={<Loading />}>
          <ForcedPasswordPage />
        </Suspense>
      </AuthLayout>
    );
  }
  return (
    <NotificationsProvider>
      <Shell>
        <ErrorBoundary key={path}>
          <RouteView path={path === SIGN_IN_PATH ? '/' : path} />
        </ErrorBoundary>
      </Shell>
    </NotificationsProvider>
  );
}

function SkipLink() {
  const t = useT();
  return (
    <a className="skip-link" href="#main">
      {t('app.skipToContent')}
    </a>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <SkipLink />
        <QuickExitButton />
        <ErrorBoundary>
          <Screens />
        </ErrorBoundary>
      </SessionProvider>
    </I18nProvider>
  );
}
