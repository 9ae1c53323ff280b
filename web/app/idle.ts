/**
 * SES-1 on the client: after the idle timeout without a key press, tap, click or scroll,
 * the app drops the session. While the person is active, the server's idle clock is kept
 * running by an occasional session check, so reading a long page does not sign them out.
 */
import { useEffect, useRef } from 'react';
import { api, lastServerContact } from './api';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll', 'input'] as const;
const CHECK_EVERY_MS = 5_000;

export function useIdleTimeout(timeoutSeconds: number | null, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (!timeoutSeconds || timeoutSeconds <= 0) return;
    const timeoutMs = timeoutSeconds * 1000;
    let lastActivity = Date.now();
    let pinging = false;
    const markActive = () => {
      lastActivity = Date.now();
    };
    const check = () => {
      const now = Date.now();
      if (now - lastActivity >= timeoutMs) {
        onIdleRef.current();
        return;
      }
      const sinceServer = now - lastServerContact();
      if (!pinging && lastActivity > lastServerContact() && sinceServer > timeoutMs / 2) {
        pinging = true;
        api
          .get('/api/auth/session')
          .catch(() => undefined) // a 401 here already sends the app to sign-in
          .finally(() => {
            pinging = false;
          });
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, markActive, { passive: true, capture: true });
    // Phones suspend timers in the background: check again as soon as the page is visible.
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, CHECK_EVERY_MS);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, markActive, { capture: true });
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, [timeoutSeconds]);
}
