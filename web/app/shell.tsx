/** The frame of every signed-in page: brand, language, main menu, content, footer. */
import type { ReactNode } from 'react';
import { useNotifications } from '../modules/notifications/notifications-context';
import { DESTINATIONS } from './destinations';
import { useI18n } from './i18n';
import { LanguageSwitcher } from './language-switcher';
import { Link } from './router';
import { useSession } from './session';

function NavLabel({ path, label }: { path: string; label: string }) {
  const { t } = useI18n();
  const { unreadCount } = useNotifications();
  if (path !== '/notifications' || unreadCount === 0) return <>{label}</>;
  return (
    <>
      <span aria-hidden="true">{label}</span>
      <span className="count-badge" aria-hidden="true" data-testid="notifications-count">
        {unreadCount}
      </span>
      <span className="visually-hidden">{t('nav.notificationsUnread', { count: unreadCount })}</span>
    </>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { can, signOut, config } = useSession();
  const reachable = DESTINATIONS.filter((destination) => !destination.permission || can(destination.permission));
  return (
    <div className="shell">
      <header className="app-header">
        <div className="app-header__bar">
          <Link to="/" className="brand" data-testid="nav-brand">
            {t('app.name')}
          </Link>
          <LanguageSwitcher />
        </div>
        <nav className="app-nav" aria-label={t('nav.main')}>
          <ul>
            <li>
              <Link to="/" data-testid="nav-home">
                {t('nav.home')}
              </Link>
            </li>
            {reachable.map((destination) => (
              <li key={destination.path}>
                <Link to={destination.path} data-testid={destination.testId}>
                  <NavLabel path={destination.path} label={t(destination.label)} />
                </Link>
              </li>
            ))}
            <li>
              <button type="button" className="app-nav__sign-out" onClick={() => void signOut()} data-testid="sign-out">
                {t('nav.signOut')}
              </button>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
      <footer className="app-footer">{config?.version ? t('app.version', { version: config.version }) : t('app.name')}</footer>
    </div>
  );
}
