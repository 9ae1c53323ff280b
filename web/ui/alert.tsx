import type { ReactNode } from 'react';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons or links that resolve the situation (try again, go back). */
  actions?: ReactNode;
  testId?: string;
}

/** A message box: errors interrupt screen readers (role="alert"), the rest wait (role="status"). */
export function Alert({ tone = 'info', title, children, actions, testId }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {title ? <p className="alert__title">{title}</p> : null}
      {children ? <div className="alert__body">{children}</div> : null}
      {actions ? <div className="alert__actions">{actions}</div> : null}
    </div>
  );
}
