import type { ReactNode } from 'react';

/** What an empty list means and what to do about it. */
export function EmptyState({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state">
      <p>{children}</p>
      {actions ? <div className="empty-state__actions">{actions}</div> : null}
    </div>
  );
}
