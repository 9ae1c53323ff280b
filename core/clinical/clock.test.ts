import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clinicalWindows, type ClinicalClock, type IncidentTime, type WindowKind } from './clock';
import { thrownDomainError } from '../domain-error.testing';

const HOUR = 3_600_000;
const now = new Date('2024-05-12T12:00:00Z');
const hoursAgo = (h: number): IncidentTime => ({ precision: 'exact', at: new Date(now.getTime() - h * HOUR).toISOString() });
const win = (clock: ClinicalClock, kind: WindowKind) => clock.windows.find((w) => w.kind === kind)!;

const refusal = thrownDomainError;

describe('clinicalWindows: exact incident time', () => {
  it('10 hours after a rape: both windows open, with hours left and closing times', () => {
    const clock = clinicalWindows(hoursAgo(10), now, { type: 'rape' });
    expect(clock.elapsedHours).toEqual({ atLeast: 10, atMost: 10 });
    expect(win(clock, 'pep')).toEqual({
      kind: 'pep',
      limitHours: 72,
      state: 'open',
      hoursLeft: { atLeast: 62, atMost: 62 },
      closes: { earliest: '2024-05-15T02:00:00.000Z', latest: '2024-05-15T02:00:00.000Z' },
      assessNow: true,
    });
    expect(win(clock, 'emergency_contraception')).toMatchObject({ state: 'open', hoursLeft: { atLeast: 110, atMost: 110 } });
  });

  it('PEP closes at exactly 72 hours, emergency contraception at exactly 120', () => {
    expect(win(clinicalWindows(hoursAgo(71.99), now), 'pep').state).toBe('open');
    expect(win(clinicalWindows(hoursAgo(72), now), 'pep')).toMatchObject({ state: 'closed', hoursLeft: null, assessNow: false });
    expect(win(clinicalWindows(hoursAgo(72), now), 'emergency_contraception')).toMatchObject({ state: 'open', hoursLeft: { atLeast: 48 } });
    expect(win(clinicalWindows(hoursAgo(120), now), 'emergency_contraception').state).toBe('closed');
    expect(clinicalWindows(hoursAgo(500), now).elapsedHours).toEqual({ atLeast: 500, atMost: 500 });
  });

  it('accepts now as an ISO string, and a time with a UTC offset', () => {
    const clock = clinicalWindows({ precision: 'exact', at: '2024-05-12T13:00:00+03:00' }, '2024-05-12T12:00:00Z', { type: 'sexual_assault' });
    expect(clock.elapsedHours).toEqual({ atLeast: 2, atMost: 2 });
  });

  it('refuses a future incident, but tolerates a few minutes of clock drift', () => {
    expect(refusal(() => clinicalWindows(hoursAgo(-1), now))).toMatchObject({ code: 'clinical.incident_in_future', field: 'incidentAt' });
    expect(clinicalWindows(hoursAgo(-2 / 60), now).elapsedHours).toEqual({ atLeast: 0, atMost: 0 });
  });
});

describe('clinicalWindows: which windows apply', () => {
  it('not after a non-sexual type', () => {
    for (const type of ['physical_assault', 'forced_marriage', 'psychological_emotional_abuse', 'non-gbv'] as const) {
      const clock = clinicalWindows(hoursAgo(3), now, { type });
      expect(clock.windows.map((w) => w.state)).toEqual(['not_applicable', 'not_applicable']);
      expect(clock.elapsedHours).toEqual({ atLeast: 3, atMost: 3 });
    }
  });
  it('before classification the clock runs (safer than silence)', () => {
    expect(clinicalWindows(hoursAgo(3), now).windows.map((w) => w.state)).toEqual(['open', 'open']);
    expect(clinicalWindows(hoursAgo(3), now, { type: null }).windows.map((w) => w.state)).toEqual(['open', 'open']);
  });
  it('no emergency contraception for a male survivor; PEP still applies', () => {
    const clock = clinicalWindows(hoursAgo(3), now, { type: 'rape', survivorSex: 'male' });
    expect(clock.windows.map((w) => w.state)).toEqual(['open', 'not_applicable']);
    expect(win(clinicalWindows(hoursAgo(3), now, { type: 'rape', survivorSex: 'other' }), 'emergency_contraception').state).toBe('open');
  });
});

describe('clinicalWindows: approximate and unknown dates', () => {
  it('a date in a known UTC offset spans that local day; hours left count from its start', () => {
    // 2024-05-10 in UTC+2 is 2024-05-09T22:00Z .. 2024-05-10T22:00Z.
    const clock = clinicalWindows({ precision: 'date', date: '2024-05-10', utcOffsetMinutes: 120 }, now);
    expect(clock.elapsedHours).toEqual({ atLeast: 38, atMost: 62 });
    expect(win(clock, 'pep')).toMatchObject({ state: 'open', hoursLeft: { atLeast: 10, atMost: 34 } });
  });

  it('possibly open when the window is closed for the earliest time but not the latest: assess now', () => {
    const clock = clinicalWindows({ precision: 'date', date: '2024-05-10', utcOffsetMinutes: 120 }, '2024-05-13T00:00:00Z');
    expect(win(clock, 'pep')).toEqual({
      kind: 'pep',
      limitHours: 72,
      state: 'possibly_open',
      hoursLeft: { atLeast: 0, atMost: 22 },
      closes: { earliest: '2024-05-12T22:00:00.000Z', latest: '2024-05-13T22:00:00.000Z' },
      assessNow: true,
    });
    expect(win(clinicalWindows({ precision: 'date', date: '2024-05-10', utcOffsetMinutes: 120 }, '2024-05-13T22:00:00Z'), 'pep').state).toBe('closed');
  });

  it('a date without an offset spans the day in every time zone (UTC+14 to UTC-12)', () => {
    const clock = clinicalWindows({ precision: 'date', date: '2024-05-10' }, now);
    // 2024-05-09T10:00Z .. 2024-05-11T12:00Z
    expect(clock.elapsedHours).toEqual({ atLeast: 24, atMost: 74 });
    expect(win(clock, 'pep')).toMatchObject({ state: 'possibly_open', hoursLeft: { atLeast: 0, atMost: 48 } });
  });

  it("today's date ends now: nothing happened after now", () => {
    const clock = clinicalWindows({ precision: 'date', date: '2024-05-12', utcOffsetMinutes: 0 }, now);
    expect(clock.elapsedHours).toEqual({ atLeast: 0, atMost: 12 });
    expect(win(clock, 'pep').hoursLeft).toEqual({ atLeast: 60, atMost: 72 });
  });

  it('a range between two times', () => {
    const clock = clinicalWindows({ precision: 'range', earliest: '2024-05-11T20:00:00Z', latest: '2024-05-12T02:00:00Z' }, now);
    expect(clock.elapsedHours).toEqual({ atLeast: 10, atMost: 16 });
    expect(win(clock, 'pep').hoursLeft).toEqual({ atLeast: 56, atMost: 62 });
  });

  it('an unknown date: no hours, both windows unknown, assess now', () => {
    const clock = clinicalWindows({ precision: 'unknown' }, now, { type: 'rape' });
    expect(clock.elapsedHours).toBeNull();
    expect(clock.windows.map((w) => [w.state, w.assessNow])).toEqual([
      ['unknown', true],
      ['unknown', true],
    ]);
  });

  it('refuses unreadable input', () => {
    const bad = [
      { precision: 'exact', at: 'last night' },
      { precision: 'date', date: '2024-02-30' },
      { precision: 'date', date: '2024-05-10', utcOffsetMinutes: 900 },
      { precision: 'roughly' },
      null,
    ];
    for (const incident of bad) expect(refusal(() => clinicalWindows(incident as never, now)).code).toBe('clinical.incident_time_invalid');
    expect(refusal(() => clinicalWindows({ precision: 'range', earliest: '2024-05-11T00:00:00Z', latest: '2024-05-10T00:00:00Z' }, now)).code).toBe('clinical.range_reversed');
    expect(refusal(() => clinicalWindows({ precision: 'date', date: '2024-05-20', utcOffsetMinutes: 0 }, now)).code).toBe('clinical.incident_in_future');
    expect(refusal(() => clinicalWindows(hoursAgo(1), 'now')).code).toBe('clinical.now_invalid');
  });
});

describe('clinicalWindows (property): never overstates, never closes too early', () => {
  it('open means open at every possible incident time; closed means closed at every one', () => {
    const base = Date.parse('2024-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * HOUR }), fc.integer({ min: 0, max: 96 * HOUR }), fc.integer({ min: 0, max: 400 * HOUR }), (start, width, after) => {
        const earliest = base + start;
        const latest = earliest + width;
        const at = latest + after;
        const clock = clinicalWindows({ precision: 'range', earliest: new Date(earliest).toISOString(), latest: new Date(latest).toISOString() }, new Date(at), { type: 'rape' });
        for (const w of clock.windows) {
          const limit = w.limitHours * HOUR;
          const openAtEarliest = at - earliest < limit;
          const openAtLatest = at - latest < limit;
          expect(w.state).toBe(openAtEarliest ? 'open' : openAtLatest ? 'possibly_open' : 'closed');
          if (w.hoursLeft) {
            expect(w.hoursLeft.atLeast).toBeLessThanOrEqual(w.hoursLeft.atMost);
            expect(w.hoursLeft.atLeast * HOUR).toBeCloseTo(Math.max(0, earliest + limit - at), 3);
          }
        }
      }),
      { numRuns: 1_000, seed: 72 },
    );
  });
});
