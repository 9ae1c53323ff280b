/**
 * Triage of community alerts (issue 4 part 3): which state may follow which, the clocks each
 * change stops, and the edit lock. Pure, so the server and the browser agree on what an
 * officer may do next.
 *
 *   new          → acknowledged, verifying, dismissed, closed
 *   acknowledged → verifying, verified, dismissed, closed
 *   verifying    → verified, dismissed
 *   verified     → closed
 *   dismissed    → new (reopen)
 *   closed       → verifying (reopen)
 *   duplicate is reached only by merging into another alert, and left only by unmerging (→ new).
 */
import { ALERT_STATES } from '../schemas/alerts';

export type AlertState = (typeof ALERT_STATES)[number];

/** The plain transitions. `duplicate` is reached and left only through merge and unmerge. */
export const ALERT_TRANSITIONS: Readonly<Record<AlertState, readonly AlertState[]>> = {
  new: ['acknowledged', 'verifying', 'dismissed', 'closed'],
  acknowledged: ['verifying', 'verified', 'dismissed', 'closed'],
  verifying: ['verified', 'dismissed'],
  verified: ['closed'],
  dismissed: ['new'],
  closed: ['verifying'],
  duplicate: [],
};

/** Why an alert was dismissed; kept in the event's details (never free text: AUD-1, MIN-1). */
export const ALERT_DISMISS_REASONS = ['not_credible', 'out_of_scope', 'insufficient_information', 'test_or_error', 'other'] as const;
export type AlertDismissReason = (typeof ALERT_DISMISS_REASONS)[number];

/** How long an edit lock lasts after it is taken or renewed. */
export const LOCK_MINUTES = 10;

const isState = (value: string): value is AlertState => (ALERT_STATES as readonly string[]).includes(value);

/** May an alert in `from` go to `to` by a plain transition? Denies anything unknown. */
export function canTransition(from: string, to: string): boolean {
  if (!isState(from) || !isState(to)) return false;
  return ALERT_TRANSITIONS[from].includes(to);
}

/** The states an alert in `from` may go to next, for the actions a page offers. */
export function nextStates(from: string): readonly AlertState[] {
  return isState(from) ? ALERT_TRANSITIONS[from] : [];
}

/** May an alert in `state` be merged into another as its duplicate? */
export const canMerge = (state: string): boolean => isState(state) && state !== 'duplicate';

/** The clocks an alert row keeps (time-to-acknowledge, -verify and the end of its life). */
export interface AlertClocks {
  acknowledgedAt: Date | null;
  verifiedAt: Date | null;
  closedAt: Date | null;
}

/** States that take an alert off the working queue: its closedAt is when it got there. */
const ENDING_STATES: readonly string[] = ['closed', 'dismissed', 'duplicate'];

/**
 * The clocks after a change from `from` to `to` at `now` (a transition, or a merge to
 * `duplicate`, or an unmerge back to `new`):
 * - acknowledgedAt: the first time the alert leaves `new`, whatever the target;
 * - verifiedAt: the first time it reaches `verified`;
 * - closedAt: when it reaches closed, dismissed or duplicate; cleared when it is reopened.
 * A set acknowledgedAt or verifiedAt is never overwritten: the time-to figures measure the
 * first time (an alert reopened and verified again keeps its first verification).
 */
export function transitionEffects(from: string, to: string, now: Date, row: AlertClocks): AlertClocks {
  return {
    acknowledgedAt: row.acknowledgedAt ?? (from === 'new' && to !== 'new' ? now : null),
    verifiedAt: row.verifiedAt ?? (to === 'verified' ? now : null),
    closedAt: ENDING_STATES.includes(to) ? now : ENDING_STATES.includes(from) ? null : row.closedAt,
  };
}

/** An edit lock as a row holds it. */
export interface AlertLock {
  lockedBy: string | null;
  lockedUntil: Date | null;
}

/** Is the lock still live at `now`? An expired lock is free for anyone. */
export const isLockLive = (lock: AlertLock, now: Date): boolean =>
  lock.lockedBy !== null && lock.lockedUntil !== null && lock.lockedUntil.getTime() > now.getTime();

/**
 * Does the lock stop `actorUserId` writing the alert at `now`? Only someone else's live lock
 * does; writing never requires holding the lock.
 */
export const lockBlocks = (lock: AlertLock, actorUserId: string, now: Date): boolean => isLockLive(lock, now) && lock.lockedBy !== actorUserId;

/** When a lock taken or renewed at `now` ends. */
export const lockExpiry = (now: Date): Date => new Date(now.getTime() + LOCK_MINUTES * 60_000);
