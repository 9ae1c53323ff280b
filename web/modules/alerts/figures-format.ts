/** Durations and counts for the figures, tasks and targets: readable units, the language's way. */
import { dateLocale } from '../../app/format';

const unit = (lang: string, value: number, name: 'minute' | 'hour' | 'day') =>
  new Intl.NumberFormat(dateLocale(lang), { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 0 }).format(value);

/**
 * Minutes as people read them: "45 min", "2 hr 10 min", "3 days 4 hr" (at most two units;
 * under a minute counts as "0 min"). Null or not a number gives '—'.
 */
export function formatMinutes(lang: string, minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return unit(lang, total, 'minute');
  if (total < 24 * 60) {
    const hours = Math.floor(total / 60);
    const rest = total % 60;
    return rest ? `${unit(lang, hours, 'hour')} ${unit(lang, rest, 'minute')}` : unit(lang, hours, 'hour');
  }
  const days = Math.floor(total / (24 * 60));
  const hours = Math.round((total % (24 * 60)) / 60);
  return hours && hours < 24 ? `${unit(lang, days, 'day')} ${unit(lang, hours, 'hour')}` : unit(lang, days, 'day');
}

/** A whole number in the language's grouping (Latin digits everywhere, as the app's dates). */
export const formatCount = (lang: string, value: number): string => new Intl.NumberFormat(dateLocale(lang)).format(value);
