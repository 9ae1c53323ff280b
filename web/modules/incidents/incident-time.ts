/** When an incident happened, as the form asks it (exact, a day, a range, unknown) and as the schema takes it. */
import type { CreateIncidentInput } from '../../../core/schemas/incidents';

export type Precision = 'exact' | 'date' | 'range' | 'unknown';
export const PRECISIONS: readonly Precision[] = ['exact', 'date', 'range', 'unknown'];

export interface TimeInput {
  precision: Precision;
  at: string;
  date: string;
  earliest: string;
  latest: string;
}

export const BLANK_TIME: TimeInput = { precision: 'exact', at: '', date: '', earliest: '', latest: '' };

/** Today as YYYY-MM-DD in the device's time zone. */
export const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};

/** A datetime-local value (device time) as an ISO instant; null when empty or unreadable. */
const instant = (local: string): string | null => {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

export const triState = (value: string): boolean | null => (value === '' ? null : value === 'yes');

export type TimeProblem = 'incidents.timeRequired' | 'incidents.timeFuture' | 'incidents.rangeReversed';

/** The incident time the schema expects, or the message key of what is missing. */
export function buildTime(input: TimeInput): { time: CreateIncidentInput['incidentTime'] } | { problem: TimeProblem } {
  const soon = Date.now() + 5 * 60_000;
  switch (input.precision) {
    case 'exact': {
      const at = instant(input.at);
      if (!at) return { problem: 'incidents.timeRequired' };
      if (Date.parse(at) > soon) return { problem: 'incidents.timeFuture' };
      return { time: { precision: 'exact', at } };
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) return { problem: 'incidents.timeRequired' };
      if (input.date > today()) return { problem: 'incidents.timeFuture' };
      // The device's offset on that day: the day is then exactly one day long for the clock.
      const utcOffsetMinutes = -new Date(`${input.date}T12:00:00`).getTimezoneOffset();
      return { time: { precision: 'date', date: input.date, utcOffsetMinutes } };
    }
    case 'range': {
      const earliest = instant(input.earliest);
      const latest = instant(input.latest);
      if (!earliest || !latest) return { problem: 'incidents.timeRequired' };
      if (Date.parse(latest) < Date.parse(earliest)) return { problem: 'incidents.rangeReversed' };
      if (Date.parse(earliest) > soon) return { problem: 'incidents.timeFuture' };
      return { time: { precision: 'range', earliest, latest } };
    }
    default:
      return { time: { precision: 'unknown' } };
  }
}
