import { useMemo, useState } from 'react';
import { isMessageKey } from '../../../core/i18n';
import { api } from '../../app/api';
import type { AreaFeatureCollection, AreaView } from '../../app/api-types';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Checkbox } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Loading } from '../../ui/loading';
import { Page } from '../../ui/page';
import { AreaList } from './area-list';
import { AreaMap, type AreaFeature } from './area-map';
import { areaName, rewindFeature, type AreaSummary } from './geo';
import './map.css';

const loadLayer = (level: number) => (signal: AbortSignal) =>
  // Boundaries identify no one and are large: revalidated with the server's ETag, not refetched.
  api.get<AreaFeatureCollection>('/api/areas/geojson', { query: { level }, signal, cacheable: true });

const prepare = (collection: AreaFeatureCollection | undefined): AreaFeature[] =>
  (collection?.features ?? []).filter((feature) => feature.geometry).map(rewindFeature);

const summarise = (feature: AreaFeature): AreaSummary => ({
  code: feature.properties.code,
  level: feature.properties.level,
  names: feature.properties.names ?? {},
  parentCode: feature.properties.parentCode ?? null,
});

/** Provinces, with health zones on demand; choose an area to see its code and where it belongs. */
export function MapPage() {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const provinceLayer = useLoad(loadLayer(1), []);
  const [showZones, setShowZones] = useState(false);
  const [zonesWanted, setZonesWanted] = useState(false);
  const zoneLayer = useLoad((signal) => (zonesWanted ? loadLayer(2)(signal) : Promise.resolve(undefined)), [zonesWanted]);
  const [selected, setSelected] = useState<(AreaSummary & { levelName?: string }) | null>(null);
  const [zoomed, setZoomed] = useState(false);
  const [pointed, setPointed] = useState<string | null>(null);

  const provinces = useMemo(() => prepare(provinceLayer.data), [provinceLayer.data]);
  const zones = useMemo(() => prepare(zoneLayer.data), [zoneLayer.data]);
  const byCode = useMemo(() => new Map([...provinces, ...zones].map((f) => [f.properties.code, summarise(f)])), [provinces, zones]);
  const openProvince = selected ? (selected.level <= 1 ? selected.code : selected.parentCode) : null;
  const zoneList = useLoad<AreaView[]>(
    async (signal) =>
      openProvince
        ? (await api.get<{ data: AreaView[] }>('/api/areas', { query: { level: 2, parent: openProvince }, signal })).data
        : [],
    [openProvince],
  );

  const select = (area: AreaSummary) => {
    setSelected(area);
    setZoomed(true);
  };
  const nameOf = (code: string | null) => {
    const area = code ? byCode.get(code) : undefined;
    return area ? areaName(area, lang) : code ?? '';
  };
  const levelLabel = (area: AreaSummary & { levelName?: string }) => {
    const key = `map.level.${area.level}`;
    return isMessageKey(key) ? t(key) : area.levelName ?? String(area.level);
  };
  const attribution =
    [...new Set([provinceLayer.data?.attribution, showZones ? zoneLayer.data?.attribution : undefined].filter(Boolean))].join(' · ') ||
    config?.mapAttribution ||
    '';

  return (
    <Page title={t('map.title')}>
      <LoadView load={provinceLayer} label={t('map.loading')}>
        {() =>
          provinces.length === 0 ? (
            <EmptyState>{t('map.noAreas')}</EmptyState>
          ) : (
            <div className="map-layout">
              <div className="map-panel">
                <div className="map-toolbar">
                  <Checkbox
                    label={t('map.showZones')}
                    checked={showZones}
                    onChange={(event) => {
                      setShowZones(event.target.checked);
                      if (event.target.checked) setZonesWanted(true);
                    }}
                    testId="map-zones-toggle"
                  />
                  {zoomed && selected ? (
                    <Button variant="quiet" onClick={() => setZoomed(false)} testId="map-show-all">
                      {t('map.showAll')}
                    </Button>
                  ) : null}
                </div>
                {showZones && zoneLayer.status === 'loading' ? <Loading label={t('map.zonesLoading')} /> : null}
                <p className="map-pointed" aria-hidden="true">
                  {pointed ? t('map.pointed', { name: nameOf(pointed) }) : t('map.hoverHint')}
                </p>
                <figure className="area-map">
                  <AreaMap
                    provinces={provinces}
                    zones={showZones ? zones : null}
                    selectedCode={selected?.code ?? null}
                    focusCode={zoomed ? openProvince : null}
                    pointedCode={pointed}
                    onSelect={(code) => {
                      const area = byCode.get(code);
                      if (area) select(area);
                    }}
                    onPoint={setPointed}
                    label={t('map.label')}
                  />
                  <figcaption className="area-map__attribution" data-testid="map-attribution">
                    {attribution}
                  </figcaption>
                </figure>
              </div>
              <div className="map-side">
                {selected ? (
                  <section className="panel" aria-labelledby="map-selected" aria-live="polite" data-testid="map-selected">
                    <h2 id="map-selected">{t('map.selected')}</h2>
                    <dl className="facts">
                      <dt>{t('map.name')}</dt>
                      <dd>{areaName(selected, lang)}</dd>
                      <dt>{t('map.code')}</dt>
                      <dd><bdi>{selected.code}</bdi></dd>
                      <dt>{t('map.level')}</dt>
                      <dd>{levelLabel(selected)}</dd>
                      <dt>{t('map.parent')}</dt>
                      <dd>{selected.parentCode ? `${nameOf(selected.parentCode)} (${selected.parentCode})` : t('map.noParent')}</dd>
                    </dl>
                    <Button variant="quiet" onClick={() => { setSelected(null); setZoomed(false); }}>
                      {t('map.clearSelection')}
                    </Button>
                  </section>
                ) : null}
                <AreaList
                  provinces={provinces.map(summarise)}
                  zones={openProvince ? zoneList : null}
                  openProvince={openProvince}
                  selectedCode={selected?.code ?? null}
                  onSelect={select}
                />
              </div>
            </div>
          )
        }
      </LoadView>
    </Page>
  );
}
