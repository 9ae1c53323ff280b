/**
 * The clinical clock (issue 3 part 5), one component for incident, case and referral pages:
 * hours since the incident and the PEP (72 h) and emergency contraception (120 h) windows.
 * The server computes the clock; between reloads it moves on here from the windows' closing
 * times, never overstating the time left (the earliest possible closing counts). State is
 * always said in words, colour only repeats it. Class names are prefixed `cc-` so no page's
 * CSS can restyle them once loaded (the app is a single page).
 *
 * testids: clinical-clock (badge, or the panel by default), clinical-clock-elapsed,
 * clinical-window-<pep|emergency_contraception>[-state]
 */
import { useEffect, useState } from 'react';
import type { ClinicalClockView } from '../../core/schemas/clinical';
import { useI18n } from '../app/i18n';
import './clinical-clock.css';

type Window = ClinicalClockView['windows'][number];
const HOUR = 3_600_000;

/** The current time, refreshed every minute, so the hours left keep falling while a page is open. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** When the clock was read from the server: given by the page, else when the component mounted. */
function useLoadedAt(loadedAt: number | undefined): number {
  const [mounted] = useState(() => Date.now());
  return loadedAt ?? mounted;
}

/** A window as it stands at `now`, from when it closes (earliest and latest possible). */
export function windowAt(window: Window, now: number): Window {
  if (!window.closes || window.state === 'not_applicable' || window.state === 'unknown') return window;
  const earliest = Date.parse(window.closes.earliest);
  const latest = Date.parse(window.closes.latest);
  if (Number.isNaN(earliest) || Number.isNaN(latest)) return window;
  if (now >= latest) return { ...window, state: 'closed', hoursLeft: null, assessNow: false };
  return {
    ...window,
    state: now < earliest ? 'open' : 'possibly_open',
    hoursLeft: { atLeast: Math.max(0, earliest - now) / HOUR, atMost: (latest - now) / HOUR },
    assessNow: true,
  };
}

/** The clock at `now`: windows moved on, elapsed hours grown by the time since the page loaded. */
export function clockAt(clock: ClinicalClockView, loadedAt: number, now: number): ClinicalClockView {
  const drift = Math.max(0, now - loadedAt) / HOUR;
  return {
    elapsedHours: clock.elapsedHours && { atLeast: clock.elapsedHours.atLeast + drift, atMost: clock.elapsedHours.atMost + drift },
    windows: clock.windows.map((w) => windowAt(w, now)),
  };
}

const URGENCY = { open: 0, possibly_open: 0, unknown: 1, closed: 2, not_applicable: 3 } as const;

/** The window that needs attention first; the same order as core's sortByClinicalUrgency. */
export function mostUrgent(clock: ClinicalClockView): Window | null {
  let best: Window | null = null;
  for (const w of clock.windows) {
    if (!best) best = w;
    else {
      const rank = URGENCY[w.state] - URGENCY[best.state];
      if (rank < 0 || (rank === 0 && w.hoursLeft && best.hoursLeft && w.hoursLeft.atLeast < best.hoursLeft.atLeast)) best = w;
    }
  }
  return best;
}

/** Hours left in the most urgent window still open (for sorting), or Infinity. */
export function hoursLeftOf(clock: ClinicalClockView | null | undefined): number {
  if (!clock) return Number.POSITIVE_INFINITY;
  const left = clock.windows.filter((w) => w.assessNow).map((w) => (w.state === 'unknown' ? 0 : (w.hoursLeft?.atLeast ?? 0)));
  return left.length ? Math.min(...left) : Number.POSITIVE_INFINITY;
}

function useHoursLeft() {
  const { t, tp } = useI18n();
  return (window: Window): string | null => {
    if (!window.hoursLeft) return null;
    const min = Math.floor(window.hoursLeft.atLeast);
    const max = Math.floor(window.hoursLeft.atMost);
    return min === max ? tp('clock.hoursLeft', min) : t('clock.hoursLeftRange', { min, max });
  };
}

function StateBadge({ window, testId }: { window: Window; testId?: string | undefined }) {
  const { t } = useI18n();
  return (
    <span className={`cc-state cc-state--${window.state}`} data-testid={testId} data-state={window.state}>
      <span aria-hidden="true" className="cc-state__mark" />
      {t(`clock.state.${window.state}`)}
    </span>
  );
}

export interface ClinicalClockPanelProps {
  clock: ClinicalClockView;
  /** When the page read the clock (Date.now()); defaults to when the panel mounted. */
  loadedAt?: number;
  /** False once medical care is no longer this page's to arrange (a delivered or closed referral). */
  advise?: boolean;
  testId?: string;
}

/** The full clock, for incident, case and referral pages: elapsed hours and both windows. */
export function ClinicalClockPanel({ clock, loadedAt, advise = true, testId = 'clinical-clock' }: ClinicalClockPanelProps) {
  const { t, tp } = useI18n();
  const now = useNow();
  const live = clockAt(clock, useLoadedAt(loadedAt), now);
  const hoursLeft = useHoursLeft();
  const elapsed = live.elapsedHours;
  const urgent = live.windows.some((w) => w.assessNow);
  let elapsedText = t('clock.elapsedUnknown');
  if (elapsed) {
    const min = Math.floor(elapsed.atLeast);
    const max = Math.ceil(elapsed.atMost);
    elapsedText = max - min <= 1 ? tp('clock.elapsed', min) : t('clock.elapsedRange', { min, max });
  }
  return (
    <section className={urgent && advise ? 'panel cc-panel cc-panel--urgent' : 'panel cc-panel'} aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 id={`${testId}-title`}>{t('clock.title')}</h2>
      <p className="cc-panel__elapsed" data-testid="clinical-clock-elapsed">
        {elapsedText}
      </p>
      <ul className="cc-panel__windows">
        {live.windows.map((w) => (
          <li key={w.kind} className="cc-panel__window" data-testid={`clinical-window-${w.kind}`}>
            <span className="cc-panel__window-name">{t(`clock.${w.kind}`)}</span>
            <StateBadge window={w} testId={`clinical-window-${w.kind}-state`} />
            {hoursLeft(w) ? <strong className="cc-panel__left">{hoursLeft(w)}</strong> : null}
          </li>
        ))}
      </ul>
      {!advise ? null : live.windows.some((w) => w.state === 'unknown') ? (
        <p className="cc-panel__advice">{t('clock.unknownAdvice')}</p>
      ) : urgent ? (
        <p className="cc-panel__advice">{t('clock.assess')}</p>
      ) : null}
    </section>
  );
}

/** One line for lists: the most urgent window, its state in words and the hours left. */
export function ClinicalClockBadge({
  clock,
  loadedAt,
  testId = 'clinical-clock',
}: {
  clock: ClinicalClockView | null | undefined;
  loadedAt?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  const now = useNow();
  const since = useLoadedAt(loadedAt);
  const hoursLeft = useHoursLeft();
  const window = clock ? mostUrgent(clockAt(clock, since, now)) : null;
  if (!window) return <span className="muted">{t('clock.state.not_applicable')}</span>;
  const left = hoursLeft(window);
  return (
    <span className="cc-badge" data-testid={testId}>
      <span className="cc-badge__name">{t(`clock.${window.kind}.short`)}</span>
      <StateBadge window={window} />
      {left ? <strong>{left}</strong> : null}
    </span>
  );
}
