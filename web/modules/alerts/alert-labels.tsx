/**
 * Small pieces the alert queue and the alert page share: state and severity badges (colour
 * repeats the word, never replaces it), channel names, relative times and durations in the
 * interface language, and the names of areas and officers looked up once per page.
 */
import type { AreaView } from '../../../core/places/schemas';
import type { AlertSummary } from '../../../core/schemas/alerts';
import { dateLocale, formatDateTime } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { areaName, useAreas } from '../services/area-select';
import { listAssignees, type Assignee } from './api';

/** Gateways are proper nouns: shown as their makers write them, in every language. */
const PROVIDER_NAMES: Record<string, string> = {
  twilio: 'Twilio',
  vonage: 'Vonage',
  africas_talking: 'Africa’s Talking',
  frontlinesms: 'FrontlineSMS',
  smssync: 'SMSSync',
};

export function channelLabel(channel: AlertSummary['channel'], t: Translate): string {
  if (channel === 'web' || channel === 'hotline' || channel === 'openrosa' || channel === 'generic') return t(`alerts.channel.${channel}`);
  return t('alerts.channel.sms', { provider: PROVIDER_NAMES[channel] ?? channel });
}

export function StateBadge({ state, testId }: { state: AlertSummary['state']; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`tag alert-state alert-state--${state}`} data-state={state} data-testid={testId}>
      {t(`alerts.state.${state}`)}
    </span>
  );
}

/** Severity in words with a mark whose shape and colour repeat it (never colour alone). */
export function SeverityBadge({ severity, testId }: { severity: AlertSummary['severity']; testId?: string }) {
  const { t } = useI18n();
  const level = severity ?? 'none';
  return (
    <span className={`tag alert-severity alert-severity--${level}`} data-severity={level} data-testid={testId}>
      <span className="alert-severity__mark" aria-hidden="true" />
      {severity ? t(`alerts.severity.${severity}`) : t('alerts.severity.none')}
    </span>
  );
}

const MINUTE = 60_000;

/** A duration in minutes, hours and days, short enough for a table cell ("2 h 5 min"), in the language's own units. */
export function formatDuration(ms: number, lang: string, t: Translate): string {
  const unit = (value: number, name: 'minute' | 'hour' | 'day') =>
    // Arabic's short units are single letters (د, س): the long ones read better.
    new Intl.NumberFormat(dateLocale(lang), { style: 'unit', unit: name, unitDisplay: lang === 'ar' ? 'long' : 'short' }).format(value);
  if (Math.abs(ms) < MINUTE) return t('alerts.duration.underMinute');
  const minutes = Math.round(Math.abs(ms) / MINUTE);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${unit(hours, 'hour')} ${unit(minutes % 60, 'minute')}` : unit(hours, 'hour');
  return hours % 24 ? `${unit(Math.floor(hours / 24), 'day')} ${unit(hours % 24, 'hour')}` : unit(Math.floor(hours / 24), 'day');
}

/** "5 minutes ago", "yesterday", in the interface language; the exact time goes in a title. */
export function relativeTime(lang: string, iso: string, now: number, t: Translate): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return t('alerts.time.justNow');
  const format = new Intl.RelativeTimeFormat(dateLocale(lang), { numeric: 'auto' });
  if (abs < 60 * MINUTE) return format.format(Math.round(diff / MINUTE), 'minute');
  if (abs < 24 * 60 * MINUTE) return format.format(Math.round(diff / (60 * MINUTE)), 'hour');
  return format.format(Math.round(diff / (24 * 60 * MINUTE)), 'day');
}

export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  const { t, lang } = useI18n();
  const exact = formatDateTime(lang, iso);
  return (
    <time dateTime={iso} title={exact}>
      {relativeTime(lang, iso, now, t)}
      <span className="visually-hidden"> ({exact})</span>
    </time>
  );
}

/** Area names by id, from the cacheable boundaries list (provinces and zones). */
export function useAreaNames(): (id: string | null) => string | null {
  const { lang } = useI18n();
  const areas = useAreas();
  const all: AreaView[] = [...(areas.data?.provinces ?? []), ...(areas.data?.territories ?? [])];
  return (id) => {
    if (!id) return null;
    const area = all.find((a) => a.id === id);
    return area ? areaName(area, lang) : null;
  };
}

/** The officers of the organisation (assignment picker, lock holders, timeline actors). */
export function useAssignees() {
  const load = useLoad((signal) => listAssignees(signal).then((r) => r.data).catch(() => [] as Assignee[]), []);
  const people = load.data ?? [];
  const nameOf = (id: string | null | undefined): string | null => (id ? (people.find((p) => p.id === id)?.displayName ?? null) : null);
  return { people, nameOf, ready: load.status === 'ready' };
}
