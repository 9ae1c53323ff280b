/**
 * The queue's filters: quick tabs (all open, needs locating, assigned to me, escalated, all)
 * and the finer ones (state, severity, channel, area, period, unknown sender, order). They
 * live in the address (?quick=…&severity=…), so coming back from an alert finds the same list.
 *
 * testids: alerts-quick-<open|locating|mine|escalated|all>, alerts-filter-state,
 * alerts-filter-severity, alerts-filter-channel, alerts-filter-area, alerts-filter-period,
 * alerts-filter-unknown, alerts-sort, alerts-filters-clear
 */
import { ALERT_CHANNEL_KINDS, ALERT_SEVERITIES, ALERT_STATES } from '../../../core/schemas/alerts';
import type { Query } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Checkbox, SelectField } from '../../ui/field';
import { Tabs } from '../cases/form-bits';
import { AreaSelect } from '../services/area-select';
import { channelLabel } from './alert-labels';

export const QUICK_VIEWS = ['open', 'locating', 'mine', 'escalated', 'all'] as const;
export type QuickView = (typeof QUICK_VIEWS)[number];
const PERIODS = { day: 1, week: 7, month: 30 } as const;
type Period = keyof typeof PERIODS;

/** States in which an alert still needs someone (the default view). */
export const OPEN_STATES = ['new', 'acknowledged', 'verifying', 'verified'] as const;

export interface QueueFilters {
  quick: QuickView;
  state: string;
  severity: string;
  channel: string;
  areaId: string;
  period: '' | Period;
  unknownSender: boolean;
  sort: 'received' | 'severity';
}

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;

/** Filters from the address; anything unknown falls back to the default. */
export function filtersFromSearch(search: URLSearchParams): QueueFilters {
  return {
    quick: oneOf(QUICK_VIEWS, search.get('quick'), 'open'),
    state: oneOf(['', ...ALERT_STATES], search.get('state'), ''),
    severity: oneOf(['', 'none', ...ALERT_SEVERITIES], search.get('severity'), ''),
    channel: oneOf(['', ...ALERT_CHANNEL_KINDS], search.get('channel'), ''),
    areaId: /^[0-9a-f-]{36}$/i.test(search.get('areaId') ?? '') ? (search.get('areaId') as string) : '',
    period: oneOf(['', 'day', 'week', 'month'] as const, search.get('period'), ''),
    unknownSender: search.get('unknownSender') === 'true',
    sort: oneOf(['received', 'severity'] as const, search.get('sort'), 'received'),
  };
}

/** The address of the queue with these filters (defaults left out). */
export function searchOf(filters: QueueFilters): string {
  const params = new URLSearchParams();
  if (filters.quick !== 'open') params.set('quick', filters.quick);
  for (const name of ['state', 'severity', 'channel', 'areaId', 'period'] as const) if (filters[name]) params.set(name, filters[name]);
  if (filters.unknownSender) params.set('unknownSender', 'true');
  if (filters.sort !== 'received') params.set('sort', filters.sort);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The GET /api/alerts query of these filters; the period is counted back from `now`. */
export function queryOf(filters: QueueFilters, now: number): Query {
  // Every view but "All" is about work still to do: the open states unless a state is chosen.
  const state = filters.state || (filters.quick !== 'all' ? OPEN_STATES.join(',') : undefined);
  return {
    state,
    severity: filters.severity || undefined,
    channel: filters.channel || undefined,
    areaId: filters.areaId || undefined,
    from: filters.period ? new Date(now - PERIODS[filters.period] * 86_400_000).toISOString() : undefined,
    needsLocating: filters.quick === 'locating' ? 'true' : undefined,
    assignedTo: filters.quick === 'mine' ? 'me' : undefined,
    escalated: filters.quick === 'escalated' ? 'true' : undefined,
    unknownSender: filters.unknownSender ? 'true' : undefined,
    sort: filters.sort,
  };
}

export const DEFAULT_FILTERS: QueueFilters = filtersFromSearch(new URLSearchParams());

export function QueueFilterBar({ filters, onChange }: { filters: QueueFilters; onChange: (next: QueueFilters) => void }) {
  const { t } = useI18n();
  const set = <K extends keyof QueueFilters>(name: K, value: QueueFilters[K]) => onChange({ ...filters, [name]: value });
  const any = { value: '', label: t('alerts.filter.any') };
  const refined = filters.state || filters.severity || filters.channel || filters.areaId || filters.period || filters.unknownSender;
  return (
    <>
      <Tabs
        label={t('alerts.quick.label')}
        testId="alerts-quick"
        current={filters.quick}
        onChange={(quick) => set('quick', quick)}
        tabs={QUICK_VIEWS.map((id) => ({ id, label: t(`alerts.quick.${id}`) }))}
      />
      <details className="alert-filters" open={Boolean(refined) || undefined}>
        <summary>{t('alerts.filters')}</summary>
        <div className="filters__grid">
          <SelectField
            label={t('alerts.filter.state')}
            value={filters.state}
            onChange={(e) => set('state', e.target.value)}
            options={[{ value: '', label: filters.quick !== 'all' ? t('alerts.filter.openStates') : t('alerts.filter.any') }, ...ALERT_STATES.map((s) => ({ value: s, label: t(`alerts.state.${s}`) }))]}
            testId="alerts-filter-state"
          />
          <SelectField
            label={t('alerts.filter.severity')}
            value={filters.severity}
            onChange={(e) => set('severity', e.target.value)}
            options={[any, ...[...ALERT_SEVERITIES].reverse().map((s) => ({ value: s, label: t(`alerts.severity.${s}`) })), { value: 'none', label: t('alerts.filter.noSeverity') }]}
            testId="alerts-filter-severity"
          />
          <SelectField
            label={t('alerts.filter.channel')}
            value={filters.channel}
            onChange={(e) => set('channel', e.target.value)}
            options={[any, ...ALERT_CHANNEL_KINDS.map((c) => ({ value: c, label: channelLabel(c, t) }))]}
            testId="alerts-filter-channel"
          />
          <AreaSelect label={t('alerts.filter.area')} value={filters.areaId} onChange={(id) => set('areaId', id)} testId="alerts-filter-area" />
          <SelectField
            label={t('alerts.filter.period')}
            value={filters.period}
            onChange={(e) => set('period', e.target.value as QueueFilters['period'])}
            options={[any, ...(Object.keys(PERIODS) as Period[]).map((p) => ({ value: p, label: t(`alerts.filter.period.${p}`) }))]}
            testId="alerts-filter-period"
          />
          <SelectField
            label={t('alerts.sort')}
            value={filters.sort}
            onChange={(e) => set('sort', e.target.value as QueueFilters['sort'])}
            options={[{ value: 'received', label: t('alerts.sort.received') }, { value: 'severity', label: t('alerts.sort.severity') }]}
            testId="alerts-sort"
          />
        </div>
        <div className="button-row">
          <Checkbox label={t('alerts.filter.unknownSender')} checked={filters.unknownSender} onChange={(e) => set('unknownSender', e.target.checked)} testId="alerts-filter-unknown" />
          {refined ? (
            <Button variant="quiet" onClick={() => onChange({ ...DEFAULT_FILTERS, quick: filters.quick, sort: filters.sort })} testId="alerts-filters-clear">
              {t('alerts.filters.clear')}
            </Button>
          ) : null}
        </div>
      </details>
    </>
  );
}
