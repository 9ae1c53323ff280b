/**
 * The alert map (/alerts/map; alerts.aggregates, and alert officers): areas shaded by their
 * alert count with a legend in numbers, provinces or health zones, filters (period, state,
 * severity, channel). Alert officers also see the server's clusters of located alerts,
 * asked again (debounced) as they pan and zoom; analysts get counts per area only (the server
 * sends no clusters to them: DESIGN capability 3, location precision by role). The table
 * under the map gives the same counts to keyboard and screen-reader users.
 *
 * Analysts' small counts are withheld by the server (AGG-2): such an area is shaded apart,
 * reads "not shown" in the table, and a note says why. Their counts honour area and period
 * only, over whole UTC months (the server refuses other filters), so they are offered periods
 * of whole months and no state, severity or channel filter, with a hint saying why.
 *
 * testids: alert-map-page, alert-map-level, alert-map-period, alert-map-state,
 * alert-map-severity, alert-map-channel, alert-map-total, alert-map-unlocated,
 * alert-map-table, alert-map-row-<code>, alert-map-withheld-<code>, alert-map-pointed,
 * alert-map-small-cells, alert-map-figures-link, alert-map-months, alert-map-privacy
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ALERT_CHANNEL_KINDS, ALERT_SEVERITIES, ALERT_STATES } from '../../../core/schemas/alerts';
import { api } from '../../app/api';
import type { AreaFeatureCollection } from '../../app/api-types';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Loading } from '../../ui/loading';
import { Page } from '../../ui/page';
import type { AreaFeature } from '../map/area-map';
import { areaName, rewindFeature } from '../map/geo';
import { getAlertMap } from './admin-api';
import { formatCount } from './figures-format';
import { countIn, MapCanvas, type BoundingBox } from './map-canvas';
import { countClasses, MapLegend } from './map-legend';
import { providerLabel } from './settings-labels';
import { severityLabel, stateLabel } from './tasks-labels';
import './alert-admin.css';

const PERIODS = [1, 7, 30, 90, 365] as const;
/** Analysts' periods: the current UTC month and the months before it (AGG-2). */
const MONTH_PERIODS = [1, 3, 6, 12] as const;
const monthsBack = (months: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)).toISOString();
};
const OPEN_STATES = 'new,acknowledged,verifying,verified';
const DAY = 86_400_000;

const loadLayer = (level: number) => (signal: AbortSignal) =>
  api.get<AreaFeatureCollection>('/api/areas/geojson', { query: { level }, signal, cacheable: true });
const prepare = (collection: AreaFeatureCollection | undefined): AreaFeature[] =>
  (collection?.features ?? []).filter((feature) => feature.geometry).map(rewindFeature);

interface Filters {
  level: 1 | 2;
  days: (typeof PERIODS)[number];
  months: (typeof MONTH_PERIODS)[number];
  state: string;
  severity: string;
  channel: string;
}

export function AlertMapPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const isOfficer = can('alerts.triage');
  const [filters, setFilters] = useState<Filters>({ level: 1, days: 30, months: 3, state: OPEN_STATES, severity: '', channel: '' });
  // The period's start is fixed when the period is chosen, so panning does not move it.
  const [from, setFrom] = useState(() => (isOfficer ? new Date(Date.now() - 30 * DAY).toISOString() : monthsBack(3)));
  const [viewport, setViewport] = useState<{ bbox: BoundingBox; zoom: number } | null>(null);
  const [pointed, setPointed] = useState<string | null>(null);
  const debounce = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(debounce.current), []);

  const provinceLayer = useLoad(loadLayer(1), []);
  const zoneLayer = useLoad((signal) => (filters.level === 2 ? loadLayer(2)(signal) : Promise.resolve(undefined)), [filters.level]);
  const provinces = useMemo(() => prepare(provinceLayer.data), [provinceLayer.data]);
  const zones = useMemo(() => prepare(zoneLayer.data), [zoneLayer.data]);
  const areas = filters.level === 2 && zones.length ? zones : provinces;

  const query = {
    level: filters.level,
    from,
    // AGG-2: analysts' counts honour area and period only; the server refuses other filters.
    ...(isOfficer ? { state: filters.state || undefined, severity: filters.severity || undefined, channel: filters.channel || undefined } : {}),
    // Clusters follow the view for officers only; counts per area do not depend on it.
    ...(isOfficer && viewport ? { bbox: viewport.bbox.map((n) => n.toFixed(4)).join(','), zoom: viewport.zoom } : {}),
  };
  const map = useLoad((signal) => getAlertMap(query, signal), [JSON.stringify(query)]);

  const counts = useMemo(() => new Map((map.data?.areas ?? []).map((a) => [a.code, a.count])), [map.data]);
  // AGG-2: set when small counts are withheld from this reader; a withheld count is null.
  const threshold = map.data?.smallCells?.threshold ?? null;
  const classes = useMemo(() => countClasses(Math.max(0, ...[...counts.values()].map((n) => n ?? 0)), threshold ?? 1), [counts, threshold]);
  const shownCount = (count: number | null) => (count === null ? t('alerts.smallCells.withheld') : formatCount(lang, count));
  const byCode = useMemo(() => new Map([...provinces, ...zones].map((f) => [f.properties.code, f])), [provinces, zones]);
  const nameOf = (code: string) => {
    const feature = byCode.get(code);
    return feature ? areaName({ code, names: feature.properties.names ?? {} }, lang) : code;
  };
  const total = map.data ? map.data.total : 0;
  const outside = map.data ? map.data.outside : 0;

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));
  const onViewChange = (bbox: BoundingBox, zoom: number) => {
    if (!isOfficer) return;
    window.clearTimeout(debounce.current);
    debounce.current = window.setTimeout(() => setViewport({ bbox, zoom }), 400);
  };

  // Withheld counts last: their order would hint at their size.
  const rows = [...(map.data?.areas ?? [])].sort((a, b) => (b.count ?? -1) - (a.count ?? -1) || nameOf(a.code).localeCompare(nameOf(b.code), lang));
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'area', header: t('alertAdmin.map.area'), render: (a) => <span data-testid={`alert-map-row-${a.code}`}>{nameOf(a.code)} <bdi className="muted" dir="ltr">{a.code}</bdi></span> },
    { key: 'count', header: t('alertAdmin.map.count'), render: (a) => (a.count === null ? <span className="muted" data-testid={`alert-map-withheld-${a.code}`}>{shownCount(null)}</span> : <strong>{formatCount(lang, a.count)}</strong>) },
  ];

  return (
    <Page
      title={t('alertAdmin.map.title')}
      intro={isOfficer ? t('alertAdmin.map.introOfficer') : t('alertAdmin.map.intro')}
      actions={
        <div className="button-row">
          <Link to="/alerts/figures" data-testid="alert-map-figures-link">{t('alertAdmin.map.figuresLink')}</Link>
          {isOfficer ? <Link to="/alerts">{t('alertAdmin.map.queueLink')}</Link> : null}
        </div>
      }
    >
      <div data-testid="alert-map-page">
        <div className="filters filters--compact aa-filters">
          <SelectField label={t('alertAdmin.map.level')} value={String(filters.level)} onChange={(e) => set('level', e.target.value === '2' ? 2 : 1)}
            options={[{ value: '1', label: t('alertAdmin.map.level1') }, { value: '2', label: t('alertAdmin.map.level2') }]} testId="alert-map-level" />
          {isOfficer ? (
            <SelectField label={t('alertAdmin.map.period')} value={String(filters.days)}
              onChange={(e) => {
                const days = Number(e.target.value) as Filters['days'];
                set('days', days);
                setFrom(new Date(Date.now() - days * DAY).toISOString());
              }}
              options={PERIODS.map((d) => ({ value: String(d), label: t(`alertAdmin.map.period.${d}`) }))} testId="alert-map-period" />
          ) : (
            <SelectField label={t('alertAdmin.map.period')} value={String(filters.months)}
              onChange={(e) => {
                const months = Number(e.target.value) as Filters['months'];
                set('months', months);
                setFrom(monthsBack(months));
              }}
              options={MONTH_PERIODS.map((m) => ({ value: String(m), label: t(`alertPrivacy.period.${m}`) }))} testId="alert-map-months" />
          )}
          {isOfficer ? (
            <>
              <SelectField label={t('alertAdmin.map.state')} value={filters.state} onChange={(e) => set('state', e.target.value)}
                options={[{ value: OPEN_STATES, label: t('alertAdmin.map.openStates') }, { value: '', label: t('alertAdmin.map.anyState') }, ...ALERT_STATES.map((s) => ({ value: s, label: stateLabel(s, t) }))]} testId="alert-map-state" />
              <SelectField label={t('alertAdmin.map.severity')} value={filters.severity} onChange={(e) => set('severity', e.target.value)}
                options={[{ value: '', label: t('alertAdmin.map.anySeverity') }, ...[...ALERT_SEVERITIES].reverse().map((s) => ({ value: s, label: severityLabel(s, t) })), { value: 'none', label: severityLabel(null, t) }]} testId="alert-map-severity" />
              <SelectField label={t('alertAdmin.map.channel')} value={filters.channel} onChange={(e) => set('channel', e.target.value)}
                options={[{ value: '', label: t('alertAdmin.map.anyChannel') }, ...ALERT_CHANNEL_KINDS.map((c) => ({ value: c, label: providerLabel(c, t) }))]} testId="alert-map-channel" />
            </>
          ) : null}
        </div>
        {isOfficer ? null : <p className="muted" data-testid="alert-map-privacy">{t('alertPrivacy.map.hint')}</p>}
        {map.status === 'error' ? <Alert tone="error">{describeError(map.error, t)}</Alert> : null}
        <div className="aa-map__status" aria-live="polite">
          {map.status === 'loading' ? <Loading label={t('alertAdmin.map.loading')} /> : null}
          {map.data ? (
            <p className="aa-map__totals">
              <strong data-testid="alert-map-total">{t('alertAdmin.map.total', { count: shownCount(total) })}</strong>
              {filters.level === 1 && outside !== 0 ? (
                <span data-testid="alert-map-unlocated"> · {t('alertAdmin.map.unlocated', { count: shownCount(outside) })}</span>
              ) : null}
            </p>
          ) : null}
        </div>
        <LoadView load={provinceLayer} label={t('alertAdmin.map.boundariesLoading')}>
          {() =>
            provinces.length === 0 ? (
              <EmptyState>{t('alertAdmin.map.noAreas')}</EmptyState>
            ) : (
              <div className="aa-map-layout">
                <figure className="aa-map__figure">
                  <p className="aa-map__pointed" aria-hidden="true" data-testid="alert-map-pointed">
                    {pointed ? t('alertAdmin.map.pointed', { name: nameOf(pointed), count: shownCount(countIn(counts, pointed)) }) : t('alertAdmin.map.hoverHint')}
                  </p>
                  {filters.level === 2 && zoneLayer.status === 'loading' ? <Loading label={t('alertAdmin.map.boundariesLoading')} /> : null}
                  <MapCanvas
                    provinces={provinces}
                    areas={areas}
                    counts={counts}
                    classes={classes}
                    clusters={map.data?.clusters ?? null}
                    onViewChange={onViewChange}
                    onPoint={setPointed}
                    label={t('alertAdmin.map.label')}
                  />
                  <figcaption>
                    <MapLegend classes={classes} threshold={threshold} />
                    {map.data && map.data.clusters === null ? <p className="muted">{t('alertAdmin.map.clustersHidden')}</p> : null}
                    {threshold !== null ? <p className="muted" data-testid="alert-map-small-cells">{t('alerts.smallCells.note', { threshold: formatCount(lang, threshold) })}</p> : null}
                  </figcaption>
                </figure>
                <section className="aa-map__side" aria-labelledby="alert-map-table-title">
                  <h2 id="alert-map-table-title">{t('alertAdmin.map.areaTable')}</h2>
                  {map.data && rows.length === 0 ? (
                    <EmptyState>{t('alertAdmin.map.noAlerts')}</EmptyState>
                  ) : (
                    <div className="aa-scroll">
                      <DataTable caption={t('alertAdmin.map.areaTable')} columns={columns} rows={rows} rowKey={(a) => a.areaId} testId="alert-map-table" />
                    </div>
                  )}
                </section>
              </div>
            )
          }
        </LoadView>
      </div>
    </Page>
  );
}
