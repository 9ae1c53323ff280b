/**
 * The frame of every signed-in page: brand, language, main menu, content, footer.
 * On a phone (and narrow windows) the menu folds behind a button so the page starts on the
 * first screen; quick exit is rendered apart (app.tsx) and stays on screen whatever the menu.
 * testids: nav-brand, nav-menu (the button, phone only), nav-home, nav-<destination>, sign-out
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useNotifications } from '../modules/notifications/notifications-context';
import { DESTINATIONS } from './destinations';
import { useI18n } from './i18n';
import { LanguageSwitcher } from './language-switcher';
import { Link, useLocation } from './router';
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

/** Open/closed state of the folded menu: closes on Escape (focus back to the button) and on a change of page. */
function useFoldedMenu() {
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(path);
  const button = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);
  // A new page closes the menu (state derived during render, no effect needed).
  if (open && openedAt !== path) setOpen(false);
  useEffect(() => {
    if (!open) return;
    // Opening moves focus into the menu, to its first link.
    nav.current?.querySelector<HTMLElement>('a, button')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  const toggle = () => {
    setOpenedAt(path);
    setOpen((o) => !o);
  };
  return { open, toggle, close: () => setOpen(false), button, nav };
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { can, signOut, config } = useSession();
  const reachable = DESTINATIONS.filter((destination) => !destination.permission || can(destination.permission));
  const menu = useFoldedMenu();
  const navId = useId();
  return (
    <div className="shell">
      <header className="app-header">
        <div className="app-header__bar">
          <Link to="/" className="brand" data-testid="nav-brand">
            {t('app.name')}
          </Link>
          <div className="app-header__tools">
            <button
              type="button"
              ref={menu.button}
              className="app-nav__toggle"
              aria-expanded={menu.open}
              aria-controls={navId}
              onClick={menu.toggle}
              data-testid="nav-menu"
            >
              <span className="app-nav__toggle-icon" aria-hidden="true" />
              {t('nav.menu')}
            </button>
            <LanguageSwitcher />
          </div>
        </div>
        <nav id={navId} ref={menu.nav} className={menu.open ? 'app-nav app-nav--open' : 'app-nav'} aria-label={t('nav.main')}>
          <ul>
            <li>
              <Link to="/" data-testid="nav-home" onClick={menu.close}>
                {t('nav.home')}
              </Link>
            </li>
            {reachable.map((destination) => (
              <li key={destination.path}>
                <Link to={destination.path} data-testid={destination.testId} onClick={menu.close}>
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
