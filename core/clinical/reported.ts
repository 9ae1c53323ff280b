/**
 * What the report date alone tells about the clinical windows. An incident happens before it
 * is reported, so once the longest window (emergency contraception, 120 hours) has passed
 * since the latest possible instant of the report day, every window of that incident is
 * certainly closed, whatever is known of the incident time (even 'unknown'): the clinical
 * list leaves it out instead of keeping it forever as "assess now".
 *
 * A report date has no time zone: its latest possible instant is the end of that day in the
 * westernmost zone (UTC-12), i.e. the next day at 12:00 UTC (the same convention as a
 * date-precision incident time in clock.ts).
 */
import { EC_WINDOW_HOURS, PEP_WINDOW_HOURS } from './clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LATEST_DAY_END_MS = DAY + 12 * HOUR;
/** The longest window that may apply to anyone. */
const LONGEST_WINDOW_HOURS = Math.max(PEP_WINDOW_HOURS, EC_WINDOW_HOURS);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function midnightUtc(date: string): number {
  const ms = ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  return ms;
}

/**
 * True when every clinical window of an incident reported on `reportDate` (YYYY-MM-DD) is
 * certainly closed at `now`. Closed at exactly the limit, as in clinicalWindows.
 */
export function windowsClosedByReportDate(reportDate: string, now: Date): boolean {
  return midnightUtc(reportDate) + LATEST_DAY_END_MS + LONGEST_WINDOW_HOURS * HOUR <= now.getTime();
}

/**
 * The earliest report date (YYYY-MM-DD) whose incidents may still have an open window at
 * `now`: `report_date >= this` in SQL keeps exactly those for which
 * windowsClosedByReportDate is false.
 */
export function earliestReportDateWithOpenWindow(now: Date): string {
  const lastClosedMidnight = Math.floor((now.getTime() - LATEST_DAY_END_MS - LONGEST_WINDOW_HOURS * HOUR) / DAY) * DAY;
  return new Date(lastClosedMidnight + DAY).toISOString().slice(0, 10);
}
