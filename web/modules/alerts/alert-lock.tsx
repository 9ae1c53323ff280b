/**
 * The edit lock of an alert, so two officers do not work the same alert: taken when the page
 * opens (if nobody else holds it), renewed every few minutes while the page stays open, and
 * released when the officer leaves, by navigating in the app or by closing the tab (pagehide;
 * taken again if the browser brings the page back from its back/forward cache). When someone
 * else holds it, the page says who and until when, and its actions wait; once that lock runs
 * out the officer may take it.
 *
 * testids: alert-lock-banner (data-lock="mine|other|free"), alert-lock-take, alert-lock-release,
 * alert-lock-check
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LOCK_MINUTES } from '../../../core/alerts/triage';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { isApiError } from '../../app/api';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { lockAlert, unlockAlert } from './api';

type Lock = AlertSummary['lock'];

/** Renew well before the lock's end, so a slow network never lets it lapse while the page is open. */
const RENEW_MS = Math.max(1, LOCK_MINUTES - 7) * 60_000;

export interface AlertLockState {
  lock: Lock;
  mine: boolean;
  /** Someone else's lock, still live at `now`: actions wait. */
  blocked: boolean;
  busy: boolean;
  /** The first attempt to take the lock has answered (or someone else held it). */
  settled: boolean;
  error: unknown;
  take: () => Promise<void>;
  release: () => Promise<void>;
  /** Reads the alert again: has the other officer finished? */
  check: () => void;
}

/**
 * Gives the lock back while the page goes away (tab closed, browser left). A closing page runs
 * no React cleanup, and a normal request would be cancelled with it: a keepalive fetch outlives
 * the page. Not sendBeacon: it can only POST and cannot carry the session's X-CSRF-Token, which
 * the DELETE needs (web/app/api.ts sends it on every change). Best effort: the lock runs out by
 * itself after LOCK_MINUTES anyway.
 */
export function releaseLockOnExit(alertId: string, csrfToken: string | null, send: typeof fetch = fetch): void {
  try {
    void send(`/api/alerts/${encodeURIComponent(alertId)}/lock`, {
      method: 'DELETE',
      keepalive: true,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
    }).catch(() => undefined);
  } catch {
    // a browser without keepalive: the lock expires by itself
  }
}

/** Lock handling for one alert; `refresh` re-reads the alert when the server says someone else holds it. */
export function useAlertLock(alertId: string, initial: Lock, me: string | null, now: number, refresh: () => void): AlertLockState {
  const [lock, setLock] = useState<Lock>(initial);
  const [busy, setBusy] = useState(false);
  // Until the first attempt answers, the page does not claim that nobody holds the lock.
  const [settled, setSettled] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const held = useRef(false);
  const alive = useRef(true);
  // Read when the page goes away, so the latest token, not the one of the first render.
  const csrfToken = useRef<string | null>(null);
  csrfToken.current = useSession().session?.csrfToken ?? null;

  // The alert as read again (after a write) carries the lock the server knows.
  useEffect(() => setLock(initial), [initial?.userId, initial?.until]);

  const take = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await lockAlert(alertId);
      if (!alive.current) {
        // The officer left while the lock was being taken: give it straight back.
        void unlockAlert(alertId).catch(() => undefined);
        return;
      }
      setLock(answer.lock);
      held.current = true;
    } catch (caught) {
      held.current = false;
      if (isApiError(caught) && caught.code === 'alerts.locked') refresh();
      else setError(caught);
    } finally {
      setBusy(false);
      setSettled(true);
    }
  }, [alertId, refresh]);

  const release = useCallback(async () => {
    setBusy(true);
    try {
      await unlockAlert(alertId);
      held.current = false;
      setLock(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, [alertId]);

  // On open: take the lock unless someone else holds a live one. On leave: give it back.
  useEffect(() => {
    alive.current = true;
    const otherHolds = initial !== null && initial.userId !== me && Date.parse(initial.until) > Date.now();
    if (otherHolds) setSettled(true);
    else void take();
    return () => {
      alive.current = false;
      if (held.current) void unlockAlert(alertId).catch(() => undefined); // it expires by itself anyway
      held.current = false;
    };
  }, [alertId]);

  // Closing the tab: give the lock back. Back from the back/forward cache: take it again.
  useEffect(() => {
    let releasedOnHide = false;
    const onPageHide = () => {
      if (!held.current) return;
      held.current = false;
      releasedOnHide = true;
      releaseLockOnExit(alertId, csrfToken.current);
    };
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted || !releasedOnHide || !alive.current) return;
      releasedOnHide = false;
      void take();
    };
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
    };
  }, [alertId, take]);

  // While the page is open, keep the lock.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (held.current) void lockAlert(alertId).then((answer) => setLock(answer.lock), () => (held.current = false));
    }, RENEW_MS);
    return () => window.clearInterval(timer);
  }, [alertId]);

  const live = lock !== null && Date.parse(lock.until) > now;
  const mine = live && lock.userId === me;
  return { lock: live ? lock : null, mine, blocked: live && !mine, busy, settled, error, take, release, check: refresh };
}

export function LockBanner({ state, holderName }: { state: AlertLockState; holderName: string | null }) {
  const { t, lang } = useI18n();
  const until = state.lock ? formatDateTime(lang, state.lock.until) : '';
  const kind = state.mine ? 'mine' : state.blocked ? 'other' : 'free';
  if (!state.settled && !state.blocked) return null;
  return (
    <div data-testid="alert-lock-banner" data-lock={kind}>
      <Alert tone={state.blocked ? 'warning' : 'info'}>
        <div className="alert-lock-banner">
          <span>
            {state.mine
              ? t('alert.lock.mine', { until })
              : state.blocked
                ? t('alert.lock.other', { name: holderName ?? t('alerts.someone'), until })
                : t('alert.lock.free')}
          </span>
          {state.mine ? (
            <Button variant="quiet" busy={state.busy} onClick={() => void state.release()} testId="alert-lock-release">
              {t('alert.lock.release')}
            </Button>
          ) : !state.blocked ? (
            <Button busy={state.busy} onClick={() => void state.take()} testId="alert-lock-take">
              {t('alert.lock.take')}
            </Button>
          ) : (
            <Button onClick={state.check} testId="alert-lock-check">
              {t('alert.lock.check')}
            </Button>
          )}
        </div>
      </Alert>
      {state.error ? <Alert tone="error">{describeError(state.error, t)}</Alert> : null}
    </div>
  );
}
