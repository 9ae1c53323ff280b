/** The areas as a list of buttons: the keyboard and screen-reader way to choose on the map. */
import { useId, useState } from 'react';
import type { AreaView } from '../../app/api-types';
import { useI18n } from '../../app/i18n';
import type { Load } from '../../app/use-load';
import { EmptyState } from '../../ui/empty-state';
import { TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { areaName, matchesQuery, sortByName, type AreaSummary } from './geo';

export interface AreaListProps {
  provinces: readonly AreaSummary[];
  /** The health zones of the open province, from /api/areas. */
  zones: Load<AreaView[]> | null;
  openProvince: string | null;
  selectedCode: string | null;
  onSelect: (area: AreaSummary) => void;
}

function AreaButton({ area, selected, onSelect }: { area: AreaSummary; selected: boolean; onSelect: (area: AreaSummary) => void }) {
  const { lang } = useI18n();
  return (
    <button type="button" className="area-list__button" aria-pressed={selected} onClick={() => onSelect(area)}>
      <span>{areaName(area, lang)}</span>
      <span className="area-list__code" dir="ltr">
        {area.code}
      </span>
    </button>
  );
}

export function AreaList({ provinces, zones, openProvince, selectedCode, onSelect }: AreaListProps) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState('');
  const headingId = useId();
  const shown = sortByName(provinces.filter((area) => matchesQuery(area, query)), lang);
  return (
    <section className="area-list" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('map.list')}</h2>
      <TextField label={t('map.filter')} type="search" value={query} onChange={(event) => setQuery(event.target.value)} testId="map-filter" />
      {shown.length === 0 ? <EmptyState>{t('map.noMatch', { query })}</EmptyState> : null}
      <ul className="area-list__items" data-testid="map-area-list">
        {shown.map((province) => (
          <li key={province.code}>
            <AreaButton area={province} selected={province.code === selectedCode} onSelect={onSelect} />
            {province.code === openProvince && zones ? (
              <div className="area-list__children">
                <h3 className="area-list__subheading">{t('map.zonesOf', { name: areaName(province, lang) })}</h3>
                <LoadView load={zones} label={t('map.zonesLoading')}>
                  {(items) =>
                    items.length === 0 ? (
                      <p className="muted">{t('map.noZones')}</p>
                    ) : (
                      <ul className="area-list__items">
                        {sortByName(items, lang).map((zone) => (
                          <li key={zone.code}>
                            <AreaButton area={zone} selected={zone.code === selectedCode} onSelect={onSelect} />
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </LoadView>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
