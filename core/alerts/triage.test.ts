import { describe, expect, it } from 'vitest';
import { ALERT_STATES } from '../schemas/alerts';
import { ALERT_TRANSITIONS, canMerge, canTransition, isLockLive, lockBlocks, lockExpiry, LOCK_MINUTES, nextStates, transitionEffects, type AlertClocks, type AlertState } from './triage';

/** The allowed pairs, written out once more by hand: the table must match the rules. */
const ALLOWED = new Set([
  'new>acknowledged', 'new>verifying', 'new>dismissed', 'new>closed',
  'acknowledged>verifying', 'acknowledged>verified', 'acknowledged>dismissed', 'acknowledged>closed',
  'verifying>verified', 'verifying>dismissed',
  'verified>closed',
  'dismissed>new',
  'closed>verifying',
]);

const PAIRS = ALERT_STATES.flatMap((from) => ALERT_STATES.map((to) => [from, to] as const));

describe('alert transitions', () => {
  it('covers all 49 pairs of the 7 states', () => {
    expect(ALERT_STATES).toHaveLength(7);
    expect(PAIRS).toHaveLength(49);
  });

  it.each(PAIRS)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('never reaches or leaves duplicate by a plain transition', () => {
    for (const state of ALERT_STATES) {
      expect(canTransition(state, 'duplicate')).toBe(false);
      expect(canTransition('duplicate', state)).toBe(false);
    }
    expect(ALERT_TRANSITIONS.duplicate).toEqual([]);
  });

  it('refuses unknown states and same-state moves', () => {
    expect(canTransition('new', 'escalated')).toBe(false);
    expect(canTransition('archived', 'new')).toBe(false);
    for (const state of ALERT_STATES) expect(canTransition(state, state)).toBe(false);
    expect(nextStates('archived')).toEqual([]);
    expect(nextStates('verified')).toEqual(['closed']);
  });

  it('lets any alert but a duplicate be merged', () => {
    expect(ALERT_STATES.filter((s) => canMerge(s))).toEqual(['new', 'acknowledged', 'verifying', 'verified', 'dismissed', 'closed']);
    expect(canMerge('archived')).toBe(false);
  });
});

describe('transition effects on the clocks', () => {
  const t0 = new Date('2026-03-01T08:00:00Z');
  const t1 = new Date('2026-03-01T09:00:00Z');
  const none = { acknowledgedAt: null, verifiedAt: null, closedAt: null };
  const allowed = PAIRS.filter(([from, to]) => canTransition(from, to));

  it.each(allowed)('%s → %s sets acknowledgedAt exactly when leaving new', (from, to) => {
    const effects = transitionEffects(from, to, t1, none);
    expect(effects.acknowledgedAt).toEqual(from === 'new' ? t1 : null);
    expect(effects.verifiedAt).toEqual(to === 'verified' ? t1 : null);
    expect(effects.closedAt).toEqual(to === 'closed' || to === 'dismissed' ? t1 : null);
  });

  it.each(allowed)('%s → %s never overwrites a first acknowledgement or verification', (from, to) => {
    const effects = transitionEffects(from, to, t1, { acknowledgedAt: t0, verifiedAt: t0, closedAt: null });
    expect(effects.acknowledgedAt).toEqual(t0);
    expect(effects.verifiedAt).toEqual(t0);
  });

  it('clears closedAt on reopening, and keeps it on other moves', () => {
    expect(transitionEffects('dismissed', 'new', t1, { ...none, closedAt: t0 }).closedAt).toBeNull();
    expect(transitionEffects('closed', 'verifying', t1, { ...none, closedAt: t0 }).closedAt).toBeNull();
    expect(transitionEffects('verified', 'closed', t1, { ...none, closedAt: t0 }).closedAt).toEqual(t1);
    expect(transitionEffects('acknowledged', 'verifying', t1, none).closedAt).toBeNull();
  });

  it('stops the clock on merging and restarts it on unmerging', () => {
    const merged = transitionEffects('new', 'duplicate', t1, none);
    expect(merged).toEqual({ acknowledgedAt: t1, verifiedAt: null, closedAt: t1 });
    const unmerged = transitionEffects('duplicate', 'new', new Date('2026-03-01T10:00:00Z'), merged);
    expect(unmerged).toEqual({ acknowledgedAt: t1, verifiedAt: null, closedAt: null });
  });

  it('walks a whole life: first times kept through a reopening', () => {
    let clocks: AlertClocks = { ...none };
    let state: AlertState = 'new';
    const at = (h: number) => new Date(Date.UTC(2026, 2, 1, h));
    const path: AlertState[] = ['acknowledged', 'verified', 'closed', 'verifying', 'verified', 'closed'];
    path.forEach((to, i) => {
      expect(canTransition(state, to)).toBe(true);
      clocks = transitionEffects(state, to, at(i + 1), clocks);
      state = to;
    });
    expect(clocks).toEqual({ acknowledgedAt: at(1), verifiedAt: at(2), closedAt: at(6) });
  });
});

describe('edit lock', () => {
  const now = new Date('2026-03-01T08:00:00Z');
  const later = new Date(now.getTime() + 60_000);
  const earlier = new Date(now.getTime() - 1);

  it('blocks only someone else, only while live', () => {
    expect(lockBlocks({ lockedBy: 'u1', lockedUntil: later }, 'u2', now)).toBe(true);
    expect(lockBlocks({ lockedBy: 'u1', lockedUntil: later }, 'u1', now)).toBe(false);
    expect(lockBlocks({ lockedBy: 'u1', lockedUntil: earlier }, 'u2', now)).toBe(false);
    expect(lockBlocks({ lockedBy: 'u1', lockedUntil: now }, 'u2', now)).toBe(false);
    expect(lockBlocks({ lockedBy: null, lockedUntil: null }, 'u2', now)).toBe(false);
    expect(isLockLive({ lockedBy: 'u1', lockedUntil: later }, now)).toBe(true);
    expect(isLockLive({ lockedBy: null, lockedUntil: later }, now)).toBe(false);
  });

  it('lasts LOCK_MINUTES', () => {
    expect(LOCK_MINUTES).toBe(10);
    expect(lockExpiry(now).getTime() - now.getTime()).toBe(10 * 60_000);
  });
});
