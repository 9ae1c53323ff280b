/**
 * DEV-2: quick exit replaces the page with a neutral one at once, ends the session and
 * drops what the app holds in memory. It works without React, so a rendering failure
 * cannot take it away.
 */
import { setCsrfToken } from './api';

let quickExitUrl = '/weather';
let leaving = false;
const clearers = new Set<() => void>();

/** Accepts a same-origin path or an http(s) address from the server's configuration. */
export function setQuickExitUrl(url: string): void {
  if (url.startsWith('/') && !url.startsWith('//')) {
    quickExitUrl = url;
    return;
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') quickExitUrl = parsed.href;
  } catch {
    // keep the default neutral page
  }
}

/** Registers something to wipe on quick exit; returns the function that unregisters it. */
export function onQuickExit(clear: () => void): () => void {
  clearers.add(clear);
  return () => {
    clearers.delete(clear);
  };
}

/** Leaves now: wipe memory, end the session without waiting, and go to the neutral page. */
export function quickExit(): void {
  if (leaving) return;
  leaving = true;
  for (const clear of clearers) {
    try {
      clear();
    } catch {
      // keep leaving whatever happens
    }
  }
  setCsrfToken(null);
  document.title = 'Weft';
  try {
    // A beacon cannot carry the CSRF header; the server accepts this logout without it.
    navigator.sendBeacon('/api/auth/logout');
  } catch {
    // the server's idle timeout ends the session anyway
  }
  window.location.replace(quickExitUrl);
}

/** Pressing Escape twice within one second leaves (DEV-2 shortcut). Returns the uninstaller. */
export function installQuickExitShortcut(target: Window = window): () => void {
  let lastEscape = -Infinity;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.repeat) return;
    const now = event.timeStamp || performance.now();
    if (now - lastEscape <= 1000) quickExit();
    else lastEscape = now;
  };
  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => target.removeEventListener('keydown', onKeyDown, { capture: true });
}
