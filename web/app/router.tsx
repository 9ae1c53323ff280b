/**
 * A small router on the History API: the path is the state, links push entries, the
 * back button pops them. No package needed for a handful of flat routes.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
let navigations = 0;

function notify(): void {
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    navigations += 1;
    notify();
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => window.location.pathname + window.location.search;

/** Goes to a path inside the app; replace avoids a new history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  navigations += 1;
  window.scrollTo(0, 0);
  notify();
}

/** How many times the app changed page since it loaded: 0 on the first page. */
export const navigationCount = (): number => navigations;

export interface Location {
  path: string;
  search: URLSearchParams;
}

/** The current path (without a trailing slash) and query; re-renders when they change. */
export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot, () => '/');
  const url = new URL(current, window.location.origin);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  return { path, search: url.searchParams };
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link that changes page without reloading; modified clicks still open a new tab. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const { path } = useLocation();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} aria-current={path === to ? 'page' : undefined} onClick={handleClick} {...rest} />;
}
