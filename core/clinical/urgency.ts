/**
 * Ordering of incidents by clinical urgency, for lists and dashboards: open windows first, the
 * least time left first (counted from the earliest possible incident time, so a window that may
 * already be closed comes before one with hours left: both need a clinician now); then unknown
 * dates (assess), then closed windows, then incidents where no window applies.
 */
import type { ClinicalClock, ClinicalWindow } from './clock';

const RANK = { open: 0, possibly_open: 0, unknown: 1, closed: 2, not_applicable: 3 } as const;

/** The most urgent window of a clock; null when it has none. */
export function mostUrgentWindow(clock: ClinicalClock): ClinicalWindow | null {
  let best: ClinicalWindow | null = null;
  for (const window of clock.windows) {
    if (best === null || compareWindows(window, best) < 0) best = window;
  }
  return best;
}

function compareWindows(a: ClinicalWindow, b: ClinicalWindow): number {
  const rank = RANK[a.state] - RANK[b.state];
  if (rank !== 0) return rank;
  if (a.hoursLeft && b.hoursLeft) return a.hoursLeft.atLeast - b.hoursLeft.atLeast || a.hoursLeft.atMost - b.hoursLeft.atMost;
  return 0;
}

/** Comparator for Array.prototype.sort: negative when a is more urgent than b. */
export function compareClinicalUrgency(a: ClinicalClock, b: ClinicalClock): number {
  const wa = mostUrgentWindow(a);
  const wb = mostUrgentWindow(b);
  if (!wa || !wb) return (wa ? 0 : 1) - (wb ? 0 : 1);
  return compareWindows(wa, wb);
}

/** A new array of the items, most urgent first; items of equal urgency keep their order. */
export function sortByClinicalUrgency<T>(items: readonly T[], clockOf: (item: T) => ClinicalClock): T[] {
  const clocks = new Map(items.map((item) => [item, clockOf(item)] as const));
  return [...items].sort((a, b) => compareClinicalUrgency(clocks.get(a)!, clocks.get(b)!));
}
