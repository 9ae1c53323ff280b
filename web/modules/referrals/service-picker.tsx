/**
 * Choosing a service from the directory, filtered by type and area: organisation, languages
 * and hours on every card so the worker picks one the survivor can reach and understand.
 *
 * testids: service-filter-type, service-filter-area, service-choices, service-choice-<id>
 */
import { useState } from 'react';
import type { ServiceView } from '../../../core/schemas/services';
import { SERVICE_TYPES } from '../services/service-types';
import { api } from '../../app/api';
import { labelled, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLoad } from '../../app/use-load';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { AreaSelect } from '../services/area-select';
import { languageName } from '../services/languages';
import '../cases/cases.css';

export function ServicePicker({ chosen, onChoose }: { chosen: ServiceView | null; onChoose: (service: ServiceView) => void }) {
  const { t, lang } = useI18n();
  const [type, setType] = useState('');
  const [areaId, setAreaId] = useState('');
  const services = useLoad(
    (signal) =>
      api.get<{ data: ServiceView[] }>('/api/services', {
        query: { type: type || undefined, areaId: areaId || undefined, acceptsReferrals: 'true' },
        signal,
      }),
    [type, areaId],
  );
  return (
    <fieldset className="choice-list">
      <legend>{t('referrals.form.service')}</legend>
      <div className="filters__grid">
        <SelectField
          label={t('services.type')}
          value={type}
          onChange={(e) => setType(e.target.value)}
          options={[{ value: '', label: t('services.anyType') }, ...SERVICE_TYPES.map((s) => ({ value: s, label: t(`services.type.${s}`) }))]}
          testId="service-filter-type"
        />
        <AreaSelect value={areaId} onChange={setAreaId} testId="service-filter-area" />
      </div>
      <LoadView load={services}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{t('referrals.form.noServices')}</EmptyState>
          ) : (
            <ul className="service-list" data-testid="service-choices">
              {data.map((s) => (
                <li key={s.id} className={chosen?.id === s.id ? 'service-card service-card--chosen' : 'service-card'}>
                  <label className="checkbox">
                    <input type="radio" name="serviceId" checked={chosen?.id === s.id} onChange={() => onChoose(s)} data-testid={`service-choice-${s.id}`} />
                    <span>
                      <strong>{s.name}</strong> — {s.organisationName}
                    </span>
                  </label>
                  <p>
                    <span className="tag">{t(`services.type.${s.type}`)}</span>
                    {s.facilityName ? <span className="muted">{s.facilityName}</span> : null}
                  </p>
                  {s.languages.length ? <p>{labelled(lang, t('services.languages'))}{listFormat(lang, s.languages.map((l) => languageName(l, lang)))}</p> : null}
                  {s.hours ? <p>{labelled(lang, t('services.hours'))}{s.hours}</p> : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadView>
    </fieldset>
  );
}
