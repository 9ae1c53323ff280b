import { describe, expect, it } from 'vitest';
import { clinicalWindows, type IncidentTime } from './clock';
import { compareClinicalUrgency, mostUrgentWindow, sortByClinicalUrgency } from './urgency';

const HOUR = 3_600_000;
const now = new Date('2024-05-12T12:00:00Z');
const ago = (h: number): IncidentTime => ({ precision: 'exact', at: new Date(now.getTime() - h * HOUR).toISOString() });

describe('sortByClinicalUrgency', () => {
  const incidents = [
    { code: 'closed-both', clock: clinicalWindows(ago(200), now, { type: 'rape' }) },
    { code: 'not-sexual', clock: clinicalWindows(ago(1), now, { type: 'physical_assault' }) },
    { code: 'pep-60h-left', clock: clinicalWindows(ago(12), now, { type: 'rape' }) },
    { code: 'unknown-date', clock: clinicalWindows({ precision: 'unknown' }, now, { type: 'rape' }) },
    { code: 'ec-only-10h-left', clock: clinicalWindows(ago(110), now, { type: 'rape' }) },
    { code: 'pep-2h-left', clock: clinicalWindows(ago(70), now, { type: 'sexual_assault' }) },
    { code: 'possibly-open', clock: clinicalWindows({ precision: 'date', date: '2024-05-09', utcOffsetMinutes: 0 }, now, { type: 'rape' }) },
  ];

  it('puts open windows first by time left (possibly open first), then unknown dates, then closed, then not applicable', () => {
    expect(sortByClinicalUrgency(incidents, (i) => i.clock).map((i) => i.code)).toEqual([
      'possibly-open',
      'pep-2h-left',
      'ec-only-10h-left',
      'pep-60h-left',
      'unknown-date',
      'closed-both',
      'not-sexual',
    ]);
  });

  it('keeps the input untouched and the order of equals', () => {
    const copy = [...incidents];
    const a = { code: 'a', clock: clinicalWindows(ago(5), now) };
    const b = { code: 'b', clock: clinicalWindows(ago(5), now) };
    expect(sortByClinicalUrgency([a, b], (i) => i.clock).map((i) => i.code)).toEqual(['a', 'b']);
    expect(incidents).toEqual(copy);
  });

  it('the most urgent window of an incident is PEP while it is open, then emergency contraception', () => {
    expect(mostUrgentWindow(clinicalWindows(ago(12), now))?.kind).toBe('pep');
    expect(mostUrgentWindow(clinicalWindows(ago(100), now))?.kind).toBe('emergency_contraception');
    expect(mostUrgentWindow({ elapsedHours: null, windows: [] })).toBeNull();
    expect(compareClinicalUrgency({ elapsedHours: null, windows: [] }, clinicalWindows(ago(200), now))).toBeGreaterThan(0);
  });
});
