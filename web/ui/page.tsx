import { useEffect, useRef, type ReactNode } from 'react';
import { navigationCount } from '../app/router';

export interface PageProps {
  title: string;
  intro?: ReactNode;
  /** Buttons beside the title, such as "New user". */
  actions?: ReactNode;
  children: ReactNode;
  /** Narrow column for forms read on phones (sign-in, password). */
  narrow?: boolean;
}

/**
 * A page with its heading. After a change of page the heading takes the focus, so screen
 * reader users hear where they are. The tab title never changes: it stays 'Weft' (DEV-2).
 */
export function Page({ title, intro, actions, children, narrow }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (navigationCount() > 0) heading.current?.focus();
  }, []);
  return (
    <div className={narrow ? 'page page--narrow' : 'page'}>
      <div className="page__header">
        <h1 ref={heading} tabIndex={-1} className="page__title">
          {title}
        </h1>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </div>
      {intro ? <p className="page__intro">{intro}</p> : null}
      {children}
    </div>
  );
}
