import type { ReactNode } from 'react';
import { useT } from '../../app/i18n';
import { LanguageSwitcher } from '../../app/language-switcher';

/** The frame of the sign-in steps: brand and language only, nothing about the person yet. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="auth-layout">
      <header className="app-header">
        <div className="app-header__bar">
          <span className="brand">{t('app.name')}</span>
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="app-main auth-layout__main">
        {children}
      </main>
    </div>
  );
}
