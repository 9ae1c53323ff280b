import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clinicalWindows } from './clock';
import { earliestReportDateWithOpenWindow, windowsClosedByReportDate } from './reported';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('windowsClosedByReportDate', () => {
  const now = new Date('2024-05-12T12:00:00Z');

  it('closes 120 hours after the end of the report day in the westernmost time zone', () => {
    // 2024-05-06 ends at 2024-05-07T12:00Z at UTC-12; +120 h is exactly now: closed.
    expect(windowsClosedByReportDate('2024-05-06', now)).toBe(true);
    expect(windowsClosedByReportDate('2024-05-07', now)).toBe(false);
    expect(windowsClosedByReportDate('2024-05-12', now)).toBe(false);
    expect(windowsClosedByReportDate('2001-01-01', now)).toBe(true);
    expect(windowsClosedByReportDate('2024-05-07', new Date('2024-05-13T11:59:59Z'))).toBe(false);
    expect(windowsClosedByReportDate('2024-05-07', new Date('2024-05-13T12:00:00Z'))).toBe(true);
  });

  it('never closes what the clock would still show open for an incident before the report', () => {
    // Any incident time no later than the end of the report day: if the report date says
    // closed, both windows of the clock are closed too (no open window is ever hidden).
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 20 * DAY }),
        fc.integer({ min: -14 * 60, max: 12 * 60 }),
        fc.integer({ min: 0, max: 40 * DAY }),
        (reportMidnight, beforeEndMs, offsetMin, sinceEndMs) => {
          const reportDate = isoDay(reportMidnight);
          // The end of the report day in a zone UTC-offsetMin… minutes west of UTC.
          const dayEnd = Date.parse(`${reportDate}T00:00:00Z`) + DAY + offsetMin * 60_000;
          const incidentAt = dayEnd - beforeEndMs - 1;
          const now = new Date(Math.max(incidentAt, dayEnd + sinceEndMs - 20 * DAY));
          if (!windowsClosedByReportDate(reportDate, now)) return;
          const clock = clinicalWindows({ precision: 'exact', at: new Date(incidentAt).toISOString() }, now, { type: 'rape' });
          expect(clock.windows.map((w) => w.state)).toEqual(['closed', 'closed']);
        },
      ),
    );
  });

  it('refuses a value that is not a date', () => {
    expect(() => windowsClosedByReportDate('12/05/2024', new Date())).toThrow(RangeError);
  });
});

describe('earliestReportDateWithOpenWindow', () => {
  it('is the first report date not yet closed', () => {
    expect(earliestReportDateWithOpenWindow(new Date('2024-05-12T12:00:00Z'))).toBe('2024-05-07');
    expect(earliestReportDateWithOpenWindow(new Date('2024-05-12T11:59:59Z'))).toBe('2024-05-06');
  });

  it('agrees with windowsClosedByReportDate for every date around it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }), fc.integer({ min: -12, max: 12 }), (nowMs, shiftDays) => {
        const now = new Date(nowMs);
        const cutoff = earliestReportDateWithOpenWindow(now);
        const date = isoDay(Date.parse(`${cutoff}T00:00:00Z`) + shiftDays * DAY);
        expect(windowsClosedByReportDate(date, now)).toBe(date < cutoff);
      }),
    );
  });
});
