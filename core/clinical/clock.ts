/**
 * The clinical clock (DESIGN capability 2): hours since the incident and, after rape or sexual
 * assault, the 72-hour window for post-exposure prophylaxis (PEP) and the 120-hour window for
 * emergency contraception (EC).
 *
 * When the incident time is not exact, both errors hurt a survivor: saying a window is open
 * with more time than is left delays care until it is too late; saying it is closed when it
 * may be open denies care she could still receive. So the clock works on the span of possible
 * incident times and never guesses inside it:
 * - 'open' only when open even at the earliest possible time; hours left are counted from
 *   that earliest time (never overstated);
 * - 'closed' only when closed even at the latest possible time;
 * - 'possibly_open' in between, and 'unknown' without any date: a clinician must assess now.
 * A date without a time spans that whole day in the given UTC offset or, without one, in any
 * time zone on Earth (UTC-12 to UTC+14).
 */
import { z } from 'zod';
import { invalid } from '../errors';
import { isSexualGbvType, type GbvType } from '../classify/gbv-types';

export const PEP_WINDOW_HOURS = 72;
export const EC_WINDOW_HOURS = 120;
/** Device clocks drift: an incident up to this far "in the future" counts as now. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EARLIEST_OFFSET_MIN = -12 * 60;
const LATEST_OFFSET_MIN = 14 * 60;

export type IncidentTime =
  | { readonly precision: 'exact'; readonly at: string }
  | { readonly precision: 'date'; readonly date: string; readonly utcOffsetMinutes?: number | null }
  | { readonly precision: 'range'; readonly earliest: string; readonly latest: string }
  | { readonly precision: 'unknown' };

export const incidentTime = z.discriminatedUnion('precision', [
  z.object({ precision: z.literal('exact'), at: z.iso.datetime({ offset: true }) }),
  z.object({
    precision: z.literal('date'),
    date: z.iso.date(),
    utcOffsetMinutes: z.number().int().min(EARLIEST_OFFSET_MIN).max(LATEST_OFFSET_MIN).nullable().optional(),
  }),
  z.object({ precision: z.literal('range'), earliest: z.iso.datetime({ offset: true }), latest: z.iso.datetime({ offset: true }) }),
  z.object({ precision: z.literal('unknown') }),
]);

export type WindowKind = 'pep' | 'emergency_contraception';
export type WindowState = 'open' | 'possibly_open' | 'closed' | 'unknown' | 'not_applicable';

export interface HoursRange {
  readonly atLeast: number;
  readonly atMost: number;
}

export interface ClinicalWindow {
  readonly kind: WindowKind;
  readonly limitHours: number;
  readonly state: WindowState;
  /** Open or possibly open: hours left, atLeast counted from the earliest possible incident time. */
  readonly hoursLeft: HoursRange | null;
  /** When the window closes (earliest and latest possible), for a live countdown. */
  readonly closes: { readonly earliest: string; readonly latest: string } | null;
  /** True when a clinician must assess now: open, possibly open, or unknown. */
  readonly assessNow: boolean;
}

export interface ClinicalClock {
  /** Null when the incident date is unknown. */
  readonly elapsedHours: HoursRange | null;
  readonly windows: readonly ClinicalWindow[];
}

export interface ClinicalOptions {
  /** The GBVIMS type; unknown or not yet classified counts as possibly sexual (the clock runs). */
  readonly type?: GbvType | null;
  /** 'male': emergency contraception does not apply. Anything else: it does. */
  readonly survivorSex?: string | null;
}

/** The span of possible incident instants, in ms; null when unknown. */
function spanOf(incident: IncidentTime): { earliest: number; latest: number } | null {
  const parsed = incidentTime.safeParse(incident);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid('clinical.incident_time_invalid', `incidentAt.${issue.path.join('.')} ${issue.message}: give an exact time, a date, a range or unknown.`, 'incidentAt');
  }
  const value = parsed.data;
  switch (value.precision) {
    case 'exact': {
      const at = Date.parse(value.at);
      return { earliest: at, latest: at };
    }
    case 'date': {
      const midnightUtc = Date.parse(`${value.date}T00:00:00Z`);
      const offset = value.utcOffsetMinutes;
      if (offset === null || offset === undefined) {
        return { earliest: midnightUtc - LATEST_OFFSET_MIN * 60_000, latest: midnightUtc + DAY - EARLIEST_OFFSET_MIN * 60_000 };
      }
      const start = midnightUtc - offset * 60_000;
      return { earliest: start, latest: start + DAY };
    }
    case 'range': {
      const earliest = Date.parse(value.earliest);
      const latest = Date.parse(value.latest);
      if (latest < earliest) throw invalid('clinical.range_reversed', 'The latest possible incident time is before the earliest.', 'incidentAt.latest');
      return { earliest, latest };
    }
    case 'unknown':
      return null;
  }
}

function windowOf(kind: WindowKind, limitHours: number, span: { earliest: number; latest: number } | null, now: number, applies: boolean): ClinicalWindow {
  const base = { kind, limitHours };
  if (!applies) return { ...base, state: 'not_applicable', hoursLeft: null, closes: null, assessNow: false };
  if (!span) return { ...base, state: 'unknown', hoursLeft: null, closes: null, assessNow: true };
  const closesEarliest = span.earliest + limitHours * HOUR;
  const closesLatest = span.latest + limitHours * HOUR;
  const closes = { earliest: new Date(closesEarliest).toISOString(), latest: new Date(closesLatest).toISOString() };
  // Closed at exactly the limit: 72 h after the incident, PEP is no longer "within 72 hours".
  if (now >= closesLatest) return { ...base, state: 'closed', hoursLeft: null, closes, assessNow: false };
  const hoursLeft = { atLeast: Math.max(0, closesEarliest - now) / HOUR, atMost: (closesLatest - now) / HOUR };
  const state = now < closesEarliest ? 'open' : 'possibly_open';
  return { ...base, state, hoursLeft, closes, assessNow: true };
}

/**
 * The clock of one incident at `now`. Throws a validation DomainError for an incident time
 * that cannot be read or lies in the future (beyond CLOCK_SKEW_MS).
 */
export function clinicalWindows(incidentAt: IncidentTime, now: Date | string, options: ClinicalOptions = {}): ClinicalClock {
  const nowMs = now instanceof Date ? now.getTime() : Date.parse(now);
  if (Number.isNaN(nowMs)) throw invalid('clinical.now_invalid', 'The current time could not be read.', 'now');
  const span = spanOf(incidentAt);
  if (span && span.earliest > nowMs + CLOCK_SKEW_MS) {
    throw invalid('clinical.incident_in_future', 'The incident date is in the future: check the date (and the time zone).', 'incidentAt');
  }
  // Nothing happened after now: a range or a day that includes now ends at now.
  const bounded = span && { earliest: Math.min(span.earliest, nowMs), latest: Math.min(span.latest, nowMs) };
  const sexual = options.type === null || options.type === undefined || isSexualGbvType(options.type);
  const elapsedHours = bounded && { atLeast: (nowMs - bounded.latest) / HOUR, atMost: (nowMs - bounded.earliest) / HOUR };
  return {
    elapsedHours,
    windows: [
      windowOf('pep', PEP_WINDOW_HOURS, bounded, nowMs, sexual),
      windowOf('emergency_contraception', EC_WINDOW_HOURS, bounded, nowMs, sexual && options.survivorSex !== 'male'),
    ],
  };
}
