/*
 * Incidents of the organisation (/incidents, 'incidents.read'). Case work sees the clinical
 * clock and can order by time left; analysts get the non-identifying list (the server
 * decides; absent fields show as nothing). Export for 'incidents.export'.
 * testids: incidents-filter-type, incidents-sort, incidents-table, incident-open-<code>,
 *   incident-clock-<code>, incidents-load-more, incidents-empty, export-* (export-panel.tsx)
 */
import { useState } from 'react';
import { GBV_TYPES } from '../../../core/classify';
import { INCIDENT_SORTS, type IncidentView } from '../../../core/schemas/incidents';
import { api } from '../../app/api';
import { describeError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ClinicalClockBadge } from '../../ui/clinical-clock';
import { ExportPanel } from './export-panel';
import { areaLabel, incidentWhen, typeLabel } from './incident-labels';
import './incidents.css';

interface IncidentPage {
  data: IncidentView[];
  nextCursor: string | null;
}

const PAGE_SIZE = 50;

export function IncidentsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const caseWork = can('identifying.read');
  const [gbvType, setGbvType] = useState('');
  const [sort, setSort] = useState<(typeof INCIDENT_SORTS)[number]>('recent');
  const [more, setMore] = useState<IncidentView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const query = { gbvType, sort, limit: PAGE_SIZE };

  const first = useLoad(
    async (signal) => {
      const page = await api.get<IncidentPage>('/api/incidents', { query, signal });
      setMore([]);
      setCursor(page.nextCursor);
      return { rows: page.data, loadedAt: Date.now() };
    },
    [gbvType, sort],
  );
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<IncidentPage>('/api/incidents', { query: { ...query, cursor } });
      setMore((current) => [...current, ...page.data]);
      setCursor(page.nextCursor);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const columns = (loadedAt: number, withClock: boolean): Column<IncidentView>[] => [
    {
      key: 'code',
      header: t('incidents.code'),
      kind: 'code',
      render: (i) => (
        <Link to={`/incidents/${i.id}`} className="incident-code" data-testid={`incident-open-${i.incidentCode}`} dir="ltr">
          {i.incidentCode}
        </Link>
      ),
    },
    { key: 'type', header: t('incidents.type'), render: (i) => typeLabel(i.gbvType, lang) },
    ...(withClock
      ? [{ key: 'clock', header: t('clock.title'), render: (i: IncidentView) => <ClinicalClockBadge clock={i.clinicalClock} loadedAt={loadedAt} testId={`incident-clock-${i.incidentCode}`} /> }]
      : []),
    { key: 'when', header: t('incidents.when'), render: (i) => incidentWhen(i, t, lang) },
    { key: 'area', header: t('incidents.area'), render: (i) => areaLabel(i.area, lang) || '—' },
    {
      key: 'flags',
      header: t('incidents.flags'),
      render: (i) => (
        <ul className="tag-list">
          {i.isCrsv ? <li className="tag tag--crsv">{t('incidents.crsv')}</li> : null}
          {i.isSea ? <li className="tag tag--sea">{t('incidents.sea')}</li> : null}
        </ul>
      ),
    },
  ];

  return (
    <Page title={t('incidents.title')} intro={caseWork ? t('incidents.intro') : undefined}>
      {can('incidents.export') ? <ExportPanel /> : null}
      <div className="filters">
        <div className="filters__grid">
          <SelectField
            label={t('incidents.filterType')}
            value={gbvType}
            onChange={(event) => setGbvType(event.target.value)}
            options={[{ value: '', label: t('incidents.anyType') }, ...GBV_TYPES.map((type) => ({ value: type, label: typeLabel(type, lang) }))]}
            testId="incidents-filter-type"
          />
          {caseWork ? (
            <SelectField
              label={t('incidents.sort')}
              value={sort}
              onChange={(event) => setSort(event.target.value === 'clinical' ? 'clinical' : 'recent')}
              options={INCIDENT_SORTS.map((s) => ({ value: s, label: t(`incidents.sort.${s}`) }))}
              testId="incidents-sort"
            />
          ) : null}
        </div>
      </div>
      <LoadView load={first}>
        {({ rows: firstRows, loadedAt }) => {
          const rows = [...firstRows, ...more];
          if (rows.length === 0) {
            return (
              <div data-testid="incidents-empty">
                <EmptyState>{gbvType ? t('incidents.noMatch') : caseWork ? t('incidents.empty') : t('incidents.emptyOrganisation')}</EmptyState>
              </div>
            );
          }
          const withClock = rows.some((i) => i.clinicalClock !== undefined);
          return (
            <>
              <DataTable caption={t('incidents.title')} columns={columns(loadedAt, withClock)} rows={rows} rowKey={(i) => i.id} testId="incidents-table" />
              {moreError ? <Alert tone="error">{describeError(moreError, t)}</Alert> : null}
              {cursor ? (
                <div className="load-more">
                  <Button onClick={() => void loadMore()} busy={loadingMore} testId="incidents-load-more">
                    {t('common.loadMore')}
                  </Button>
                </div>
              ) : null}
            </>
          );
        }}
      </LoadView>
    </Page>
  );
}
