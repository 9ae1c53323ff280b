import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS } from '../../../core/alerts/response';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { alertClocks } from './alert-clocks';
import { DEFAULT_FILTERS, filtersFromSearch, OPEN_STATES, queryOf, searchOf } from './queue-filters';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

describe('queue filters in the address', () => {
  it('default to the open alerts, newest first, and write nothing for the defaults', () => {
    expect(filtersFromSearch(new URLSearchParams())).toEqual(DEFAULT_FILTERS);
    expect(DEFAULT_FILTERS).toMatchObject({ quick: 'open', sort: 'received', state: '', unknownSender: false });
    expect(searchOf(DEFAULT_FILTERS)).toBe('');
  });

  it('survive the round trip through the address', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      quick: 'locating' as const,
      severity: 'none',
      channel: 'twilio',
      areaId: '0b5f8a3e-7d2c-4f19-9a41-3c6e2b1d9f70',
      period: 'week' as const,
      unknownSender: true,
      sort: 'severity' as const,
    };
    expect(filtersFromSearch(new URLSearchParams(searchOf(filters)))).toEqual(filters);
  });

  it('fall back to the default for anything the page does not know (a hand-edited address)', () => {
    const filters = filtersFromSearch(new URLSearchParams('quick=everything&state=lost&severity=extreme&channel=pigeon&areaId=1%20OR%201&sort=random'));
    expect(filters).toEqual(DEFAULT_FILTERS);
  });

  it('ask the server for the open states on every view but "All", unless a state is chosen', () => {
    expect(queryOf(DEFAULT_FILTERS, NOW).state).toBe(OPEN_STATES.join(','));
    expect(queryOf({ ...DEFAULT_FILTERS, quick: 'mine' }, NOW)).toMatchObject({ state: OPEN_STATES.join(','), assignedTo: 'me' });
    expect(queryOf({ ...DEFAULT_FILTERS, quick: 'all' }, NOW).state).toBeUndefined();
    expect(queryOf({ ...DEFAULT_FILTERS, quick: 'open', state: 'dismissed' }, NOW).state).toBe('dismissed');
  });

  it('map each quick view and the period to the list filters', () => {
    expect(queryOf({ ...DEFAULT_FILTERS, quick: 'locating' }, NOW)).toMatchObject({ needsLocating: 'true', state: OPEN_STATES.join(',') });
    expect(queryOf({ ...DEFAULT_FILTERS, quick: 'escalated' }, NOW)).toMatchObject({ escalated: 'true' });
    expect(queryOf({ ...DEFAULT_FILTERS, period: 'day' }, NOW).from).toBe(minutesAgo(24 * 60));
    expect(queryOf({ ...DEFAULT_FILTERS, unknownSender: true, sort: 'severity' }, NOW)).toMatchObject({ unknownSender: 'true', sort: 'severity' });
  });
});

function alert(overrides: Partial<AlertSummary>): AlertSummary {
  return {
    id: '5d0c7a55-2f4e-4b8e-9c1d-0a6b3e8f2c11',
    reference: 'A-TEST22',
    channel: 'generic',
    channelId: null,
    state: 'new',
    severity: 'high',
    focalPointId: null,
    unknownSender: true,
    areaId: null,
    areaSource: null,
    hasLocation: false,
    categories: [],
    peopleAtRisk: null,
    perpetratorType: null,
    warnings: [],
    observedAt: null,
    receivedAt: minutesAgo(100),
    needsLocating: true,
    assignedUserId: null,
    assignedTeam: null,
    lock: null,
    mergedIntoId: null,
    acknowledgedAt: null,
    verifiedAt: null,
    respondedAt: null,
    closedAt: null,
    escalationLevel: 0,
    incidentId: null,
    version: 1,
    ...overrides,
  };
}

describe('response clocks of an alert', () => {
  // High: acknowledge 30 min, verify 120 min, respond 720 min.
  const high = DEFAULT_TARGETS.high;

  it('say met, late, running or overdue against the target of the severity', () => {
    const clocks = alertClocks(alert({ receivedAt: minutesAgo(200), acknowledgedAt: minutesAgo(180), verifiedAt: minutesAgo(10) }), high, NOW);
    expect(clocks.map((c) => [c.stage, c.status])).toEqual([
      ['acknowledge', 'met'],
      ['verify', 'late'],
      ['respond', 'running'],
    ]);
    expect(clocks[0]).toMatchObject({ elapsedMs: 20 * 60_000, marginMs: -10 * 60_000 });
    expect(clocks[1]).toMatchObject({ elapsedMs: 190 * 60_000, marginMs: 70 * 60_000 });
    expect(clocks[2]).toMatchObject({ elapsedMs: 200 * 60_000, marginMs: -520 * 60_000 });
  });

  it('count a still-running clock past its target as overdue, by how much', () => {
    const [acknowledge] = alertClocks(alert({}), high, NOW);
    expect(acknowledge).toMatchObject({ stage: 'acknowledge', status: 'overdue', marginMs: 70 * 60_000 });
  });

  it('stop the clocks that never ran when the alert was dismissed, merged or closed', () => {
    const clocks = alertClocks(alert({ state: 'dismissed', acknowledgedAt: minutesAgo(95) }), high, NOW);
    expect(clocks.map((c) => c.status)).toEqual(['met', 'stopped', 'stopped']);
  });
});
